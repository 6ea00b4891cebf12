# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Sending a billing run's invoices, by paper and/or email as each family
chose (§2.1.5.2 « envoi papier et/ou courriel »).

« Envoyer par courriel » emails each invoice of an « email » or « both »
family to its payer, the PDF attached, through Tryton's `ir.email` (sent
at commit and kept on the invoice); an invoice is emailed once. « Factures
papier » prints in one PDF the invoices of « paper » and « both » families,
of organisms, and of the « email » families without an address. The email
and the paper dispatch are originals: only an agent's later print is a
DUPLICATA."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from hestia.french import euro, french_date

from .invoice_report import FamilyInvoice


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    sitiv_emailed = fields.Boolean("Sent by Email", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._check_modify_exclude |= {'sitiv_emailed'}

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default else {}
        default.setdefault('sitiv_emailed', False)
        return super().copy(invoices, default=default)

    def sitiv_channels(self):
        "How this invoice reaches its payer: {'email', 'paper'}."
        household = self.sitiv_household
        channel = household.invoice_channel if household else 'paper'
        channels = {'email', 'paper'} if channel == 'both' else {channel}
        if 'email' in channels and not self.party.email:
            channels = {'paper'}
        return channels


class BillingRun(metaclass=PoolMeta):
    __name__ = 'sitiv.billing.run'

    emailed_count = fields.Integer("Invoices Emailed", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'send_emails': {
                    'invisible': Eval('state') != 'done',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_emailed_count():
        return 0

    @classmethod
    @ModelView.button
    def send_emails(cls, runs):
        for run in runs:
            # The agent's right is the button's; the emails and their
            # attachments are the run's own work.
            with without_check_access():
                run.emailed_count = (run.emailed_count or 0) + len(
                    run.email_invoices())
        cls.save(runs)

    def email_invoices(self):
        "Email the run's invoices not emailed yet; return them."
        pool = Pool()
        Email = pool.get('ir.email')
        Invoice = pool.get('account.invoice')
        ModelData = pool.get('ir.model.data')
        report = ModelData.get_id('sitiv_facturation', 'report_family_invoice')
        sent = []
        for invoice in self.invoices:
            if (invoice.state not in {'posted', 'paid'} or invoice.sitiv_emailed
                    or 'email' not in invoice.sitiv_channels()):
                continue
            with Transaction().set_context(sitiv_sending=True):
                Email.send(to=invoice.party.email,
                    subject=gettext('sitiv_facturation.msg_invoice_email_subject',
                        invoice=invoice.number,
                        city=invoice.company.rec_name),
                    body=gettext('sitiv_facturation.msg_invoice_email_body',
                        invoice=invoice.number,
                        start=french_date(invoice.sitiv_period_start),
                        end=french_date(invoice.sitiv_period_end),
                        amount=euro(invoice.amount_to_pay),
                        due=french_date(invoice.payment_term_date),
                        city=invoice.company.rec_name),
                    record=(Invoice.__name__, invoice.id),
                    reports=[report])
            sent.append(invoice)
        Invoice.write(sent, {'sitiv_emailed': True})
        # The email was the original, unless paper follows.
        emailed_only = [i for i in sent if i.sitiv_channels() == {'email'}]
        Invoice.write(emailed_only, {'sitiv_printed': True})
        return sent


class PaperInvoices(FamilyInvoice):
    "The invoices of a billing run to post"
    __name__ = 'sitiv.billing.run.paper'

    @classmethod
    def _get_records(cls, ids, model, data):
        BillingRun = Pool().get('sitiv.billing.run')
        return [i for run in BillingRun.browse(ids) for i in run.invoices
            if i.state in {'posted', 'paid'}
            and 'paper' in i.sitiv_channels()]
