# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The PDF invoice a provider attaches to its payment (B8): printed once
as the original when SALSA accepts it, marked DUPLICATA afterwards. It
reads as a provider's invoice to the Département: the provider, its
SALSA code and SIRET; the number, date, aid type and month; the
Département's address; one row per beneficiary; the total; how it is
paid."""

from stdnum.fr import siret

from hestia.french import euro, french_date, hours, month_name

from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import without_check_access


class InvoiceReport(Report):
    "Invoice"
    __name__ = 'dases.preinvoice.invoice'

    @classmethod
    def execute(cls, ids, data):
        PreInvoice = Pool().get('dases.preinvoice')
        invoices = PreInvoice.browse(ids)
        for invoice in invoices:
            if invoice.state != 'accepted':
                raise AccessError(gettext(
                        'dases_telegestion.msg_invoice_not_final',
                        invoice=invoice.rec_name))
        result = super().execute(ids, data)
        originals = [i for i in invoices if not i.original_printed]
        if originals:
            # A provider's user prints without write access: the mark is
            # the system's.
            with without_check_access():
                PreInvoice.write(originals, {'original_printed': True})
        return result

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['euro'] = euro
        context['hours'] = hours
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        # The lines SALSA did not reject (the others go to the
        # complementary invoice).
        context['accepted'] = lambda invoice: [l for l in invoice.lines
            if l.state != 'rejected']
        context['total'] = lambda invoice: sum(l.amount
            for l in invoice.lines if l.state != 'rejected')
        context['siret'] = lambda code: siret.format(code) if code else ''
        # Dated the day SALSA accepted it, the day it became payable.
        context['invoice_date'] = lambda invoice: (
            invoice.integration_date or context['today'])
        context['month'] = lambda invoice: month_name(invoice.period_start)
        context['address_lines'] = cls.address_lines
        return context

    @staticmethod
    def address_lines(company):
        "The Département's postal address, one line each."
        addresses = company.party.addresses
        text = addresses[0].full_address if addresses else ''
        return [l.strip() for l in text.splitlines()
            if l.strip() and l.strip() != company.rec_name]
