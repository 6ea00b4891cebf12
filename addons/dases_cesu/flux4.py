# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of flux 4, the monthly CESU order (C1-C3).

All or nothing: a file whose structure, fields or footers disagree is
refused whole (the reader lists every error). An order already received
(same client, reference and date) is not created twice; received with
other totals, the file is refused. Each chequebook is linked to the
beneficiary (SALSA index) and to the care-plan line (prestation index) of
flux 1; those not found are named in the report's message. The plan line
gives the chequebook its aid type and employment type (C4), hence its
ceiling of social charges at the rate in force (H3)."""
from hestia_base.batch import chunks
from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux4 as layout

from trytond.i18n import gettext
from trytond.pool import Pool
from hestia_base.integration import Importer

from .charge_rate import aid_type, employment_type

BOOK_FIELDS = ['branch', 'civility', 'last_name', 'first_name',
    'birth_date', 'street', 'street2', 'postal_code', 'city', 'tutor_name',
    'coverage_start', 'coverage_end', 'service_index', 'salsa_id']


class Flux4Import(Importer):
    """CESU orders of the national centre (flux 4): orders, chequebooks
    and titles stored; an order received again unchanged, refused when it
    differs."""
    kind = 'flux4'

    def __init__(self, company, today=None):
        super().__init__(company, today=today)
        pool = Pool()
        self.Order = pool.get('dases.cesu.order')
        self.Book = pool.get('dases.cesu.book')
        self.Title = pool.get('dases.cesu.title')
        self.Beneficiary = pool.get('dases.beneficiary')
        self.CarePlan = pool.get('dases.care_plan')
        self.ChargeRate = pool.get('dases.cesu.charge_rate')
        self.rate = self.ChargeRate.rates(company)

    def read(self, data):
        "The new orders and the counts; an order that changed refuses all."
        counts = {'created': 0, 'unchanged': 0}
        orders = layout.read(data)
        return [o for o in orders if not self.already_received(o, counts)], \
            counts

    def integrate(self, filename, data, read):
        new, counts = read
        unknown = []
        counts['lines'] = self.line_count(data)
        report = self.report(filename, data, counts=counts)
        for order in new:
            counts['created'] += self.create(order, report, unknown)
        message = None
        if unknown:
            message = gettext('dases_cesu.msg_flux4_unknown_books',
                books=', '.join(unknown))
        self.Report.write([report], {
                'created': counts['created'], 'message': message})
        return report

    def already_received(self, order, counts):
        "True if this very order is stored; refuse it if it differs."
        existing = self.Order.search([
                ('company', '=', self.company.id),
                ('client', '=', order['client']),
                ('external_ref', '=', order['external_ref']),
                ('order_date', '=', order['order_date']),
                ])
        if not existing:
            return False
        stored, = existing
        books = [b for s in order['branches'] for b in s['books']]
        amount = sum(t['count'] * t['unit_value']
            for b in books for t in b['titles'])
        if stored.amount != amount or stored.book_count != len(books):
            raise FileRefused(gettext('dases_cesu.msg_flux4_order_differs',
                    order=order['external_ref'],
                    date=f"{order['order_date']:%d/%m/%Y}",
                    stored_books=stored.book_count,
                    stored_amount=f'{stored.amount:.2f}',
                    books=len(books), amount=f'{amount:.2f}'))
        counts['unchanged'] += len(books)
        return True

    def create(self, order, report, unknown):
        books = [dict(b, branch=s['branch']) for s in order['branches']
            for b in s['books']]
        links = self.links(books)
        vlist = []
        for book in books:
            beneficiary, care_plan, plan = links.get(
                (book['salsa_id'], book['service_index']), (None, None, {}))
            if not care_plan:
                unknown.append(f"{book['book']} ({book['last_name']} "
                    f"{book['first_name']}, {book['salsa_id']})")
            count = sum(t['count'] for t in book['titles'])
            amount = sum(t['count'] * t['unit_value']
                for t in book['titles'])
            month = min((t['month'] for t in book['titles'] if t['month']),
                default=order['order_date'].replace(day=1))
            aid = aid_type(plan.get('module'))
            employment = (employment_type(plan['management_mode'])
                if plan else None)
            ceiling = self.rate_ceiling(amount, aid, employment, month)
            vlist.append(dict({k: book[k] for k in BOOK_FIELDS},
                    code=book['book'], beneficiary=beneficiary,
                    care_plan=care_plan, aid_type=aid,
                    employment_type=employment, charge_ceiling=ceiling,
                    month=month,
                    dematerialised=bool(book['dematerialised']),
                    title_count=count, amount=amount))
        stored, = self.Order.create([{
                    'company': self.company.id,
                    'report': report.id,
                    'order_date': order['order_date'],
                    'client': order['client'],
                    'name': order['name'],
                    'external_ref': order['external_ref'],
                    'order_type': order['order_type'],
                    'title_count': sum(v['title_count'] for v in vlist),
                    'amount': sum(v['amount'] for v in vlist),
                    'book_count': len(vlist),
                    }])
        # Books then all their titles: two creates per chunk, not one
        # create of titles per book.
        for chunk in chunks(list(zip(books, vlist))):
            created = self.Book.create(
                [dict(v, order=stored.id) for _, v in chunk])
            self.Title.create([{
                        'book': stored_book.id,
                        'count': t['count'],
                        'unit_value': t['unit_value'],
                        'validity': t['validity'],
                        'month': t['month'],
                        'mention': t['mention'],
                        } for stored_book, (book, _) in zip(created, chunk)
                    for t in book['titles']])
        return len(vlist)

    def rate_ceiling(self, amount, aid, employment, month):
        if not aid:
            return None
        rate = self.rate(aid, employment, month)
        return self.ChargeRate.ceiling(amount, rate)

    def links(self, books):
        """{(SALSA id, prestation index): (beneficiary id, care plan id,
        care plan values)}"""
        salsa_ids = {b['salsa_id'] for b in books if b['salsa_id']}
        beneficiaries = {}
        for chunk in chunks(salsa_ids, 500):
            for row in self.Beneficiary.search_read([
                        ('company', '=', self.company.id),
                        ('salsa_id', 'in', chunk),
                        ], fields_names=['salsa_id']):
                beneficiaries[row['salsa_id']] = row['id']
        result = {}
        for chunk in chunks(list(beneficiaries.items()), 500):
            ids = {id_: salsa for salsa, id_ in chunk}
            for row in self.CarePlan.search_read([
                        ('beneficiary', 'in', list(ids)),
                        ], fields_names=['beneficiary', 'service_index',
                        'module', 'management_mode']):
                key = (ids[row['beneficiary']], row['service_index'])
                result[key] = (row['beneficiary'], row['id'], row)
        # Known beneficiary, unknown prestation: link the beneficiary only.
        for book in books:
            key = (book['salsa_id'], book['service_index'])
            if key not in result and book['salsa_id'] in beneficiaries:
                result[key] = (beneficiaries[book['salsa_id']], None, {})
        return result
