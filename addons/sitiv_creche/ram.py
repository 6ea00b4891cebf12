# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The Relais petite enfance (spec 003 §2.1.3.2): the assistantes
maternelles of the city with their agréments (new or renewed, places in
all and under 18 months), absences, the children placed with them
(planned weekly planning) and the days actually done, the search of an
assistante with a place free for a child of a given age on a date, and
the monthly payroll variables exported for the HR software (crèche
familiale: the city employs them) and imported back from it. Documents
(agrément decision, insurance) are attached to the assistante's record."""
import datetime
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from hestia import months as calendar_months

from .application import full_months
from .structure import WEEKDAYS, hours_between

ZERO = Decimal(0)


class Assistant(ModelSQL, ModelView):
    "Assistante Maternelle"
    __name__ = 'sitiv.ram.assistant'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    party = fields.Many2One('party.party', "Person", required=True,
        context={'company': Eval('company', -1)}, depends={'company'},
        help="Name, address, phone and email of the assistante.")
    employee_number = fields.Char("Employee Number",
        help="Her number in the HR software (crèche familiale).")
    active = fields.Boolean("Active")
    agrements = fields.One2Many('sitiv.ram.agrement', 'assistant',
        "Agréments")
    absences = fields.One2Many('sitiv.ram.absence', 'assistant', "Absences")
    placements = fields.One2Many('sitiv.ram.placement', 'assistant',
        "Children Placed")
    notes = fields.Text("Observations")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('party.name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_active():
        return True

    def get_rec_name(self, name):
        return self.party.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name',) + tuple(clause[1:])]

    def agrement_on(self, date):
        "The agrément in force on `date`, or None."
        return next((a for a in self.agrements
                if a.start_date <= date <= a.end_date), None)

    def absent_on(self, date):
        return any(a.start_date <= date <= a.end_date
            for a in self.absences)

    def places_free(self, date, age_months=None):
        """Places free on `date` (for a child of `age_months`): her
        agrément's places less the children placed, and its places under
        18 months less the babies placed."""
        agrement = self.agrement_on(date)
        if not agrement or self.absent_on(date):
            return 0
        placed = [p for p in self.placements if p.covers(date)]
        free = agrement.places - len(placed)
        if age_months is not None and age_months < 18:
            babies = sum(1 for p in placed
                if p.child.birth_date
                and full_months(p.child.birth_date, date) < 18)
            free = min(free, (agrement.places_babies or 0) - babies)
        return max(free, 0)


class Agrement(ModelSQL, ModelView):
    "Agrément"
    __name__ = 'sitiv.ram.agrement'

    assistant = fields.Many2One('sitiv.ram.assistant', "Assistante",
        required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('new', "First agrément"),
            ('renewal', "Renewal"),
            ], "Kind", required=True)
    number = fields.Char("Decision Number")
    start_date = fields.Date("From", required=True)
    end_date = fields.Date("Until", required=True,
        domain=[('end_date', '>', Eval('start_date'))],
        help="Five years for a first agrément or a renewal (PMI).")
    places = fields.Integer("Places", required=True,
        domain=[('places', '>=', 1), ('places', '<=', 6)])
    places_babies = fields.Integer("Of Which Under 18 Months",
        domain=['OR', ('places_babies', '=', None),
            ('places_babies', '<=', Eval('places', 0))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('assistant')
        cls._order = [('assistant', 'ASC'), ('start_date', 'DESC'),
            ('id', 'DESC')]

    @staticmethod
    def default_kind():
        return 'new'

    @classmethod
    def validate_fields(cls, agrements, field_names):
        super().validate_fields(agrements, field_names)
        for agrement in agrements:
            others = [a for a in agrement.assistant.agrements
                if a.id != agrement.id
                and a.start_date <= agrement.end_date
                and agrement.start_date <= a.end_date]
            if others:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_agrement_overlap',
                        assistant=agrement.assistant.rec_name))


