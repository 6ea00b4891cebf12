# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Crèches (EAJE, spec 003 §2.1.3.1, §2.1.7): the structure and its kind,
agrément capacity per time slot, opening hours and days, closures, sections
and the staff ratio rule. Each structure bills through an activity of the
« Crèche » domain, created with it: the family's single invoice credits the
structure's revenue account."""
import datetime
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields, DeactivableMixin
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from sitiv_activite.school_calendar import public_holidays

KINDS = [
    ('multi_accueil', "Multi-Care"),
    ('collective', "Collective Crèche"),
    ('familiale', "Family Crèche"),
    ('parentale', "Parental Crèche"),
    ('halte_garderie', "Drop-in Nursery"),
    ('micro', "Micro-Crèche"),
    ]
# The CNAF barème has two tables: collective care, and family, parental
# and micro-crèche care (circular 2019-005).
FAMILIAL_KINDS = {'familiale', 'parentale', 'micro'}
RATIO_RULES = [
    ('uniform', "One professional for N children"),
    ('walking', "Walkers and non-walkers"),
    ]
WEEKDAYS = [
    ('0', "Monday"), ('1', "Tuesday"), ('2', "Wednesday"),
    ('3', "Thursday"), ('4', "Friday"), ('5', "Saturday"), ('6', "Sunday"),
    ]


def hours_between(start, end):
    "Hours from time `start` to time `end` (Decimal, 2 digits)."
    if not start or not end:
        return Decimal(0)
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return (Decimal(max(minutes, 0)) / 60).quantize(Decimal('0.01'))


class Structure(DeactivableMixin, ModelSQL, ModelView):
    "Crèche"
    __name__ = 'sitiv.creche.structure'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    code = fields.Char("Code", required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    kind_string = kind.translated('kind')
    caf_number = fields.Char("CAF Facility Number",
        help="The number the CAF gives the crèche (FILOUE, monenfant.fr).")
    street = fields.Char("Address")
    activity = fields.Many2One(
        'sitiv.activity', "Billed Activity", readonly=True,
        ondelete='RESTRICT',
        help="Created with the crèche: its lines on the family invoice.")
    opening_time = fields.Time("Opens At", required=True)
    closing_time = fields.Time("Closes At", required=True)
    morning_end = fields.Time(
        "Morning Ends At", help="For planning models in half-days.")
    afternoon_start = fields.Time("Afternoon Starts At")
    open_days = fields.MultiSelection(WEEKDAYS, "Open Days")
    agrement_places = fields.Integer(
        "Agreed Places", required=True,
        help="The capacity of the agrément; see the slots for a capacity "
        "that changes during the day.")
    capacities = fields.One2Many(
        'sitiv.creche.capacity', 'structure', "Capacity per Time Slot")
    closures = fields.One2Many(
        'sitiv.creche.closure', 'structure', "Closures")
    sections = fields.One2Many(
        'sitiv.creche.section', 'structure', "Sections")
    adaptation_billed = fields.Boolean(
        "Adaptation Hours Billed",
        help="Billed at the family's hourly rate on the hours attended; "
        "free when unticked.")
    illness_waiting_days = fields.Integer(
        "Illness Waiting Days", required=True,
        help="Calendar days of an illness still billed before the "
        "deduction (CNAF: three).")
    ratio_rule = fields.Selection(RATIO_RULES, "Staff Ratio Rule",
        required=True)
    ratio_children = fields.Integer(
        "Children per Professional", required=True,
        states={'invisible': Eval('ratio_rule') != 'uniform'})
    ratio_not_walking = fields.Integer(
        "Non-Walkers per Professional", required=True,
        states={'invisible': Eval('ratio_rule') != 'walking'})
    ratio_walking = fields.Integer(
        "Walkers per Professional", required=True,
        states={'invisible': Eval('ratio_rule') != 'walking'})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('company', 'ASC'), ('name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'multi_accueil'

    @staticmethod
    def default_opening_time():
        return datetime.time(7, 30)

    @staticmethod
    def default_closing_time():
        return datetime.time(18, 30)

    @staticmethod
    def default_morning_end():
        return datetime.time(12, 30)

    @staticmethod
    def default_afternoon_start():
        return datetime.time(13, 30)

    @staticmethod
    def default_open_days():
        return ['0', '1', '2', '3', '4']

    @staticmethod
    def default_adaptation_billed():
        return True

    @staticmethod
    def default_illness_waiting_days():
        return 3

    # Décret n° 2021-1131 du 30 août 2021 (applied from 2022): one
    # professional for six children, or one for five who do not walk and
    # one for eight who walk.
    @staticmethod
    def default_ratio_rule():
        return 'uniform'

    @staticmethod
    def default_ratio_children():
        return 6

    @staticmethod
    def default_ratio_not_walking():
        return 5

    @staticmethod
    def default_ratio_walking():
        return 8

    @property
    def bareme_kind(self):
        "The table of the CNAF barème the crèche's families are priced on."
        return 'familial' if self.kind in FAMILIAL_KINDS else 'collective'

    @classmethod
    def create(cls, vlist):
        "Each crèche bills through its own activity of the Crèche domain."
        Activity = Pool().get('sitiv.activity')
        vlist = [dict(v) for v in vlist]
        missing = [v for v in vlist if not v.get('activity')]
        # The family service's administrator opens crèches; their billing
        # activity follows, whoever may set activities up.
        with without_check_access():
            activities = Activity.create([{
                        'company': v.get('company')
                        or cls.default_company(),
                        'name': v['name'], 'code': v['code'],
                        'domain': 'creche', 'unit': 'hour',
                        'calendar': 'any',
                        } for v in missing])
        for values, activity in zip(missing, activities):
            values['activity'] = activity.id
        return super().create(vlist)

    def is_open(self, date):
        "Whether the crèche receives children on `date`."
        if str(date.weekday()) not in (self.open_days or ()):
            return False
        if date in public_holidays(date.year):
            return False
        return not any(c.start_date <= date <= c.end_date
            for c in self.closures)

    def open_dates(self, start, end):
        "The dates the crèche is open from `start` to `end` included."
        day, dates = start, []
        while day <= end:
            if self.is_open(day):
                dates.append(day)
            day += datetime.timedelta(days=1)
        return dates

    def capacity_at(self, date, time):
        "Places agreed at `time` on `date`: the slot's, else the agrément."
        weekday = str(date.weekday())
        for slot in self.capacities:
            if slot.weekday and slot.weekday != weekday:
                continue
            if slot.start_time <= time < slot.end_time:
                return slot.places
        return self.agrement_places

    def free_places(self, date):
        """Places agreed less the regular contracts running on `date` and
        the places offered and not yet answered for that date or before."""
        pool = Pool()
        Contract = pool.get('sitiv.creche.contract')
        Application = pool.get('sitiv.creche.application')
        taken = Contract.search_count([
                ('structure', '=', self.id),
                ('kind', '=', 'regular'),
                ('state', 'in', ['draft', 'running', 'closed']),
                ('start_date', '<=', date),
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ])
        offered = Application.search_count([
                ('offered_structure', '=', self.id),
                ('state', '=', 'offered'),
                ('offered_date', '<=', date),
                ])
        return self.agrement_places - taken - offered

    @classmethod
    def validate_fields(cls, structures, field_names):
        super().validate_fields(structures, field_names)
        for structure in structures:
            if structure.closing_time <= structure.opening_time:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_structure_hours',
                        structure=structure.rec_name))


