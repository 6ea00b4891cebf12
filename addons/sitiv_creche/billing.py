# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The crèche's month on the family's single invoice (issue 20): the
billing run of sitiv_facturation calls `_other_lines`, extended here, and
each PSU contract of the period adds its lines to the payer's invoice —
the mensualised amount (pro rata of the crèche's open days in a month the
contract covers in part), the deductions, the hours beyond the contract per
started half-hour, the adaptation hours, the hours of occasional and
emergency care, and the regularisation of a contract ended sooner than
planned. `sitiv.creche.month` keeps what was billed each month (hours
contracted, deducted, beyond, attended): the CAF's reporting reads it."""
import datetime
from dataclasses import dataclass
from types import SimpleNamespace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sql import Null
from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from hestia import months as calendar_months
from hestia.french import month_name, number
from hestia_base.batch import chunks, search
from hestia_base.month import MonthLabelMixin

from sitiv_facturation.draft import DraftLine

from .contract import Planning, month_share
from .presence import attended_minutes, extra_minutes, half_hours

CENT = Decimal('0.01')
ZERO = Decimal(0)
LINE_KINDS = [
    ('psu_contract', "Crèche Contract"),
    ('psu_deduction', "Crèche Deduction"),
    ('psu_extra', "Crèche Hours Beyond the Contract"),
    ('psu_adaptation', "Crèche Adaptation"),
    ('psu_hours', "Crèche Hours Attended"),
    ('psu_regularisation', "Crèche Contract Regularisation"),
    ]


@dataclass(eq=False)
class CrecheLine(DraftLine):
    "A draft line of a crèche month: hours × the contract's hourly rate."
    creche_month: Any = None
    contract: Any = None
    deduction: Any = None


