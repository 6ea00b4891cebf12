# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A month's titles for the Trésorerie (issue 6): the families of
bench_billing billed for September, then one PES_Aller of individual
titles with each invoice's PDF attached, checked against the DGFiP schema.

    python bench/bench_pes.py --families 300            (SQLite)
    bash tests/with_postgresql.sh .venv/bin/python bench/bench_pes.py

Prints the rate of the whole preparation (titles/s) and, for the PDFs that
dominate it, the ratio of Hestia's batches (one LibreOffice conversion per
hundred invoices, then split) against the plain path: one report per
invoice, measured on a sample in the same run."""
import argparse
import datetime

import _setup
SEPTEMBER = datetime.date(2026, 9, 1)
END = datetime.date(2026, 9, 30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--families', type=int, default=300)
    parser.add_argument('--sample', type=int, default=20)
    options = parser.parse_args()
    name = _setup.database('bench_pes', ['pes_asap'],
        cities=["Ville de Rillieux-la-Pape"])
    from hestia.database import run_in_transaction
    in_company = _setup.in_company

    from trytond import backend
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    import bench_billing
    print(f"base : {backend.name}", flush=True)

    timed = _setup.Timer(name, width=32, digits=2)

    timed("setup: families", lambda c: bench_billing.setup_families(
            c, options.families), "households")
    timed("setup: enrolments", bench_billing.setup_enrolments, "enrolments")
    timed("setup: attendance (SQL)", bench_billing.setup_attendance,
        "lines")

    def billing(company):
        BillingRun = Pool().get('sitiv.billing.run')
        run, = BillingRun.create([{'company': company.id,
                    'start_date': SEPTEMBER, 'end_date': END,
                    'invoice_date': datetime.date(2026, 10, 5)}])
        BillingRun.run([run])
        return run.invoice_count
    timed("setup: billing run", billing, "invoices")

    def budget(company):
        from hestia_data import billing_demo
        Activity = Pool().get('sitiv.activity')
        billing_demo._pes_budget(company, Activity.search([]))
        return 1
    run_in_transaction(name, in_company(budget))

    def prepare(company):
        Budget = Pool().get('pes.budget')
        Transfer = Pool().get('pes.transfer')
        budget, = Budget.search([])
        (transfer,), notes = Transfer.prepare(budget, SEPTEMBER, END,
            datetime.date(2026, 10, 6))
        print(f"  file: {len(transfer.file) / 1e6:.1f} MB, "
            f"{transfer.piece_count} titles, {transfer.total} €",
            flush=True)
        return transfer.piece_count
    timed("PES titles (PDF + XML + XSD)", prepare, "titles")

    def pdfs_batched(company):
        Transfer = Pool().get('pes.transfer')
        Invoice = Pool().get('account.invoice')
        invoices = Invoice.search([], limit=options.sample * 5,
            order=[('id', 'ASC')])
        Transfer.render(invoices)
        return len(invoices)
    batched = timed("PDFs in batches of 100", pdfs_batched, "invoices")

    def pdfs_one_by_one(company):
        Report = Pool().get('pes.invoice_pdfs', type='report')
        Invoice = Pool().get('account.invoice')
        invoices = Invoice.search([], limit=options.sample,
            order=[('id', 'ASC')])
        with Transaction().set_context(sitiv_sending=True):
            for invoice in invoices:
                Report.execute([invoice.id], {})
        return len(invoices)
    plain = timed("PDFs one report per invoice", pdfs_one_by_one,
        "invoices")
    print(f"ratio batches / one by one: {batched / plain:.1f}×")


if __name__ == '__main__':
    main()
