# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Contract types (spec 003 §2.1.3.1 « la définition de contrat type »):
the plannings a city offers most (« Temps plein 5 jours », « 4 jours »,
« Matins ») with the family leave usually taken; choosing one on a
contract fills its care, planning and leave, which stay editable."""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .contract import KINDS, SLOTS
from .structure import WEEKDAYS


class ContractTemplate(DeactivableMixin, ModelSQL, ModelView):
    "PSU Contract Type"
    __name__ = 'sitiv.creche.contract.template'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    name = fields.Char("Name", required=True)
    kind = fields.Selection(KINDS, "Care", required=True)
    alternating = fields.Boolean("Alternating Weeks")
    leave_weeks = fields.Numeric("Family's Leave (weeks)", digits=(6, 2))
    days = fields.One2Many('sitiv.creche.contract.template.day',
        'template', "Weekly Planning")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'regular'


class ContractTemplateDay(ModelSQL, ModelView):
    "PSU Contract Type Day"
    __name__ = 'sitiv.creche.contract.template.day'

    template = fields.Many2One('sitiv.creche.contract.template', "Type",
        required=True, ondelete='CASCADE')
    week = fields.Selection([('A', "Week A"), ('B', "Week B")], "Week",
        required=True)
    weekday = fields.Selection(WEEKDAYS, "Day", required=True)
    slot = fields.Selection(SLOTS, "Slot")
    start_time = fields.Time("Arrival", required=True)
    end_time = fields.Time("Departure", required=True,
        domain=[('end_time', '>', Eval('start_time'))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('template')
        cls._order = [('template', 'ASC'), ('week', 'ASC'),
            ('weekday', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_week():
        return 'A'


class Contract(metaclass=PoolMeta):
    __name__ = 'sitiv.creche.contract'

    template = fields.Many2One('sitiv.creche.contract.template',
        "Contract Type", domain=[('company', '=', Eval('company', -1))],
        states={'readonly': Eval('state') != 'draft'},
        help="Fills the care, the planning and the leave, to adjust.")

    @fields.depends('template', 'days', 'kind', 'alternating',
        'leave_weeks')
    def on_change_template(self):
        Day = Pool().get('sitiv.creche.contract.day')
        template = self.template
        if not template:
            return
        self.kind = template.kind
        self.alternating = template.alternating
        self.leave_weeks = template.leave_weeks
        self.days = [Day(week=d.week, weekday=d.weekday, slot=d.slot,
                start_time=d.start_time, end_time=d.end_time)
            for d in template.days]