class Month(MonthLabelMixin, ModelSQL, ModelView):
    "Crèche Month"
    __name__ = 'sitiv.creche.month'

    company = fields.Many2One('company.company', "City", readonly=True)
    contract = fields.Many2One('sitiv.creche.contract', "Contract",
        required=True, readonly=True, ondelete='RESTRICT')
    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        readonly=True)
    month = fields.Date("Month", required=True, readonly=True)
    kind = fields.Selection('get_kinds', "Care", readonly=True)
    contracted_hours = fields.Numeric("Hours Contracted", digits=(16, 2),
        readonly=True)
    deducted_hours = fields.Numeric("Hours Deducted", digits=(16, 2),
        readonly=True)
    extra_hours = fields.Numeric("Hours Beyond the Contract", digits=(16, 2),
        readonly=True)
    adaptation_hours = fields.Numeric("Adaptation Hours", digits=(16, 2),
        readonly=True)
    regularised_hours = fields.Numeric("Hours Regularised", digits=(16, 2),
        readonly=True)
    billed_hours = fields.Numeric("Hours Billed", digits=(16, 2),
        readonly=True)
    attended_hours = fields.Numeric("Hours Attended", digits=(16, 2),
        readonly=True)
    hourly_rate = fields.Numeric("Hourly Rate (€)", digits=(16, 2),
        readonly=True)
    amount = fields.Numeric("Amount (€)", digits=(16, 2), readonly=True)
    invoice_lines = fields.One2Many('account.invoice.line',
        'sitiv_creche_month', "Invoice Lines", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_constraints += [
            ('contract_month_unique', Unique(table, table.contract,
                    table.month), 'sitiv_creche.msg_month_unique'),
            ]
        cls._order = [('month', 'DESC'), ('structure', 'ASC'),
            ('id', 'ASC')]

    @classmethod
    def get_kinds(cls):
        Contract = Pool().get('sitiv.creche.contract')
        return Contract.fields_get(['kind'])['kind']['selection']

    def get_rec_name(self, name):
        return f"{self.contract.rec_name} — {month_name(self.month)}"

    @classmethod
    def billed_query(cls):
        "SQL: the ids of the months on a posted or paid invoice."
        pool = Pool()
        Line = pool.get('account.invoice.line')
        Invoice = pool.get('account.invoice')
        line = Line.__table__()
        invoice = Invoice.__table__()
        return line.join(invoice, condition=line.invoice == invoice.id
            ).select(line.sitiv_creche_month,
            where=invoice.state.in_(['posted', 'paid'])
            & (line.sitiv_creche_month != Null))

    @classmethod
    def billed_months(cls, contract_ids):
        """{(contract id, first day)} of the months of `contract_ids` on a
        posted or paid invoice."""
        month = cls.__table__()
        contract_ids = [i for i in contract_ids if i and i >= 0]
        if not contract_ids:
            return set()
        cursor = Transaction().connection.cursor()
        cursor.execute(*month.select(month.contract, month.month,
                where=month.contract.in_(contract_ids)
                & month.id.in_(cls.billed_query())))
        billed = set()
        for contract, first in cursor:
            if isinstance(first, str):  # SQLite
                first = datetime.date.fromisoformat(first)
            billed.add((contract, first))
        return billed


def month_starts(start, end):
    "The first day of each month from `start` to `end`."
    day = start.replace(day=1)
    while day <= end:
        yield day
        day = calendar_months.end(day) + datetime.timedelta(days=1)


class ContractMonth:
    """What one contract bills for one month: its figures and its lines
    (kind, hours, text details)."""

    def __init__(self, contract, first, presences, billed_hours,
            amended=False):
        self.contract = contract
        self.first = first
        self.last = calendar_months.end(first)
        self.presences = presences
        self.billed_hours = billed_hours  # contracted, earlier months
        self.amended = amended  # an avenant follows: no regularisation
        self.lines = []
        self.values = {}
        self.compute()

    def covered(self):
        "The month's first and last day under the contract."
        contract = self.contract
        start = max(self.first, contract.start_date)
        end = min(self.last, contract.end_date or self.last)
        return start, end

    def fraction(self):
        """The share of the monthly amount the contract owes this month:
        its open days in the month over the month's open days."""
        start, end = self.covered()
        return month_share(self.contract.structure, start, end)

    def compute(self):
        contract = self.contract
        regular = contract.kind == 'regular'
        contracted = deducted = extra = adaptation = regularised = ZERO
        total_minutes = 0
        planning = Planning(contract)
        for presence in self.presences:
            attended = attended_minutes(presence)
            total_minutes += attended
            if presence.adaptation:
                adaptation += half_hours(attended)
            elif regular:
                extra += half_hours(extra_minutes(presence, planning))
            else:
                extra += half_hours(attended)
        start, end = self.covered()
        if regular and start <= end:
            contracted = (contract.monthly_hours * self.fraction()).quantize(
                CENT, rounding=ROUND_HALF_UP)
            for deduction in contract.deductions:
                if deduction.state == 'confirmed':
                    hours = deduction.hours_between(start, end)
                    if hours:
                        deducted += hours
                        self.lines.append(('psu_deduction', -hours,
                                deduction))
            if (not self.amended and contract.end_date
                    and contract.planned_end
                    and contract.end_date < contract.planned_end
                    and self.first <= contract.end_date <= self.last):
                regularised = self.regularisation(contracted)
        if not contract.structure.adaptation_billed:
            adaptation_billed = ZERO
        else:
            adaptation_billed = adaptation
        self.lines[:0] = [(kind, hours, None) for kind, hours in [
                ('psu_contract', contracted),
                ('psu_extra' if regular else 'psu_hours', extra),
                ('psu_adaptation', adaptation_billed),
                ('psu_regularisation', regularised),
                ] if hours]
        billed = (contracted - deducted + extra + adaptation_billed
            + regularised)
        rate = contract.hourly_rate or ZERO
        self.values = {
            'company': contract.company.id,
            'contract': contract.id,
            'structure': contract.structure.id,
            'month': self.first,
            'kind': contract.kind,
            'contracted_hours': contracted,
            'deducted_hours': deducted,
            'extra_hours': extra,
            'adaptation_hours': adaptation,
            'regularised_hours': regularised,
            'billed_hours': billed,
            'attended_hours': (Decimal(total_minutes) / 60).quantize(
                CENT, rounding=ROUND_HALF_UP),
            'hourly_rate': rate,
            # Rounded as the invoice lines are (the currency's rounding).
            'amount': sum((contract.company.currency.round(h * rate)
                    for _, h, _ in self.lines), ZERO),
            }

    def regularisation(self, contracted):
        """A contract ended sooner than planned: the hours its planning
        gives for the open days it ran, less those billed by its monthly
        amounts (this month's included)."""
        contract = self.contract
        structure = contract.structure
        planned = len(structure.open_dates(contract.start_date,
                contract.planned_end))
        ran = len(structure.open_dates(contract.start_date,
                contract.end_date))
        if not planned:
            return ZERO
        due = (contract.on_change_with_weekly_hours() * contract.weeks
            * ran / planned).quantize(CENT, rounding=ROUND_HALF_UP)
        return due - self.billed_hours - contracted


class BillingRun(metaclass=PoolMeta):
    __name__ = 'sitiv.billing.run'

    def _creche_contracts(self):
        Contract = Pool().get('sitiv.creche.contract')
        domain = [
            ('company', '=', self.company.id),
            ('state', 'in', ['running', 'closed']),
            ('start_date', '<=', self.end_date),
            ['OR', ('end_date', '=', None),
                ('end_date', '>=', self.start_date)],
            ]
        if self.household:
            domain.append(('household', '=', self.household.id))
        return Contract.search(domain)

    def _creche_presences(self, contracts):
        """{(contract id, first day): [presence values]} clocked in the
        period, read in slices (tens of thousands of days a month)."""
        Presence = Pool().get('sitiv.creche.presence')
        presence = Presence.__table__()
        cursor = Transaction().connection.cursor()
        ids = []
        for chunk in chunks([c.id for c in contracts], 1000):
            cursor.execute(*presence.select(presence.id,
                    where=presence.contract.in_(chunk)
                    & (presence.date >= self.start_date)
                    & (presence.date <= self.end_date)
                    & (presence.state == 'left')))
            ids.extend(i for i, in cursor)
        found = {}
        for chunk in chunks(ids, 1000):
            for values in Presence.read(chunk, ['contract', 'date', 'state',
                        'arrival', 'departure', 'adaptation']):
                clocked = SimpleNamespace(**values)
                found.setdefault((clocked.contract,
                        clocked.date.replace(day=1)), []).append(clocked)
        return found

    def _creche_months(self):
        """[ContractMonth] of the period not billed yet, and the months
        records to write their figures to."""
        pool = Pool()
        Month = pool.get('sitiv.creche.month')
        contracts = self._creche_contracts()
        if not contracts:
            return []
        Contract = pool.get('sitiv.creche.contract')
        billed = Month.billed_months([c.id for c in contracts])
        amended = {c.amends.id for c in Contract.search([
                    ('amends', 'in', [c.id for c in contracts]),
                    ('state', 'in', ['running', 'closed'])])}
        presences = self._creche_presences(contracts)
        # Hours billed by the earlier months of each contract (for the
        # regularisation of a contract ended early).
        month = Month.__table__()
        cursor = Transaction().connection.cursor()
        earlier = {}
        for chunk in chunks([c.id for c in contracts], 1000):
            cursor.execute(*month.select(month.contract,
                    Sum(Coalesce(month.contracted_hours, 0)),
                    where=month.contract.in_(chunk)
                    & month.id.in_(Month.billed_query()),
                    group_by=[month.contract]))
            earlier.update((c, Decimal(str(h))) for c, h in cursor)
        found = []
        for contract in contracts:
            last = min(self.end_date, contract.end_date or self.end_date)
            for first in month_starts(max(self.start_date,
                        contract.start_date), last):
                if (contract.id, first) in billed:
                    continue
                found.append(ContractMonth(contract, first,
                        presences.get((contract.id, first), []),
                        earlier.get(contract.id, ZERO),
                        amended=contract.id in amended))
        return found

    def _other_lines(self, pricing, invoices):
        "Each crèche contract's month on the payer's invoice."
        count = super()._other_lines(pricing, invoices)
        Month = Pool().get('sitiv.creche.month')
        computed = [m for m in self._creche_months() if m.lines]
        if not computed:
            return count
        existing = {(m.contract.id, m.month): m for m in search(Month,
                [('month', 'in', list({m.first for m in computed}))],
                'contract', {m.contract.id for m in computed})}
        to_write, to_create = [], []
        for month in computed:
            record = existing.get((month.contract.id, month.first))
            if record:
                to_write.extend(([record], month.values))
            else:
                to_create.append(month.values)
        if to_write:
            Month.write(*to_write)
        created = iter(Month.create(to_create))
        for month in computed:
            record = existing.get((month.contract.id, month.first)) or next(
                created)
            contract = month.contract
            household = contract.household
            payer = pricing.payer(household)
            invoice = self._draft_invoice(invoices, payer.id, payer,
                household)
            for index, (kind, hours, detail) in enumerate(month.lines):
                invoice.lines[(kind, record.id, index)] = CrecheLine(
                    kind=kind, activity=contract.structure.activity,
                    child=contract.child, quantity=hours,
                    unit_price=contract.hourly_rate, month=month.first,
                    deduction=detail, creche_month=record, contract=contract)
            count += any(k == 'psu_regularisation' for k, _, _ in month.lines)
        return count

    def _line_description(self, line):
        if not line.kind.startswith('psu_'):
            return super()._line_description(line)
        name = f"{line.contract.structure.name} — {line.child.rec_name}"
        values = {
            'name': name, 'month': month_name(line.month),
            'hours': number(abs(line.quantity)),
            'rate': number(line.unit_price),
            }
        if line.kind == 'psu_deduction':
            deduction = line.deduction
            values.update(reason=deduction.reason_string,
                start=deduction.start_date.strftime('%d/%m/%Y'),
                end=deduction.end_date.strftime('%d/%m/%Y'))
        return gettext(f'sitiv_creche.msg_line_{line.kind}', **values)

    def _get_invoice_line(self, line, sequence, account):
        values = super()._get_invoice_line(line, sequence, account)
        if isinstance(line, CrecheLine):
            values['sitiv_creche_month'] = line.creche_month.id
        return values


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    sitiv_creche_month = fields.Many2One('sitiv.creche.month',
        "Crèche Month", readonly=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.sitiv_kind.selection = (
            cls.sitiv_kind.selection + LINE_KINDS)
