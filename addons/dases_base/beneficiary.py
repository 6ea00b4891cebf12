# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Beneficiaries of home-care aid as SALSA sends them in flux 1 (A1-A4),
with their tutor and events (hospitalisation …)."""
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction


class Tutor(ModelSQL, ModelView):
    "Tutor"
    __name__ = 'dases.tutor'
    _history = True

    company = fields.Many2One('company.company', "Département",
        required=True)
    salsa_id = fields.Char("SALSA Tutor ID", required=True)
    party = fields.Many2One('party.party', "Party", readonly=True)
    civility = fields.Char("Civility")
    name = fields.Char("Name or Organisation", required=True)
    first_name = fields.Char("First Name")
    birth_date = fields.Date("Birth Date")
    phone = fields.Char("Phone")
    recipient = fields.Char("Recipient Complement")
    address1 = fields.Char("Address 1")
    address2 = fields.Char("Address 2")
    postal_code = fields.Char("Postal Code")
    city = fields.Char("City")
    cedex = fields.Char("Cedex")
    tutelle_type_code = fields.Char("Guardianship Type Code")
    contact = fields.Char("Contact at the Guardianship Body")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('salsa_uniq', Unique(t, t.company, t.salsa_id),
                'dases_base.msg_tutor_unique'),
            ]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return ' '.join(filter(None, [self.name, self.first_name]))


class Beneficiary(ModelSQL, ModelView):
    "Beneficiary"
    __name__ = 'dases.beneficiary'
    _history = True

    company = fields.Many2One('company.company', "Département",
        required=True)
    party = fields.Many2One('party.party', "Party", readonly=True)
    salsa_id = fields.Char("SALSA ID", required=True)
    portal_id = fields.Char("Single Portal ID")
    file_number = fields.Char("File Number")
    civility = fields.Char("Civility")
    last_name = fields.Char("Last Name", required=True)
    birth_name = fields.Char("Birth Name")
    first_name = fields.Char("First Name", required=True)
    birth_date = fields.Date("Birth Date", required=True)
    gir = fields.Integer("GIR")
    address1 = fields.Char("Address 1")
    address2 = fields.Char("Address 2")
    postal_code = fields.Char("Postal Code")
    city = fields.Char("City")
    cedex = fields.Char("Cedex")
    phone = fields.Char("Phone")
    mobile = fields.Char("Mobile")
    family_context_code = fields.Char("Family Context Code")
    family_situation_code = fields.Char("Family Situation Code")
    sector1 = fields.Char("Sector 1")
    sector2 = fields.Char("Sector 2")
    sector3 = fields.Char("Sector 3")
    social_worker = fields.Char("Social Worker")
    instructor = fields.Char("Instructor")
    tutor = fields.Many2One('dases.tutor', "Tutor",
        domain=[('company', '=', Eval('company', -1))])
    events = fields.One2Many('dases.beneficiary.event', 'beneficiary',
        "Events")
    care_plans = fields.One2Many('dases.care_plan', 'beneficiary',
        "Care Plan Lines")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('salsa_uniq', Unique(t, t.company, t.salsa_id),
                'dases_base.msg_beneficiary_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.last_name, Index.Similarity())))
        cls._order = [('last_name', 'ASC'), ('first_name', 'ASC'),
            ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.last_name} {self.first_name} ({self.salsa_id})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause[:3]
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('last_name', operator, value),
            ('first_name', operator, value),
            ('birth_name', operator, value),
            ('salsa_id', operator, value),
            ]


class Event(ModelSQL, ModelView):
    "Beneficiary Event"
    __name__ = 'dases.beneficiary.event'
    _history = True

    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, ondelete='CASCADE')
    salsa_id = fields.Char("SALSA Event ID", required=True)
    type_code = fields.Char("Event Type")
    start_date = fields.Date("Start Date")
    end_date = fields.Date("End Date")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('event_uniq', Unique(t, t.beneficiary, t.salsa_id),
                'dases_base.msg_event_unique'),
            ]
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
