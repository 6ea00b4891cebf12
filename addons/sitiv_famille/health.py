# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The child's health file (fiche sanitaire, §2.1.1, §2.1.2).

Only the health group may read these models (see health.xml); other agents
see the indicators computed on the person (has_pai, has_allergy)."""
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.pool import Pool


class Diet(DeactivableMixin, ModelSQL, ModelView):
    "Diet"
    __name__ = 'sitiv.diet'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'sitiv_famille.msg_diet_code_unique'),
            ]
        cls._order.insert(0, ('name', 'ASC'))


class HealthRecord(ModelSQL, ModelView):
    "Health File"
    __name__ = 'sitiv.health'
    _history = True

    child = fields.Many2One(
        'party.party', "Child", required=True, ondelete='CASCADE',
        domain=[('is_person', '=', True)])
    diets = fields.Many2Many(
        'sitiv.health-sitiv.diet', 'health', 'diet', "Diets")
    has_allergy = fields.Boolean("Allergy")
    allergies = fields.Text("Allergies")
    pai = fields.Boolean(
        "PAI", help="Projet d'accueil individualisé in force.")
    pai_start = fields.Date("PAI From")
    pai_end = fields.Date("PAI Until")
    pai_details = fields.Text("PAI Details")
    illnesses = fields.Text("Illnesses")
    protocol = fields.Text(
        "What To Do", help="Conduct to follow and medicines to give.")
    aeeh = fields.Boolean(
        "AEEH", help="Allocation d'éducation de l'enfant handicapé.")
    mdph = fields.Boolean("MDPH Recognition")
    mdph_notes = fields.Text("MDPH Notes")
    doctor = fields.Char("Doctor")
    doctor_phone = fields.Char("Doctor's Phone")
    vaccinations = fields.One2Many(
        'sitiv.health.vaccination', 'health', "Vaccinations")
    visits = fields.One2Many(
        'sitiv.health.visit', 'health', "Medical Visits")
    history = fields.Function(fields.Many2Many(
            'sitiv.history', None, None, "History", readonly=True),
        'get_history')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('child_uniq', Unique(t, t.child),
                'sitiv_famille.msg_health_unique'),
            ]

    def get_rec_name(self, name):
        return self.child.rec_name

    @classmethod
    def get_history(cls, records, name):
        return Pool().get('sitiv.history').for_records(cls.__name__, records)

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('child.rec_name',) + tuple(clause[1:])]


class HealthRecordDiet(ModelSQL):
    "Health File - Diet"
    __name__ = 'sitiv.health-sitiv.diet'

    health = fields.Many2One(
        'sitiv.health', "Health File", required=True, ondelete='CASCADE')
    diet = fields.Many2One(
        'sitiv.diet', "Diet", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('health')


class Vaccination(ModelSQL, ModelView):
    "Vaccination"
    __name__ = 'sitiv.health.vaccination'
    _history = True

    health = fields.Many2One(
        'sitiv.health', "Health File", required=True, ondelete='CASCADE')
    vaccine = fields.Char("Vaccine", required=True)
    date = fields.Date("Date", required=True)
    next_date = fields.Date("Next Injection")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # The health file's city rule applies to its lines too.
        cls.__access__.add('health')
        cls._order.insert(0, ('date', 'DESC'))


class MedicalVisit(ModelSQL, ModelView):
    "Medical Visit"
    __name__ = 'sitiv.health.visit'
    _history = True

    health = fields.Many2One(
        'sitiv.health', "Health File", required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    kind = fields.Char("Kind", required=True)
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # The health file's city rule applies to its lines too.
        cls.__access__.add('health')
        cls._order.insert(0, ('date', 'DESC'))
