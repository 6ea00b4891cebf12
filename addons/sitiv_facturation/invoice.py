# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The family invoice is a Tryton customer invoice (account_invoice): its
numbering, posting, locking once posted, payments and credit notes are the
framework's. This adds what a family reads on it: the household, the
period, per-line activity and child, the message, and the DUPLICATA mark
of every reprint (§2.1.5.2)."""
import re
from decimal import Decimal

from hestia.french import period, price

from trytond.model import ModelView, dualmethod, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .sepa import PAYMENT_METHODS

LINE_KINDS = [
    (None, ''),
    ('service', "Service"),
    ('regularisation', "Regularisation"),
    ('penalty', "Late Pick-up Penalty"),
    ('aid', "Financial Aid"),
    ('organism', "Organism Share"),
    ('instalment', "Monthly Instalment"),
    ]


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    sitiv_billing_run = fields.Many2One(
        'sitiv.billing.run', "Billing Run", readonly=True,
        ondelete='RESTRICT')
    sitiv_household = fields.Many2One(
        'sitiv.household', "Household", readonly=True, ondelete='RESTRICT')
    sitiv_period_start = fields.Date("Period From", readonly=True)
    sitiv_period_end = fields.Date("Period To", readonly=True)
    sitiv_message = fields.Text(
        "Message on the Invoice",
        states={'readonly': Eval('state') != 'draft'})
    sitiv_payment_method = fields.Selection(
        [(None, '')] + PAYMENT_METHODS, "Family Payment Method",
        readonly=True,
        help="Direct debit, or the counter and PayFiP: a rejected debit "
        "switches the month's invoice to the counter.")
    sitiv_payments = fields.Function(fields.Many2Many(
            'sitiv.payment.allocation', None, None, "Family Payments"),
        'get_sitiv_payments')
    sitiv_printed = fields.Boolean(
        "Original Printed", readonly=True,
        help="Every later print is marked DUPLICATA.")
    sitiv_period_label = fields.Function(fields.Char("Period"),
        'get_sitiv_period_label')
    sitiv_paid_amount = fields.Function(Monetary(
            "Paid", currency='currency', digits='currency'),
        'get_sitiv_paid_amount')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Printing a posted invoice marks it; it changes nothing billed.
        cls._check_modify_exclude |= {'sitiv_printed',
            'sitiv_payment_method'}
        cls._buttons.update({
                'sitiv_print': {
                    'invisible': ~Eval('state').in_(['posted', 'paid']),
                    'depends': ['state'],
                    },
                'sitiv_take_payment': {
                    'invisible': (~Eval('sitiv_household')
                        | (Eval('state') != 'posted')),
                    'depends': ['sitiv_household', 'state'],
                    },
                })

    def get_sitiv_period_label(self, name):
        return period(self.sitiv_period_start, self.sitiv_period_end)

    @staticmethod
    def order_sitiv_period_label(tables):
        table, _ = tables[None]
        return [table.sitiv_period_start]

    @classmethod
    def get_sitiv_paid_amount(cls, invoices, name):
        "What the family paid: the total less what is left to pay."
        left = cls.get_amount_to_pay(invoices, 'amount_to_pay')
        return {i.id: (i.total_amount - left.get(i.id, Decimal(0))
                if i.state in {'posted', 'paid'} else Decimal(0))
            for i in invoices}

    def sitiv_payfip_reference(self):
        "PayFiP's REFDET: the number's 6 to 30 letters and digits."
        return re.sub(r'[^A-Za-z0-9]', '', self.number or '')

    def sitiv_cheque_payee(self):
        "To whom the family makes out a cheque: the city's régie."
        return self.company.sitiv_cheque_payee or self.company.rec_name

    def sitiv_treasury_title(self):
        "The Trésorerie's title of the invoice (pes_asap), None before."
        return None

    def sitiv_paid_on(self):
        "The date of the payment that settled the invoice, if paid."
        if self.state != 'paid':
            return None
        dates = [a.payment.date for a in self.sitiv_payments]
        return max(dates) if dates else getattr(self, 'reconciled', None)

    @classmethod
    @ModelView.button_action('sitiv_facturation.report_family_invoice')
    def sitiv_print(cls, invoices):
        "The family's invoice: the original once, DUPLICATA afterwards."
        pass

    @classmethod
    @ModelView.button_action('sitiv_facturation.wizard_payment_counter')
    def sitiv_take_payment(cls, invoices):
        "The counter, with the invoice's family and payer filled in."
        pass

    @classmethod
    def get_sitiv_payments(cls, invoices, name):
        "What paid each invoice, by payment: the split of modes."
        Allocation = Pool().get('sitiv.payment.allocation')
        result = {i.id: [] for i in invoices}
        for allocation in Allocation.search([
                    ('invoice', 'in', [i.id for i in invoices]),
                    ('payment.state', 'in', ['posted', 'deposited']),
                    ], order=[('payment.date', 'ASC'), ('id', 'ASC')]):
            result[allocation.invoice.id].append(allocation.id)
        return result

    @dualmethod
    def update_taxes(cls, invoices, exception=False):
        # Public-service fees are outside the scope of VAT: a billing run's
        # lines have no tax to compute (a third of the posting time).
        super().update_taxes([i for i in invoices if not i.sitiv_billing_run],
            exception=exception)

    @classmethod
    def print_invoice(cls, invoices):
        # Family invoices are printed from their own template on demand
        # (portal, email, counter); rendering 10,000 of them at posting
        # would hold the billing run for an hour.
        super().print_invoice([i for i in invoices if not i.sitiv_household
                and not i.sitiv_billing_run])

    def _credit(self, **values):
        "A family's credit note stays the household's, for its period."
        credit = super()._credit(**values)
        for name in ['sitiv_household', 'sitiv_period_start',
                'sitiv_period_end']:
            setattr(credit, name, getattr(self, name))
        if self.sitiv_household:
            credit.sitiv_payment_method = 'counter'
        return credit

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default else {}
        default.setdefault('sitiv_printed', False)
        default.setdefault('sitiv_billing_run', None)
        default.setdefault('sitiv_payment_method', None)
        return super().copy(invoices, default=default)


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    sitiv_kind = fields.Selection(LINE_KINDS, "Family Line Kind",
        readonly=True)
    sitiv_kind_string = sitiv_kind.translated('sitiv_kind')
    sitiv_activity = fields.Many2One(
        'sitiv.activity', "Activity", readonly=True, ondelete='RESTRICT')
    sitiv_child = fields.Many2One(
        'party.party', "Child", readonly=True, ondelete='RESTRICT',
        context={'company': Eval('company', -1)}, depends={'company'})
    sitiv_shared = fields.Boolean(
        "Shared with Another Payer", readonly=True,
        help="Days split between the parents' invoices (custody).")
    sitiv_detail = fields.Function(fields.Char("Detail"), 'get_sitiv_detail')
    sitiv_unit_price = fields.Function(fields.Char("Unit Price"),
        'get_sitiv_unit_price')

    def get_sitiv_detail(self, name):
        """The line's text without the activity and the child, which have
        their own columns: « absences non justifiées facturées : 1 »."""
        text = self.description or ''
        if self.sitiv_activity and self.sitiv_child:
            label = (f"{self.sitiv_activity.name} — "
                f"{self.sitiv_child.rec_name}")
            for form in [f" — {label}", f"{label} — ", label]:
                text = text.replace(form, '')
        text = ', '.join(p.strip() for p in text.splitlines() if p.strip())
        if not text and self.sitiv_kind:
            text = self.sitiv_kind_string
        return text

    def get_sitiv_unit_price(self, name):
        return price(self.unit_price) if self.unit_price is not None else ''
