# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the crèche reports to the CAF (issue 20, spec 003 §2.1.14.4):
per crèche and month the hours contracted, billed and attended and the
taux de facturation (billed ÷ attended) the PSU ties its hourly price to;
the annual FILOUE file of the children; the places free for monenfant.fr.
Everything is read from the months billed (sitiv.creche.month on a posted
invoice): a month not billed yet is not reported."""
import datetime
from collections import OrderedDict
from decimal import Decimal

from sql import Literal, Null
from sql.aggregate import Min, Sum
from sql.conditionals import Coalesce

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from hestia.flatfile.layouts import filoue, monenfant
from hestia_base.security import check_company

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# The PSU's price per hour depends on the taux de facturation: at most
# 107 %, up to 117 %, above (CNAF).
BANDS = [
    ('low', "107 % or less"),
    ('middle', "From 107 % to 117 %"),
    ('high', "Above 117 %"),
    ]


def billing_rate(billed, attended):
    "Billed hours over attended hours, in %, 2 decimals; None without."
    if not attended:
        return None
    return (Decimal(billed) * HUNDRED / Decimal(attended)).quantize(
        Decimal('0.01'))


def band(rate):
    if rate is None:
        return None
    if rate <= 107:
        return 'low'
    if rate <= 117:
        return 'middle'
    return 'high'


class CafMonth(ModelSQL, ModelView):
    "Crèche Activity per Month (CAF)"
    __name__ = 'sitiv.creche.caf_month'

    company = fields.Many2One('company.company', "City", readonly=True)
    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        readonly=True)
    month = fields.Date("Month", readonly=True)
    period = fields.Function(fields.Char("Period"), 'get_period')
    children = fields.Integer("Children", readonly=True)
    contracted_hours = fields.Numeric("Hours Contracted", digits=(16, 2),
        readonly=True)
    billed_hours = fields.Numeric("Hours Billed", digits=(16, 2),
        readonly=True)
    attended_hours = fields.Numeric("Hours Attended", digits=(16, 2),
        readonly=True)
    amount = fields.Numeric("Billed to the Families (€)", digits=(16, 2),
        readonly=True)
    billing_rate = fields.Function(fields.Numeric("Taux de facturation (%)",
            digits=(16, 2)), 'get_billing_rate')
    band = fields.Function(fields.Selection(BANDS, "PSU Band"),
        'get_billing_rate')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'DESC'), ('structure', 'ASC'),
            ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        "The months billed, summed per crèche and month."
        Month = Pool().get('sitiv.creche.month')
        month = Month.__table__()
        return month.select(
            Min(month.id).as_('id'),
            Literal(0).as_('create_uid'), Min(month.create_date).as_(
                'create_date'),
            Literal(Null).as_('write_uid'), Literal(Null).as_('write_date'),
            month.company, month.structure, month.month,
            Sum(Literal(1)).as_('children'),
            Sum(Coalesce(month.contracted_hours, 0)).as_('contracted_hours'),
            Sum(Coalesce(month.billed_hours, 0)).as_('billed_hours'),
            Sum(Coalesce(month.attended_hours, 0)).as_('attended_hours'),
            Sum(Coalesce(month.amount, 0)).as_('amount'),
            where=month.id.in_(Month.billed_query()),
            group_by=[month.company, month.structure, month.month])

    def get_period(self, name):
        from hestia.french import month_name
        return month_name(self.month) if self.month else None

    @classmethod
    def get_billing_rate(cls, records, names):
        result = {n: {} for n in names}
        for record in records:
            rate = billing_rate(record.billed_hours or 0,
                record.attended_hours or 0)
            if 'billing_rate' in names:
                result['billing_rate'][record.id] = rate
            if 'band' in names:
                result['band'][record.id] = band(rate)
        return result


def filoue_records(company, year):
    """The FILOUE lines of `company`'s crèches for `year`: one per child
    and crèche, from the months billed, in crèche and birth-date order."""
    pool = Pool()
    Month = pool.get('sitiv.creche.month')
    months = Month.search([
            ('company', '=', company.id),
            ('month', '>=', datetime.date(year, 1, 1)),
            ('month', '<=', datetime.date(year, 12, 1)),
            ('id', 'in', Month.billed_query()),
            ], order=[('structure.name', 'ASC'), ('month', 'ASC'),
            ('id', 'ASC')])
    lines = OrderedDict()
    for month in months:
        contract = month.contract
        key = (contract.structure.id, contract.child.id)
        line = lines.get(key)
        if line is None:
            line = lines[key] = {'billed_hours': ZERO,
                'attended_hours': ZERO, 'amount': ZERO}
        household = contract.household
        heads = household.heads
        allocataire = next((h for h in heads if h.allocataire_number),
            heads[0] if heads else None)
        structure = contract.structure
        # The last month's contract gives the family's situation.
        line.update({
                'year': year,
                'caf_number': structure.caf_number or structure.code,
                'structure': structure.name,
                'allocataire': (None if contract.filoue_objection
                    or not allocataire else allocataire.allocataire_number),
                'regime': filoue.REGIMES.get(allocataire.allocataire_regime
                    if allocataire else None, 'INCON'),
                'postal_code': household.residence_postal_code,
                'city': household.residence_city,
                'birth_date': contract.child.birth_date,
                'kind': filoue.KINDS[contract.kind],
                'children': contract.children or 1,
                'hourly_rate': contract.hourly_rate,
                })
        line['billed_hours'] += month.billed_hours or ZERO
        line['attended_hours'] += month.attended_hours or ZERO
        line['amount'] += month.amount or ZERO
    return sorted(lines.values(), key=lambda l: (l['structure'],
            l['birth_date'] or datetime.date.min))


def monenfant_records(structures, start, end):
    "The places free of `structures` each opening day from start to end."
    records = []
    for structure in structures:
        for date in structure.open_dates(start, end):
            records.append({
                    'caf_number': structure.caf_number or structure.code,
                    'structure': structure.name,
                    'kind': structure.kind_string,
                    'street': structure.street,
                    'date': date,
                    'opening': structure.opening_time.strftime('%H:%M'),
                    'closing': structure.closing_time.strftime('%H:%M'),
                    'places': structure.agrement_places,
                    'free': max(structure.free_places(date), 0),
                    })
    return records


class ExportStart(ModelView):
    "CAF Files"
    __name__ = 'sitiv.creche.caf_export.start'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    kind = fields.Selection([
            ('filoue', "FILOUE (the year's children)"),
            ('monenfant', "Places free (monenfant.fr)"),
            ], "File", required=True)
    year = fields.Integer("Year", states={
            'required': Eval('kind') == 'filoue',
            'invisible': Eval('kind') != 'filoue'})
    start_date = fields.Date("From", states={
            'required': Eval('kind') == 'monenfant',
            'invisible': Eval('kind') != 'monenfant'})
    end_date = fields.Date("To", states={
            'required': Eval('kind') == 'monenfant',
            'invisible': Eval('kind') != 'monenfant'})

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'filoue'

    @staticmethod
    def default_year():
        return Pool().get('ir.date').today().year - 1

    @staticmethod
    def default_start_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_end_date():
        return Pool().get('ir.date').today() + datetime.timedelta(days=27)


class ExportResult(ModelView):
    "CAF File"
    __name__ = 'sitiv.creche.caf_export.result'

    file = fields.Binary("File", filename='filename', readonly=True)
    filename = fields.Char("File Name", readonly=True)
    summary = fields.Text("Summary", readonly=True)


class Export(Wizard):
    "Write the FILOUE file or the availability file of the city's crèches."
    __name__ = 'sitiv.creche.caf_export'
    start = StateView('sitiv.creche.caf_export.start',
        'sitiv_creche.caf_export_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Write the File", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('sitiv.creche.caf_export.result',
        'sitiv_creche.caf_export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        Structure = Pool().get('sitiv.creche.structure')
        company = check_company(self.start.company)
        if self.start.kind == 'filoue':
            records = filoue_records(company, self.start.year)
            data = filoue.write(records)
            filename = f'FILOUE_{self.start.year}.csv'
            summary = gettext('sitiv_creche.msg_filoue_summary',
                count=len(records), year=self.start.year)
        else:
            structures = Structure.search([('company', '=', company.id)])
            records = monenfant_records(structures, self.start.start_date,
                self.start.end_date)
            data = monenfant.write(records)
            filename = (
                f"monenfant_{self.start.start_date:%Y%m%d}.csv")
            summary = gettext('sitiv_creche.msg_monenfant_summary',
                count=len(structures), days=len(records))
        self.result.file = data
        self.result.filename = filename
        self.result.summary = summary
        return 'result'

    def default_result(self, fields):
        return {'file': self.result.file, 'filename': self.result.filename,
            'summary': self.result.summary}
