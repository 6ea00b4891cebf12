# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The PSU contract (spec 003 §2.1.3.1): from the family's wished weekly
planning (in hours or half-days, alternating weeks A / B), the weeks of care
in the year less the family's leave, the CNAF hourly rate of the household
and the mensualisation — (hours per week × weeks) ÷ months × hourly rate.
Regular care is mensualised; occasional and emergency care are billed on
the hours attended. An avenant is a new version of the contract from its
date: the previous one ends the day before, each is billed on its days."""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from hestia import months as calendar_months

from .structure import WEEKDAYS, hours_between

CENT = Decimal('0.01')
KINDS = [
    ('regular', "Regular"),
    ('occasional', "Occasional"),
    ('emergency', "Emergency"),
    ]
STATES = [
    ('draft', "Draft"),
    ('running', "Running"),
    ('closed', "Closed"),
    ('cancelled', "Cancelled"),
    ]
SLOTS = [
    (None, "Hours"),
    ('morning', "Morning"),
    ('afternoon', "Afternoon"),
    ('day', "Whole day"),
    ]


def month_share(structure, start, end):
    """The share of the month of `start` that `start`-`end` (within that
    month) covers: its open days over the month's open days."""
    first, last = calendar_months.bounds(start)
    if (start, end) == (first, last):
        return Decimal(1)
    whole = len(structure.open_dates(first, last))
    if not whole:
        return Decimal(0)
    return Decimal(len(structure.open_dates(start, end))) / whole


def months_between(structure, start, end):
    """Months from `start` to `end`: whole months count one, a month
    covered in part its share of the crèche's open days."""
    total, day = Decimal(0), start
    while day <= end:
        last = min(calendar_months.end(day), end)
        total += month_share(structure, day, last)
        day = last + datetime.timedelta(days=1)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


