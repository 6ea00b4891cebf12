# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A child's school enrolment for a school year (spec 003 §2.1.3.3): the
pre-enrolment proposes the level from the birth date and the sector school
from the household's address; the agent enrols without typing anything
again, in the sector school or, on a dérogation, in one of the schools the
family wished (with its reason); places are checked at that moment; a
radiation frees the place from its effective date."""
from hestia_base.batch import chunks

from trytond.i18n import gettext
from trytond.model import (
    ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction, without_check_access

STATES = [
    ('draft', "Pre-enrolment"),
    ('enrolled', "Enrolled"),
    ('refused', "Refused"),
    ('radiated', "Radiated"),
    ]
REASONS = [
    ('siblings', "Brother or sister in the school"),
    ('work', "Parents' place of work"),
    ('childminder', "Childminder near the school"),
    ('health', "Health"),
    ('other', "Other"),
    ]
# Documents a first school enrolment asks for (sitiv_famille's types).
REQUIRED_DOCUMENTS = ['LIVRET', 'DOMICILE', 'VACCINS']
# And those a dérogation's reason asks for (sitiv_ecole's types).
REASON_DOCUMENTS = {
    'work': 'EMPLOYEUR', 'childminder': 'ASSMAT', 'health': 'CERTIF_MED'}
DURATIONS = [
    (None, ""),
    ('year', "This School Year"),
    ('cycle', "The Whole Cycle"),
    ]


class SchoolEnrolment(Workflow, ModelSQL, ModelView):
    "School Enrolment"
    __name__ = 'sitiv.school.enrolment'
    _history = True
    _draft = {'readonly': Eval('state') != 'draft'}

    number = fields.Function(
        fields.Char("Number"), 'get_number', searcher='search_number')
    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    year = fields.Many2One(
        'sitiv.school.year', "School Year", required=True, states=_draft)
    child = fields.Many2One(
        'party.party', "Child", required=True, ondelete='RESTRICT',
        domain=[('is_person', '=', True)], states=_draft,
        context={'company': Eval('company', -1)}, depends={'company'})
    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='RESTRICT',
        states=_draft,
        help="The household whose address gives the sector school (one "
        "of the child's).")
    level = fields.Many2One(
        'sitiv.school.level', "Level", required=True, states=_draft,
        help="Proposed from the birth date; may be changed.")
    sector_school = fields.Many2One(
        'sitiv.school', "Sector School", readonly=True,
        help="The school of the household's address on the school map.")
    school = fields.Many2One(
        'sitiv.school', "School", states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('state') == 'enrolled',
            },
        domain=[('company', '=', Eval('company', -1)),
            ('levels', '=', Eval('level', -1))])
    derogation = fields.Boolean(
        "Dérogation", readonly=True,
        help="Enrolled outside the sector school.")
    derogation_duration = fields.Selection(DURATIONS, "Dérogation For",
        states={'invisible': ~Eval('derogation') & ~Eval('wishes')},
        help="For this school year only, the roll-over brings the child "
        "back to the sector school; for the whole cycle (maternelle or "
        "élémentaire), the child stays.")
    wishes = fields.One2Many(
        'sitiv.school.wish', 'enrolment', "Wished Schools",
        states={'readonly': ~Eval('state').in_(['draft', 'enrolled'])},
        help="A dérogation: the schools the family asks for, in order (for "
        "a pupil, the school they ask to move to).")
    school_class = fields.Many2One(
        'sitiv.school.class', "Class",
        domain=[('school', '=', Eval('school', -1)),
            ('year', '=', Eval('year', -1)),
            ('levels', '=', Eval('level', -1))],
        states={'invisible': Eval('state') != 'enrolled'})
    request_date = fields.Date("Asked On", required=True, states=_draft)
    enrolment_date = fields.Date("Admission Date", readonly=True)
    radiation_date = fields.Date(
        "Radiation Date", states={'readonly': Eval('state') != 'enrolled'},
        domain=[If(Eval('radiation_date'),
                ('radiation_date', '>=', Eval('enrolment_date')), ())],
        help="The last day the child holds the place: it is free for "
        "others from then.")
    repeat = fields.Boolean(
        "Repeats the Year", states={'readonly': Eval('state') != 'enrolled'},
        help="Stays in the same level next year (the roll-over keeps it).")
    previous_enrolment = fields.Many2One(
        'sitiv.school.enrolment', "Previous Year", readonly=True,
        ondelete='SET NULL',
        help="The enrolment the roll-over moved to this school year.")
    next_enrolments = fields.One2Many(
        'sitiv.school.enrolment', 'previous_enrolment', "Next Year",
        readonly=True)
    commission_items = fields.One2Many(
        'sitiv.school.commission.item', 'enrolment', "Commission Decisions",
        readonly=True)
    guardians = fields.Function(
        fields.Char("Parents"), 'get_guardians', searcher='search_guardians')
    address = fields.Function(
        fields.Char("Address"), 'get_address', searcher='search_address')
    radiation_reason = fields.Char(
        "Radiation Reason", states={'readonly': Eval('state') != 'enrolled'})
    missing = fields.Function(
        fields.Text("Missing for a Complete File"), 'get_missing')
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    state_string = state.translated('state')

    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('request_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'enrolled'), ('draft', 'refused'),
            ('refused', 'draft'), ('enrolled', 'radiated'),
            }
        cls._buttons.update({
                'enrol': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'radiate': {
                    'invisible': Eval('state') != 'enrolled',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'refused',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                'assign_class': {
                    'invisible': ((Eval('state') != 'enrolled')
                        | Bool(Eval('school_class'))),
                    'depends': ['state', 'school_class'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_request_date():
        return Pool().get('ir.date').today()

    @fields.depends('child', 'year', 'household', 'level', 'company',
        methods=['propose'])
    def on_change_child(self):
        self.propose()

    @fields.depends('child', 'year', 'household', 'level', 'company',
        methods=['propose'])
    def on_change_household(self):
        self.propose()

    @fields.depends('child', 'year', 'household', 'level', 'company',
        methods=['propose'])
    def on_change_year(self):
        self.propose()

    @fields.depends('child', 'year', 'household', 'level', 'company',
        'school', 'sector_school')
    def propose(self):
        """The level from the birth date and the school year, the sector
        school from the household's address (§2.1.3.3), for the agent to
        confirm: nothing is typed twice."""
        pool = Pool()
        Level = pool.get('sitiv.school.level')
        if self.child and self.year and not self.level:
            self.level = Level.proposed(self.child.birth_date, self.year)
        sector = self.sector(self.company, self.household, self.level)
        if sector != self.sector_school:
            if not self.school or self.school == self.sector_school:
                self.school = sector
            self.sector_school = sector

    @staticmethod
    def sector(company, household, level):
        "The sector school of the household's address for `level`."
        pool = Pool()
        Street = pool.get('sitiv.school.street')
        Perimeter = pool.get('sitiv.school.perimeter')
        if not (company and household and level):
            return None
        street, number = Street.find(company, household.residence_street)
        if not street:
            return None
        return Perimeter.sector_school(street, number, level)

    @classmethod
    def create(cls, vlist):
        pool = Pool()
        Household = pool.get('sitiv.household')
        Level = pool.get('sitiv.school.level')
        Party = pool.get('party.party')
        Year = pool.get('sitiv.school.year')
        Company = pool.get('company.company')
        vlist = [v.copy() for v in vlist]
        for values in vlist:
            company = Company(values.get('company') or cls.default_company())
            if not values.get('level') and values.get('child'):
                level = Level.proposed(Party(values['child']).birth_date,
                    Year(values['year']))
                values['level'] = level.id if level else None
            if (values.get('household') and values.get('level')
                    and 'sector_school' not in values):
                sector = cls.sector(company, Household(values['household']),
                    Level(values['level']))
                values.setdefault('sector_school',
                    sector.id if sector else None)
                if not values.get('school'):
                    values['school'] = values['sector_school']
        return super().create(vlist)

    def get_number(self, name):
        "« 2026-2027-00012 »: the school year and the enrolment's id."
        return f'{self.year.name}-{self.id:05d}'

    @classmethod
    def search_number(cls, name, clause):
        _, operator, value = clause[:3]
        digits = (value or '').rsplit('-', 1)[-1].strip('%')
        if operator in {'=', 'ilike', 'like'} and digits.isdigit():
            return [('id', '=', int(digits))]
        return [('id', '=', -1)]

    @classmethod
    def validate_fields(cls, enrolments, field_names):
        super().validate_fields(enrolments, field_names)
        cls.check_household(enrolments, field_names)

    @classmethod
    def check_household(cls, enrolments, field_names=None):
        """The household is one of the child's: one query for the batch
        (a domain per child would be one clause per record), on the ids
        only (a roll-over checks thousands at once)."""
        Member = Pool().get('sitiv.household.member')
        if field_names and not field_names & {'child', 'household'}:
            return
        with without_check_access():
            pairs = {(r['household'], r['child']) for r in cls.read(
                    [e.id for e in enrolments], ['household', 'child'])}
            members = set()
            for sub in chunks(pairs, 1000):
                sub = list(sub)
                members.update((m['household'], m['party'])
                    for m in Member.search_read([
                            ('household', 'in', list({h for h, _ in sub})),
                            ('party', 'in', list({c for _, c in sub}))],
                        fields_names=['household', 'party']))
        missing = pairs - members
        for enrolment in enrolments if missing else []:
            if (enrolment.household.id, enrolment.child.id) in missing:
                raise ValidationError(gettext(
                        'sitiv_ecole.msg_household_child',
                        child=enrolment.child.rec_name,
                        household=enrolment.household.rec_name))

    def required_documents(self):
        """Codes of the documents this case asks for (§2.1.3.3 « dossiers
        incomplets »): a first enrolment in the city's schools the family
        record book, a proof of address and the vaccinations; each reason
        of a dérogation its proof (employer, childminder, doctor)."""
        codes = [] if self.previous_enrolment else list(REQUIRED_DOCUMENTS)
        for wish in self.wishes:
            code = REASON_DOCUMENTS.get(wish.reason)
            if code and code not in codes:
                codes.append(code)
        return codes

    @classmethod
    def get_missing(cls, enrolments, name):
        """The documents each case needs that the household lacks (valid
        ones only): one query for the types, one for the documents."""
        pool = Pool()
        Document = pool.get('sitiv.document')
        DocumentType = pool.get('sitiv.document.type')
        needed = {e.id: e.required_documents() for e in enrolments}
        types = {t.code: t for t in DocumentType.search([('code', 'in',
                        list({c for codes in needed.values()
                                for c in codes}))])}
        valid = set()
        for sub in chunks({e.household.id for e in enrolments}, 1000):
            for document in Document.search([
                        ('household', 'in', list(sub)),
                        ('type', 'in', [t.id for t in types.values()])]):
                if document.expiry_state != 'expired':
                    valid.add((document.household.id, document.type.id))
        return {e.id: '\n'.join(types[c].name for c in needed[e.id]
                if c in types
                and (e.household.id, types[c].id) not in valid) or None
            for e in enrolments}

    @classmethod
    @ModelView.button
    @Workflow.transition('enrolled')
    def enrol(cls, enrolments):
        """Enrol in the chosen school: a place of the level must be free,
        and one for dérogations when it is not the sector school."""
        Date = Pool().get('ir.date')
        today = Date.today()
        for enrolment in enrolments:
            school = enrolment.school
            if not school:
                raise ValidationError(gettext('sitiv_ecole.msg_no_school',
                        enrolment=enrolment.rec_name))
            left = school.places_left(enrolment.year, enrolment.level)
            if left == 0:
                raise ValidationError(gettext('sitiv_ecole.msg_school_full',
                        school=school.name, level=enrolment.level.name,
                        child=enrolment.child.rec_name))
            derogation = school != enrolment.sector_school
            if derogation and school.derogations_left(enrolment.year) == 0:
                raise ValidationError(gettext(
                        'sitiv_ecole.msg_derogations_full',
                        school=school.name, child=enrolment.child.rec_name))
            # Each written before the next is counted.
            cls.write([enrolment], {'derogation': derogation,
                    'enrolment_date': today, 'state': 'enrolled'})

    @classmethod
    def move(cls, enrolments, school, duration=None):
        """Pupils moved to `school` during the year (a change of school the
        commission accepted): a place of their level there, and one for
        dérogations when it is not their sector school; their class is
        left for the new school to give."""
        for enrolment in enrolments:
            left = school.places_left(enrolment.year, enrolment.level)
            if left == 0:
                raise ValidationError(gettext('sitiv_ecole.msg_school_full',
                        school=school.name, level=enrolment.level.name,
                        child=enrolment.child.rec_name))
            derogation = school != enrolment.sector_school
            if (derogation and not enrolment.derogation
                    and school.derogations_left(enrolment.year) == 0):
                raise ValidationError(gettext(
                        'sitiv_ecole.msg_derogations_full',
                        school=school.name, child=enrolment.child.rec_name))
            cls.write([enrolment], {'school': school.id,
                    'school_class': None, 'derogation': derogation,
                    'derogation_duration': duration if derogation else None})

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, enrolments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, enrolments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('radiated')
    def radiate(cls, enrolments):
        "The child leaves the school on the radiation date (required)."
        for enrolment in enrolments:
            if not enrolment.radiation_date:
                raise ValidationError(gettext(
                        'sitiv_ecole.msg_radiation_date',
                        enrolment=enrolment.rec_name))

    @classmethod
    @ModelView.button
    def assign_class(cls, enrolments, classes=None):
        """After the rentrée, each pupil without a class goes to a class
        of their school, year and level with a free place: single-level
        classes first, then the least full (an agent moves them after).
        The classes (`classes`, else all those of their schools) are read
        once; pupils are placed by name."""
        pool = Pool()
        SchoolClass = pool.get('sitiv.school.class')
        todo = sorted((e for e in enrolments
                if e.state == 'enrolled' and not e.school_class),
            key=lambda e: e.child.rec_name)
        if classes is None:
            classes = SchoolClass.search([
                    ('school', 'in', list({e.school.id for e in todo})),
                    ('year', 'in', list({e.year.id for e in todo}))])
        pupils = {c.id: c.pupils for c in classes}
        to_write = {}
        for enrolment in todo:
            fitting = [c for c in classes
                if c.school == enrolment.school and c.year == enrolment.year
                and enrolment.level in c.levels
                and (c.capacity is None or pupils[c.id] < c.capacity)]
            if not fitting:
                continue
            chosen = min(fitting, key=lambda c: (len(c.levels),
                    pupils[c.id] / (c.capacity or 1000), c.name))
            pupils[chosen.id] += 1
            to_write.setdefault(chosen.id, []).append(enrolment)
        args = []
        for class_id, assigned in to_write.items():
            args.extend([assigned, {'school_class': class_id}])
        if args:
            cls.write(*args)

    def get_rec_name(self, name):
        return f'{self.child.rec_name} — {self.year.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        """An agent finds a child by its name or first name, a parent's
        name, the address or the enrolment number (§2.1.3.3)."""
        _, operator, operand, *extra = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        domain = [bool_op,
            ('child.rec_name', operator, operand, *extra),
            ('guardians', operator, operand, *extra),
            ('address', operator, operand, *extra),
            ]
        if isinstance(operand, str) and operand.strip('%').rsplit(
                '-', 1)[-1].isdigit():
            domain.append(('number', operator, operand, *extra))
        return domain

    def get_guardians(self, name):
        return self.household.heads_name

    @classmethod
    def search_guardians(cls, name, clause):
        return [('household.members', 'where', [
                    ('role', '=', 'head'),
                    ('party.name',) + tuple(clause[1:])])]

    def get_address(self, name):
        return self.household.residence_full

    @classmethod
    def search_address(cls, name, clause):
        return [('household.residence_street',) + tuple(clause[1:])]

    @classmethod
    def roll_over(cls, year, next_year, company):
        """The city's pupils of `year` moved to `next_year`: see
        `roll_over_values`; created a thousand at a time (the framework
        checks each record against the list it came with: one list of
        20,000 is quadratic).  Returns the counts."""
        vlist, counts = cls.roll_over_values(year, next_year, company)
        for chunk in chunks(vlist, 1000):
            cls.create(chunk)
        return counts

    @classmethod
    def roll_over_values(cls, year, next_year, company):
        """The city's pupils of `year` moved to `next_year` (§2.1.3.3 « montée
        de classe automatique avec changement d'année scolaire »): one level
        up (the same if they repeat the year; CM2 leaves), in the same
        school when it teaches the new level, else the sector school of
        their address (GS → CP); enrolled when a school is found, a
        pre-enrolment for the agent otherwise; a dérogation given for one
        school year ends with it (back to the sector school). Pupils
        radiated or already moved are left; one search, the map read once,
        one create.
        Returns the values to create (the forecast of the rentrée reads
        them without creating) and the counts {'moved', 'repeating',
        'left', 'to_place'}."""
        from .school_map import SchoolMap
        query = cls.search([
                ('company', '=', company.id), ('year', '=', year.id),
                ('state', '=', 'enrolled'), ('next_enrolments', '=', None)],
            order=[('id', 'ASC')], query=True)
        cursor = Transaction().connection.cursor()
        cursor.execute(*query)
        ids = [row[0] for row in cursor]
        # Browsed a thousand at a time, each read in one query.
        enrolments = (e for chunk in chunks(ids, 1000)
            for e in cls.browse(chunk))
        school_map = SchoolMap(company)
        levels, taught = {}, {}
        vlist, counts = [], dict.fromkeys(
            ['moved', 'repeating', 'left', 'to_place'], 0)
        for enrolment in enrolments:
            level = enrolment.level
            if not enrolment.repeat:
                if level.id not in levels:
                    levels[level.id] = level.next()
                level = levels[level.id]
            if not level:
                counts['left'] += 1
                continue
            school = enrolment.school
            derogation = enrolment.derogation
            sector = school_map.sector_school(
                enrolment.household.residence_street, level)
            if school.id not in taught:
                taught[school.id] = {l.id for l in school.levels}
            # A dérogation for one year ends with it.
            if (level.id not in taught[school.id]
                    or (derogation
                        and enrolment.derogation_duration == 'year')):
                school, derogation = sector, False
            values = {'company': company.id, 'year': next_year.id,
                'previous_enrolment': enrolment.id,
                'child': enrolment.child.id,
                'household': enrolment.household.id, 'level': level.id,
                'sector_school': sector.id if sector else None,
                'school': school.id if school else None,
                'derogation': derogation,
                'derogation_duration': (enrolment.derogation_duration
                    if derogation else None),
                'request_date': next_year.start_date,
                'enrolment_date': next_year.start_date if school else None,
                'state': 'enrolled' if school else 'draft'}
            vlist.append(values)
            counts['repeating' if enrolment.repeat else 'moved'] += 1
            counts['to_place'] += not school
        return vlist, counts


class Wish(sequence_ordered(), ModelSQL, ModelView):
    "Wished School"
    __name__ = 'sitiv.school.wish'

    enrolment = fields.Many2One(
        'sitiv.school.enrolment', "Enrolment", required=True,
        ondelete='CASCADE')
    school = fields.Many2One('sitiv.school', "School", required=True)
    reason = fields.Selection(REASONS, "Reason", required=True)
    note = fields.Char("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('enrolment')