class Absence(ModelSQL, ModelView):
    "Assistante Maternelle Absence"
    __name__ = 'sitiv.ram.absence'

    assistant = fields.Many2One('sitiv.ram.assistant', "Assistante",
        required=True, ondelete='CASCADE')
    start_date = fields.Date("From", required=True)
    end_date = fields.Date("To", required=True,
        domain=[('end_date', '>=', Eval('start_date'))])
    reason = fields.Char("Reason")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('assistant')
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]


class Placement(ModelSQL, ModelView):
    "Child Placed with an Assistante"
    __name__ = 'sitiv.ram.placement'

    assistant = fields.Many2One('sitiv.ram.assistant', "Assistante",
        required=True, ondelete='CASCADE')
    child = fields.Many2One('party.party', "Child", required=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    company = fields.Function(fields.Many2One('company.company', "City"),
        'on_change_with_company')
    start_date = fields.Date("From", required=True)
    end_date = fields.Date("To",
        domain=['OR', ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date'))])
    days = fields.One2Many('sitiv.ram.placement.day', 'placement',
        "Planned Week")
    weekly_hours = fields.Function(fields.Numeric("Hours per Week",
            digits=(16, 2)), 'on_change_with_weekly_hours')
    done = fields.One2Many('sitiv.ram.day', 'placement', "Days Done")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('assistant')
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @fields.depends('assistant', '_parent_assistant.company')
    def on_change_with_company(self, name=None):
        return self.assistant.company if self.assistant else None

    @fields.depends('days')
    def on_change_with_weekly_hours(self, name=None):
        return sum((hours_between(d.start_time, d.end_time)
                for d in self.days or []), ZERO)

    def covers(self, date):
        return self.start_date <= date and (
            not self.end_date or date <= self.end_date)

    def planned_hours(self, date):
        if not self.covers(date):
            return ZERO
        weekday = str(date.weekday())
        return sum((hours_between(d.start_time, d.end_time)
                for d in self.days if d.weekday == weekday), ZERO)

    @classmethod
    def validate_fields(cls, placements, field_names):
        super().validate_fields(placements, field_names)
        for placement in placements:
            date = placement.start_date
            assistant = placement.assistant
            agrement = assistant.agrement_on(date)
            placed = [p for p in assistant.placements if p.covers(date)]
            if not agrement or len(placed) > agrement.places:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_placement_places',
                        assistant=assistant.rec_name,
                        child=placement.child.rec_name,
                        date=date.strftime('%d/%m/%Y')))


class PlacementDay(ModelSQL, ModelView):
    "Planned Day with an Assistante"
    __name__ = 'sitiv.ram.placement.day'

    placement = fields.Many2One('sitiv.ram.placement', "Placement",
        required=True, ondelete='CASCADE')
    weekday = fields.Selection(WEEKDAYS, "Day", required=True)
    start_time = fields.Time("Arrival", required=True)
    end_time = fields.Time("Departure", required=True,
        domain=[('end_time', '>', Eval('start_time'))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('placement')


class Day(ModelSQL, ModelView):
    "Day Done with an Assistante"
    __name__ = 'sitiv.ram.day'

    placement = fields.Many2One('sitiv.ram.placement', "Placement",
        required=True, ondelete='CASCADE')
    date = fields.Date("Date", required=True)
    start_time = fields.Time("Arrival")
    end_time = fields.Time("Departure")
    absent = fields.Boolean("Child Absent")
    meals = fields.Integer("Meals", domain=['OR', ('meals', '=', None),
            ('meals', '>=', 0)])
    hours = fields.Function(fields.Numeric("Hours", digits=(16, 2)),
        'on_change_with_hours')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('placement')
        cls._order = [('date', 'DESC'), ('id', 'ASC')]

    @fields.depends('start_time', 'end_time', 'absent')
    def on_change_with_hours(self, name=None):
        if self.absent:
            return ZERO
        return hours_between(self.start_time, self.end_time)


class Payroll(ModelSQL, ModelView):
    "Assistante Maternelle Payroll Variables"
    __name__ = 'sitiv.ram.payroll'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    assistant = fields.Many2One('sitiv.ram.assistant', "Assistante",
        required=True, domain=[('company', '=', Eval('company', -1))])
    month = fields.Date("Month", required=True)
    planned_hours = fields.Numeric("Hours Planned", digits=(16, 2))
    hours = fields.Numeric("Hours Done", digits=(16, 2))
    days = fields.Integer("Days of Care",
        help="Days with at least one child: the maintenance allowances.")
    children = fields.Integer("Children Cared For")
    meals = fields.Integer("Meals")
    absence_days = fields.Integer("Days of Absence")
    source = fields.Selection([
            ('computed', "Computed from the days done"),
            ('imported', "Imported from the HR software"),
            ], "Source", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_constraints += [
            ('assistant_month_unique', Unique(table, table.assistant,
                    table.month), 'sitiv_creche.msg_payroll_unique'),
            ]
        cls._order = [('month', 'DESC'), ('assistant', 'ASC'),
            ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def compute(cls, company, month):
        """The variables of `month` for the city's assistantes, from the
        days done; written over a computed line, never over an imported
        one. Returns the lines of the month."""
        pool = Pool()
        Assistant = pool.get('sitiv.ram.assistant')
        first, last = calendar_months.bounds(month)
        existing = {p.assistant.id: p for p in cls.search([
                    ('company', '=', company.id), ('month', '=', first)])}
        to_create, to_save = [], []
        for assistant in Assistant.search([('company', '=', company.id)]):
            values = assistant_month(assistant, first, last)
            line = existing.get(assistant.id)
            if line is None:
                to_create.append(dict(values, company=company.id,
                        assistant=assistant.id, month=first,
                        source='computed'))
            elif line.source == 'computed':
                for name, value in values.items():
                    setattr(line, name, value)
                to_save.append(line)
        cls.save(to_save)
        cls.create(to_create)
        return cls.search([('company', '=', company.id),
                ('month', '=', first)])


def assistant_month(assistant, first, last):
    "The payroll variables of `assistant` from `first` to `last`."
    planned = hours = ZERO
    days, children, meals = set(), set(), 0
    date = first
    while date <= last:
        if not assistant.absent_on(date):
            for placement in assistant.placements:
                planned += placement.planned_hours(date)
        date += datetime.timedelta(days=1)
    for placement in assistant.placements:
        for day in placement.done:
            if first <= day.date <= last and not day.absent:
                hours += day.hours or ZERO
                days.add(day.date)
                children.add(placement.child.id)
                meals += day.meals or 0
    absence_days = sum(
        (min(a.end_date, last) - max(a.start_date, first)).days + 1
        for a in assistant.absences
        if a.start_date <= last and a.end_date >= first)
    return {'planned_hours': planned, 'hours': hours, 'days': len(days),
        'children': len(children), 'meals': meals,
        'absence_days': absence_days}


class SearchStart(ModelView):
    "Find an Assistante Maternelle"
    __name__ = 'sitiv.ram.search.start'

    date = fields.Date("From", required=True)
    birth_date = fields.Date("Child's Birth Date", required=True)


class Search(Wizard):
    "The assistantes with a place free for the child on the date."
    __name__ = 'sitiv.ram.search'
    start = StateView('sitiv.ram.search.start',
        'sitiv_creche.ram_search_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Search", 'open_', 'tryton-search', default=True),
            ])
    open_ = StateAction('sitiv_creche.act_assistant')

    def do_open_(self, action):
        Assistant = Pool().get('sitiv.ram.assistant')
        date = self.start.date
        age = full_months(self.start.birth_date, date)
        found = [a.id for a in Assistant.search([])
            if a.places_free(date, age) > 0]
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', found)])
        action['name'] += f" — {date.strftime('%d/%m/%Y')}"
        return action, {}