class Contract(Workflow, ModelSQL, ModelView):
    "PSU Contract"
    __name__ = 'sitiv.creche.contract'
    _rec_name = 'number'

    _draft = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    number = fields.Char("Number", readonly=True)
    household = fields.Many2One(
        'sitiv.household', "Household", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    child = fields.Many2One(
        'party.party', "Child", required=True, states=_draft,
        context={'company': Eval('company', -1)}, depends={'company'},
        domain=[('household_members.household', '=', Eval('household', -1)),
            ('household_members.role', '=', 'child')])
    structure = fields.Many2One(
        'sitiv.creche.structure', "Crèche", required=True, states=_draft,
        domain=[('company', '=', Eval('company', -1))])
    section = fields.Many2One(
        'sitiv.creche.section', "Section",
        domain=[('structure', '=', Eval('structure', -1))])
    kind = fields.Selection(KINDS, "Care", required=True, states=_draft)
    start_date = fields.Date("Start Date", required=True, states=_draft)
    end_date = fields.Date(
        "End Date", states={
            'readonly': ~Eval('state').in_(['draft', 'running']),
            'required': ((Eval('kind') == 'regular')
                & (Eval('state') != 'draft')),
            },
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    planned_end = fields.Date("Planned End", readonly=True,
        help="The end date when the contract started: a contract ended "
        "sooner (its end date brought forward, then closed) is regularised "
        "on its last invoice.")
    amends = fields.Many2One(
        'sitiv.creche.contract', "Amends", readonly=True,
        help="The contract this avenant follows from its start date.")
    amendment_reason = fields.Char("Reason for the Avenant", readonly=True)
    walks = fields.Boolean("Walks",
        help="Counted among the walkers for the staff ratio.")
    alternating = fields.Boolean(
        "Alternating Weeks", states=_draft,
        help="Week A is the week of the start date; weeks alternate.")
    days = fields.One2Many(
        'sitiv.creche.contract.day', 'contract', "Weekly Planning",
        states=_draft)
    weekly_hours = fields.Function(
        fields.Numeric("Hours per Week", digits=(16, 2)),
        'on_change_with_weekly_hours')
    leave_weeks = fields.Numeric(
        "Family's Leave (weeks)", digits=(6, 2), states=_draft,
        domain=[If(Eval('leave_weeks'), ('leave_weeks', '>=', 0), ())])
    weeks = fields.Numeric(
        "Weeks of Care", digits=(6, 2),
        states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('kind') != 'regular',
            },
        help="Weeks the crèche is open over the contract, less the "
        "family's leave; proposed from the calendar, can be changed.")
    months = fields.Numeric(
        "Months", digits=(6, 2), states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('kind') != 'regular',
            },
        help="Months the contract hours are spread over; a month the "
        "contract covers in part counts for its share of the crèche's open "
        "days.")
    monthly_hours = fields.Numeric(
        "Hours per Month", digits=(16, 2), readonly=True,
        states={'invisible': Eval('kind') != 'regular'})
    bareme = fields.Many2One(
        'sitiv.creche.bareme', "Barème", readonly=True)
    monthly_resources = fields.Numeric(
        "Monthly Resources (€)", digits=(16, 2), readonly=True,
        help="The household's N-2 resources divided by twelve; empty when "
        "unknown (priced at the ceiling).")
    children = fields.Integer("Dependent Children", readonly=True)
    disabled_child = fields.Boolean(
        "Child with a Disability (AEEH)", readonly=True)
    hourly_rate = fields.Numeric(
        "Hourly Rate (€)", digits=(16, 2), readonly=True)
    monthly_amount = fields.Numeric(
        "Monthly Amount (€)", digits=(16, 2), readonly=True,
        states={'invisible': Eval('kind') != 'regular'})
    deductions = fields.One2Many(
        'sitiv.creche.deduction', 'contract', "Deductions")
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    filoue_objection = fields.Boolean("Objects to FILOUE",
        help="The family, informed of the FILOUE file, objects to the "
        "transmission: the CNAF receives its hours without its "
        "allocataire number.")
    notes = fields.Text("Observations")

    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'running'),
            ('draft', 'cancelled'),
            ('running', 'closed'),
            ('closed', 'running'),
            }
        cls._buttons.update({
                'compute': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'start': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'running',
                    'depends': ['state'],
                    },
                'amend': {
                    'invisible': ((Eval('state') != 'running')
                        | (Eval('kind') != 'regular')),
                    'depends': ['state', 'kind'],
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

    @fields.depends('structure', 'section')
    def on_change_structure(self):
        if self.section and self.section.structure != self.structure:
            self.section = None

    @fields.depends('days', 'alternating')
    def on_change_with_weekly_hours(self, name=None):
        weeks = {'A': Decimal(0), 'B': Decimal(0)}
        for day in self.days or []:
            weeks[day.week or 'A'] += hours_between(day.start_time,
                day.end_time)
        if self.alternating:
            return ((weeks['A'] + weeks['B']) / 2).quantize(CENT)
        return weeks['A']

    @fields.depends('structure', 'start_date', 'end_date', 'leave_weeks',
        'kind')
    def on_change_with_weeks(self):
        if self.kind == 'regular':
            return self.proposed_weeks()

    @fields.depends('structure', 'start_date', 'end_date', 'kind')
    def on_change_with_months(self):
        if (self.kind == 'regular' and self.structure and self.start_date
                and self.end_date):
            return months_between(self.structure, self.start_date,
                self.end_date)

    def proposed_weeks(self):
        """Weeks the crèche is open over the contract (its open days over
        the days it opens a week) less the family's leave."""
        if not (self.structure and self.start_date and self.end_date):
            return None
        per_week = len(self.structure.open_days or ()) or 5
        dates = self.structure.open_dates(self.start_date, self.end_date)
        weeks = Decimal(len(dates)) / per_week - (self.leave_weeks or 0)
        return max(weeks, Decimal(0)).quantize(CENT)

    def week_of(self, date):
        "'A' or 'B': the week of `date` in an alternating planning."
        if not self.alternating:
            return 'A'
        monday = self.start_date - datetime.timedelta(
            days=self.start_date.weekday())
        return 'AB'[((date - monday).days // 7) % 2]

    def slots(self, date):
        "The planned (start, end) times of `date`."
        weekday, week = str(date.weekday()), self.week_of(date)
        return [(d.start_time, d.end_time) for d in self.days
            if d.weekday == weekday and (d.week or 'A') == week]

    def planned_hours(self, date):
        "The hours the contract plans on `date`, the crèche being open."
        if not (self.start_date <= date
                and (not self.end_date or date <= self.end_date)):
            return Decimal(0)
        if not self.structure.is_open(date):
            return Decimal(0)
        return sum((hours_between(s, e) for s, e in self.slots(date)),
            Decimal(0))

    def get_rec_name(self, name):
        child = self.child.rec_name if self.child else ''
        return f"{self.number or ''} {child}".strip()

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('child.rec_name', operator, value),
            ('household.rec_name', operator, value),
            ]

    @classmethod
    def create(cls, vlist):
        contracts = super().create(vlist)
        for contract in contracts:
            contract.number = f"{contract.structure.code}-{contract.id:05d}"
        cls.save(contracts)
        return contracts

    @classmethod
    def copy(cls, contracts, default=None):
        default = dict(default or {})
        for name in ['number', 'planned_end', 'bareme', 'monthly_resources',
                'children', 'disabled_child', 'hourly_rate',
                'monthly_hours', 'monthly_amount', 'deductions']:
            default.setdefault(name, None)
        default.setdefault('state', 'draft')
        return super().copy(contracts, default=default)

    # The price ------------------------------------------------------------

    def household_resources(self):
        """(monthly resources or None, dependent children, disability) of
        the household on the contract's start date."""
        pool = Pool()
        Quotient = pool.get('sitiv.quotient_familial')
        quotient = Quotient.quotient_on(self.household, self.start_date)
        resources = children = None
        disabled = False
        if quotient:
            if quotient.annual_resources is not None:
                resources = (quotient.annual_resources / 12).quantize(CENT,
                    rounding=ROUND_HALF_UP)
            children = quotient.dependent_children
            disabled = bool(quotient.disabled_child)
        if not children:
            children = max(self.household.child_count or 1, 1)
        return resources, children, disabled

    def price(self):
        "Set the barème, resources, hourly rate and monthly amount."
        Bareme = Pool().get('sitiv.creche.bareme')
        bareme = Bareme.find(self.start_date)
        resources, children, disabled = self.household_resources()
        self.bareme = bareme
        self.monthly_resources = resources
        self.children = children
        self.disabled_child = disabled
        if resources is None and self.kind == 'emergency':
            # An emergency without known resources: the floor (CNAF).
            resources = bareme.floor
        self.hourly_rate = bareme.hourly_rate(self.structure.bareme_kind,
            resources, children, disabled)
        if self.kind == 'regular':
            if not self.weeks:
                self.weeks = self.proposed_weeks()
            if not self.months:
                self.months = months_between(self.structure,
                    self.start_date, self.end_date)
            self.monthly_hours = (self.on_change_with_weekly_hours()
                * self.weeks / self.months).quantize(CENT,
                rounding=ROUND_HALF_UP)
            # What a whole month's invoice line comes to.
            self.monthly_amount = self.company.currency.round(
                self.monthly_hours * self.hourly_rate)
        else:
            self.weeks = self.months = None
            self.monthly_hours = self.monthly_amount = None

    @classmethod
    @ModelView.button
    def compute(cls, contracts):
        for contract in contracts:
            contract.price()
        cls.save(contracts)

    @classmethod
    def validate_fields(cls, contracts, field_names):
        super().validate_fields(contracts, field_names)
        for contract in contracts:
            if contract.state == 'running':
                contract.check_overlap()

    def check_overlap(self):
        "One running contract of a child in a crèche at a time."
        domain = [('id', '!=', self.id),
            ('child', '=', self.child.id),
            ('structure', '=', self.structure.id),
            ('state', 'in', ['running', 'closed']),
            ['OR', ('end_date', '=', None),
                ('end_date', '>=', self.start_date)]]
        if self.end_date:
            domain.append(('start_date', '<=', self.end_date))
        others = self.search(domain, limit=1)
        if others:
            raise ValidationError(gettext('sitiv_creche.msg_contract_overlap',
                    contract=self.rec_name, other=others[0].rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('running')
    def start(cls, contracts):
        amended = []
        for contract in contracts:
            if contract.kind == 'regular' and not contract.end_date:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_contract_no_end',
                        contract=contract.rec_name))
            if contract.kind == 'regular' and not contract.days:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_contract_no_planning',
                        contract=contract.rec_name))
            if not contract.amends:
                contract.check_overlap()
            contract.price()
            contract.planned_end = contract.end_date
            if contract.amends:
                previous = contract.amends
                previous.end_date = (contract.start_date
                    - datetime.timedelta(days=1))
                previous.state = 'closed'
                amended.append(previous)
        # The amended versions end first: a contract never overlaps them.
        if amended:
            cls.save(amended)
        cls.save(contracts)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, contracts):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, contracts):
        "Closed on its end date, or today when it had none."
        today = Pool().get('ir.date').today()
        for contract in contracts:
            if not contract.end_date:
                contract.end_date = max(today, contract.start_date)
        cls.save(contracts)

    @classmethod
    @ModelView.button_action('sitiv_creche.wizard_contract_amend')
    def amend(cls, contracts):
        pass

    @classmethod
    def delete(cls, contracts):
        for contract in contracts:
            if contract.state not in {'draft', 'cancelled'}:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_contract_delete',
                        contract=contract.rec_name))
        super().delete(contracts)


