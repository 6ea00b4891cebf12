# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The raw UPDATE of the hot paths (hestia_base.batch.update_rows: billing
marks, a cancelled invoice's days given back, DASES interventions linked
to their pre-invoice line) stores what ModelSQL.write stores: the same
columns, the author of the change and the history rows of a `_history`
model — compared column by column on sitiv.attendance."""
from decimal import Decimal as D

from sql import Column, Null

from trytond.model import fields
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from hestia_base.batch import update_each, update_rows

from .tools import OCT, attend, city, enrol, household, person, date

SKIPPED = {'id', 'create_date', 'write_date', 'date'}


def columns(Model):
    "The stored columns compared (as ModelSQL._insert_history lists them)."
    return sorted(n for n, f in Model._fields.items()
        if f.sql_type() and not isinstance(f, fields.Function)
        and n not in SKIPPED)


def stored(Model, table, ids):
    "{id: {column: value}} of the rows of `ids`, as the database has them."
    cursor = Transaction().connection.cursor()
    names = columns(Model)
    cursor.execute(*table.select(table.id,
            *[getattr(table, n) for n in names],
            where=table.id.in_(list(ids))))
    return {row[0]: dict(zip(names, row[1:])) for row in cursor}


class UpdateRowsTestCase(test_tryton._DBTestCase):
    "Test the raw UPDATE against the ORM"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_update_rows_stores_what_write_stores(self):
        "Same columns, author and history rows as Attendance.write"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        User = pool.get('res.user')
        company, canteen, club = city()
        with set_company(company):
            parent = person("BLANC", "Marie", date(1, 2, 1985))
            child = person("BLANC", "Jules", date(3, 4, 2017))
            home = household(company, "BLANC", [parent], [child])
            enrolment = enrol(home, child, canteen)
            orm, raw = attend(enrolment, {OCT: 'present',
                    date(2): 'present'})
        agent, = User.create([{'login': 'agent', 'name': "Agent"}])
        table = Attendance.__table__()
        values = {'billing_state': 'billed', 'billed_quantity': D(1),
            'billed_amount': D('2.50'), 'invoice_line': None}
        with Transaction().set_user(agent.id):
            Attendance.write([orm], dict(values,
                    previous_billing_state=orm.billing_state,
                    previous_billed_amount=orm.billed_amount))
            update_rows(Attendance, table, [raw.id], dict(values,
                    invoice_line=Null,
                    previous_billing_state=table.billing_state,
                    previous_billed_amount=table.billed_amount))
        rows = stored(Attendance, table, [orm.id, raw.id])
        self.assertEqual(rows[raw.id], rows[orm.id])
        self.assertEqual(rows[raw.id]['write_uid'], agent.id)
        self.assertEqual(rows[raw.id]['billing_state'], 'billed')

        history = Attendance.__table_history__()
        cursor = Transaction().connection.cursor()
        names = columns(Attendance)
        versions = {}
        for id_ in [orm.id, raw.id]:
            cursor.execute(*history.select(
                    *[getattr(history, n) for n in names],
                    where=history.id == id_,
                    order_by=[Column(history, '__id').asc]))
            versions[id_] = [dict(zip(names, r)) for r in cursor]
        self.assertEqual(len(versions[raw.id]), 2)  # created, then billed
        self.assertEqual(versions[raw.id], versions[orm.id])

    @with_transaction()
    def test_update_each_stores_what_write_stores(self):
        "Each line its own values in one statement, as Attendance.write"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = city()
        with set_company(company):
            parent = person("GRIS", "Anne", date(1, 2, 1985))
            child = person("GRIS", "Paul", date(3, 4, 2017))
            home = household(company, "GRIS", [parent], [child])
            orm, raw, other = attend(enrol(home, child, canteen),
                {OCT: 'present', date(2): 'present', date(3): 'present'})
        table = Attendance.__table__()
        Attendance.write([orm], {'billing_state': 'billed',
                'billed_quantity': D(1), 'billed_amount': D('2.50'),
                'invoice_line': None,
                'previous_billing_state': orm.billing_state})
        # The invoice line is NULL on every row: typed all the same.
        update_each(Attendance, table,
            [(raw.id, D(1), D('2.50'), None), (other.id, D(2), D('5'), None)],
            ['billed_quantity', 'billed_amount', 'invoice_line'], {
                'billing_state': 'billed',
                'previous_billing_state': table.billing_state})
        rows = stored(Attendance, table, [orm.id, raw.id, other.id])
        self.assertEqual(rows[raw.id], rows[orm.id])
        self.assertEqual((rows[other.id]['billed_quantity'],
                rows[other.id]['billed_amount']), (2, 5))
        self.assertEqual(rows[other.id]['previous_billing_state'], 'to_bill')
        history = Attendance.__table_history__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*history.select(history.id, history.billing_state,
                where=history.id.in_([raw.id, other.id]),
                order_by=[Column(history, '__id').asc]))
        self.assertEqual([tuple(r) for r in cursor], [
                (raw.id, 'to_bill'), (other.id, 'to_bill'),
                (raw.id, 'billed'), (other.id, 'billed')])

    @with_transaction()
    def test_update_rows_by_where_keeps_history(self):
        "Rows chosen by a condition get their history rows too"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = city()
        with set_company(company):
            parent = person("NOIR", "Lise", date(1, 2, 1985))
            child = person("NOIR", "Max", date(3, 4, 2017))
            home = household(company, "NOIR", [parent], [child])
            first, second = attend(enrol(home, child, canteen),
                {OCT: 'present', date(2): 'absent_excused'})
        table = Attendance.__table__()
        history = Attendance.__table_history__()
        update_rows(Attendance, table, None, {'billing_state': 'billed'},
            where=table.state == 'present')
        cursor = Transaction().connection.cursor()
        cursor.execute(*history.select(history.id, history.billing_state,
                where=history.id.in_([first.id, second.id]),
                order_by=[Column(history, '__id').asc]))
        self.assertEqual([tuple(r) for r in cursor], [
                (first.id, 'to_bill'), (second.id, 'to_bill'),
                (first.id, 'billed')])
