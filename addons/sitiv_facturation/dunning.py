# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Reminders of unpaid family invoices (§2.1.5.3 « relances par courriel
en masse ou par groupe »), with account_dunning and account_dunning_email:
every city's families follow the procedure « Relances des familles » (a
first email 15 days after the due date, a second email and a letter after
45 days).  The « Relancer les familles » wizard creates the reminders that
are due for the city — all of them, or one billing run's, or one
activity's — processes them and sends the emails at once; families with no
email are left for the letter."""
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.sendmail import SMTPDataManager
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.security import check_company, context_company

from .invoice_report import FamilyInvoice
from .payment_report import PaymentReport, period


class Dunning(metaclass=PoolMeta):
    __name__ = 'account.dunning'

    sitiv_invoice = fields.Function(fields.Many2One(
            'account.invoice', "Family Invoice"), 'get_sitiv_invoice')
    sitiv_household = fields.Function(fields.Many2One(
            'sitiv.household', "Household"), 'get_sitiv_invoice')

    def get_sitiv_invoice(self, name):
        Invoice = Pool().get('account.invoice')
        origin = self.line.move.origin if self.line else None
        if isinstance(origin, Invoice) and origin.sitiv_household:
            return (origin.id if name == 'sitiv_invoice'
                else origin.sitiv_household.id)


class MoveLine(metaclass=PoolMeta):
    __name__ = 'account.move.line'

    @property
    def dunning_procedure(self):
        # Families were created before their city's first invoice set the
        # default procedure: without one of their own they follow it.
        procedure = super().dunning_procedure
        if not procedure and self.party:
            Configuration = Pool().get('account.configuration')
            procedure = Configuration(1).get_multivalue(
                'default_dunning_procedure', company=self.move.company.id)
        return procedure


class DunningEmail(PaymentReport):
    "Reminder Email"
    __name__ = 'sitiv.dunning.email'

    @classmethod
    def execute(cls, ids, data):
        # The email's subject: the invoice and the city, not the template.
        Dunning = Pool().get('account.dunning')
        ext, content, direct_print, name = super().execute(ids, data)
        if len(ids) == 1:
            dunning = Dunning(ids[0])
            if dunning.sitiv_invoice:
                name = (f"Relance : facture {dunning.sitiv_invoice.number} "
                    f"— {dunning.company.rec_name}")
        return ext, content, direct_print, name

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['period'] = period
        context['address'] = FamilyInvoice.address
        return context


class SendStart(ModelView):
    "Remind the Families"
    __name__ = 'sitiv.dunning.send.start'
    company = fields.Many2One('company.company', "City", readonly=True)
    date = fields.Date("Date", required=True)
    billing_run = fields.Many2One(
        'sitiv.billing.run', "Billing Run",
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: every overdue family invoice.")
    activity = fields.Many2One(
        'sitiv.activity', "Activity",
        domain=[('company', '=', Eval('company', -1))],
        help="Only the invoices with a line of this activity.")


class Send(Wizard):
    "Remind the Families"
    __name__ = 'sitiv.dunning.send'
    start = StateView('sitiv.dunning.send.start',
        'sitiv_facturation.dunning_send_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Send", 'send', 'tryton-ok', default=True),
            ])
    send = StateAction('account_dunning.act_dunning_form')

    def default_start(self, fields):
        return {
            'company': context_company().id,
            'date': Pool().get('ir.date').today(),
            }

    def do_send(self, action):
        # Billing agents remind; the reminders are account_dunning's.
        with without_check_access():
            dunnings = remind(
                check_company(self.start.company), self.start.date,
                self.start.billing_run, self.start.activity)
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [d.id for d in dunnings])])
        return action, {}


def remind(company, date, billing_run=None, activity=None,
        datamanager=None):
    """Create the city's due reminders, process those of the family
    invoices chosen and email them.  Returns the reminders processed."""
    pool = Pool()
    Dunning = pool.get('account.dunning')
    Email = pool.get('ir.email')
    with Transaction().set_context(company=company.id):
        Dunning.generate_dunnings(date=date)
    chosen = []
    for dunning in Dunning.search([
                ('company', '=', company.id),
                ('state', '=', 'draft'),
                ('blocked', '=', False),
                ]):
        invoice = dunning.sitiv_invoice
        if not invoice:
            continue
        if billing_run and invoice.sitiv_billing_run != billing_run:
            continue
        if activity and activity not in {
                l.sitiv_activity for l in invoice.lines}:
            continue
        chosen.append(dunning)
    Dunning.process(chosen)
    if datamanager is None:
        datamanager = SMTPDataManager()
        if not pool.test:
            Transaction().join(datamanager)
    emails = [e for e in (d.send_email(datamanager=datamanager)
            for d in chosen if d.level.send_email) if e]
    Email.save(emails)
    return chosen