class Planning:
    """A contract's planning read once, for the billing of its month: the
    same answers as the contract's `slots` and `planned_hours`, without
    reading the contract's days again for each day clocked."""

    def __init__(self, contract):
        self.contract = contract
        self.start, self.end = contract.start_date, contract.end_date
        self.structure = contract.structure
        self.by_day = {}
        for day in contract.days:
            self.by_day.setdefault((day.week or 'A', day.weekday), []).append(
                (day.start_time, day.end_time))
        self.open = {}

    def slots(self, date):
        return self.by_day.get(
            (self.contract.week_of(date), str(date.weekday())), [])

    def planned_hours(self, date):
        if not (self.start <= date and (not self.end or date <= self.end)):
            return Decimal(0)
        if date not in self.open:
            self.open[date] = self.structure.is_open(date)
        if not self.open[date]:
            return Decimal(0)
        return sum((hours_between(s, e) for s, e in self.slots(date)),
            Decimal(0))


class ContractDay(ModelSQL, ModelView):
    "PSU Contract Day"
    __name__ = 'sitiv.creche.contract.day'

    contract = fields.Many2One(
        'sitiv.creche.contract', "Contract", required=True,
        ondelete='CASCADE')
    week = fields.Selection([('A', "Week A"), ('B', "Week B")], "Week",
        required=True)
    weekday = fields.Selection(WEEKDAYS, "Day", required=True)
    slot = fields.Selection(SLOTS, "Slot",
        help="A half-day or a whole day of the crèche's hours.")
    start_time = fields.Time("Arrival", required=True)
    end_time = fields.Time("Departure", required=True)
    hours = fields.Function(fields.Numeric("Hours", digits=(16, 2)),
        'on_change_with_hours')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('contract')
        cls._order = [('contract', 'ASC'), ('week', 'ASC'),
            ('weekday', 'ASC'), ('start_time', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_week():
        return 'A'

    @fields.depends('slot', 'contract', '_parent_contract.structure')
    def on_change_slot(self):
        structure = self.contract.structure if self.contract else None
        if not structure or not self.slot:
            return
        self.start_time = (structure.afternoon_start
            if self.slot == 'afternoon' else structure.opening_time)
        self.end_time = (structure.morning_end
            if self.slot == 'morning' else structure.closing_time)

    @fields.depends('start_time', 'end_time')
    def on_change_with_hours(self, name=None):
        return hours_between(self.start_time, self.end_time)

    @classmethod
    def validate_fields(cls, days, field_names):
        super().validate_fields(days, field_names)
        for day in days:
            if day.end_time <= day.start_time:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_contract_day_hours',
                        contract=day.contract.rec_name))
            structure = day.contract.structure
            if (day.start_time < structure.opening_time
                    or day.end_time > structure.closing_time):
                raise ValidationError(gettext(
                        'sitiv_creche.msg_contract_day_opening',
                        contract=day.contract.rec_name,
                        structure=structure.rec_name,
                        opening=structure.opening_time.strftime('%H:%M'),
                        closing=structure.closing_time.strftime('%H:%M')))


