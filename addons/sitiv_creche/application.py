# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Pre-registration in a crèche (spec 003 §2.1.3.1): the wished start
date, days and hours, the crèches in order of preference and the city's
criteria; incomplete files detected (the documents the crèche requires,
the household's resources the PSU price needs); the admission committee
offers places (committee.py); a place accepted becomes a PSU contract from
the wished planning, without typing it again."""
import datetime

from trytond.i18n import gettext
from trytond.model import (
    ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .contract import KINDS
from .structure import WEEKDAYS

STATES = [
    ('draft', "Pre-registration"),
    ('waiting', "Waiting for a Place"),
    ('offered', "Place Offered"),
    ('admitted', "Admitted"),
    ('declined', "Place Declined"),
    ('cancelled', "Cancelled"),
    ]
CRITERIA = ['resident', 'work', 'sibling', 'disability', 'social', 'month']


def full_months(start, today):
    "Full months from `start` to `today` (a request's wait, a child's age)."
    months = (today.year - start.year) * 12 + today.month - start.month
    if today.day < start.day:
        months -= 1
    return max(months, 0)


class Application(Workflow, ModelSQL, ModelView):
    "Crèche Application"
    __name__ = 'sitiv.creche.application'
    _rec_name = 'number'

    _open = {'readonly': ~Eval('state').in_(['draft', 'waiting'])}

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    number = fields.Char("Number", readonly=True)
    household = fields.Many2One(
        'sitiv.household', "Household", required=True, states=_open,
        domain=[('company', '=', Eval('company', -1))])
    child = fields.Many2One(
        'party.party', "Child", required=True, states=_open,
        context={'company': Eval('company', -1)}, depends={'company'},
        domain=[('household_members.household', '=', Eval('household', -1)),
            ('household_members.role', '=', 'child')],
        help="A child to be born is entered with the expected birth date.")
    birth_date = fields.Function(fields.Date("Birth Date"),
        'get_child_field', searcher='search_child_field')
    parents = fields.Function(fields.Char("Parents"),
        'get_child_field', searcher='search_child_field')
    request_date = fields.Date("Request Date", required=True, states=_open)
    wished_date = fields.Date("Wished Start", required=True, states=_open)
    wished_end = fields.Date("Wished End", states=_open,
        domain=[If(Eval('wished_end'),
                ('wished_end', '>', Eval('wished_date')), ())],
        help="Empty: until the school starts, the 31 August of the year "
        "the child is three.")
    kind = fields.Selection(KINDS, "Care", required=True, states=_open)
    days = fields.One2Many('sitiv.creche.application.day', 'application',
        "Wished Planning", states=_open)
    choices = fields.One2Many('sitiv.creche.application.choice',
        'application', "Crèches Wished", states=_open,
        help="In order of preference.")
    works_in_city = fields.Boolean("A Parent Works in the City",
        states=_open)
    disability = fields.Boolean("Child or Parent with a Disability",
        states=_open)
    social_priority = fields.Boolean("Priority Social Situation",
        states=_open)
    score = fields.Function(fields.Integer("Points"), 'get_score')
    missing = fields.Function(fields.Text("Missing for a Complete File"),
        'get_missing')
    incomplete = fields.Function(fields.Boolean("Incomplete File"),
        'get_missing')
    offered_structure = fields.Many2One(
        'sitiv.creche.structure', "Crèche Offered", readonly=True)
    offered_date = fields.Date("Admission Date", readonly=True)
    contract = fields.Many2One('sitiv.creche.contract', "Contract",
        readonly=True)
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    notes = fields.Text("Observations")

    del _open

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('request_date', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('draft', 'waiting'), ('waiting', 'offered'),
            ('offered', 'admitted'), ('offered', 'declined'),
            ('offered', 'waiting'), ('declined', 'waiting'),
            ('draft', 'cancelled'), ('waiting', 'cancelled'),
            }
        cls._buttons.update({
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'admit': {
                    'invisible': Eval('state') != 'offered',
                    'depends': ['state'],
                    },
                'decline': {
                    'invisible': Eval('state') != 'offered',
                    'depends': ['state'],
                    },
                'wait': {
                    'invisible': ~Eval('state').in_(['offered', 'declined']),
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'waiting']),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_kind():
        return 'regular'

    @staticmethod
    def default_request_date():
        return Pool().get('ir.date').today()

    @classmethod
    def get_child_field(cls, applications, names):
        result = {n: {} for n in names}
        for application in applications:
            child = application.child
            if 'birth_date' in names:
                result['birth_date'][application.id] = child.birth_date
            if 'parents' in names:
                result['parents'][application.id] = (
                    application.household.heads_name)
        return result

    @classmethod
    def search_child_field(cls, name, clause):
        _, operator, *value = clause
        if name == 'birth_date':
            return [('child.birth_date', operator) + tuple(value)]
        return [('household.members.party.rec_name', operator)
            + tuple(value), ('household.members.role', '=', 'head')]

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('child.rec_name', operator, value),
            ('household.rec_name', operator, value),
            ]

    def get_rec_name(self, name):
        return f"{self.number or ''} {self.child.rec_name}".strip()

    @classmethod
    def create(cls, vlist):
        applications = super().create(vlist)
        for application in applications:
            application.number = (
                f"PI{application.request_date.year}-{application.id:05d}")
        cls.save(applications)
        return applications

    # Criteria and file -----------------------------------------------------

    def points(self, criterion):
        "The city's points for `criterion` (its default when unset)."
        Company = Pool().get('company.company')
        name = f'creche_points_{criterion}'
        value = getattr(self.company, name)
        if value is None:
            value = getattr(Company, f'default_{name}')()
        return value

    def criteria(self, today=None):
        """{criterion: points} the application earns."""
        Contract = Pool().get('sitiv.creche.contract')
        today = today or Pool().get('ir.date').today()
        earned = {}
        if self.company.residence_category(
                self.household.residence_city) == 'resident':
            earned['resident'] = self.points('resident')
        if self.works_in_city:
            earned['work'] = self.points('work')
        siblings = [c.id for c in self.household.children
            if c.id != self.child.id]
        if siblings and Contract.search([
                    ('child', 'in', siblings),
                    ('state', 'in', ['running', 'closed']),
                    ('start_date', '<=', self.wished_date),
                    ['OR', ('end_date', '=', None),
                        ('end_date', '>=', self.wished_date)],
                    ], limit=1):
            earned['sibling'] = self.points('sibling')
        if self.disability:
            earned['disability'] = self.points('disability')
        if self.social_priority:
            earned['social'] = self.points('social')
        months = full_months(self.request_date, today)
        if months:
            earned['month'] = months * self.points('month')
        return earned

    def get_score(self, name):
        return sum(self.criteria().values())

    @classmethod
    def get_missing(cls, applications, names):
        missing = {a.id: '\n'.join(a.missing_reasons())
            for a in applications}
        result = {}
        if 'missing' in names:
            result['missing'] = missing
        if 'incomplete' in names:
            result['incomplete'] = {k: bool(v) for k, v in missing.items()}
        return result

    def missing_reasons(self):
        """What the file lacks, in French: the documents of the first
        crèche wished (its activity's, as for any enrolment), the
        household's resources, a wished planning for regular care."""
        pool = Pool()
        Enrolment = pool.get('sitiv.enrolment')
        Quotient = pool.get('sitiv.quotient_familial')
        reasons = []
        if self.choices:
            enrolment = Enrolment(activity=self.choices[0].structure.activity,
                household=self.household, child=self.child,
                start_date=self.wished_date)
            reasons.extend(enrolment.missing_reasons())
        quotient = Quotient.quotient_on(self.household, self.wished_date)
        if not quotient or quotient.annual_resources is None:
            reasons.append(gettext('sitiv_creche.msg_missing_resources',
                    date=self.wished_date.strftime('%d/%m/%Y')))
        if self.kind == 'regular' and not self.days:
            reasons.append(gettext('sitiv_creche.msg_missing_planning'))
        if not self.choices:
            reasons.append(gettext('sitiv_creche.msg_missing_choice'))
        return reasons

    # Workflow ----------------------------------------------------------------

    @classmethod
    @ModelView.button
    @Workflow.transition('waiting')
    def submit(cls, applications):
        "On the list the committee examines; a file without a crèche waits."
        for application in applications:
            if not application.choices:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_missing_choice_for',
                        application=application.rec_name))

    @classmethod
    @Workflow.transition('offered')
    def offer(cls, applications, structure, date):
        for application in applications:
            application.offered_structure = structure
            application.offered_date = date
        cls.save(applications)

    @classmethod
    @ModelView.button
    @Workflow.transition('admitted')
    def admit(cls, applications):
        """The family accepts: the PSU contract is made from the wished
        planning, in the crèche offered from the admission date, to price
        and start."""
        Contract = Pool().get('sitiv.creche.contract')
        contracts = Contract.create([a.contract_values()
                for a in applications])
        for application, contract in zip(applications, contracts):
            application.contract = contract
        cls.save(applications)

    def contract_end(self):
        "The wished end, else the eve of school: 31 August of the third year."
        if self.wished_end:
            return self.wished_end
        birth = self.child.birth_date
        if birth:
            end = datetime.date(birth.year + 3, 8, 31)
            if end > self.offered_date:
                return end

    def contract_values(self):
        return {
            'company': self.company.id,
            'household': self.household.id,
            'child': self.child.id,
            'structure': self.offered_structure.id,
            'kind': self.kind,
            'start_date': self.offered_date,
            'end_date': self.contract_end(),
            'days': [('create', [{'week': d.week, 'weekday': d.weekday,
                                'start_time': d.start_time,
                                'end_time': d.end_time}
                            for d in self.days])],
            'notes': self.notes,
            }

    @classmethod
    @ModelView.button
    @Workflow.transition('declined')
    def decline(cls, applications):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('waiting')
    def wait(cls, applications):
        "Back on the waiting list (a place declined, an offer withdrawn)."
        cls.write(applications, {'offered_structure': None,
                'offered_date': None})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, applications):
        pass


class ApplicationDay(ModelSQL, ModelView):
    "Crèche Application Day"
    __name__ = 'sitiv.creche.application.day'

    application = fields.Many2One('sitiv.creche.application', "Application",
        required=True, ondelete='CASCADE')
    week = fields.Selection([('A', "Week A"), ('B', "Week B")], "Week",
        required=True)
    weekday = fields.Selection(WEEKDAYS, "Day", required=True)
    start_time = fields.Time("Arrival", required=True)
    end_time = fields.Time("Departure", required=True,
        domain=[If(Eval('start_time'),
                ('end_time', '>', Eval('start_time')), ())])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('application')
        cls._order = [('application', 'ASC'), ('week', 'ASC'),
            ('weekday', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_week():
        return 'A'


class ApplicationChoice(sequence_ordered(), ModelSQL, ModelView):
    "Crèche Wished"
    __name__ = 'sitiv.creche.application.choice'

    application = fields.Many2One('sitiv.creche.application', "Application",
        required=True, ondelete='CASCADE')
    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('application')
