# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The city's schools as the school service knows them (spec 003
§2.1.3.3): school years, levels (TPS … CM2), groupes scolaires, schools
with their UAI, the levels they teach and their places per level and for
dérogations, classes of one to three levels (ULIS, UPE2A), and the places
left counted now."""
import re

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields, sequence_ordered)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

CYCLES = [
    ('maternelle', "Nursery School"),
    ('elementaire', "Primary School"),
    ]
KINDS = [
    ('maternelle', "Nursery School"),
    ('elementaire', "Primary School"),
    ('primaire', "Nursery and Primary School"),
    ]
SPECIFICS = [
    (None, ''),
    ('ulis', "ULIS"),
    ('upe2a', "UPE2A"),
    ]
# The letters of the UAI key (Éducation nationale: the number modulo 23).
UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ'
# Pupils who hold a place: a radiated child until the radiation date.
HOLDING = ['enrolled', 'radiated']


def uai_valid(code):
    "Whether `code` is a UAI: 7 characters then the key letter."
    if not code or not re.fullmatch(r'[0-9]{7}[A-Z]', code):
        return False
    return UAI_KEYS[int(code[:7]) % 23] == code[7]


class SchoolYear(ModelSQL, ModelView):
    "School Year"
    __name__ = 'sitiv.school.year'

    name = fields.Char("Name", required=True, help="e.g. 2026-2027")
    start_date = fields.Date("Rentrée", required=True)
    end_date = fields.Date(
        "End Date", required=True,
        domain=[('end_date', '>', Eval('start_date'))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def for_date(cls, date):
        "The school year `date` falls in (or the next one in summer)."
        years = cls.search([('end_date', '>=', date)],
            order=[('start_date', 'ASC')], limit=1)
        return years[0] if years else None


class Level(sequence_ordered(), ModelSQL, ModelView):
    "School Level"
    __name__ = 'sitiv.school.level'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    cycle = fields.Selection(CYCLES, "Cycle", required=True)
    age = fields.Integer(
        "Age", required=True,
        help="The age a child reaches in the calendar year the school "
        "year starts: a child enters PS the year of its 3rd birthday.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'sitiv_ecole.msg_level_code_unique'),
            ]

    def next(self):
        "The level of the next school year (None after CM2)."
        Level = Pool().get('sitiv.school.level')
        levels = Level.search([('age', '=', self.age + 1)], limit=1)
        return levels[0] if levels else None

    @classmethod
    def proposed(cls, birth_date, year):
        "The level of a child born on `birth_date` in `year`, or None."
        if not birth_date:
            return None
        age = year.start_date.year - birth_date.year
        levels = cls.search([('age', '=', age)], limit=1)
        return levels[0] if levels else None


class SchoolGroup(DeactivableMixin, ModelSQL, ModelView):
    "School Group"
    __name__ = 'sitiv.school.group'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    schools = fields.One2Many('sitiv.school', 'group', "Schools")

    @staticmethod
    def default_company():
        return Transaction().context.get('company')


class School(DeactivableMixin, ModelSQL, ModelView):
    "School"
    __name__ = 'sitiv.school'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT')
    group = fields.Many2One(
        'sitiv.school.group', "School Group", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    name = fields.Char("Name", required=True)
    uai = fields.Char(
        "UAI", size=8, help="The school's number at the Éducation "
        "nationale: 7 characters and a key letter.")
    kind = fields.Selection(KINDS, "Kind", required=True)
    street = fields.Char("Street")
    postal_code = fields.Char("Postal Code")
    city = fields.Char("City")
    levels = fields.Many2Many(
        'sitiv.school-sitiv.school.level', 'school', 'level',
        "Levels Taught")
    capacities = fields.One2Many(
        'sitiv.school.level.capacity', 'school', "Places per Level")
    derogation_capacity = fields.Integer(
        "Places for Dérogations",
        help="Children from outside the sector the school may take; "
        "empty for no limit.")
    classes = fields.One2Many('sitiv.school.class', 'school', "Classes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('uai_uniq', Unique(t, t.uai), 'sitiv_ecole.msg_uai_unique'),
            ]
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'primaire'

    @fields.depends('kind', 'levels')
    def on_change_kind(self):
        "The levels of the kind of school, to adjust (TPS, ULIS …)."
        Level = Pool().get('sitiv.school.level')
        if self.kind and not self.levels:
            cycles = {'primaire': ['maternelle', 'elementaire']}.get(
                self.kind, [self.kind])
            self.levels = Level.search([('cycle', 'in', cycles),
                    ('code', '!=', 'TPS')])

    @classmethod
    def validate_fields(cls, schools, field_names):
        super().validate_fields(schools, field_names)
        if field_names and 'uai' not in field_names:
            return
        for school in schools:
            if school.uai and not uai_valid(school.uai):
                raise ValidationError(gettext('sitiv_ecole.msg_uai_invalid',
                        uai=school.uai, school=school.name))

    def capacity(self, level):
        "The school's places for `level`, or None for no limit."
        for line in self.capacities:
            if line.level == level:
                return line.capacity

    def places_left(self, year, level, date=None):
        """Places free for `level` in `year` counted now (§2.1.3.3 « en
        temps réel »), a radiation freeing its place from its date; None
        when the level has no limit."""
        Enrolment = Pool().get('sitiv.school.enrolment')
        capacity = self.capacity(level)
        if capacity is None:
            return None
        date = date or Pool().get('ir.date').today()
        taken = Enrolment.search_count([
                ('school', '=', self.id), ('year', '=', year.id),
                ('level', '=', level.id), ('state', 'in', HOLDING),
                ['OR', ('radiation_date', '=', None),
                    ('radiation_date', '>', date)],
                ])
        return max(capacity - taken, 0)

    def derogations_left(self, year):
        "Places left for dérogations in `year`, None for no limit."
        Enrolment = Pool().get('sitiv.school.enrolment')
        if self.derogation_capacity is None:
            return None
        taken = Enrolment.search_count([
                ('school', '=', self.id), ('year', '=', year.id),
                ('state', 'in', HOLDING), ('derogation', '=', True)])
        return max(self.derogation_capacity - taken, 0)


class SchoolLevel(ModelSQL):
    "School - Level"
    __name__ = 'sitiv.school-sitiv.school.level'
    school = fields.Many2One(
        'sitiv.school', "School", required=True, ondelete='CASCADE')
    level = fields.Many2One(
        'sitiv.school.level', "Level", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('school')


class LevelCapacity(ModelSQL, ModelView):
    "Places per Level"
    __name__ = 'sitiv.school.level.capacity'
    school = fields.Many2One(
        'sitiv.school', "School", required=True, ondelete='CASCADE')
    level = fields.Many2One('sitiv.school.level', "Level", required=True)
    capacity = fields.Integer("Places", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('school')
        t = cls.__table__()
        cls._sql_constraints = [
            ('level_uniq', Unique(t, t.school, t.level),
                'sitiv_ecole.msg_capacity_unique'),
            ]


class SchoolClass(ModelSQL, ModelView):
    "Class"
    __name__ = 'sitiv.school.class'

    school = fields.Many2One(
        'sitiv.school', "School", required=True, ondelete='CASCADE')
    year = fields.Many2One('sitiv.school.year', "School Year", required=True)
    name = fields.Char("Name", required=True)
    levels = fields.Many2Many(
        'sitiv.school.class-sitiv.school.level', 'school_class', 'level',
        "Levels", help="One to three levels (« double niveau »).")
    specific = fields.Selection(SPECIFICS, "Specific")
    capacity = fields.Integer("Places")
    pupils = fields.Function(fields.Integer("Pupils"), 'get_pupils')
    enrolments = fields.One2Many(
        'sitiv.school.enrolment', 'school_class', "Pupils List",
        readonly=True, order=[('child.name', 'ASC')])
    places_left = fields.Function(
        fields.Integer("Places Left"), 'get_pupils')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('school', 'ASC'), ('name', 'ASC'),
            ('id', 'ASC')]
        cls._buttons.update({
                'fill': {'icon': 'tryton-add'},
                })

    @classmethod
    @ModelView.button
    def fill(cls, classes):
        """The class filled with the pupils of its school, year and levels
        who have no class yet, up to its places (« affectation classe par
        classe » after the rentrée)."""
        Enrolment = Pool().get('sitiv.school.enrolment')
        for school_class in classes:
            Enrolment.assign_class(Enrolment.search([
                        ('school', '=', school_class.school.id),
                        ('year', '=', school_class.year.id),
                        ('level', 'in', [l.id for l in school_class.levels]),
                        ('state', '=', 'enrolled'),
                        ('school_class', '=', None)]), [school_class])

    @classmethod
    def get_pupils(cls, classes, names):
        "Pupils holding a place in each class today, in one query."
        Enrolment = Pool().get('sitiv.school.enrolment')
        Date = Pool().get('ir.date')
        today = Date.today()
        counts = dict.fromkeys((c.id for c in classes), 0)
        for enrolment in Enrolment.search([
                    ('school_class', 'in', list(counts)),
                    ('state', 'in', HOLDING),
                    ['OR', ('radiation_date', '=', None),
                        ('radiation_date', '>', today)]]):
            counts[enrolment.school_class.id] += 1
        result = {'pupils': counts, 'places_left': {}}
        for school_class in classes:
            result['places_left'][school_class.id] = (
                max(school_class.capacity - counts[school_class.id], 0)
                if school_class.capacity is not None else None)
        return {n: result[n] for n in names}

    @classmethod
    def validate_fields(cls, classes, field_names):
        super().validate_fields(classes, field_names)
        for school_class in classes:
            if not 1 <= len(school_class.levels) <= 3:
                raise ValidationError(gettext(
                        'sitiv_ecole.msg_class_levels',
                        school_class=school_class.name))


class ClassLevel(ModelSQL):
    "Class - Level"
    __name__ = 'sitiv.school.class-sitiv.school.level'
    school_class = fields.Many2One(
        'sitiv.school.class', "Class", required=True, ondelete='CASCADE')
    level = fields.Many2One(
        'sitiv.school.level', "Level", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('school_class')

