# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The bulk invoice path (invoice_batch.py, §2.1.5.2) stores exactly what
account_invoice's create then post store: the same month is billed for two
identical families, one through each path, and every stored column of
their invoices, lines, moves and move lines is compared."""
from decimal import Decimal as D
from unittest import mock

from sql import Column, Table

from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction
from .tools import OCT, attend, bill, city, date, enrol, martin


# Columns that differ between two records by nature.
IDENTITY = {'id', 'create_uid', 'create_date', 'write_uid', 'write_date'}


def rows(table, where_column, ids):
    "The stored rows of `table` whose `where_column` is in `ids`."
    sql_table = Table(table)
    cursor = Transaction().connection.cursor()
    cursor.execute(*sql_table.select(
            where=Column(sql_table, where_column).in_(list(ids)),
            order_by=[sql_table.id]))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def stored(invoice):
    "Every row the invoice made, keyed by table."
    lines = rows('account_invoice_line', 'invoice', [invoice.id])
    move_lines = rows('account_move_line', 'move', [invoice.move.id])
    return {
        'account_invoice': rows('account_invoice', 'id', [invoice.id]),
        'account_invoice_line': lines,
        'account_move': rows('account_move', 'id', [invoice.move.id]),
        'account_move_line': move_lines,
        }


def comparable(tables, own):
    """The rows without what is the family's own (party, household, its
    ids, its numbers), references to its own rows replaced by position."""
    positions = {f'account.invoice.line,{l["id"]}': f'line {i}'
        for i, l in enumerate(tables['account_invoice_line'])}
    result = {}
    for table, table_rows in tables.items():
        result[table] = [{k: positions.get(v, v) for k, v in row.items()
                if k not in IDENTITY | own.get(table, set())}
            for row in table_rows]
    return result


def family(company, canteen, club, name):
    "Two children, a mid-month QF change, absences and the evening club."
    family, parent, lea, tom = martin(company)
    family.name = name
    family.save()
    lea_canteen = enrol(family, lea, canteen)
    attend(lea_canteen, {date(1): 'present', date(2): 'present',
            date(5): 'absent_unexcused', date(6): 'absent_excused',
            date(12): 'present', date(13): 'present'})
    attend(enrol(family, tom, canteen), {date(1): 'present',
            date(12): 'present'})
    club_days = attend(enrol(family, lea, club), {date(1): 'present',
            date(12): 'absent_unexcused'})
    club_days[0].overtime = True  # the late pick-up penalty line
    club_days[0].save()
    return family


class InvoiceBatchTestCase(test_tryton._DBTestCase):
    "The bulk invoice path against account_invoice's"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_bulk_path_stores_what_tryton_stores(self):
        "Same month, two identical families: same rows both ways"
        company, canteen, club = city()
        with set_company(company):
            bulk_family = family(company, canteen, club, "BULK")
            # Same people on purpose: the duplicate warning is expected.
            with Transaction().set_context(_skip_warnings=True):
                stock_family = family(company, canteen, club, "STOCK")
            bulk_run = bill(company, OCT, household=bulk_family.id)
            with mock.patch('sitiv_facturation.invoice_batch._bulk_ready',
                    return_value=False):
                stock_run = bill(company, OCT, household=stock_family.id)

        bulk, = bulk_run.invoices
        stock, = stock_run.invoices
        self.assertEqual(bulk.total_amount, stock.total_amount)
        self.assertGreater(bulk.total_amount, D(0))
        self.assertEqual(bulk.state, 'posted')
        self.assertEqual(
            (bulk.number, stock.number), ('F2026-000001', 'F2026-000002'))
        self.assertEqual((bulk.move.number, stock.move.number), ('1', '2'))
        own = {
            'account_invoice': {'number', 'number_alnum', 'number_digit',
                'move', 'party', 'invoice_address', 'sitiv_billing_run',
                'sitiv_household'},
            'account_invoice_line': {'invoice', 'sitiv_child'},
            'account_move': {'number', 'origin'},
            'account_move_line': {'move', 'party'},
            }
        bulk_rows, stock_rows = stored(bulk), stored(stock)
        # Léa and Tom at two QF brackets, the club, its penalty, the family.
        self.assertEqual(len(bulk_rows['account_move_line']), 7)
        for table in bulk_rows:
            with self.subTest(table=table):
                self.assertEqual(comparable(bulk_rows, own)[table],
                    comparable(stock_rows, own)[table])
        # What was left out above still points where Tryton points.
        self.assertEqual(bulk.move.origin, bulk)
        self.assertEqual(sorted(l.origin.id for l in bulk.move.lines
                if l.origin), sorted(l.id for l in bulk.lines))
        self.assertEqual(bulk.lines_to_pay[0].party, bulk.party)
        self.assertEqual(bulk.amount_to_pay, bulk.total_amount)
        self.assertEqual(
            [l.sitiv_child.first_name for l in bulk.lines],
            [l.sitiv_child.first_name for l in stock.lines])

    @with_transaction()
    def test_credit_takes_tryton_path(self):
        "A run that only gives money back makes a credit note, Tryton's way"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            october = attend(enrol(family, lea, canteen),
                {date(1): 'present', date(2): 'present'})
            bill(company, OCT)
            Attendance.mark_absent_excused(october)
            november = bill(company, date(1, 11))

        credit, = november.invoices
        self.assertEqual(credit.total_amount, D('-5.00'))
        self.assertEqual(credit.state, 'posted')
        self.assertEqual(credit.number, 'AV2026-00001')
        self.assertEqual(credit.move.state, 'posted')
