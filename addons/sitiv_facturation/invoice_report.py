# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The family invoice (§2.1.5.2 « facture détaillée »): an ODT template
the city edits in LibreOffice, rendered to PDF with its logo and address,
lines grouped by activity and child, the city's and the run's messages.
The first print is the original; every later one says DUPLICATA."""
from collections import OrderedDict

from hestia.french import euro, french_date, number

from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction, without_check_access


class FamilyInvoice(Report):
    "Family Invoice"
    __name__ = 'sitiv.family_invoice'

    @classmethod
    def execute(cls, ids, data):
        Invoice = Pool().get('account.invoice')
        invoices = cls._get_records(ids, Invoice.__name__, data)
        result = super().execute(ids, data)
        if Transaction().context.get('sitiv_sending'):
            return result  # the emailed original (invoice_send.py)
        originals = [i for i in invoices
            if not i.sitiv_printed and i.state in {'posted', 'paid'}]
        if originals:
            # Printed by a counter agent without write access on invoices.
            with without_check_access():
                Invoice.write(originals, {'sitiv_printed': True})
        return result

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['euro'] = euro
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        context['sections'] = cls.sections
        context['address'] = cls.address
        context['logo'] = lambda invoice: invoice.company.sitiv_logo
        context['number'] = number
        context['detail'] = cls.detail
        context['settlements'] = cls.settlements
        return context

    @staticmethod
    def settlements(invoice):
        "The split of modes: « 23/11/2026 Chèque 10,00 € ; … »."
        parts = []
        for allocation in invoice.sitiv_payments:
            payment = allocation.payment
            field = payment.__class__.fields_get(['mode'])['mode']
            mode = dict(field['selection'])[payment.mode]
            parts.append(f"{french_date(payment.date)} {mode} "
                f"{euro(allocation.amount)}")
        return ' ; '.join(parts)

    @staticmethod
    def sections(invoice):
        "Lines grouped by activity, in the order of the invoice."
        sections = OrderedDict()
        for line in invoice.lines:
            title = line.sitiv_activity.name if line.sitiv_activity \
                else ''
            sections.setdefault(title, []).append(line)
        return list(sections.items())

    @staticmethod
    def detail(line):
        "The line's text without its activity, already the section title."
        text = line.description or ''
        if line.sitiv_activity and text.startswith(
                line.sitiv_activity.name + ' — '):
            text = text[len(line.sitiv_activity.name) + 3:]
        return text

    @staticmethod
    def address(party):
        addresses = party.addresses
        return addresses[0].full_address if addresses else ''
