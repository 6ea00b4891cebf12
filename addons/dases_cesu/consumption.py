# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""CESU consumption (C10, C11): the cheques the CRCESU reimbursed to the
employees, received daily as the pivot file (hestia.flatfile.layouts.
crcesu), consolidated monthly into flux 5 (SALSA) and flux 8.1 (CNCESU)."""
from hestia_base.batch import chunks
from hestia.flatfile import LineError
from hestia.flatfile.layouts import crcesu as layout

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from hestia_base.integration import Importer



class Consumption(ModelSQL, ModelView):
    "CESU Consumption"
    __name__ = 'dases.cesu.consumption'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    report = fields.Many2One('dases.integration.report', "Received In",
        readonly=True)
    identifier = fields.Char("CRCESU Identifier", required=True,
        readonly=True)
    payment_date = fields.Date("Reimbursed On", required=True,
        readonly=True)
    book = fields.Many2One('dases.cesu.book', "Chequebook", required=True,
        readonly=True, ondelete='RESTRICT')
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        readonly=True)
    consumption_month = fields.Date("Month of Work", required=True,
        readonly=True)
    count = fields.Integer("Titles", required=True, readonly=True)
    unit_value = fields.Numeric("Unit Value (€)", digits=(16, 2),
        required=True, readonly=True)
    amount = fields.Numeric("Amount (€)", digits=(16, 2), required=True,
        readonly=True)
    hours = fields.Numeric("Hours", digits=(16, 2), readonly=True)
    affiliate_code = fields.Char("Affiliate Code", readonly=True)
    affiliate_name = fields.Char("Affiliate", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('identifier_uniq', Unique(t, t.company, t.identifier),
                'dases_cesu.msg_consumption_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.payment_date, Index.Range())))
        cls._order = [('payment_date', 'DESC'), ('id', 'DESC')]


class CrcesuImport(Importer):
    """Import of the CRCESU pivot: valid lines kept, bad lines rejected with
    line, column and reason; a line already received is unchanged."""
    kind = 'crcesu'

    def __init__(self, company, today=None):
        super().__init__(company, today=today)
        pool = Pool()
        self.Consumption = pool.get('dases.cesu.consumption')
        self.Book = pool.get('dases.cesu.book')

    def read(self, data):
        return layout.read(data)

    def integrate(self, filename, data, read):
        records, errors = read
        counts = {'lines': self.line_count(data), 'created': 0,
            'unchanged': 0}
        records = self.new(records, errors, counts)
        books = self.books(records)
        vlist, blocked = [], []
        for record in records:
            book = books.get((record['order_ref'], record['book']))
            if not book:
                errors.append(LineError(record.line, "code_carnet",
                        gettext('dases_cesu.msg_crcesu_unknown_book',
                            book=record['book'], order=record['order_ref'])))
                continue
            if book['blocked']:
                blocked.append(f"{record['identifier']} (carnet "
                    f"{record['book']})")
            vlist.append({
                    'company': self.company.id,
                    'identifier': record['identifier'],
                    'payment_date': record['payment_date'],
                    'book': book['id'],
                    'beneficiary': book['beneficiary'],
                    'consumption_month': record['consumption_month'],
                    'count': record['count'],
                    'unit_value': record['unit_value'],
                    'amount': record['amount'],
                    'hours': record['hours'],
                    'affiliate_code': record['affiliate_code'],
                    'affiliate_name': record['affiliate_name'],
                    })
        message = None
        if blocked:
            message = gettext('dases_cesu.msg_crcesu_blocked_books',
                titles=', '.join(blocked))
        errors.sort(key=lambda e: e.line)
        report = self.report(filename, data,
            counts=dict(counts, created=len(vlist)), errors=errors,
            message=message)
        for chunk in chunks(vlist):
            self.Consumption.create(
                [dict(v, report=report.id) for v in chunk])
        return report

    def new(self, records, errors, counts):
        "Records not yet stored; a line received twice is rejected once."
        seen, stored = {}, {}
        identifiers = [r['identifier'] for r in records]
        for chunk in chunks(identifiers, 500):
            for row in self.Consumption.search_read([
                        ('company', '=', self.company.id),
                        ('identifier', 'in', chunk),
                        ], fields_names=['identifier', 'amount']):
                stored[row['identifier']] = row['amount']
        result = []
        for record in records:
            identifier = record['identifier']
            if identifier in seen:
                errors.append(LineError(record.line, "identifiant",
                        gettext('dases_cesu.msg_crcesu_duplicate',
                            identifier=identifier, line=seen[identifier])))
            elif identifier in stored:
                if stored[identifier] == record['amount']:
                    counts['unchanged'] += 1
                else:
                    errors.append(LineError(record.line, "montant",
                            gettext('dases_cesu.msg_crcesu_other_amount',
                                identifier=identifier,
                                amount=f'{stored[identifier]:.2f}')))
            else:
                result.append(record)
            seen.setdefault(identifier, record.line)
        return result

    def books(self, records):
        "{(order reference, chequebook code): book values}"
        refs = {r['order_ref'] for r in records}
        result = {}
        for chunk in chunks(refs, 100):
            for row in self.Book.search_read([
                        ('order.company', '=', self.company.id),
                        ('order.external_ref', 'in', chunk),
                        ], fields_names=['code', 'beneficiary', 'blocked',
                        'order.external_ref']):
                result[(row['order.']['external_ref'], row['code'])] = row
        return result
