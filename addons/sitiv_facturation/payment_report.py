# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The régie's documents (§2.1.5.3): the receipt a family takes away, the
deposit slip handed to the Trésorerie with its totals per mode, and the
journal of the payments selected (a day, a month, an agent, the refunds
just made) — ODT templates the city may edit, printed to PDF."""
from collections import OrderedDict
from decimal import Decimal

from hestia.french import euro, french_date

from trytond.pool import Pool
from trytond.report import Report

from .invoice_report import FamilyInvoice


def selection_label(record, name):
    field = record.__class__.fields_get([name])[name]
    return dict(field['selection']).get(getattr(record, name)) or ''


def by_mode(payments):
    "(mode, count, amount) for every mode of the payments."
    totals = OrderedDict()
    for payment in sorted(payments, key=lambda p: p.mode):
        name = selection_label(payment, 'mode')
        count, amount = totals.get(name, (0, Decimal('0.00')))
        totals[name] = (count + 1, amount + payment.signed_amount)
    return [(name, count, amount)
        for name, (count, amount) in totals.items()]


def period(invoice):
    "« octobre 2026 », or the invoice's date when it has no period."
    if invoice.sitiv_period_start and invoice.sitiv_period_end:
        return invoice.sitiv_period_label
    return french_date(invoice.invoice_date)


def in_sentence(label):
    "« espèces » inside a sentence; « CESU » and « PayFiP » stay as are."
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


class PaymentReport(Report):

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['euro'] = euro
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        context['address'] = FamilyInvoice.address
        context['mode'] = lambda p: selection_label(p, 'mode')
        context['in_sentence'] = in_sentence
        context['state'] = lambda p: selection_label(p, 'state')
        context['by_mode'] = by_mode
        context['period'] = period
        return context


class Receipt(PaymentReport):
    "Receipt"
    __name__ = 'sitiv.payment.receipt'


class DepositSlip(PaymentReport):
    "Deposit Slip"
    __name__ = 'sitiv.payment.deposit.slip'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['mode_name'] = lambda d: (selection_label(d, 'mode')
            if d.mode else "tous modes")
        return context


class RegieJournal(PaymentReport):
    "Régie Journal"
    __name__ = 'sitiv.payment.journal'

    @classmethod
    def _get_records(cls, ids, model, data):
        records = super()._get_records(ids, model, data)
        return sorted(records, key=lambda p: (p.date, p.number or '', p.id))

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)

        def period_label(payments):
            dates = [p.date for p in payments]
            if not dates:
                return ''
            return f"Du {french_date(min(dates))} au {french_date(max(dates))}"
        context['period_label'] = period_label
        return context
