# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A city's monthly billing run (issue 5): 10,000 families, ~25,000
children, ~400,000 attendance lines of September, billed and posted.
Target: ≥ 55 invoices/s on PostgreSQL (≤ 3 min for the run).

    bash tests/with_postgresql.sh .venv/bin/python bench/bench_billing.py
    python bench/bench_billing.py --families 1000      (SQLite)

Prints the run's rate, checks its results, and the ratios against
Tryton's own ORM measured in the same run for a sample of the same
payers and lines: done well (created and posted fifty per call) and one
invoice created then posted per call. The families, enrolments and
attendance are stored before the clock starts (attendance with plain
INSERTs)."""
import argparse
import datetime
import os
import tempfile

import _setup
SEPTEMBER = datetime.date(2026, 9, 1)
END = datetime.date(2026, 9, 30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--families', type=int, default=10000)
    parser.add_argument('--sample', type=int, default=200)
    parser.add_argument('--profile', action='store_true',
        help="print where the billing run spends its time")
    options = parser.parse_args()
    name = _setup.database('bench_billing', ['sitiv_facturation'],
        cities=["Ville de Rillieux-la-Pape"])

    from trytond import backend
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    print(f"base : {backend.name}", flush=True)

    timed = _setup.Timer(name, width=28, digits=1)

    timed("setup: families", lambda c: setup_families(c, options.families),
        "households")
    timed("setup: enrolments", setup_enrolments, "enrolments")
    timed("setup: attendance (SQL)", setup_attendance, "lines")

    def billing(company):
        BillingRun = Pool().get('sitiv.billing.run')
        run, = BillingRun.create([{'company': company.id,
                    'start_date': SEPTEMBER, 'end_date': END,
                    'invoice_date': datetime.date(2026, 10, 5)}])
        if options.profile:
            import cProfile
            import pstats
            profile = cProfile.Profile()
            profile.runcall(BillingRun.run, [run])
            profile.dump_stats(os.path.join(tempfile.gettempdir(),
                'billing.prof'))
            pstats.Stats(profile).sort_stats('cumulative').print_stats(40)
        else:
            BillingRun.run([run])
        assert not run.errors, run.errors
        return run.invoice_count
    rate = timed("billing run (create + post)", billing, "invoices",
        check=check_billing)

    def stock_values():
        "The values of a sample of the run's invoices, for Tryton's paths."
        Invoice = Pool().get('account.invoice')
        sample = Invoice.search([('sitiv_billing_run', '!=', None)],
            limit=options.sample, order=[('id', 'ASC')])
        values = [{
                'company': i.company.id, 'type': 'out',
                'party': i.party.id, 'invoice_address': i.invoice_address.id,
                'currency': i.currency.id, 'journal': i.journal.id,
                'account': i.account.id, 'invoice_date': i.invoice_date,
                'payment_term_date': i.payment_term_date,
                'lines': [('create', [{
                                'type': 'line', 'company': l.company.id,
                                'currency': l.currency.id,
                                'invoice_type': 'out',
                                'account': l.account.id,
                                'description': l.description,
                                'quantity': l.quantity,
                                'unit_price': l.unit_price,
                                } for l in i.lines])],
                } for i in sample]
        return values

    def stock(company):
        "Tryton's path, one invoice created and posted per call."
        Invoice = Pool().get('account.invoice')
        values = stock_values()
        with Transaction().set_context(_skip_warnings=True):
            for value in values:
                invoice, = Invoice.create([value])
                Invoice.post([invoice])
        return len(values)

    def stock_batched(company):
        "Tryton's path done well: created and posted fifty at a time."
        Invoice = Pool().get('account.invoice')
        values = stock_values()
        with Transaction().set_context(_skip_warnings=True):
            for start in range(0, len(values), 50):
                Invoice.post(Invoice.create(values[start:start + 50]))
        return len(values)
    batched_rate = timed("stock path (50 per call)", stock_batched,
        "invoices")
    stock_rate = timed("stock path (per invoice)", stock, "invoices")
    print(f"ratio billing run / stock path in batches: "
        f"{rate / batched_rate:.1f}×")
    print(f"ratio billing run / stock path per invoice: "
        f"{rate / stock_rate:.1f}×")


def check_billing(company):
    """The run's results, checked before its rate means anything: every
    invoice posted with a balanced move whose receivable is its total,
    totals equal to their lines, every attendance line billed once (the
    quantities billed are the invoices'), no number twice."""
    from decimal import Decimal
    from sql import Null

    from hestia_base.batch import chunks
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Attendance = pool.get('sitiv.attendance')
    # Ids from SQL, records a thousand at a time: each record built from a
    # search checks that its id is in the whole list (ModelStorage's
    # asserts), quadratic at 300,000 lines.
    cursor = Transaction().connection.cursor()

    def all_ids(Model, where=None):
        table = Model.__table__()
        cursor.execute(*table.select(table.id,
                where=where(table) if where else None, order_by=table.id))
        return [i for i, in cursor]
    invoice_ids = all_ids(Invoice,
        lambda t: t.sitiv_billing_run != Null)
    assert invoice_ids, "no invoice"
    numbers = set()
    quantity = Decimal(0)
    for chunk in chunks(invoice_ids, 1000):
        for invoice in Invoice.browse(chunk):
            assert invoice.state == 'posted', invoice.rec_name
            assert invoice.number not in numbers, invoice.number
            numbers.add(invoice.number)
            lines = sum((l.amount for l in invoice.lines), Decimal(0))
            assert invoice.total_amount == lines, invoice.rec_name
            move = invoice.move
            debit = sum((l.debit for l in move.lines), Decimal(0))
            credit = sum((l.credit for l in move.lines), Decimal(0))
            assert debit == credit == invoice.total_amount, invoice.rec_name
            receivable = sum((l.debit - l.credit for l in move.lines
                    if l.account == invoice.account), Decimal(0))
            assert receivable == invoice.total_amount, invoice.rec_name
            quantity += sum((Decimal(str(l.quantity)) for l in invoice.lines
                    if l.sitiv_kind == 'service' and not l.sitiv_shared),
                Decimal(0))
    attendance_ids = all_ids(Attendance)
    billed = Decimal(0)
    for chunk in chunks(attendance_ids, 1000):
        for attendance in Attendance.browse(chunk):
            assert attendance.billing_state == 'billed', "unbilled"
            if attendance.billed_quantity:
                line = attendance.invoice_line
                assert line, "a day billed on no line"
                # A day of a split custody is on each parent's (shared)
                # line.
                if not line.sitiv_shared:
                    billed += attendance.billed_quantity
    assert billed == quantity, (billed, quantity)
    return (f"{len(invoice_ids)} invoices posted and balanced, "
        f"{len(attendance_ids)} attendance lines billed once, "
        f"{len(numbers)} distinct numbers")


def setup_families(company, count):
    from hestia_data import demo
    demo.insert(demo.families(count, seed=1, cities=1,
            today=datetime.date(2026, 9, 15)), [company])
    return count


def setup_enrolments(company):
    "Every child of 2 to 12: the canteen; one in five: the evening club."
    import random
    from trytond.pool import Pool
    from hestia_data import billing_demo
    pool = Pool()
    Activity = pool.get('sitiv.activity')
    Enrolment = pool.get('sitiv.enrolment')
    Member = pool.get('sitiv.household.member')
    company.sitiv_resident_cities = "Rillieux-la-Pape"
    company.save()
    canteen, evening, *_ = Activity.create(
        billing_demo._activities(company, SEPTEMBER))
    rng = random.Random(5)
    seen = set()
    vlist = []
    for member in Member.search([('role', '=', 'child')]):
        child = member.party
        if child.id in seen:
            continue
        seen.add(child.id)
        base = {'child': child.id, 'household': member.household.id,
            'start_date': SEPTEMBER, 'school_city': True}
        vlist.append(dict(base, activity=canteen.id))
        if rng.random() < 0.2:
            vlist.append(dict(base, activity=evening.id))
    enrolments = []
    for start in range(0, len(vlist), 1000):
        enrolments.extend(Enrolment.create(vlist[start:start + 1000]))
    Enrolment.write(enrolments, {'state': 'enrolled'})
    return len(enrolments)


def setup_attendance(company):
    "Mondays, Tuesdays, Thursdays and Fridays of September, pointed."
    import random
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Enrolment = pool.get('sitiv.enrolment')
    Attendance = pool.get('sitiv.attendance')
    table = Attendance.__table__()
    cursor = Transaction().connection.cursor()
    rng = random.Random(7)
    enrolments = Enrolment.search([('state', '=', 'enrolled')])
    days = [d for d in enrolments[0].activity.open_days(SEPTEMBER, END)
        if d.weekday() in {0, 1, 3, 4}]
    columns = [table.company, table.enrolment, table.child, table.activity,
        table.household, table.date, table.state, table.quantity,
        table.billing_state, table.create_uid, table.create_date]
    now = datetime.datetime.now()
    rows = []
    for enrolment in enrolments:
        for day in days:
            draw = rng.random()
            state = ('absent_excused' if draw < 0.05
                else 'absent_unexcused' if draw < 0.08 else 'present')
            rows.append([company.id, enrolment.id, enrolment.child.id,
                    enrolment.activity.id, enrolment.household.id, day,
                    state, 1, 'to_bill', 0, now])
    for start in range(0, len(rows), 5000):
        cursor.execute(*table.insert(columns, rows[start:start + 5000]))
    return len(rows)


if __name__ == '__main__':
    main()
