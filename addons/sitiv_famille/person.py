# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"A person of the family file is a party with a civil status (§2.1.1, §2.1.2)."
from trytond.exceptions import UserWarning
from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, Not
from trytond.transaction import Transaction, without_check_access

from hestia_base.batch import reserve_party_codes

from .common import format_date, normalize_name

GENDERS = [
    (None, ''),
    ('female', "Female"),
    ('male', "Male"),
    ]
PROFESSIONAL_SITUATIONS = [
    (None, ''),
    ('employed', "Employed"),
    ('shift_work', "Employed with shifted hours"),
    ('unemployed', "Without employment"),
    ('job_seeker', "Job seeker"),
    ('parental_leave', "Parental leave"),
    ('student', "Student"),
    ('retired', "Retired"),
    ('other', "Other"),
    ]
ALLOCATAIRE_REGIMES = [
    (None, ''),
    ('caf', "CAF"),
    ('msa', "MSA"),
    ('other', "Other regime"),
    ]


def age_on(birth_date, date):
    if not birth_date:
        return None
    return date.year - birth_date.year - (
        (date.month, date.day) < (birth_date.month, birth_date.day))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    _history = True

    is_person = fields.Boolean("Person")
    last_name = fields.Char(
        "Last Name",
        states={
            'invisible': ~Eval('is_person'),
            'required': Bool(Eval('is_person')),
            })
    birth_name = fields.Char(
        "Birth Name", states={'invisible': ~Eval('is_person')},
        help="Name at birth, when different from the usage name.")
    first_name = fields.Char(
        "First Name",
        states={
            'invisible': ~Eval('is_person'),
            'required': Bool(Eval('is_person')),
            })
    gender = fields.Selection(
        GENDERS, "Gender", states={'invisible': ~Eval('is_person')})
    birth_date = fields.Date(
        "Birth Date", states={'invisible': ~Eval('is_person')})
    birth_place = fields.Char(
        "Birth Place", states={'invisible': ~Eval('is_person')})
    age = fields.Function(fields.Integer("Age"), 'get_age')
    photo = fields.Binary(
        "Photo", file_id='photo_id', states={'invisible': ~Eval('is_person')})
    photo_id = fields.Char("Photo ID", readonly=True)
    professional_situation = fields.Selection(
        PROFESSIONAL_SITUATIONS, "Professional Situation",
        states={'invisible': ~Eval('is_person')})
    employer = fields.Char(
        "Employer", states={'invisible': ~Eval('is_person')})
    allocataire_number = fields.Char(
        "Allocataire Number", states={'invisible': ~Eval('is_person')},
        help="Number given by the CAF or the MSA.")
    allocataire_regime = fields.Selection(
        ALLOCATAIRE_REGIMES, "Allocataire Regime",
        states={'invisible': ~Eval('is_person')})
    joint_parental_authority = fields.Boolean(
        "Joint Parental Authority",
        states={'invisible': ~Eval('is_child')},
        help="Both parents hold parental authority over the child.")
    email_parental_consent = fields.Boolean(
        "Email with Parental Consent",
        states={'invisible': ~Eval('is_person')},
        help="A minor may have an email address only with the consent "
        "of a parent.")
    normalized_name = fields.Char("Normalized Name", readonly=True)
    normalized_birth_name = fields.Char("Normalized Birth Name", readonly=True)

    household_members = fields.One2Many(
        'sitiv.household.member', 'party', "Household Memberships")
    households = fields.Function(fields.Many2Many(
            'sitiv.household', None, None, "Households", readonly=True),
        'get_households', searcher='search_households')
    household_numbers = fields.Function(
        fields.Char("Household Numbers"),
        'get_household_numbers', searcher='search_household_numbers')
    is_child = fields.Function(
        fields.Boolean("Child"), 'get_is_child', searcher='search_is_child')
    parents_name = fields.Function(
        fields.Char("Parents"),
        'get_parents_name', searcher='search_parents_name')
    residence = fields.Function(
        fields.Char("Residence"), 'get_residence', searcher='search_residence')

    authorizations = fields.One2Many(
        'sitiv.authorization', 'child', "Authorisations")
    child_contacts = fields.One2Many(
        'sitiv.child.contact', 'child', "Authorised and Emergency Persons")
    # Reverse of the contacts: the record rule finds a contact's city here.
    contact_for = fields.One2Many(
        'sitiv.child.contact', 'person', "Authorised or Emergency Person For",
        readonly=True)
    custodies = fields.One2Many('sitiv.custody', 'child', "Custody")
    attributes = fields.Dict('sitiv.child.attribute', "Other Attributes")
    observations = fields.Text("Observations")
    history = fields.Function(fields.Many2Many(
            'sitiv.history', None, None, "History", readonly=True),
        'get_history')
    # Indicators every agent may see; the content stays in the health file.
    has_health_record = fields.Function(
        fields.Boolean("Health File"), 'get_health_flags')
    has_pai = fields.Function(fields.Boolean("PAI"), 'get_health_flags')
    has_allergy = fields.Function(
        fields.Boolean("Allergy"), 'get_health_flags')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.normalized_name, Index.Equality()),
                    (t.birth_date, Index.Equality())),
                Index(t, (t.normalized_birth_name, Index.Equality()),
                    (t.birth_date, Index.Equality())),
                })
        cls.name.states = {'readonly': Bool(Eval('is_person'))}

    @staticmethod
    def default_is_person():
        return Transaction().context.get('default_is_person', False)

    @fields.depends('is_person', 'last_name', 'first_name', 'name')
    def on_change_last_name(self):
        if self.is_person:
            self.name = self.person_name(self.last_name, self.first_name)

    @fields.depends('is_person', 'last_name', 'first_name', 'name')
    def on_change_first_name(self):
        self.on_change_last_name()

    @staticmethod
    def person_name(last_name, first_name):
        "Usage name as French files show it: DUPONT Marie."
        return ' '.join(filter(None, [
                    (last_name or '').strip().upper(),
                    (first_name or '').strip()]))

    @classmethod
    def create(cls, vlist):
        vlist = [cls._person_values(v) for v in vlist]
        cls.check_homonyms(vlist)
        reserve_party_codes(cls, vlist)
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        actions = iter(args)
        args = []
        for records, values in zip(actions, actions):
            if {'last_name', 'first_name', 'birth_name'} & values.keys():
                # The usage name is derived; write it per record.
                for record in records:
                    merged = {
                        'is_person': record.is_person,
                        'last_name': record.last_name,
                        'first_name': record.first_name,
                        'birth_name': record.birth_name,
                        }
                    merged.update(values)
                    args.extend(([record], cls._person_values(merged)))
            else:
                args.extend((records, values))
        super().write(*args)

    @classmethod
    def _person_values(cls, values):
        "Derive the usage name and the homonym keys of a person."
        values = values.copy()
        if values.get('is_person'):
            last = (values.get('last_name') or '').strip().upper()
            first = (values.get('first_name') or '').strip()
            if last or first:
                values['name'] = cls.person_name(last, first)
            values['normalized_name'] = normalize_name(last) + '|' + (
                normalize_name(first))
            birth = values.get('birth_name')
            values['normalized_birth_name'] = (
                normalize_name(birth) + '|' + normalize_name(first)
                if birth else None)
        return values

    @classmethod
    def check_homonyms(cls, vlist):
        """Warn before creating a person that already exists under the
        same name and birth date (archived households included).

        One query for the whole batch; nothing to do for root (imports,
        demo data) or when warnings are skipped, as no warning would show."""
        pool = Pool()
        Warning = pool.get('res.user.warning')
        transaction = Transaction()
        if not transaction.user or transaction.context.get('_skip_warnings'):
            return
        candidates = [v for v in vlist
            if v.get('is_person') and v.get('birth_date')]
        if not candidates:
            return
        keys = {v['normalized_name'] for v in candidates} | {
            v['normalized_birth_name'] for v in candidates
            if v.get('normalized_birth_name')}
        with without_check_access(), \
                transaction.set_context(active_test=False):
            existing = cls.search([
                    ('is_person', '=', True),
                    ('birth_date', 'in', list(
                            {v['birth_date'] for v in candidates})),
                    ['OR',
                        ('normalized_name', 'in', list(keys)),
                        ('normalized_birth_name', 'in', list(keys)),
                        ],
                    ])
            for values in candidates:
                own = {values['normalized_name'],
                    values.get('normalized_birth_name')} - {None}
                homonyms = [p for p in existing
                    if p.birth_date == values['birth_date']
                    and own & {p.normalized_name, p.normalized_birth_name}]
                if not homonyms:
                    continue
                key = 'sitiv_famille.homonym.%s.%s' % (
                    values['normalized_name'], values['birth_date'])
                if Warning.check(key):
                    description = '; '.join(
                        p.homonym_description for p in homonyms)
                    raise UserWarning(key, gettext(
                            'sitiv_famille.msg_homonym',
                            name=values.get('name'),
                            birth_date=format_date(values['birth_date']),
                            homonyms=description))

    @property
    def homonym_description(self):
        households = []
        for member in self.household_members:
            household = member.household
            if household.active:
                households.append(gettext(
                        'sitiv_famille.msg_homonym_household',
                        number=household.number))
            else:
                households.append(gettext(
                        'sitiv_famille.msg_homonym_household_archived',
                        number=household.number))
        return '%s (%s)%s' % (
            self.name, format_date(self.birth_date),
            (' — ' + ', '.join(households)) if households else '')

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        cls.check_birth_date(parties, field_names)
        cls.check_minor_email(parties, field_names)

    @classmethod
    def check_birth_date(cls, parties, field_names=None):
        if field_names and 'birth_date' not in field_names:
            return
        today = Pool().get('ir.date').today()
        for party in parties:
            if party.birth_date and party.birth_date > today:
                raise ValidationError(gettext(
                        'sitiv_famille.msg_birth_date_future',
                        person=party.rec_name,
                        birth_date=format_date(party.birth_date)))

    @classmethod
    def check_minor_email(cls, parties, field_names=None):
        if field_names and not (
                {'birth_date', 'email_parental_consent', 'contact_mechanisms'}
                & set(field_names)):
            return
        today = Pool().get('ir.date').today()
        for party in parties:
            age = age_on(party.birth_date, today)
            if (age is not None and age < 18
                    and not party.email_parental_consent
                    and any(m.type == 'email'
                        for m in party.contact_mechanisms)):
                raise ValidationError(gettext(
                        'sitiv_famille.msg_minor_email_consent',
                        person=party.rec_name))

    def get_age(self, name):
        return age_on(self.birth_date, Pool().get('ir.date').today())

    @classmethod
    def get_households(cls, parties, name):
        return {p.id: [m.household.id for m in p.household_members]
            for p in parties}

    @classmethod
    def search_households(cls, name, clause):
        return [('household_members.household' + clause[0][len(name):],)
            + tuple(clause[1:])]

    @classmethod
    def get_household_numbers(cls, parties, name):
        return {p.id: ', '.join(sorted(
                    m.household.number or '' for m in p.household_members))
            for p in parties}

    @classmethod
    def search_household_numbers(cls, name, clause):
        return [('household_members.household.number',) + tuple(clause[1:])]

    @classmethod
    def get_is_child(cls, parties, name):
        return {p.id: any(m.role == 'child' for m in p.household_members)
            for p in parties}

    @classmethod
    def search_is_child(cls, name, clause):
        _, operator, value = clause[:3]
        if (operator == '=') == bool(value):
            return [('household_members', 'where', [('role', '=', 'child')])]
        return [('household_members', 'not where', [('role', '=', 'child')])]

    @classmethod
    def get_parents_name(cls, parties, name):
        result = {}
        for party in parties:
            names = []
            for member in party.household_members:
                if member.role != 'child':
                    continue
                for other in member.household.members:
                    if (other.role == 'head' or other.legal_guardian) and (
                            other.party != party
                            and other.party.name not in names):
                        names.append(other.party.name)
            result[party.id] = ', '.join(names)
        return result

    @classmethod
    def search_parents_name(cls, name, clause):
        _, operator, value = clause[:3]
        return [('household_members', 'where', [
                    ('role', '=', 'child'),
                    ('household', 'where', [
                            ('members', 'where', [
                                    ['OR',
                                        ('role', '=', 'head'),
                                        ('legal_guardian', '=', True),
                                        ],
                                    ('party.name', operator, value),
                                    ]),
                            ]),
                    ])]

    @classmethod
    def get_residence(cls, parties, name):
        return {p.id: ' / '.join(
                m.household.residence_full for m in p.household_members)
            for p in parties}

    @classmethod
    def search_residence(cls, name, clause):
        _, operator, value = clause[:3]
        return ['OR',
            ('household_members.household.residence_street', operator, value),
            ('household_members.household.residence_city', operator, value),
            ('household_members.household.residence_postal_code',
                operator, value),
            ]

    @classmethod
    def search_rec_name(cls, name, clause):
        domain = super().search_rec_name(name, clause)
        _, operator, value = clause[:3]
        if operator.endswith('like'):
            return ['OR', domain,
                ('household_members.household.number', operator, value),
                ]
        return domain

    @classmethod
    def get_history(cls, parties, name):
        return Pool().get('sitiv.history').for_records(cls.__name__, parties)

    @classmethod
    def get_health_flags(cls, parties, names):
        # Every agent may know that a health file, a PAI or an allergy
        # exists, only the health group may read what it says.
        pool = Pool()
        HealthRecord = pool.get('sitiv.health')
        result = {n: {p.id: False for p in parties} for n in names}
        with without_check_access():
            records = HealthRecord.search([
                    ('child', 'in', [p.id for p in parties]),
                    ])
            for record in records:
                child = record.child.id
                if 'has_health_record' in result:
                    result['has_health_record'][child] = True
                if 'has_pai' in result:
                    result['has_pai'][child] = bool(record.pai)
                if 'has_allergy' in result:
                    result['has_allergy'][child] = bool(record.has_allergy)
        return result

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//page[@id="child"]', 'states', {
                    'invisible': Not(Bool(Eval('is_child'))),
                    }),
            ('//group[@id="person"]', 'states', {
                    'invisible': ~Eval('is_person'),
                    }),
            ]


class ContactMechanism(metaclass=PoolMeta):
    __name__ = 'party.contact_mechanism'

    scope = fields.Selection([
            (None, ''),
            ('personal', "Personal"),
            ('professional', "Professional"),
            ], "Scope")
