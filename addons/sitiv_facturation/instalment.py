# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Mensualisation (§2.1.5.2): an enrolment billed in equal monthly
instalments over its contract, then regularised on what was actually
attended.

Each billing run before the end of the contract bills one instalment of
each mensualised enrolment (never two for the same period, at most the
number agreed). The run whose period reaches the end of the contract bills
every day of the contract at its real price, as any enrolment, less the
instalments already billed: the difference is the regularisation. Until
then the days of a mensualised enrolment stay « À facturer »."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

from .draft import DraftLine

ONE = Decimal(1)


class Enrolment(metaclass=PoolMeta):
    __name__ = 'sitiv.enrolment'

    instalment = fields.Boolean("Monthly Instalments",
        help="Billed in equal instalments, regularised at the end of the "
        "contract on the days actually attended.")
    instalment_count = fields.Integer("Instalments",
        states={'invisible': ~Eval('instalment'),
            'required': Bool(Eval('instalment'))},
        domain=[('instalment_count', '>', 0)])
    instalment_amount = fields.Numeric("Instalment", digits=(16, 2),
        states={'invisible': ~Eval('instalment'),
            'required': Bool(Eval('instalment'))},
        domain=[('instalment_amount', '>=', 0)],
        help="« Calculer la mensualité » divides the price of the days "
        "reserved over the contract by the number of instalments.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'compute_instalment': {
                    'invisible': ~Eval('instalment'),
                    'depends': ['instalment'],
                    },
                })

    @staticmethod
    def default_instalment_count():
        return 10

    @classmethod
    def validate_fields(cls, enrolments, field_names):
        super().validate_fields(enrolments, field_names)
        for enrolment in enrolments:
            if enrolment.instalment and not enrolment.end_date:
                raise ValidationError(gettext(
                        'sitiv_facturation.msg_instalment_end_date',
                        enrolment=enrolment.rec_name))

    @classmethod
    @ModelView.button
    def compute_instalment(cls, enrolments):
        "The reserved days of the contract at their price, divided."
        pool = Pool()
        BillingRun = pool.get('sitiv.billing.run')
        for enrolment in enrolments:
            run = BillingRun(company=enrolment.company,
                start_date=enrolment.start_date,
                end_date=enrolment.end_date, household=enrolment.household)
            total = run.price_enrolment(enrolment)
            enrolment.instalment_amount = (
                total / (enrolment.instalment_count or 1)).quantize(
                Decimal('0.01'))
        cls.save(enrolments)


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    sitiv_enrolment = fields.Many2One(
        'sitiv.enrolment', "Enrolment", readonly=True, ondelete='RESTRICT',
        help="The mensualised enrolment of an instalment line.")


class BillingRun(metaclass=PoolMeta):
    __name__ = 'sitiv.billing.run'

    def price_enrolment(self, enrolment):
        "What the enrolment's days of the run's period cost, at their price."
        Pricing = Pool().get('sitiv.billing.pricing')
        rows = [r for r in self._rows() if r.enrolment == enrolment.id]
        pricing = Pricing.load(self, rows)
        total = Decimal(0)
        for row in rows:
            payers, household = pricing.payers(row, enrolment)
            price = pricing.price(row, enrolment, household)
            total += pricing.quantity(row) * price
        return total

    def _closes(self, enrolment):
        "Whether this run regularises the mensualised enrolment."
        return enrolment.end_date <= self.end_date

    def _other_lines(self, pricing, invoices):
        """One instalment per mensualised enrolment running in the period,
        and the deduction of those billed when the contract closes."""
        count = super()._other_lines(pricing, invoices)
        pool = Pool()
        Enrolment = pool.get('sitiv.enrolment')
        Line = pool.get('account.invoice.line')
        domain = [
            ('company', '=', self.company.id),
            ('instalment', '=', True),
            ('state', 'in', ['enrolled', 'cancelled']),
            ('start_date', '<=', self.end_date),
            ('end_date', '>=', self.start_date),
            ]
        if self.household:
            domain.append(('household', '=', self.household.id))
        enrolments = Enrolment.search(domain)
        billed = {}
        for line in Line.search([
                    ('sitiv_enrolment', 'in', [e.id for e in enrolments]),
                    ('sitiv_kind', '=', 'instalment'),
                    ('invoice.state', 'in', ['posted', 'paid']),
                    ]):
            billed.setdefault(line.sitiv_enrolment.id, []).append(line)
        for enrolment in enrolments:
            lines = billed.get(enrolment.id, [])
            closing = self._closes(enrolment)
            if closing:
                amount = -sum((l.amount for l in lines), Decimal(0))
                number = len(lines)
                if not amount:
                    continue
            else:
                if enrolment.state != 'enrolled' or any(
                        l.invoice.sitiv_period_start <= self.end_date
                        and l.invoice.sitiv_period_end >= self.start_date
                        for l in lines) or (
                        len(lines) >= enrolment.instalment_count):
                    continue
                amount = enrolment.instalment_amount
                number = len(lines) + 1
            household = enrolment.household
            payer = pricing.payer(household)
            invoice = self._draft_invoice(invoices, payer.id, payer,
                household)
            invoice.lines[('instalment', enrolment.id)] = DraftLine(
                kind='instalment', activity=enrolment.activity,
                child=enrolment.child, enrolment=enrolment, quantity=ONE,
                unit_price=amount, number=number, closing=closing,
                count=enrolment.instalment_count)
            count += 1
        return count
