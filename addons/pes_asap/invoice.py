# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Family invoices once titled: where they went, locked once sent; and
the batch of their PDFs attached to the titles."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta

from sitiv_facturation.invoice_report import FamilyInvoice

from .transfer import LIVE, LOCKED, TREASURY_STATES


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    pes_lines = fields.One2Many('pes.transfer.line', 'invoice',
        "Trésorerie Titles", readonly=True)
    pes_title = fields.Function(fields.Char("Revenue Title"),
        'get_pes_title')
    pes_treasury_state = fields.Function(fields.Selection(
            TREASURY_STATES, "Trésorerie State"), 'get_pes_title')

    @classmethod
    def get_pes_title(cls, invoices, names):
        Transfer = Pool().get('pes.transfer')
        live = Transfer.live_lines(invoices)
        result = {n: {} for n in names}
        for invoice in invoices:
            line = live.get(invoice.id)
            if 'pes_title' in names:
                result['pes_title'][invoice.id] = (
                    f"{line.transfer.exercise}-{line.transfer.number}/"
                    f"{line.number}" if line else None)
            if 'pes_treasury_state' in names:
                result['pes_treasury_state'][invoice.id] = (
                    line.treasury_state if line else '')
        return result

    @classmethod
    def copy(cls, invoices, default=None):
        default = dict(default or {})
        default.setdefault('pes_lines')
        return super().copy(invoices, default=default)

    def sitiv_treasury_title(self):
        return self.pes_title or super().sitiv_treasury_title()

    def sitiv_cheque_payee(self):
        "Once titled, the Trésorerie collects: cheques to the Trésor public."
        if self.pes_title:
            return "Trésor public"
        return super().sitiv_cheque_payee()

    def sitiv_check_cancel(self):
        "Not once in a file for the Trésorerie: a credit note reduces it."
        Transfer = Pool().get('pes.transfer')
        line = Transfer.live_lines([self], LIVE).get(self.id)
        if line and line.transfer.state in LOCKED:
            raise AccessError(gettext('pes_asap.msg_invoice_sent',
                    invoice=self.rec_name,
                    transfer=line.transfer.rec_name))
        if line:
            raise AccessError(gettext('pes_asap.msg_invoice_prepared',
                    invoice=self.rec_name,
                    transfer=line.transfer.rec_name))
        super().sitiv_check_cancel()


class InvoicePdfs(FamilyInvoice):
    "Invoices attached to revenue titles"
    __name__ = 'pes.invoice_pdfs'
