# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Social charges the CNCESU bills the Département (C12), received in flux
6, each checked against the ceiling sent in flux 8.2, then passed on to
SALSA (flux 6 export) once verified.

A charge line is an anomaly when its beneficiary or chequebook of that
month is unknown, or when the month's charges for the beneficiary and
prestation exceed the ceiling of charges of the chequebooks issued for
it. An agent may accept an anomaly (it is then passed on) with a reason."""
from decimal import Decimal

from hestia_base.batch import chunks
from hestia.flatfile.layouts import flux6 as layout

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from hestia_base.integration import Importer

from .charge_rate import AID_TYPES

NATURES = [
    ('1', "Contribution"),
    ('2', "Debit Adjustment"),
    ('3', "Credit Adjustment"),
    ]
STATES = [
    ('verified', "Verified"),
    ('anomaly', "Anomaly"),
    ('accepted', "Accepted"),
    ]
SIGN = {'1': 1, '2': 1, '3': -1}


class Charge(ModelSQL, ModelView):
    "CNCESU Charge"
    __name__ = 'dases.cesu.charge'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    report = fields.Many2One('dases.integration.report', "Received In",
        readonly=True)
    file_key = fields.Char("CNCESU File", readonly=True,
        help="Département code, date and sequence of the flux 6.")
    beneficiary_id = fields.Char("Beneficiary ID", required=True,
        readonly=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        readonly=True)
    service_index = fields.Char("Service Index", readonly=True)
    employer_number = fields.Char("Employer Number", readonly=True)
    prestation_type = fields.Selection(AID_TYPES, "Aid Type", required=True,
        readonly=True)
    period = fields.Date("Employment Month", required=True, readonly=True)
    hours_financed = fields.Numeric("Hours Financed", digits=(16, 2),
        readonly=True)
    monthly_charges = fields.Numeric("Ceiling Known to the CNCESU (€)",
        digits=(16, 2), readonly=True)
    hours = fields.Numeric("Hours", digits=(16, 2), readonly=True)
    amount = fields.Numeric("Amount (€)", digits=(16, 2), readonly=True)
    nature = fields.Selection(NATURES, "Nature", required=True,
        readonly=True)
    billing_month = fields.Date("Billing Month", required=True,
        readonly=True)
    transfer_deadline = fields.Date("Transfer Deadline", readonly=True)
    ceiling = fields.Numeric("Ceiling Sent in Flux 8.2 (€)", digits=(16, 2),
        readonly=True)
    state = fields.Selection(STATES, "State", readonly=True)
    anomaly = fields.Text("Anomaly", readonly=True)
    acceptance = fields.Text("Reason for Acceptance",
        states={
            'invisible': Eval('state') == 'verified',
            'readonly': Eval('state') != 'anomaly',
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('line_uniq', Unique(t, t.company, t.file_key, t.beneficiary_id,
                    t.service_index, t.period, t.nature),
                'dases_cesu.msg_charge_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.billing_month, Index.Range())))
        cls._order = [('billing_month', 'DESC'), ('beneficiary_id', 'ASC'),
            ('period', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({
                'accept': {
                    'invisible': Eval('state') != 'anomaly',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @ModelView.button
    def accept(cls, charges):
        missing = [c for c in charges if not c.acceptance]
        if missing:
            raise ValidationError(gettext(
                    'dases_cesu.msg_charge_acceptance_reason',
                    charge=missing[0].rec_name))
        cls.write(charges, {'state': 'accepted'})

    def get_rec_name(self, name):
        return (f'{self.beneficiary_id} {self.period:%m/%Y} '
            f'({self.amount:.2f} €)')


class Flux6Import(Importer):
    """A flux 6 is all or nothing (it is an invoice); once its totals agree,
    every line is stored and checked against the ceilings."""
    kind = 'flux6'

    def __init__(self, company, today=None):
        super().__init__(company, today=today)
        pool = Pool()
        self.Charge = pool.get('dases.cesu.charge')
        self.Book = pool.get('dases.cesu.book')
        self.Beneficiary = pool.get('dases.beneficiary')

    def read(self, data):
        return layout.read(data)

    def integrate(self, filename, data, read):
        header, details, summaries = read
        key = (f"{header['departement']} {header['created']:%Y%m%d} "
            f"{header['sequence']:05d}")
        counts = {'lines': self.line_count(data)}
        if self.Charge.search([('company', '=', self.company.id),
                    ('file_key', '=', key)], limit=1):
            counts['unchanged'] = len(details)
            return self.report(filename, data, counts=counts,
                message=gettext('dases_cesu.msg_flux6_already_received',
                    key=key))
        vlist = self.check(details)
        deadlines = {s['prestation_type']: s['transfer_deadline']
            for s in summaries}
        for values in vlist:
            values['transfer_deadline'] = deadlines[values['prestation_type']]
        anomalies = sum(1 for v in vlist if v['state'] == 'anomaly')
        report = self.report(filename, data,
            counts=dict(counts, created=len(vlist)),
            message=(gettext('dases_cesu.msg_flux6_anomalies',
                    count=anomalies) if anomalies else None))
        for chunk in chunks(vlist):
            self.Charge.create([dict(v, report=report.id, file_key=key)
                    for v in chunk])
        return report

    def check(self, details):
        "Values of the charge lines, with their state and anomaly."
        beneficiaries = self.beneficiaries(details)
        ceilings = self.ceilings(details)
        totals = {}
        for line in details:
            key = (line['beneficiary_id'], line['service_index'] or '',
                line['period'])
            totals[key] = totals.get(key, Decimal(0)) + (
                SIGN[line['nature']] * line['amount'])
        vlist = []
        for line in details:
            key = (line['beneficiary_id'], line['service_index'] or '',
                line['period'])
            ceiling = ceilings.get(key)
            anomaly = None
            beneficiary = beneficiaries.get(line['beneficiary_id'])
            if not beneficiary:
                anomaly = gettext('dases_cesu.msg_charge_unknown_beneficiary',
                    beneficiary=line['beneficiary_id'])
            elif ceiling is None:
                anomaly = gettext('dases_cesu.msg_charge_no_book',
                    service=line['service_index'] or gettext(
                        'dases_cesu.msg_charge_no_index'),
                    period=f"{line['period']:%m/%Y}")
            elif totals[key] > ceiling:
                anomaly = gettext('dases_cesu.msg_charge_over_ceiling',
                    charges=f'{totals[key]:.2f}', ceiling=f'{ceiling:.2f}')
            vlist.append({
                    'company': self.company.id,
                    'beneficiary_id': line['beneficiary_id'],
                    'beneficiary': beneficiary,
                    'service_index': line['service_index'],
                    'employer_number': line['employer_number'],
                    'prestation_type': line['prestation_type'],
                    'period': line['period'],
                    'hours_financed': line['hours_financed'],
                    'monthly_charges': line['monthly_charges'],
                    'hours': line['hours'],
                    'amount': line['amount'],
                    'nature': line['nature'],
                    'billing_month': line['billing_month'],
                    'ceiling': ceiling,
                    'state': 'anomaly' if anomaly else 'verified',
                    'anomaly': anomaly,
                    })
        return vlist

    def beneficiaries(self, details):
        ids = {d['beneficiary_id'] for d in details}
        result = {}
        for chunk in chunks(ids, 500):
            for row in self.Beneficiary.search_read([
                        ('company', '=', self.company.id),
                        ('salsa_id', 'in', chunk),
                        ], fields_names=['salsa_id']):
                result[row['salsa_id']] = row['id']
        return result

    def ceilings(self, details):
        """{(SALSA id, prestation index, month): sum of the charge ceilings
        of the chequebooks of that month}"""
        months = {d['period'] for d in details}
        ids = {d['beneficiary_id'] for d in details}
        result = {}
        for chunk in chunks(ids, 500):
            for row in self.Book.search_read([
                        ('order.company', '=', self.company.id),
                        ('salsa_id', 'in', chunk),
                        ('month', 'in', list(months)),
                        ], fields_names=['salsa_id', 'service_index', 'month',
                        'charge_ceiling']):
                key = (row['salsa_id'], row['service_index'] or '',
                    row['month'])
                result[key] = result.get(key, Decimal(0)) + (
                    row['charge_ceiling'] or Decimal(0))
        return result

