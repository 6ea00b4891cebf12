# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Direct debit of family invoices (§2.1.5.3 « prélèvement SEPA »),
through account_payment_sepa: the payer's mandate, started and stopped at
the family's request no sooner than the city's notice period, may end on
a date (its last collection is then FNAL).  Collecting builds one Tryton
payment per invoice, grouped into a pain.008 message.  A debit the bank
rejects switches that month's invoice to another mode (counter or
PayFiP); the household stays on direct debit for the next months.  A
debit that succeeds pays the invoice through a family payment of mode
« Prélèvement SEPA »."""
import datetime

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)
from hestia_base.security import check_company, context_company

PAYMENT_METHODS = [
    ('counter', "Counter or Online"),
    ('sepa', "Direct Debit"),
    ]


class Mandate(metaclass=PoolMeta):
    __name__ = 'account.payment.sepa.mandate'

    sitiv_start_date = fields.Date(
        "Collected From",
        help="The family's request: no collection before this date.")
    sitiv_end_date = fields.Date(
        "Collected Until",
        domain=[('sitiv_end_date', '>=', Eval('sitiv_start_date'))],
        help="The family's request to stop: the last collection before "
        "this date is final (FNAL).")

    @classmethod
    def create(cls, vlist):
        mandates = super().create(vlist)
        for mandate, values in zip(mandates, vlist):
            mandate.check_notice(set(values))
        return mandates

    @classmethod
    def write(cls, *args):
        super().write(*args)
        for mandates, values in zip(args[::2], args[1::2]):
            for mandate in mandates:
                mandate.check_notice(set(values))

    def check_notice(self, changed):
        "A start or stop date asked by the family respects the notice."
        Date = Pool().get('ir.date')
        days = self.company.sitiv_sepa_notice_days or 0
        earliest = Date.today() + datetime.timedelta(days=days)
        for name in ['sitiv_start_date', 'sitiv_end_date']:
            date = getattr(self, name)
            if name in changed and date and date < earliest:
                raise UserError(gettext(
                        'sitiv_facturation.msg_mandate_notice',
                        mandate=self.rec_name, date=earliest.strftime(
                            '%d/%m/%Y'), days=days))

    def sitiv_covers(self, date):
        return (self.is_valid
            and (not self.sitiv_start_date or self.sitiv_start_date <= date)
            and (not self.sitiv_end_date or date <= self.sitiv_end_date))

    @property
    def sequence_type(self):
        sequence_type = super().sequence_type
        date = Transaction().context.get('sitiv_collection_date')
        if (sequence_type == 'RCUR' and date and self.sitiv_end_date
                and self.sitiv_end_date < date + datetime.timedelta(days=31)):
            return 'FNAL'
        return sequence_type


class Household(metaclass=PoolMeta):
    __name__ = 'sitiv.household'
    payment_method = fields.Selection(
        PAYMENT_METHODS, "Payment Method", required=True)

    @staticmethod
    def default_payment_method():
        return 'counter'


def collect(invoices, date):
    """Direct debit payments for the invoices that are due by debit, in
    one pain.008 group per city.  Returns the groups and the French
    reasons for the invoices left out."""
    pool = Pool()
    Payment = pool.get('account.payment')
    Group = pool.get('account.payment.group')
    Mandate = pool.get('account.payment.sepa.mandate')
    groups, errors = [], []
    by_company = {}
    for invoice in invoices:
        if (invoice.state != 'posted'
                or invoice.sitiv_payment_method != 'sepa'):
            continue
        by_company.setdefault(invoice.company, []).append(invoice)
    for company, c_invoices in by_company.items():
        journal = company.sitiv_sepa_journal
        if not journal:
            raise UserError(gettext(
                    'sitiv_facturation.msg_sepa_no_journal',
                    city=company.rec_name))
        mandates = {}
        for mandate in Mandate.search([
                    ('company', '=', company.id),
                    ('party', 'in', [i.party.id for i in c_invoices]),
                    ('state', '=', 'validated'),
                    ]):
            if mandate.sitiv_covers(date):
                mandates.setdefault(mandate.party, mandate)
        payments = []
        for invoice in c_invoices:
            lines = [l for l in invoice.lines_to_pay
                if not l.reconciliation and l.payment_amount > 0]
            if not lines:
                continue
            mandate = mandates.get(invoice.party)
            if not mandate:
                errors.append(gettext(
                        'sitiv_facturation.msg_sepa_no_mandate',
                        invoice=invoice.rec_name,
                        party=invoice.party.rec_name,
                        date=date.strftime('%d/%m/%Y')))
                continue
            for line in lines:
                payments.append(Payment(
                        company=company, journal=journal,
                        kind='receivable', party=invoice.party,
                        amount=line.payment_amount, line=line, date=date,
                        sepa_mandate=mandate,
                        reference=invoice.number))
        if not payments:
            continue
        Payment.save(payments)
        # Receivable payments need no approval in account_payment.
        Payment.submit(payments)

        def group():
            group = Group(company=company, journal=journal,
                kind='receivable')
            group.save()
            return group
        with Transaction().set_context(sitiv_collection_date=date):
            groups.append(Payment.process(payments, group))
    return groups, errors


class Payment(metaclass=PoolMeta):
    __name__ = 'account.payment'

    def sitiv_invoice(self):
        Invoice = Pool().get('account.invoice')
        if self.line and isinstance(self.line.move.origin, Invoice) \
                and self.line.move.origin.sitiv_household:
            return self.line.move.origin

    @classmethod
    def succeed(cls, payments):
        "The family's invoice is paid by a family payment of mode SEPA."
        pool = Pool()
        FamilyPayment = pool.get('sitiv.payment')
        Allocation = pool.get('sitiv.payment.allocation')
        to_post = []
        Invoice = pool.get('account.invoice')
        for payment in payments:
            invoice = payment.sitiv_invoice()
            if payment.state == 'succeeded' or not invoice:
                continue
            # Unpaid in the accounts, this debit being still in progress.
            with Transaction().set_context(with_payment=False):
                invoice = Invoice(invoice.id)
            amount = min(payment.amount, max(invoice.amount_to_pay, 0))
            to_post.append(FamilyPayment(
                    company=payment.company, kind='receipt',
                    household=invoice.sitiv_household, party=invoice.party,
                    date=payment.date, mode='sepa', amount=payment.amount,
                    reference=payment.number, allocations=[Allocation(
                            invoice=invoice, amount=amount)]
                    if amount > 0 else []))
        super().succeed(payments)
        if to_post:
            # The payment agent need not be a régie agent.
            with without_check_access():
                FamilyPayment.save(to_post)
                FamilyPayment.post(to_post)

    @classmethod
    def fail(cls, payments):
        "A rejected debit: this invoice is paid another way."
        Invoice = Pool().get('account.invoice')
        super().fail(payments)
        invoices = [i for i in (p.sitiv_invoice() for p in payments)
            if i and i.state == 'posted']
        if invoices:
            with without_check_access():
                Invoice.write(invoices, {'sitiv_payment_method': 'counter'})


class CollectStart(ModelView):
    "Collect by Direct Debit"
    __name__ = 'sitiv.sepa.collect.start'
    company = fields.Many2One('company.company', "City", readonly=True)
    date = fields.Date("Collection Date", required=True)
    billing_run = fields.Many2One(
        'sitiv.billing.run', "Billing Run",
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: every invoice due by direct debit.")


class CollectResult(ModelView):
    "Direct Debit Collected"
    __name__ = 'sitiv.sepa.collect.result'
    groups = fields.Many2Many('account.payment.group', None, None,
        "Payment Groups", readonly=True)
    errors = fields.Text("Invoices Left Out", readonly=True)


class Collect(Wizard):
    "Collect by Direct Debit"
    __name__ = 'sitiv.sepa.collect'
    start = StateView('sitiv.sepa.collect.start',
        'sitiv_facturation.sepa_collect_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Collect", 'collect', 'tryton-ok', default=True),
            ])
    collect = StateTransition()
    # Invoices left out (no mandate for the date…) are shown before the
    # groups: the agent sees why those families will not be debited.
    result = StateView('sitiv.sepa.collect.result',
        'sitiv_facturation.sepa_collect_result_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Open the Payment Groups", 'open', 'tryton-ok',
                default=True),
            ])
    open = StateAction('account_payment.act_payment_group_form')

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        return {
            'company': context_company().id,
            'date': Date.today() + datetime.timedelta(days=5),
            }

    def transition_collect(self):
        Invoice = Pool().get('account.invoice')
        domain = [
            ('company', '=', check_company(self.start.company).id),
            ('state', '=', 'posted'),
            ('sitiv_payment_method', '=', 'sepa'),
            ]
        if self.start.billing_run:
            domain.append(
                ('sitiv_billing_run', '=', self.start.billing_run.id))
        # The wizard is for billing agents; the payments it creates are
        # account_payment's, whose groups they need not have.
        with without_check_access():
            groups, errors = collect(
                Invoice.search(domain), self.start.date)
        if not groups:
            raise UserError(gettext('sitiv_facturation.msg_sepa_nothing',
                    reasons='\n'.join(errors)))
        self.result.groups = groups
        self.result.errors = '\n'.join(errors)
        return 'result' if errors else 'open'

    def default_result(self, fields):
        return {
            'groups': [g.id for g in self.result.groups],
            'errors': self.result.errors,
            }

    def do_open(self, action):
        action['res_id'] = [g.id for g in self.result.groups]
        return action, {}