class Capacity(ModelSQL, ModelView):
    "Crèche Capacity per Time Slot"
    __name__ = 'sitiv.creche.capacity'

    structure = fields.Many2One(
        'sitiv.creche.structure', "Crèche", required=True,
        ondelete='CASCADE')
    weekday = fields.Selection([(None, "Every day")] + WEEKDAYS, "Day")
    start_time = fields.Time("From", required=True)
    end_time = fields.Time("To", required=True)
    places = fields.Integer("Places", required=True,
        domain=[('places', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('structure')
        cls._order = [('structure', 'ASC'), ('weekday', 'ASC'),
            ('start_time', 'ASC'), ('id', 'ASC')]


class Closure(ModelSQL, ModelView):
    "Crèche Closure"
    __name__ = 'sitiv.creche.closure'

    structure = fields.Many2One(
        'sitiv.creche.structure', "Crèche", required=True,
        ondelete='CASCADE')
    name = fields.Char("Reason", required=True)
    start_date = fields.Date("From", required=True)
    end_date = fields.Date("To", required=True,
        domain=[('end_date', '>=', Eval('start_date'))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('structure')
        cls._order = [('structure', 'ASC'), ('start_date', 'DESC'),
            ('id', 'DESC')]


class Section(ModelSQL, ModelView):
    "Crèche Section"
    __name__ = 'sitiv.creche.section'

    structure = fields.Many2One(
        'sitiv.creche.structure', "Crèche", required=True,
        ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    age_min = fields.Integer("From (months)")
    age_max = fields.Integer("To (months)")
    places = fields.Integer("Places")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('structure')
        cls._order = [('structure', 'ASC'), ('age_min', 'ASC'),
            ('id', 'ASC')]

    def get_rec_name(self, name):
        return f"{self.structure.name} — {self.name}"
