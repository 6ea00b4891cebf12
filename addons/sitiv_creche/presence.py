# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Clocking in the crèche (spec 003 §2.1.3.1, §2.1.4): « Préparer la
journée » lists the children the contracts plan that day; on the tablet a
tap on « Arrivée » / « Départ » records the time of the crèche's town.
Adaptation hours are told apart: they are not compared with the contract and
are billed on their own (or free, as the crèche decides). Beyond the
contract, each day's minutes outside the planned slots are billed per
started half-hour, as are the hours of occasional and emergency care. A day
of a month already billed is no longer changed: the invoice is cancelled
and recomputed instead."""
import datetime
import math
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.tools import timezone as tz
from trytond.wizard import Button, StateTransition, StateView, Wizard

from hestia_base.security import check_company

from .structure import hours_between

HALF = Decimal('0.5')
STATES = [
    ('expected', "Expected"),
    ('present', "Present"),
    ('left', "Left"),
    ('absent', "Absent"),
    ]


def minutes(time):
    return time.hour * 60 + time.minute


def half_hours(count):
    "Hours for `count` minutes, each started half-hour counted whole."
    return HALF * math.ceil(max(count, 0) / 30)


def attended_minutes(presence):
    "Minutes of a day clocked in and out (`presence`: its values)."
    if presence.arrival and presence.departure and presence.state == 'left':
        return max(minutes(presence.departure) - minutes(presence.arrival), 0)
    return 0


def extra_minutes(presence, contract):
    """The minutes attended outside the day's planned slots of `contract`
    (a day the contract does not plan counts whole)."""
    if not attended_minutes(presence):
        return 0
    start, end = minutes(presence.arrival), minutes(presence.departure)
    covered = 0
    if contract.planned_hours(presence.date):
        for slot_start, slot_end in contract.slots(presence.date):
            covered += max(0, min(end, minutes(slot_end))
                - max(start, minutes(slot_start)))
    return end - start - covered


def local_now(company):
    "The time now in the crèche's town: the city's time zone, else Paris."
    return datetime.datetime.now(
        tz.get_tzinfo(company.timezone or 'Europe/Paris'))


class Presence(Workflow, ModelSQL, ModelView):
    "Crèche Presence"
    __name__ = 'sitiv.creche.presence'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    contract = fields.Many2One(
        'sitiv.creche.contract', "Contract", required=True,
        domain=[('company', '=', Eval('company', -1)),
            ('state', 'in', ['draft', 'running', 'closed'])],
        states={'readonly': Eval('id', -1) >= 0})
    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        readonly=True)
    child = fields.Many2One('party.party', "Child", readonly=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    date = fields.Date("Date", required=True)
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    arrival = fields.Time("Arrival",
        states={'required': Eval('state').in_(['present', 'left'])})
    departure = fields.Time("Departure",
        states={'required': Eval('state') == 'left'})
    adaptation = fields.Boolean("Adaptation",
        help="An hour of the child's adaptation: billed apart, not "
        "compared with the contract.")
    planned = fields.Function(fields.Char("Planned"), 'get_planned')
    attended_hours = fields.Function(
        fields.Numeric("Hours Attended", digits=(16, 2)),
        'get_attended_hours')
    note = fields.Char("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('structure', 'ASC'),
            ('child', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {
            ('expected', 'present'), ('absent', 'present'),
            ('present', 'left'), ('expected', 'absent'),
            ('present', 'expected'), ('left', 'present'),
            }
        cls._buttons.update({
                'arrive': {
                    'invisible': ~Eval('state').in_(['expected', 'absent']),
                    'depends': ['state'],
                    },
                'leave': {
                    'invisible': Eval('state') != 'present',
                    'depends': ['state'],
                    },
                'absent': {
                    'invisible': Eval('state') != 'expected',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'expected'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @fields.depends('contract')
    def on_change_contract(self):
        if self.contract:
            self.structure = self.contract.structure
            self.child = self.contract.child

    def get_planned(self, name):
        return ', '.join(f"{s.strftime('%H:%M')}–{e.strftime('%H:%M')}"
            for s, e in self.contract.slots(self.date)
            if self.contract.planned_hours(self.date))

    def get_attended_hours(self, name):
        if self.arrival and self.departure:
            return hours_between(self.arrival, self.departure)

    def attended_minutes(self):
        return attended_minutes(self)

    def extra_minutes(self):
        return extra_minutes(self, self.contract)

    @classmethod
    def create(cls, vlist):
        Contract = Pool().get('sitiv.creche.contract')
        vlist = [dict(v) for v in vlist]
        for values in vlist:
            contract = Contract(values['contract'])
            values.setdefault('company', contract.company.id)
            # A day entered afterwards with its times is done.
            if values.get('arrival') and values.get('departure'):
                values['state'] = 'left'
            elif values.get('arrival'):
                values['state'] = 'present'
            values['structure'] = contract.structure.id
            values['child'] = contract.child.id
        presences = super().create(vlist)
        cls.check_unbilled(presences)
        return presences

    @classmethod
    def write(cls, *args):
        actions = iter(args)
        changed = []
        for presences, values in zip(actions, actions):
            changed.extend(presences)
        cls.check_unbilled(changed)
        super().write(*args)
        cls.check_unbilled(changed)

    @classmethod
    def delete(cls, presences):
        cls.check_unbilled(presences)
        super().delete(presences)

    @classmethod
    def check_unbilled(cls, presences):
        "A day of a month already billed is not changed."
        Month = Pool().get('sitiv.creche.month')
        billed = Month.billed_months({p.contract.id for p in presences})
        for presence in presences:
            if (presence.contract.id,
                    presence.date.replace(day=1)) in billed:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_presence_billed',
                        child=presence.child.rec_name,
                        date=presence.date.strftime('%d/%m/%Y')))

    @classmethod
    def validate_fields(cls, presences, field_names):
        super().validate_fields(presences, field_names)
        for presence in presences:
            if (presence.arrival and presence.departure
                    and presence.departure < presence.arrival):
                raise ValidationError(gettext(
                        'sitiv_creche.msg_presence_times',
                        child=presence.child.rec_name,
                        date=presence.date.strftime('%d/%m/%Y')))

    @classmethod
    @ModelView.button
    @Workflow.transition('present')
    def arrive(cls, presences):
        for presence in presences:
            presence.arrival = local_now(presence.company).time().replace(
                second=0, microsecond=0)
            presence.departure = None
        cls.save(presences)

    @classmethod
    @ModelView.button
    @Workflow.transition('left')
    def leave(cls, presences):
        for presence in presences:
            presence.departure = local_now(presence.company).time().replace(
                second=0, microsecond=0)
        cls.save(presences)

    @classmethod
    @ModelView.button
    @Workflow.transition('absent')
    def absent(cls, presences):
        pass

    @classmethod
    def prepare(cls, structure, date):
        """Create the expected presence of each child the running contracts
        plan on `date` in `structure`; returns those created."""
        Contract = Pool().get('sitiv.creche.contract')
        contracts = Contract.search([
                ('structure', '=', structure.id),
                ('state', 'in', ['running', 'closed']),
                ('start_date', '<=', date),
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ])
        existing = {p.contract.id for p in cls.search([
                    ('structure', '=', structure.id), ('date', '=', date)])}
        return cls.create([{'contract': c.id, 'date': date,
                    'company': structure.company.id}
                for c in contracts
                if c.id not in existing and c.planned_hours(date)])


class PrepareStart(ModelView):
    "Prepare the Day"
    __name__ = 'sitiv.creche.presence.prepare.start'

    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        required=True,
        domain=[('company', '=', Eval('context', {}).get('company', -1))])
    date = fields.Date("Date", required=True)

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()


class Prepare(Wizard):
    "List the children expected on a day, to clock them in and out."
    __name__ = 'sitiv.creche.presence.prepare'
    start = StateView('sitiv.creche.presence.prepare.start',
        'sitiv_creche.presence_prepare_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Prepare", 'prepare', 'tryton-ok', default=True),
            ])
    prepare = StateTransition()

    def transition_prepare(self):
        Presence = Pool().get('sitiv.creche.presence')
        structure = self.start.structure
        check_company(structure.company)
        Presence.prepare(structure, self.start.date)
        return 'end'
