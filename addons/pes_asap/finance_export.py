# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Invoices for the city's finance software (§2.1.5.2, §2.1.14.4:
Civil Net Finances, Astre GF): every invoice of a period or the unpaid
ones only, one row per invoice and activity, in the CSV the README
documents (neither package publishes an import format here)."""
import csv
import datetime
import io
from collections import OrderedDict
from decimal import Decimal

from hestia.french import french_date
from hestia.pes.aller import latin1

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.wizard import Button, StateTransition, StateView, Wizard
from hestia_base.security import context_company

from .transfer import period_domain

ZERO = Decimal(0)
COLUMNS = ['collectivite', 'budget', 'numero_facture', 'date_facture',
    'echeance', 'periode_debut', 'periode_fin', 'code_tiers', 'nom',
    'prenom', 'adresse', 'code_postal', 'commune', 'identifiant_fiscal',
    'date_naissance', 'lieu_naissance', 'activite', 'code_produit',
    'nature', 'montant_ligne', 'total_facture', 'reste_du', 'statut',
    'titre']


def _amount(value):
    return f"{Decimal(value):.2f}".replace('.', ',')


def rows(company, start, end, unpaid_only=False):
    "The rows (dicts of COLUMNS) of the city's invoices of the period."
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Budget = pool.get('pes.budget')
    Transfer = pool.get('pes.transfer')
    domain = [('company', '=', company.id), ('type', '=', 'out'),
        ('state', 'in', ['posted', 'paid']),
        period_domain(start, end)]
    if unpaid_only:
        domain.append(('state', '=', 'posted'))
    out = []
    budgets = Budget.search([('company', '=', company.id)])
    for invoice in Invoice.search(domain, order=[('number', 'ASC')]):
        budget = Budget.of_invoice(invoice, budgets)
        party = invoice.party
        address = invoice.invoice_address
        groups = OrderedDict()
        for line in invoice.lines:
            if line.type != 'line':
                continue
            activity = Transfer._activity(line)
            product = (budget.product_of(activity) if budget else None) or (
                '', '')
            key = (activity.name if activity else line.description or '',
                ) + tuple(product)
            groups[key] = groups.get(key, ZERO) + line.amount
        for (activity, code, nature), amount in groups.items():
            out.append({
                    'collectivite': company.rec_name,
                    'budget': budget.cod_bud if budget else '',
                    'numero_facture': invoice.number,
                    'date_facture': french_date(invoice.invoice_date),
                    'echeance': french_date(invoice.payment_term_date)
                    if invoice.payment_term_date else '',
                    'periode_debut': french_date(invoice.sitiv_period_start)
                    if invoice.sitiv_period_start else '',
                    'periode_fin': french_date(invoice.sitiv_period_end)
                    if invoice.sitiv_period_end else '',
                    'code_tiers': party.code or '',
                    'nom': (party.last_name if party.is_person
                        else party.name) or party.name,
                    'prenom': party.first_name or '' if party.is_person
                    else '',
                    'adresse': (address.street_unstructured or ''
                        ).replace('\n', ' ') if address else '',
                    'code_postal': address.postal_code or ''
                    if address else '',
                    'commune': address.city or '' if address else '',
                    'identifiant_fiscal': party.pes_fiscal_id or '',
                    'date_naissance': french_date(party.birth_date)
                    if party.birth_date else '',
                    'lieu_naissance': party.birth_place or '',
                    'activite': activity,
                    'code_produit': code,
                    'nature': nature,
                    'montant_ligne': _amount(amount),
                    'total_facture': _amount(invoice.total_amount),
                    'reste_du': _amount(invoice.amount_to_pay),
                    'statut': 'payee' if invoice.state == 'paid'
                    else 'impayee',
                    'titre': invoice.pes_title or '',
                    })
    return out


def to_csv(rows):
    "ISO-8859-1, « ; », decimal comma, dd/mm/yyyy, one header row."
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter=';',
        lineterminator='\r\n')
    writer.writeheader()
    for row in rows:
        writer.writerow({k: latin1(str(v)) for k, v in row.items()})
    return buffer.getvalue().encode('iso-8859-1')


class ExportStart(ModelView):
    "Export Invoices for the Finance Software"
    __name__ = 'pes.finance_export.start'

    start_date = fields.Date("From", required=True)
    end_date = fields.Date("To", required=True)
    unpaid_only = fields.Boolean("Unpaid Invoices Only")


class ExportResult(ModelView):
    "Export Invoices for the Finance Software"
    __name__ = 'pes.finance_export.result'

    file = fields.Binary("File", filename='filename', readonly=True)
    filename = fields.Char("File Name", readonly=True)
    count = fields.Integer("Rows", readonly=True)


class Export(Wizard):
    "Export Invoices for the Finance Software"
    __name__ = 'pes.finance_export'

    start = StateView('pes.finance_export.start',
        'pes_asap.finance_export_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Export", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('pes.finance_export.result',
        'pes_asap.finance_export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        today = Pool().get('ir.date').today()
        end = today.replace(day=1) - datetime.timedelta(days=1)
        return {'start_date': end.replace(day=1), 'end_date': end}

    def transition_export(self):
        company = context_company()
        found = rows(company, self.start.start_date, self.start.end_date,
            self.start.unpaid_only)
        self.result.file = to_csv(found)
        self.result.count = len(found)
        self.result.filename = (f"factures_{self.start.start_date:%Y%m%d}_"
            f"{self.start.end_date:%Y%m%d}"
            f"{'_impayees' if self.start.unpaid_only else ''}.csv")
        return 'result'

    def default_result(self, fields):
        return {'file': self.result.file, 'filename': self.result.filename,
            'count': self.result.count}
