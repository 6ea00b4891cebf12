# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Compte d'emploi CESU (I6) and suivi consommé CESU (I7), in PDF (an ODT
template converted by LibreOffice) and XLSX.

* The compte d'emploi accounts, per aid type, for the CESU whose titles
  belong to the months of the period: issued, reimbursed, outstanding
  (still valid), expired unused (validity passed), blocked (stolen, lost,
  fraud, cancelled), and the social charges the CNCESU billed for those
  months (flux 6, debit adjustments added and credit ones deducted).
* The suivi consommé lists each chequebook of the period: beneficiary,
  prestation, employment type, issued, reimbursed, consumption rate and
  last reimbursement."""
import datetime
import io
from decimal import Decimal

import xlsxwriter

from hestia_base.batch import chunks
from hestia.french import euro, french_date

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.wizard import Button, StateReport, StateView, Wizard
from hestia_base.security import check_company, context_company

from .charge import SIGN
from .charge_rate import AID_TYPES, EMPLOYMENT_TYPES

ZERO = Decimal(0)
AID_LABELS = {'1': "APA", '2': "PCH", '3': "PCH enfant", None: "Autres aides"}
EMPLOYMENT_LABELS = {'1': "Mandataire / prestataire", '2': "Emploi direct",
    '3': "Famille d'accueil", None: ""}
assert set(AID_LABELS) - {None} == {k for k, _ in AID_TYPES}
assert set(EMPLOYMENT_LABELS) - {None} == {k for k, _ in EMPLOYMENT_TYPES}


def follow_up(company, start, end, today=None):
    "Rows of the suivi consommé: one per chequebook of the period."
    pool = Pool()
    Book = pool.get('dases.cesu.book')
    Consumption = pool.get('dases.cesu.consumption')
    today = today or Pool().get('ir.date').today()
    books = Book.search_read([
            ('order.company', '=', company.id),
            ('month', '>=', start), ('month', '<=', end),
            ], order=[('last_name', 'ASC'), ('first_name', 'ASC'),
            ('month', 'ASC'), ('id', 'ASC')],
        fields_names=['code', 'salsa_id', 'last_name', 'first_name',
            'service_index', 'aid_type', 'employment_type', 'month',
            'title_count', 'amount', 'blocked', 'order.external_ref',
            'titles.validity'])
    ids = [b['id'] for b in books]
    consumed, last = {}, {}
    for chunk in chunks(ids, 500):
        for row in Consumption.search_read([('book', 'in', chunk)],
                fields_names=['book', 'count', 'amount', 'payment_date']):
            count, amount = consumed.get(row['book'], (0, ZERO))
            consumed[row['book']] = (count + row['count'],
                amount + row['amount'])
            last[row['book']] = max(last.get(row['book'], row['payment_date']),
                row['payment_date'])
    rows = []
    for book in books:
        count, amount = consumed.get(book['id'], (0, ZERO))
        validity = max((t['validity'] for t in book['titles.']
                if t['validity']), default=None)
        issued = book['amount'] or ZERO
        rows.append({
                'book': book['code'],
                'order': book['order.']['external_ref'],
                'salsa_id': book['salsa_id'],
                'name': f"{book['last_name']} {book['first_name']}",
                'service_index': book['service_index'] or '',
                'aid_type': book['aid_type'],
                'aid': AID_LABELS[book['aid_type']],
                'employment': EMPLOYMENT_LABELS[book['employment_type']],
                'month': book['month'],
                'validity': validity,
                'issued_count': book['title_count'] or 0,
                'issued': issued,
                'consumed_count': count,
                'consumed': amount,
                'remaining': issued - amount,
                'rate': (amount * 100 / issued).quantize(Decimal('0.1'))
                if issued else ZERO,
                'last_payment': last.get(book['id']),
                'blocked': book['blocked'],
                'expired': bool(validity and validity < today),
                })
    return rows


def statement(company, start, end, today=None):
    "Lines of the compte d'emploi: one per aid type, then the total."
    pool = Pool()
    Charge = pool.get('dases.cesu.charge')
    books = follow_up(company, start, end, today)
    charges = Charge.search_read([
            ('company', '=', company.id),
            ('period', '>=', start), ('period', '<=', end),
            ('state', 'in', ['verified', 'accepted']),
            ], fields_names=['prestation_type', 'nature', 'amount'])
    keys = ['books', 'issued_count', 'issued', 'consumed_count', 'consumed',
        'outstanding', 'expired', 'blocked', 'charges']
    lines = {}
    for book in books:
        line = lines.setdefault(book['aid_type'], dict.fromkeys(keys, ZERO))
        line['books'] += 1
        for key in ['issued_count', 'issued', 'consumed_count', 'consumed']:
            line[key] += book[key]
        if book['blocked']:
            line['blocked'] += book['remaining']
        elif book['expired']:
            line['expired'] += book['remaining']
        else:
            line['outstanding'] += book['remaining']
    for charge in charges:
        line = lines.setdefault(charge['prestation_type'],
            dict.fromkeys(keys, ZERO))
        line['charges'] += SIGN[charge['nature']] * charge['amount']
    order = [k for k, _ in AID_TYPES] + [None]
    result = [dict(lines[k], aid=AID_LABELS[k]) for k in order if k in lines]
    total = {k: sum((line[k] for line in result), ZERO) for k in keys}
    result.append(dict(total, aid="Total"))
    return result


STATEMENT_COLUMNS = [
    ('aid', "Type d'aide", None),
    ('books', "Chéquiers", 'int'),
    ('issued_count', "Titres émis", 'int'),
    ('issued', "Montant émis", 'euro'),
    ('consumed_count', "Titres remboursés", 'int'),
    ('consumed', "Montant remboursé", 'euro'),
    ('outstanding', "En circulation", 'euro'),
    ('expired', "Périmés non utilisés", 'euro'),
    ('blocked', "Bloqués (vol, perte, fraude, annulation)", 'euro'),
    ('charges', "Charges sociales CNCESU", 'euro'),
    ]
FOLLOW_UP_COLUMNS = [
    ('name', "Bénéficiaire", None),
    ('salsa_id', "Index SALSA", None),
    ('service_index', "Prestation", None),
    ('aid', "Aide", None),
    ('employment', "Mode d'intervention", None),
    ('order', "Commande", None),
    ('book', "Chéquier", None),
    ('month', "Mois des titres", 'month'),
    ('issued', "Émis", 'euro'),
    ('consumed', "Remboursé", 'euro'),
    ('remaining', "Reste", 'euro'),
    ('rate', "Taux de consommation (%)", 'decimal'),
    ('last_payment', "Dernier remboursement", 'date'),
    ]


def xlsx(title, company, start, end, columns, rows):
    "Bytes of a one-sheet workbook with a title, the period and the rows."
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {'in_memory': True})
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({'bold': True})
    header = workbook.add_format({'bold': True, 'text_wrap': True,
            'bg_color': '#DDE4EE', 'border': 1})
    formats = {
        None: workbook.add_format({}),
        'int': workbook.add_format({'num_format': '0'}),
        'decimal': workbook.add_format({'num_format': '0.0'}),
        'euro': workbook.add_format({'num_format': '#,##0.00 "€"'}),
        'date': workbook.add_format({'num_format': 'dd/mm/yyyy'}),
        'month': workbook.add_format({'num_format': 'mm/yyyy'}),
        }
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, f"{company.rec_name} — du {start:%d/%m/%Y} au "
        f"{end:%d/%m/%Y}")
    for col, (_, label, _) in enumerate(columns):
        sheet.write(3, col, label, header)
        sheet.set_column(col, col, 14 if col else 28)
    for number, row in enumerate(rows, 4):
        for col, (key, _, kind) in enumerate(columns):
            value = row[key]
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, col,
                    datetime.datetime.combine(value, datetime.time()),
                    formats[kind])
            elif isinstance(value, Decimal):
                sheet.write_number(number, col, float(value), formats[kind])
            else:
                sheet.write(number, col, value, formats[kind])
    sheet.freeze_panes(4, 1)
    workbook.close()
    return output.getvalue()


class StatementMixin:
    """A report on a period, in PDF (template) or XLSX (built here); each
    report gives its `title`, `columns` and `rows(company, start, end)`."""
    title = columns = None

    @classmethod
    def execute(cls, ids, data):
        company = Pool().get('company.company')(
            check_company(data['company']))
        start, end = data['start'], data['end']
        if data.get('format') == 'xlsx':
            content = xlsx(cls.title, company, start, end, cls.columns,
                cls.rows(company, start, end))
            return ('xlsx', content, False,
                f"{cls.title} {start:%Y%m%d}-{end:%Y%m%d}")
        return super().execute(ids, data)

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        company = Pool().get('company.company')(
            check_company(data['company']))
        context['company'] = company
        context['start'], context['end'] = data['start'], data['end']
        context['rows'] = cls.rows(company, data['start'], data['end'])
        context['today'] = Pool().get('ir.date').today()
        context['euro'] = euro
        context['french_date'] = french_date
        return context


class StatementReport(StatementMixin, Report):
    "Compte d'emploi CESU"
    __name__ = 'dases.cesu.statement'
    title = "Compte d'emploi CESU"
    columns = STATEMENT_COLUMNS

    @classmethod
    def rows(cls, company, start, end):
        return statement(company, start, end)


class FollowUpReport(StatementMixin, Report):
    "Suivi consommé CESU"
    __name__ = 'dases.cesu.follow_up'
    title = "Suivi consommé CESU"
    columns = FOLLOW_UP_COLUMNS

    @classmethod
    def rows(cls, company, start, end):
        return follow_up(company, start, end)


class PrintStart(ModelView):
    "Print a CESU Statement"
    __name__ = 'dases.cesu.statement.print.start'

    report = fields.Selection([
            ('statement', "Compte d'emploi CESU"),
            ('follow_up', "Suivi consommé CESU"),
            ], "Report", required=True)
    start = fields.Date("From", required=True)
    end = fields.Date("Until", required=True,
        domain=[('end', '>=', Eval('start'))])
    format = fields.Selection([
            ('pdf', "PDF"),
            ('xlsx', "Excel (XLSX)"),
            ], "Format", required=True)

    @staticmethod
    def default_report():
        return 'statement'

    @staticmethod
    def default_start():
        return Pool().get('ir.date').today().replace(month=1, day=1)

    @staticmethod
    def default_end():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_format():
        return 'pdf'


class Print(Wizard):
    "Print a CESU Statement"
    __name__ = 'dases.cesu.statement.print'

    start = StateView('dases.cesu.statement.print.start',
        'dases_cesu.statement_print_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Print", 'print_', 'tryton-print', default=True),
            ])
    print_ = StateReport('dases.cesu.statement')

    def transition_print_(self):
        return 'end'

    def do_print_(self, action):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        name = {'statement': 'dases.cesu.statement',
            'follow_up': 'dases.cesu.follow_up'}[self.start.report]
        action_report, = ActionReport.search(
            [('report_name', '=', name)], limit=1)
        action = action_report.action.get_action_value()
        return action, {
            'company': context_company().id,
            'start': self.start.start,
            'end': self.start.end,
            'format': self.start.format,
            }
