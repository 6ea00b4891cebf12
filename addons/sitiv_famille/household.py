# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The household file (dossier famille, §2.1.1): the single base of every activity."
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields,
    sequence_ordered)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

SITUATIONS = [
    (None, ''),
    ('married', "Married"),
    ('pacs', "Civil partnership (PACS)"),
    ('cohabiting', "Cohabiting"),
    ('single_parent', "Single parent"),
    ('separated', "Separated"),
    ('divorced', "Divorced"),
    ('blended', "Blended family"),
    ('widowed', "Widowed"),
    ('other', "Other"),
    ]
ROLES = [
    ('head', "Household Head"),
    ('child', "Child"),
    ('contact', "Other Member"),
    ]
RELATIONS = [
    (None, ''),
    ('father', "Father"),
    ('mother', "Mother"),
    ('step_father', "Step-father"),
    ('step_mother', "Step-mother"),
    ('guardian', "Guardian"),
    ('grand_parent', "Grand-parent"),
    ('sibling', "Brother or sister"),
    ('partner', "Partner"),
    ('other', "Other"),
    ]


class Household(DeactivableMixin, ModelSQL, ModelView):
    "Household File"
    __name__ = 'sitiv.household'
    _history = True
    _rec_name = 'number'

    number = fields.Char("Number", readonly=True)
    name = fields.Char("Name", required=True,
        help="How the file is called, e.g. \"Famille DUPONT\".")
    company = fields.Many2One(
        'company.company', "City", required=True,
        states={'readonly': Eval('id', -1) > 0})
    situation = fields.Selection(SITUATIONS, "Family Situation")
    residence_street = fields.Text("Street")
    residence_postal_code = fields.Char("Postal Code")
    residence_city = fields.Char("City")
    residence_full = fields.Function(
        fields.Char("Residence"), 'get_residence_full')
    billing_same_address = fields.Boolean("Bill at the Residence Address")
    billing_name = fields.Char(
        "Billing Name",
        states={'invisible': Bool(Eval('billing_same_address'))})
    billing_street = fields.Text(
        "Billing Street",
        states={'invisible': Bool(Eval('billing_same_address'))})
    billing_postal_code = fields.Char(
        "Billing Postal Code",
        states={'invisible': Bool(Eval('billing_same_address'))})
    billing_city = fields.Char(
        "Billing City",
        states={'invisible': Bool(Eval('billing_same_address'))})
    members = fields.One2Many(
        'sitiv.household.member', 'household', "Members")
    heads = fields.Function(fields.Many2Many(
            'party.party', None, None, "Household Heads", readonly=True),
        'get_members')
    heads_name = fields.Function(
        fields.Char("Household Heads"), 'get_heads_name')
    children = fields.Function(fields.Many2Many(
            'party.party', None, None, "Children", readonly=True),
        'get_members')
    child_count = fields.Function(
        fields.Integer("Children"), 'get_child_count')
    linked_households = fields.Function(fields.Many2Many(
            'sitiv.household', None, None, "Linked Households",
            readonly=True,
            help="Other files sharing a child (shared custody, blended "
            "families)."),
        'get_linked_households')
    custodies = fields.One2Many('sitiv.custody', 'household', "Custody")
    quotients = fields.One2Many(
        'sitiv.quotient_familial', 'household', "Quotient Familial")
    documents = fields.One2Many(
        'sitiv.document', 'household', "Documents")
    notes = fields.Text("Observations")
    departure_date = fields.Date(
        "Departure Date", states={'invisible': Bool(Eval('active'))},
        help="Date the family left the city.")
    history = fields.Function(fields.Many2Many(
            'sitiv.history', None, None, "History", readonly=True),
        'get_history')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('number_uniq', Unique(t, t.number),
                'sitiv_famille.msg_household_number_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.number, Index.Similarity())))
        cls._order = [('number', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'archive': {
                    'invisible': ~Eval('active'),
                    'depends': ['active'],
                    },
                'reactivate': {
                    'invisible': Bool(Eval('active')),
                    'depends': ['active'],
                    },
                })

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        # An archived file is read-only (DeactivableMixin), except the
        # button that brings it back.
        cls._buttons['reactivate'].pop('readonly', None)

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_billing_same_address():
        return True

    def get_residence_full(self, name):
        return ' '.join(filter(None, [
                    (self.residence_street or '').replace('\n', ' '),
                    self.residence_postal_code, self.residence_city]))

    @classmethod
    def get_members(cls, households, names):
        result = {n: {h.id: [] for h in households} for n in names}
        for household in households:
            for member in household.members:
                if 'heads' in result and member.role == 'head':
                    result['heads'][household.id].append(member.party.id)
                if 'children' in result and member.role == 'child':
                    result['children'][household.id].append(member.party.id)
        return result

    @classmethod
    def search_rec_name(cls, name, clause):
        "A counter agent types the family number or a name."
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, operand, *extra),
            ('name', operator, operand, *extra),
            ('members.party.name', operator, operand, *extra),
            ]

    def get_heads_name(self, name):
        return ', '.join(m.party.name for m in self.members
            if m.role == 'head')

    def get_child_count(self, name):
        return len({m.party.id for m in self.members if m.role == 'child'})

    @classmethod
    def get_linked_households(cls, households, name):
        pool = Pool()
        Member = pool.get('sitiv.household.member')
        children = {
            m.party.id: m.household.id for h in households
            for m in h.members if m.role == 'child'}
        result = {h.id: set() for h in households}
        if children:
            others = Member.search([
                    ('party', 'in', list(children)),
                    ('role', '=', 'child'),
                    ])
            child_households = {}
            for member in others:
                child_households.setdefault(
                    member.party.id, set()).add(member.household.id)
            for household in households:
                for member in household.members:
                    if member.role == 'child':
                        result[household.id] |= child_households.get(
                            member.party.id, set())
                result[household.id].discard(household.id)
        return {k: sorted(v) for k, v in result.items()}

    @classmethod
    def get_history(cls, households, name):
        pool = Pool()
        Change = pool.get('sitiv.history')
        return Change.for_households(households)

    @classmethod
    def create(cls, vlist):
        pool = Pool()
        Configuration = pool.get('sitiv.configuration')
        vlist = [v.copy() for v in vlist]
        missing = {}  # each city numbers with its own sequence
        for values in vlist:
            if not values.get('number'):
                company = values.get('company') or cls.default_company()
                missing.setdefault(company, []).append(values)
        for company, values_list in missing.items():
            numbers = Configuration.next_household_numbers(
                company, len(values_list))
            for values, number in zip(values_list, numbers):
                values['number'] = number
        return super().create(vlist)

    @classmethod
    def copy(cls, households, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('number')
        default.setdefault('history')
        return super().copy(households, default=default)

    @classmethod
    @ModelView.button
    def archive(cls, households):
        "The family left the city: keep the file, hide it from daily lists."
        today = Pool().get('ir.date').today()
        for household in households:
            cls.write([household], {
                    'active': False,
                    'departure_date': household.departure_date or today,
                    })

    @classmethod
    @ModelView.button
    def reactivate(cls, households):
        "The family came back: the same file, not a new one."
        cls.write(households, {'active': True, 'departure_date': None})


class HouseholdMember(sequence_ordered(), ModelSQL, ModelView):
    "Household Member"
    __name__ = 'sitiv.household.member'
    _history = True

    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Person", required=True, ondelete='RESTRICT',
        domain=[('is_person', '=', True)],
        context={'default_is_person': True})
    role = fields.Selection(ROLES, "Role", required=True)
    legal_guardian = fields.Boolean(
        "Legal Guardian",
        help="Holds parental authority; distinct from heading the household.")
    relation = fields.Selection(RELATIONS, "Relation")
    birth_date = fields.Function(
        fields.Date("Birth Date"), 'get_party_field')
    age = fields.Function(fields.Integer("Age"), 'get_party_field')
    shared = fields.Function(
        fields.Boolean("In Another Household",
            help="The person is also a member of another household file."),
        'get_shared')
    company = fields.Function(
        fields.Many2One('company.company', "City"), 'get_company',
        searcher='search_company')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('household_party_uniq', Unique(t, t.household, t.party),
                'sitiv_famille.msg_member_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.party, Index.Equality())))
        cls._order.insert(0, ('household', 'ASC'))
        cls.legal_guardian.states = {
            'invisible': Eval('role') == 'child',
            }

    @staticmethod
    def default_role():
        return 'child'

    def get_party_field(self, name):
        return getattr(self.party, name)

    @classmethod
    def get_shared(cls, members, name):
        parties = {m.party.id for m in members}
        counts = {}
        for member in cls.search([('party', 'in', list(parties))]):
            counts[member.party.id] = counts.get(member.party.id, 0) + 1
        return {m.id: counts.get(m.party.id, 0) > 1 for m in members}

    def get_company(self, name):
        return self.household.company.id

    @classmethod
    def search_company(cls, name, clause):
        return [('household.company',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return '%s (%s)' % (self.party.rec_name, self.household.rec_name)

    @classmethod
    def validate_fields(cls, members, field_names):
        super().validate_fields(members, field_names)
        for member in members:
            if member.role == 'child' and member.legal_guardian:
                raise ValidationError(gettext(
                        'sitiv_famille.msg_child_guardian',
                        person=member.party.rec_name))
