# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Attestations of attendance and payment (§2.1.5.3 « attestations
fiscales, comité d'entreprise »): for a household and a year, each child's
days of presence per activity, what was billed and what was paid, and the
childcare costs a family may declare for its children under six on the 1st
of January (périscolaire, mercredis and holiday centres; meals and stays
are not childcare).  What is paid of an invoice is shared among its lines
in proportion.  Only the invoices of the year count, days included: a day
attended and not billed yet is on next year's attestation, with its
price."""
import datetime
from collections import OrderedDict
from decimal import Decimal

from hestia_base import batch
from hestia.french import euro, french_date, number

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import without_check_access
from trytond.wizard import Button, StateReport, StateView, Wizard

from .invoice_report import FamilyInvoice
from .payment_report import selection_label

# Childcare in the sense of the tax credit (art. 200 quater B CGI).
CHILDCARE_DOMAINS = {'periscolaire', 'mercredi', 'alsh'}
ZERO = Decimal('0.00')


def attestation(household, year):
    """{'children': [(child, rows)], 'billed', 'paid', 'childcare'} with a
    row per activity: name, domain, days, billed, paid."""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Attendance = pool.get('sitiv.attendance')
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    invoices = Invoice.search([
            ('sitiv_household', '=', household.id),
            ('state', 'in', ['posted', 'paid']),
            ('invoice_date', '>=', start),
            ('invoice_date', '<=', end),
            ])
    # Days of presence billed on these invoices, not days attended: the
    # attestation (taxes) states what was billed and paid, nothing else.
    presence = {}
    lines = [l.id for i in invoices for l in i.lines]
    for attendance in batch.search(Attendance,
            [('state', 'in', ['present', 'present_unbilled'])],
            'invoice_line', lines):
        key = (attendance.child.id, attendance.activity.id)
        presence[key] = presence.get(key, 0) + 1
    rows = OrderedDict()
    for invoice in invoices:
        total = invoice.total_amount
        ratio = ((total - invoice.amount_to_pay) / total) if total else 0
        for line in invoice.lines:
            if not line.sitiv_child or not line.sitiv_activity:
                continue
            key = (line.sitiv_child.id, line.sitiv_activity.id)
            row = rows.setdefault(key, {
                    'child': line.sitiv_child,
                    'activity': line.sitiv_activity,
                    'billed': ZERO, 'paid': ZERO})
            row['billed'] += line.amount
            row['paid'] += (line.amount * ratio).quantize(Decimal('0.01'))
    children = OrderedDict()
    childcare = ZERO
    for key, row in rows.items():
        row['days'] = presence.get(key, 0)
        children.setdefault(row['child'], []).append(row)
        birth = row['child'].birth_date
        if (row['activity'].domain in CHILDCARE_DOMAINS and birth
                and birth > datetime.date(year - 6, 1, 1)):
            childcare += row['paid']
    return {
        'children': list(children.items()),
        'billed': sum((r['billed'] for r in rows.values()), ZERO),
        'paid': sum((r['paid'] for r in rows.values()), ZERO),
        'childcare': childcare,
        }


class Attestation(Report):
    "Attestation of Attendance and Payment"
    __name__ = 'sitiv.attestation'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        year = data.get('year') or Pool().get('ir.date').today().year - 1
        context['year'] = year
        context['attestation'] = cls.attestation(year)
        context['euro'] = euro
        context['number'] = number
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        context['domain'] = lambda a: selection_label(a, 'domain')
        context['activity'] = cls.activity_label
        context['address'] = FamilyInvoice.address
        return context

    @staticmethod
    def activity_label(activity):
        "« Mercredis récréatifs (Mercredi) », the domain once only."
        domain = selection_label(activity, 'domain')
        if not domain or domain == activity.name:
            return activity.name
        return f"{activity.name} ({domain})"

    @staticmethod
    def attestation(year):
        def compute(household):
            # The household is the user's to print; the amounts paid are
            # read in the accounts.
            with without_check_access():
                return attestation(household, year)
        return compute


class AttestationStart(ModelView):
    "Print Attestations"
    __name__ = 'sitiv.attestation.start'
    year = fields.Integer("Year", required=True)


class PrintAttestation(Wizard):
    "Print Attestations"
    __name__ = 'sitiv.attestation.print'
    start = StateView('sitiv.attestation.start',
        'sitiv_facturation.attestation_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Print", 'print_', 'tryton-print', default=True),
            ])
    print_ = StateReport('sitiv.attestation')

    def default_start(self, fields):
        return {'year': Pool().get('ir.date').today().year - 1}

    def do_print_(self, action):
        ids = [r.id for r in self.records]
        return action, {'ids': ids, 'id': ids[0] if ids else None,
            'model': 'sitiv.household', 'year': self.start.year}
