# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Monthly exports of the CESU chain, kept as records with their file
(download in the UI, `hestia flux export` on the command line, copy in the
drop folder's outbox):

* flux 8.2 → CNCESU: the chequebooks of the month consolidated with flux 1
  (identity, address, tutor, plan) and their ceiling of charges (H3);
* flux 5 → SALSA: the month's reimbursed cheques (C10);
* flux 8.1 → CNCESU: the same, by beneficiary and prestation (C11);
* flux 6 → SALSA: the CNCESU charges of the month, once verified (C12).

A line that cannot be written (a value too long for the format, a missing
mandatory value) is left out and named in the export's message; the file
is still produced for every other line."""
import os
from decimal import Decimal

from hestia import months
from hestia.flatfile.layouts import flux5, flux6, flux81, flux82

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.security import context_company
from hestia_base.stamp import MINUTE, to_the_minute

KINDS = [
    ('flux82', "Flux 8.2 — CESU beneficiaries to the CNCESU"),
    ('flux5', "Flux 5 — CESU consumed to SALSA"),
    ('flux81', "Flux 8.1 — CESU consumed to the CNCESU"),
    ('flux6', "Flux 6 — verified CNCESU charges to SALSA"),
    ]
CIVILITIES = {'M': '1', 'M.': '1', 'MR': '1', 'MME': '2', 'MLLE': '3',
    '1': '1', '2': '2', '3': '3'}


class Export(ModelSQL, ModelView):
    "CESU Export"
    __name__ = 'dases.cesu.export'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    kind = fields.Selection(KINDS, "Flux", required=True, readonly=True)
    period = fields.Date("Month", required=True, readonly=True)
    sequence = fields.Integer("Sequence", readonly=True)
    date = fields.DateTime("Generated On", readonly=True, format=MINUTE)
    data = fields.Binary("File", filename='filename', readonly=True)
    filename = fields.Char("File Name", readonly=True)
    records = fields.Integer("Lines", readonly=True)
    amount = fields.Numeric("Amount (€)", digits=(16, 2), readonly=True)
    message = fields.Text("Lines Left Out", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    def get_rec_name(self, name):
        return f'{self.filename}'

    @classmethod
    def generate(cls, company, kind, period, today=None):
        "Build the `kind` file of `period`'s month and store it."
        pool = Pool()
        Configuration = pool.get('dases.configuration')
        today = today or Pool().get('ir.date').today()
        period = period.replace(day=1)
        previous = cls.search([('company', '=', company.id),
                ('kind', '=', kind)], order=[('sequence', 'DESC')], limit=1)
        sequence = previous[0].sequence + 1 if previous else 1
        builder = cls.builders()[kind](company, period, today, sequence)
        text, count, amount = builder.build()
        filename = f'{kind}_{period:%Y%m}_{sequence:05d}.txt'
        data = text.encode('cp1252', 'replace')
        export, = cls.create([{
                    'company': company.id,
                    'kind': kind,
                    'period': period,
                    'sequence': sequence,
                    'date': to_the_minute(),
                    'data': data,
                    'filename': filename,
                    'records': count,
                    'amount': amount,
                    'message': '\n'.join(builder.left_out) or None,
                    }])
        outbox = Configuration(1).get_multivalue('drop_outbox',
            company=company.id)
        if outbox:
            os.makedirs(outbox, exist_ok=True)
            with open(os.path.join(outbox, filename), 'wb') as file:
                file.write(data)
        return export

    @classmethod
    def builders(cls):
        """{kind: builder class}: another module puts its subclass of a
        builder here with `super()` (a Département's own field rule …)."""
        return {
            'flux82': Flux82Builder,
            'flux5': Flux5Builder,
            'flux81': Flux81Builder,
            'flux6': Flux6Builder,
            }

    def summary(self):
        "The JSON the CLI prints."
        return {
            'export': self.id,
            'kind': self.kind,
            'period': self.period.strftime('%m/%Y'),
            'file': self.filename,
            'lines': self.records,
            'amount': str(self.amount) if self.amount is not None else None,
            'left_out': self.message.splitlines() if self.message else [],
            }


class Builder:
    "Builds one kind of file for a company and a month."

    def __init__(self, company, period, today, sequence):
        pool = Pool()
        self.company = company
        self.start, self.end = months.bounds(period)
        self.today = today
        self.sequence = sequence
        self.configuration = pool.get('dases.configuration')(1)
        self.left_out = []

    def setting(self, name):
        "The Département's setting `name` (its CNCESU codes …)."
        return self.configuration.get_multivalue(name,
            company=self.company.id)

    def valid(self, layout, common, details, name):
        "The details `layout` can write; the others are left out, named."
        result = []
        for detail in details:
            try:
                layout.format_record(dict(common, **detail))
            except ValueError as error:
                self.left_out.append(f"{name(detail)} : {error}")
            else:
                result.append(detail)
        return result


class Flux82Builder(Builder):
    "Chequebooks read in one query with their beneficiary, tutor and plan."
    FIELDS = ['code', 'salsa_id', 'service_index', 'civility', 'last_name',
        'first_name', 'birth_date', 'street', 'street2', 'postal_code',
        'city', 'coverage_start', 'coverage_end', 'month', 'aid_type',
        'employment_type', 'amount', 'charge_ceiling'] + [
        f'beneficiary.{f}' for f in ['civility', 'last_name', 'birth_name',
            'first_name', 'birth_date', 'address1', 'address2',
            'postal_code', 'city']] + [
        f'beneficiary.tutor.{f}' for f in ['name', 'first_name',
            'address1', 'address2', 'postal_code', 'city']] + [
        f'care_plan.{f}' for f in ['right_start', 'right_end', 'quantity',
            'total_quantity', 'unit_amount_department',
            'ticket_percentage']]

    def build(self):
        Book = Pool().get('dases.cesu.book')
        books = Book.search_read([
                ('order.company', '=', self.company.id),
                ('month', '>=', self.start), ('month', '<=', self.end),
                ], order=[('salsa_id', 'ASC'), ('service_index', 'ASC'),
                ('id', 'ASC')], fields_names=self.FIELDS)
        details = []
        for book in books:
            if not book['aid_type']:
                self.left_out.append(gettext(
                        'dases_cesu.msg_export_no_third_party',
                        book=book['code'], name=f"{book['last_name']} "
                        f"{book['first_name']}"))
                continue
            details.append(self.detail(book))
        header = {'departement': self.setting('cncesu_departement'),
            'created': self.today, 'sequence': self.sequence}
        common = dict(header, code='DET', application=flux82.APPLICATION)
        details = self.valid(flux82.DETAIL, common, details,
            lambda d: gettext('dases_cesu.msg_export_service',
                beneficiary=d['beneficiary_id'], service=d['service_index']))
        amount = sum((d['monthly_charges'] or 0 for d in details),
            Decimal(0))
        return flux82.write(header, details), len(details), amount

    @staticmethod
    def detail(book):
        """The DET values of a chequebook read with FIELDS: identity and
        address from flux 1 when the beneficiary is known."""
        beneficiary = book['beneficiary.']
        plan = book['care_plan.'] or {}
        tutor = (beneficiary or {}).get('tutor.') or {}
        source = beneficiary or book
        last_name = source['last_name']
        birth_name, married_name = last_name, None
        if beneficiary and beneficiary['birth_name'] \
                and beneficiary['birth_name'] != last_name:
            birth_name, married_name = beneficiary['birth_name'], last_name
        if beneficiary:
            address = (beneficiary['address2'], beneficiary['address1'],
                beneficiary['postal_code'], beneficiary['city'])
        else:
            address = (book['street2'], book['street'], book['postal_code'],
                book['city'])
        wage = book['amount']
        if plan.get('quantity') and plan.get('unit_amount_department'):
            wage = plan['quantity'] * plan['unit_amount_department']
        rate = plan.get('ticket_percentage')
        return {
            'beneficiary_id': book['salsa_id'],
            'service_index': book['service_index'],
            'civility': CIVILITIES.get((source['civility'] or '').upper(),
                '2'),
            'birth_name': birth_name,
            'married_name': married_name,
            'first_name': source['first_name'],
            'birth_date': source['birth_date'],
            'address1': address[0],
            'address2': address[1],
            'postal_code': address[2],
            'city': address[3],
            'correspondent': ' '.join(filter(None, [tutor.get('name'),
                        tutor.get('first_name')])) or None,
            'correspondent_address1': tutor.get('address2'),
            'correspondent_address2': tutor.get('address1'),
            'correspondent_postal_code': tutor.get('postal_code'),
            'correspondent_city': tutor.get('city'),
            'third_party_payment': True,
            'month': book['month'],
            'employment_type': book['employment_type'] or '1',
            'declaration_mode': '1',
            'prestation_type': book['aid_type'],
            'effective_date': plan.get('right_start')
            or book['coverage_start'],
            'prefinanced': True,
            'hours_total': plan.get('total_quantity'),
            'hours_financed': plan.get('quantity'),
            'hourly_wage': plan.get('unit_amount_department'),
            'wage': wage,
            'rate': (100 - rate) if rate is not None else None,
            'monthly_wages': book['amount'],
            'monthly_charges': book['charge_ceiling'],
            'end_date': plan.get('right_end') or book['coverage_end'],
            }


class ConsumptionBuilder(Builder):
    "The month's reimbursed cheques with their chequebook."

    def consumptions(self):
        Consumption = Pool().get('dases.cesu.consumption')
        return Consumption.search_read([
                ('company', '=', self.company.id),
                ('payment_date', '>=', self.start),
                ('payment_date', '<=', self.end),
                ], order=[('id', 'ASC')], fields_names=[
                'count', 'unit_value', 'amount', 'hours',
                'consumption_month', 'affiliate_code', 'affiliate_name',
                'book.salsa_id', 'book.service_index', 'book.month',
                'book.dematerialised', 'book.employment_type',
                'book.order.external_ref', 'book.order.client'])


class Flux5Builder(ConsumptionBuilder):

    def build(self):
        schemes = {}
        for row in self.consumptions():
            book = row['book.']
            order = book['order.']
            # Nom affilié is 20 characters in flux 5: the code identifies
            # the affiliate, the name is cut to the width (README).
            key = (book['salsa_id'], order['external_ref'],
                row['unit_value'], row['consumption_month'],
                row['affiliate_code'], (row['affiliate_name'] or '')[:20],
                flux5.DEMATERIALISED if book['dematerialised']
                else flux5.PAPER)
            lines = schemes.setdefault(order['client'], {})
            line = lines.setdefault(key, {'quantity': 0,
                    'amount': Decimal(0)})
            line['quantity'] += row['count']
            line['amount'] += row['amount']
        result, count, amount = [], 0, Decimal(0)
        for client in sorted(schemes):
            lines = []
            for key, totals in sorted(schemes[client].items(),
                    key=lambda i: tuple(str(k) for k in i[0])):
                salsa_id, ref, unit, month, code, name, product = key
                lines.append(dict(totals, salsa_id=salsa_id, order_ref=ref,
                        processing_month=self.start.month,
                        processing_year=self.start.year, unit_value=unit,
                        consumption_month=month.month,
                        consumption_year=month.year, affiliate_code=code,
                        affiliate_name=name or None, product=product))
            lines = self.valid(flux5.LINE, {'code': '3'}, lines,
                lambda d: gettext('dases_cesu.msg_export_order',
                    beneficiary=d['salsa_id'], order=d['order_ref']))
            count += len(lines)
            amount += sum(line['amount'] for line in lines)
            result.append({'client': client, 'lines': lines})
        return flux5.write(self.start, self.end, result), count, amount


class Flux81Builder(ConsumptionBuilder):

    def build(self):
        number = self.setting('departement_number')
        lines = {}
        for row in self.consumptions():
            book = row['book.']
            key = (book['salsa_id'], book['service_index'] or '',
                book['month'])
            line = lines.setdefault(key, {
                    'hours_direct': Decimal(0), 'hours_other': Decimal(0),
                    'amount_direct': Decimal(0),
                    'amount_other': Decimal(0)})
            kind = 'direct' if book['employment_type'] == '2' else 'other'
            line[f'hours_{kind}'] += row['hours'] or 0
            line[f'amount_{kind}'] += row['amount']
        details = [dict(totals, departement=number, beneficiary_id=salsa_id,
                service_index=index or None, month=month)
            for (salsa_id, index, month), totals in sorted(lines.items(),
                key=lambda i: (i[0][0], i[0][1], i[0][2]))]
        header = {'issuer': self.setting('cncesu_issuer'),
            'created': self.today, 'sequence': self.sequence}
        common = dict(header, code='DET', application=flux81.APPLICATION)
        details = self.valid(flux81.DETAIL, common, details,
            lambda d: gettext('dases_cesu.msg_export_service',
                beneficiary=d['beneficiary_id'], service=d['service_index']))
        amount = sum((d['amount_direct'] + d['amount_other']
                for d in details), Decimal(0))
        return flux81.write(header, details), len(details), amount


class Flux6Builder(Builder):

    def build(self):
        Charge = Pool().get('dases.cesu.charge')
        charges = Charge.search([
                ('company', '=', self.company.id),
                ('billing_month', '=', self.start),
                ('state', 'in', ['verified', 'accepted']),
                ], order=[('prestation_type', 'ASC'),
                ('beneficiary_id', 'ASC'), ('period', 'ASC'),
                ('id', 'ASC')])
        details = [{
                'beneficiary_id': c.beneficiary_id,
                'service_index': c.service_index,
                'employer_number': c.employer_number,
                'prestation_type': c.prestation_type,
                'period': c.period,
                'hours_financed': c.hours_financed,
                'monthly_charges': c.monthly_charges,
                'hours': c.hours,
                'amount': c.amount,
                'nature': c.nature,
                'billing_month': c.billing_month,
                } for c in charges]
        deadline = max((c.transfer_deadline for c in charges
                if c.transfer_deadline), default=self.end)
        header = {'departement': self.setting('cncesu_departement'),
            'created': self.today, 'sequence': self.sequence}
        anomalies = Charge.search_count([
                ('company', '=', self.company.id),
                ('billing_month', '=', self.start),
                ('state', '=', 'anomaly'),
                ])
        if anomalies:
            self.left_out.append(gettext('dases_cesu.msg_export_anomalies',
                    count=anomalies))
        amount = sum((flux6.totals(t, details)['total']
                for t in {d['prestation_type'] for d in details}),
            Decimal(0))
        return flux6.write(header, details, deadline), len(details), amount


class GenerateStart(ModelView):
    "Generate an Export"
    __name__ = 'dases.cesu.export.generate.start'

    kind = fields.Selection(KINDS, "Flux", required=True)
    period = fields.Date("Month", required=True,
        help="Any day of the month to export.")

    @staticmethod
    def default_kind():
        return 'flux82'

    @staticmethod
    def default_period():
        return Pool().get('ir.date').today().replace(day=1)


class Generate(Wizard):
    "Generate an Export"
    __name__ = 'dases.cesu.export.generate'

    start = StateView('dases.cesu.export.generate.start',
        'dases_cesu.export_generate_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Generate", 'generate', 'tryton-ok', default=True),
            ])
    generate = StateAction('dases_cesu.act_export')

    def do_generate(self, action):
        pool = Pool()
        Export = pool.get('dases.cesu.export')
        company = context_company()
        with without_check_access():
            export = Export.generate(company, self.start.kind,
                self.start.period)
        action['res_id'] = [export.id]
        action['views'].reverse()
        return action, {}
