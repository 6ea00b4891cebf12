# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Reservations and attendance (§2.1.3.4, §2.1.4): one line per child,
activity and day, reserved ahead then pointed présent, absent justifié,
absent non justifié or présence non facturée, with late pick-ups. A line
already billed that changes is marked for regularisation: the next billing
run, however late, bills the difference (§2.1.5.2)."""
import datetime
from decimal import Decimal

from sql.aggregate import Count, Min

from hestia_base.batch import search

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from sitiv_famille.custody import WEEKDAYS

from .enrolment import MEAL_CATEGORIES

STATES = [
    ('reserved', "Reserved"),
    ('present', "Present"),
    ('absent_excused', "Excused Absence"),
    ('absent_unexcused', "Unexcused Absence"),
    ('present_unbilled', "Present, Not Billed"),
    ('cancelled', "Cancelled"),
    ]
# The days that take the child's place (a day excludes its half days).
EXCLUSIVE_STATES = ['reserved', 'present', 'present_unbilled',
    'absent_unexcused']
# What the central kitchen cooks for.
MEAL_STATES = ['reserved', 'present', 'absent_unexcused', 'present_unbilled']


class Attendance(ModelSQL, ModelView):
    "Attendance"
    __name__ = 'sitiv.attendance'
    _history = True

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    enrolment = fields.Many2One(
        'sitiv.enrolment', "Enrolment", required=True, ondelete='RESTRICT',
        domain=[('state', '=', 'enrolled')],
        states={'readonly': Eval('id', -1) > 0})
    child = fields.Many2One('party.party', "Child", readonly=True)
    activity = fields.Many2One('sitiv.activity', "Activity", readonly=True)
    household = fields.Many2One(
        'sitiv.household', "Household", readonly=True,
        help="The household in custody of the child that day.")
    date = fields.Date(
        "Date", required=True, states={'readonly': Eval('id', -1) > 0})
    state = fields.Selection(STATES, "Attendance", required=True)
    state_string = state.translated('state')
    quantity = fields.Numeric(
        "Quantity", digits=(16, 2), required=True,
        help="Units of the activity (hours for an hourly activity).")
    overtime = fields.Boolean("Late Pick-up")
    overtime_minutes = fields.Integer(
        "Minutes Late", states={'invisible': ~Eval('overtime')})
    diet = fields.Many2One('sitiv.diet', "Menu / Diet", readonly=True)
    meal_category = fields.Selection(
        MEAL_CATEGORIES, "Meal Type", readonly=True)
    note = fields.Char("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('enrolment_date_uniq', Unique(t, t.enrolment, t.date),
                'sitiv_activite.msg_attendance_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.date, Index.Range())),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                name: {
                    'invisible': Eval('state') == state,
                    'depends': ['state'],
                    }
                for name, state in [
                    ('mark_present', 'present'),
                    ('mark_absent_excused', 'absent_excused'),
                    ('mark_absent_unexcused', 'absent_unexcused'),
                    ('mark_present_unbilled', 'present_unbilled'),
                    ]})
        cls._buttons['cancel_reservation'] = {
            'invisible': Eval('state') != 'reserved',
            'depends': ['state'],
            }

    @staticmethod
    def default_state():
        return 'reserved'

    @staticmethod
    def default_quantity():
        return Decimal(1)

    def get_rec_name(self, name):
        return '%s — %s — %s' % (self.child.rec_name, self.activity.rec_name,
            self.date.strftime('%d/%m/%Y'))

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('enrolment.rec_name',) + tuple(clause[1:])]

    @classmethod
    def household_on(cls, enrolment, date, custodies):
        "The household in custody that day (the enrolling one by default)."
        for custody in custodies.get(enrolment.child.id, []):
            if custody.applies_on(date):
                return custody.household
        return enrolment.household

    @classmethod
    def custodies_of(cls, children):
        Custody = Pool().get('sitiv.custody')
        custodies = {}
        for custody in search(Custody, [], 'child', [c.id for c in children]):
            custodies.setdefault(custody.child.id, []).append(custody)
        return custodies

    @classmethod
    def create(cls, vlist):
        Enrolment = Pool().get('sitiv.enrolment')
        vlist = [v.copy() for v in vlist]
        enrolments = {e.id: e for e in Enrolment.browse(
                list({v['enrolment'] for v in vlist}))}
        custodies = cls.custodies_of(
            list({e.child for e in enrolments.values()}))
        for values in vlist:
            enrolment = enrolments[values['enrolment']]
            values.setdefault('company', enrolment.company.id)
            values.setdefault('child', enrolment.child.id)
            values.setdefault('activity', enrolment.activity.id)
            values.setdefault('diet',
                enrolment.diet.id if enrolment.diet else None)
            values.setdefault('meal_category', enrolment.meal_category)
            values.setdefault('household', cls.household_on(
                    enrolment, values['date'], custodies).id)
        return super().create(vlist)

    @classmethod
    def validate_fields(cls, attendances, field_names):
        super().validate_fields(attendances, field_names)
        if field_names & {'date', 'enrolment'}:
            for attendance in attendances:
                enrolment = attendance.enrolment
                if (attendance.date < enrolment.start_date
                        or (enrolment.end_date
                            and attendance.date > enrolment.end_date)):
                    raise ValidationError(gettext(
                            'sitiv_activite.msg_attendance_outside',
                            attendance=attendance.rec_name))

    @classmethod
    def validate(cls, attendances):
        super().validate(attendances)
        cls.check_exclusions(attendances)

    @classmethod
    def check_exclusions(cls, attendances):
        """No child is booked the same day for two activities that exclude
        each other (« journée » with « matin »), whoever books: one query
        for the batch, none when no activity has exclusions."""
        Exclusion = Pool().get('sitiv.activity.exclusion')
        booked = [a for a in attendances if a.state in EXCLUSIVE_STATES]
        excluded = Exclusion.excluded_ids({a.activity.id for a in booked})
        booked = [a for a in booked if excluded.get(a.activity.id)]
        if not booked:
            return
        others = {}
        for other in cls.search([
                    ('child', 'in', list({a.child.id for a in booked})),
                    ('date', 'in', list({a.date for a in booked})),
                    ('activity', 'in', list(set().union(
                                *excluded.values()))),
                    ('state', 'in', EXCLUSIVE_STATES),
                    ]):
            others.setdefault((other.child.id, other.date), []).append(other)
        for attendance in booked:
            for other in others.get((attendance.child.id, attendance.date),
                    []):
                if other.activity.id in excluded[attendance.activity.id]:
                    raise ValidationError(gettext(
                            'sitiv_activite.msg_attendance_excluded',
                            child=attendance.child.rec_name,
                            day=attendance.date.strftime('%d/%m/%Y'),
                            activity=attendance.activity.unit_name,
                            other=other.activity.unit_name))

    @classmethod
    def _mark(cls, attendances, state):
        cls.write(list(attendances), {'state': state})

    @classmethod
    @ModelView.button
    def mark_present(cls, attendances):
        cls._mark(attendances, 'present')

    @classmethod
    @ModelView.button
    def mark_absent_excused(cls, attendances):
        cls._mark(attendances, 'absent_excused')

    @classmethod
    @ModelView.button
    def mark_absent_unexcused(cls, attendances):
        cls._mark(attendances, 'absent_unexcused')

    @classmethod
    @ModelView.button
    def mark_present_unbilled(cls, attendances):
        cls._mark(attendances, 'present_unbilled')

    @classmethod
    @ModelView.button
    def cancel_reservation(cls, attendances):
        """Within the notice period the reservation is cancelled; later, it
        stays due as an unexcused absence (§2.1.3.4 délai de prévenance)."""
        Date = Pool().get('ir.date')
        today = Date.today()
        in_time, late = [], []
        for attendance in attendances:
            notice = attendance.activity.cancel_notice or 0
            if (attendance.date - today).days >= notice:
                in_time.append(attendance)
            else:
                late.append(attendance)
        if in_time:
            cls._mark(in_time, 'cancelled')
        if late:
            cls._mark(late, 'absent_unexcused')

    @classmethod
    def book(cls, enrolment, days):
        """A family books `days` of an enrolment (portal): each day must be
        an open day of the activity, within the enrolment and at least the
        booking notice ahead (§2.1.4); a cancelled day is booked again.
        Checked before anything is written; the refusal names the day."""
        Date = Pool().get('ir.date')
        today = Date.today()
        activity = enrolment.activity
        first_bookable = today + datetime.timedelta(
            days=activity.booking_notice or 0)
        days = sorted(set(days))
        if not days:
            return []
        open_days = set(activity.open_days(days[0], days[-1]))
        for day in days:
            if enrolment.state != 'enrolled' or day < enrolment.start_date \
                    or (enrolment.end_date and day > enrolment.end_date) \
                    or day not in open_days:
                raise UserError(gettext('sitiv_activite.msg_book_closed',
                        day=day.strftime('%d/%m/%Y'),
                        activity=activity.rec_name))
            if day < first_bookable:
                raise UserError(gettext('sitiv_activite.msg_book_notice',
                        day=day.strftime('%d/%m/%Y'),
                        activity=activity.rec_name,
                        notice=activity.booking_notice or 0))
        existing = {a.date: a for a in cls.search([
                    ('enrolment', '=', enrolment.id),
                    ('date', 'in', days)])}
        cancelled = [a for a in existing.values() if a.state == 'cancelled']
        if cancelled:
            cls._mark(cancelled, 'reserved')
        return cancelled + cls.create([{'enrolment': enrolment.id, 'date': d}
                for d in days if d not in existing])

    @classmethod
    def cancel_by_family(cls, attendances):
        """A family cancels reservations (portal): only reserved days, and
        only within the cancellation notice — later the day stays due and
        the service decides (§2.1.3.4 délai de prévenance)."""
        Date = Pool().get('ir.date')
        today = Date.today()
        for attendance in attendances:
            notice = attendance.activity.cancel_notice or 0
            if attendance.state != 'reserved' or (
                    attendance.date - today).days < notice:
                raise UserError(gettext('sitiv_activite.msg_cancel_late',
                        day=attendance.date.strftime('%d/%m/%Y'),
                        activity=attendance.activity.rec_name,
                        notice=notice))
        cls.cancel_reservation(attendances)

    @classmethod
    def reserve(cls, enrolments, start, end, weekdays, check_notice=False):
        """Book `weekdays` (0 = Monday) of [start, end] for each enrolment,
        on the days its activity is open; existing days are kept."""
        Date = Pool().get('ir.date')
        today = Date.today()
        existing = {(a.enrolment.id, a.date) for a in cls.search([
                    ('enrolment', 'in', [e.id for e in enrolments]),
                    ('date', '>=', start), ('date', '<=', end),
                    ])}
        vlist = []
        open_days = {}
        for enrolment in enrolments:
            activity = enrolment.activity
            first = max(start, enrolment.start_date)
            last = min(end, enrolment.end_date or end)
            if check_notice:
                first = max(first, today + datetime.timedelta(
                        days=activity.booking_notice or 0))
            if first > last:
                continue
            key = (activity.id, first, last)
            if key not in open_days:
                open_days[key] = activity.open_days(first, last)
            for day in open_days[key]:
                if (day.weekday() in weekdays
                        and (enrolment.id, day) not in existing):
                    vlist.append({'enrolment': enrolment.id, 'date': day})
        return cls.create(vlist)


class KitchenCount(ModelSQL, ModelView):
    "Kitchen Count"
    # Meals per day for the central kitchen, by meal type and diet
    # (§2.1.3.4); exported from the list.
    __name__ = 'sitiv.kitchen_count'

    company = fields.Many2One('company.company', "City", readonly=True)
    date = fields.Date("Date", readonly=True)
    activity = fields.Many2One('sitiv.activity', "Activity", readonly=True)
    meal_category = fields.Selection(
        MEAL_CATEGORIES, "Meal Type", readonly=True)
    diet = fields.Many2One('sitiv.diet', "Menu / Diet", readonly=True)
    meals = fields.Integer("Meals", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'ASC'), ('activity', 'ASC'),
            ('meal_category', 'ASC'), ('diet', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Activity = pool.get('sitiv.activity')
        attendance = Attendance.__table__()
        activity = Activity.__table__()
        return attendance.join(activity,
            condition=attendance.activity == activity.id).select(
            Min(attendance.id).as_('id'),
            Min(attendance.create_uid).as_('create_uid'),
            Min(attendance.create_date).as_('create_date'),
            Min(attendance.write_uid).as_('write_uid'),
            Min(attendance.write_date).as_('write_date'),
            attendance.company, attendance.date, attendance.activity,
            attendance.meal_category, attendance.diet,
            Count(attendance.id).as_('meals'),
            where=(activity.domain == 'restauration')
            & attendance.state.in_(MEAL_STATES),
            group_by=[attendance.company, attendance.date,
                attendance.activity, attendance.meal_category,
                attendance.diet])


class ReserveStart(ModelView):
    "Reserve a Weekly Pattern"
    __name__ = 'sitiv.attendance.reserve.start'

    enrolments = fields.Many2Many(
        'sitiv.enrolment', None, None, "Enrolments", required=True,
        domain=[('state', '=', 'enrolled')])
    start_date = fields.Date("From", required=True)
    end_date = fields.Date(
        "To", required=True, domain=[('end_date', '>=', Eval('start_date'))])
    monday = fields.Boolean("Monday")
    tuesday = fields.Boolean("Tuesday")
    wednesday = fields.Boolean("Wednesday")
    thursday = fields.Boolean("Thursday")
    friday = fields.Boolean("Friday")
    saturday = fields.Boolean("Saturday")
    sunday = fields.Boolean("Sunday")

    def weekdays(self):
        return {i for i, day in enumerate(WEEKDAYS) if getattr(self, day)}


class Reserve(Wizard):
    "Book a weekly pattern over a period for a selection of enrolments."
    __name__ = 'sitiv.attendance.reserve'
    start = StateView('sitiv.attendance.reserve.start',
        'sitiv_activite.attendance_reserve_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Reserve", 'reserve', 'tryton-ok', default=True),
            ])
    reserve = StateTransition()

    def default_start(self, fields):
        context = Transaction().context
        values = {'monday': True, 'tuesday': True, 'thursday': True,
            'friday': True}
        if context.get('active_model') == 'sitiv.enrolment':
            values['enrolments'] = list(context.get('active_ids') or [])
        return values

    def transition_reserve(self):
        Attendance = Pool().get('sitiv.attendance')
        weekdays = self.start.weekdays()
        if not weekdays:
            raise ValidationError(gettext(
                    'sitiv_activite.msg_reserve_no_day'))
        Attendance.reserve(list(self.start.enrolments),
            self.start.start_date, self.start.end_date, weekdays)
        return 'end'
