# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The activities a city offers (§2.1.3.4, §2.1.3.5): their unit, ages,
groups and places (§2.1.7), booking rules and open days. What billing
adds (billing mode, revenue account, régie, tariffs, what absences and late
pick-ups cost) is in sitiv_facturation/activity_billing.py."""
import datetime

from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from sitiv_famille.person import age_on

from .school_calendar import public_holidays

DOMAINS = [
    ('periscolaire', "Before and After School"),
    ('restauration', "School Canteen"),
    ('mercredi', "Wednesdays"),
    ('alsh', "Holiday Centre"),
    ('sejour', "Stays"),
    ('sport', "Sport"),
    ('culture', "Culture"),
    ('seniors', "Seniors"),
    ('portage', "Meal Delivery"),
    ('creche', "Crèche"),
    ('other', "Other"),
    ]
UNITS = [
    ('half_day', "Half Day"),
    ('meal', "Meal"),
    ('hour', "Hour"),
    ('day', "Day"),
    ('flat', "Flat Rate"),
    ]


class Activity(DeactivableMixin, ModelSQL, ModelView):
    "Activity"
    __name__ = 'sitiv.activity'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    code = fields.Char("Code", required=True)
    domain = fields.Selection(DOMAINS, "Domain", required=True)
    unit = fields.Selection(UNITS, "Unit", required=True)
    calendar = fields.Selection([
            ('school', "School days"),
            ('holidays', "School holidays"),
            ('any', "Every day"),
            ], "Calendar", required=True,
        help="The days a reservation may book: school days and holiday "
        "days are Monday to Friday; public holidays are never booked.")
    age_min = fields.Integer("Minimum Age (years)")
    age_max = fields.Integer("Maximum Age (years)")
    capacity = fields.Integer(
        "Places", help="Children enrolled at the same time; empty for no "
        "limit.")
    full_policy = fields.Selection([
            ('full', "Shown full"),
            ('waiting_list', "Waiting list offered"),
            ], "When Full", required=True)
    groups = fields.One2Many('sitiv.activity.group', 'activity', "Groups")
    start_date = fields.Date("Start Date")
    end_date = fields.Date(
        "End Date",
        domain=[If(Eval('start_date') & Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    enrolment_start = fields.Date("Enrolment Opens")
    enrolment_end = fields.Date("Enrolment Closes")
    booking_notice = fields.Integer(
        "Booking Notice (days)",
        help="Families book at least this many days ahead.")
    cancel_notice = fields.Integer(
        "Cancellation Notice (days)",
        help="A cancellation later than this is an unexcused absence.")
    diets = fields.Many2Many(
        'sitiv.activity-sitiv.diet', 'activity', 'diet', "Menus and Diets",
        states={'invisible': Eval('domain') != 'restauration'})
    short_name = fields.Char(
        "Unit Name",
        help="How the family's booking calendar names this unit of the "
        "day (« Matin », « Repas », « Soir », « Journée »); the activity's "
        "name when empty.")
    exclusions = fields.Many2Many(
        'sitiv.activity.exclusion', 'activity', 'excluded',
        "Not Booked the Same Day As",
        domain=[('company', '=', Eval('company', -1)),
            ('id', '!=', Eval('id', -1))],
        help="A child booked for this activity cannot be booked the same "
        "day for these (the day excludes the morning and the afternoon).")
    required_document_types = fields.Many2Many(
        'sitiv.activity-sitiv.document.type', 'activity', 'document_type',
        "Required Documents")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('company', 'ASC'), ('name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_unit():
        return 'day'

    @staticmethod
    def default_calendar():
        return 'school'

    @fields.depends('domain')
    def on_change_domain(self):
        if self.domain in {'alsh', 'sejour'}:
            self.calendar = 'holidays'
        elif self.domain in {'periscolaire', 'restauration', 'mercredi'}:
            self.calendar = 'school'
        elif self.domain:
            self.calendar = 'any'

    @property
    def unit_name(self):
        return self.short_name or self.name

    def open_days(self, start, end):
        "The days of [start, end] on which the activity takes place."
        pool = Pool()
        Holiday = pool.get('sitiv.school_holiday')
        holidays = Holiday.holiday_days(
            start, end, self.company.sitiv_school_zone or 'A')
        days = []
        day = start
        while day <= end:
            if ((not self.start_date or day >= self.start_date)
                    and (not self.end_date or day <= self.end_date)
                    and day not in public_holidays(day.year)
                    and (self.calendar == 'any'
                        or (day.weekday() < 5 and (day in holidays)
                            == (self.calendar == 'holidays')))):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    @staticmethod
    def default_full_policy():
        return 'waiting_list'

    @staticmethod
    def default_cancel_notice():
        return 2

    @staticmethod
    def default_booking_notice():
        return 2

    def get_rec_name(self, name):
        return self.name

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('code', operator, operand, *extra),
            ]

    def places_left(self, date):
        """Places free on `date` (None: no limit), counted now: what the
        portal shows is what the next enrolment will find (§2.1.7)."""
        if self.capacity is None:
            return None
        Enrolment = Pool().get('sitiv.enrolment')
        taken = Enrolment.search_count([
                ('activity', '=', self.id),
                ('state', '=', 'enrolled'),
                ('start_date', '<=', date),
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ])
        return max(self.capacity - taken, 0)

    @classmethod
    def open_to(cls, company, child, date):
        """The activities of `company` a child may be enrolled in on `date`:
        active, of the child's age, enrolment open (§2.1.9 « seulement
        celles ouvertes à la famille »)."""
        age = age_on(child.birth_date, date) if child.birth_date else None
        result = []
        for activity in cls.search([('company', '=', company.id)]):
            if ((activity.enrolment_start and date < activity.enrolment_start)
                    or (activity.enrolment_end
                        and date > activity.enrolment_end)
                    or (activity.end_date and date > activity.end_date)):
                continue
            if age is not None and (
                    (activity.age_min is not None and age < activity.age_min)
                    or (activity.age_max is not None
                        and age > activity.age_max)):
                continue
            result.append(activity)
        return result

    def group_for(self, age):
        "The group of the activity a child of `age` years belongs to."
        for group in self.groups:
            if ((group.age_min is None or age >= group.age_min)
                    and (group.age_max is None or age <= group.age_max)):
                return group


class ActivityGroup(ModelSQL, ModelView):
    "Activity Group"
    __name__ = 'sitiv.activity.group'

    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    age_min = fields.Integer("Minimum Age (years)")
    age_max = fields.Integer("Maximum Age (years)")
    capacity = fields.Integer("Places")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Seen and changed with its activity, under the activity's rules.
        cls.__access__.add('activity')
        cls._order = [('activity', 'ASC'), ('age_min', 'ASC'), ('id', 'ASC')]


class ActivityDiet(ModelSQL):
    "Activity Menu"
    __name__ = 'sitiv.activity-sitiv.diet'
    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
    diet = fields.Many2One(
        'sitiv.diet', "Diet", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Changed with the activity, by those who may change it.
        cls.__access__.add('activity')


class ActivityExclusion(ModelSQL):
    "Activities Not Booked the Same Day"
    __name__ = 'sitiv.activity.exclusion'
    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
    excluded = fields.Many2One(
        'sitiv.activity', "Excluded Activity", required=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('activity')

    @classmethod
    def excluded_ids(cls, activity_ids):
        """{activity id: ids of the activities it excludes}, both ways
        (« journée » excludes « matin » as « matin » excludes
        « journée »), in one query."""
        result = {i: set() for i in activity_ids}
        for exclusion in cls.search(['OR',
                    ('activity', 'in', list(activity_ids)),
                    ('excluded', 'in', list(activity_ids))]):
            a, b = exclusion.activity.id, exclusion.excluded.id
            result.setdefault(a, set()).add(b)
            result.setdefault(b, set()).add(a)
        return result


class ActivityDocumentType(ModelSQL):
    "Activity Required Document"
    __name__ = 'sitiv.activity-sitiv.document.type'
    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
    document_type = fields.Many2One(
        'sitiv.document.type', "Document Type", required=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('activity')