class AmendStart(ModelView):
    "Contract Avenant"
    __name__ = 'sitiv.creche.contract.amend.start'

    contract = fields.Many2One('sitiv.creche.contract', "Contract",
        readonly=True)
    date = fields.Date("From", required=True,
        help="The new planning and price apply from this day; the current "
        "version ends the day before.")
    reason = fields.Char("Reason", required=True)


class Amend(Wizard):
    "Make an avenant: a new version of the contract from a date, to edit "
    "and start."
    __name__ = 'sitiv.creche.contract.amend'
    start = StateView('sitiv.creche.contract.amend.start',
        'sitiv_creche.contract_amend_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Make the Avenant", 'open_', 'tryton-ok', default=True),
            ])
    open_ = StateAction('sitiv_creche.act_contract')

    def default_start(self, fields):
        return {'contract': self.record.id}

    def do_open_(self, action):
        Contract = Pool().get('sitiv.creche.contract')
        contract = self.record
        date = self.start.date
        if not (contract.start_date < date
                and (not contract.end_date or date <= contract.end_date)):
            raise ValidationError(gettext(
                    'sitiv_creche.msg_amend_date', contract=contract.rec_name,
                    date=date.strftime('%d/%m/%Y')))
        # The family's leave left is that of the days left.
        leave = contract.leave_weeks
        if leave and contract.end_date:
            structure = contract.structure
            whole = len(structure.open_dates(contract.start_date,
                    contract.end_date))
            left = len(structure.open_dates(date, contract.end_date))
            leave = (leave * left / whole).quantize(CENT) if whole else leave
        avenant, = Contract.copy([contract], default={
                'start_date': date,
                'amends': contract.id,
                'amendment_reason': self.start.reason,
                'leave_weeks': leave,
                'weeks': None, 'months': None,
                })
        action['res_id'] = [avenant.id]
        action['views'].reverse()
        return action, {}
