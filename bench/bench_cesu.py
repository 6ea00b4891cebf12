# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The CESU month of a Département of 9,000 chequebooks: flux 4 import,
CRCESU returns import, flux 6 import, and the four monthly exports.

    python bench/bench_cesu.py [--books 9000] [--sample 500]

Prints the rate of each step, and for the flux 8.2 export (the one that
consolidates every chequebook with flux 1) the ratio against the plain
per-record ORM path: each chequebook read on its own, with its
beneficiary, tutor and plan. Files are generated before the clock starts."""
import argparse
import datetime

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--books', type=int, default=9000)
    parser.add_argument('--sample', type=int, default=500)
    options = parser.parse_args()
    name = _setup.database('bench_cesu', ['dases_cesu'],
        cities=["Département de Paris"])
    from hestia.database import run_in_transaction
    in_company = _setup.in_company

    from hestia_data import dases_demo
    from trytond.pool import Pool
    today = datetime.date.today()
    month = today.replace(day=1)

    timed = _setup.Timer(name, width=16, digits=0)

    def setup(company):
        Report = Pool().get('dases.integration.report')
        # Enough flux 1 lines for --books emploi direct / mandataire plans.
        Report.import_file('flux1', company, 'flux1.txt',
            dases_demo.flux1(lines=options.books * 2 + 200, seed=75))
        dases_demo.charge_rates(company, month.replace(month=1))
        return Pool().get('dases.care_plan').search_count([])
    timed("flux 1 (setup)", setup, "plan lines")

    files = {}
    run_in_transaction(name, in_company(lambda company: files.setdefault(
                'flux4', dases_demo.flux4(company, today,
                    limit=options.books))))
    counts = {}

    def imported(kind, filename, attribute='created'):
        def run(company):
            report = Pool().get('dases.integration.report').import_file(
                kind, company, filename, files[kind])
            assert report.state == 'done', (kind, report.message)
            counts[filename, attribute] = getattr(report, attribute)
            return counts[filename, attribute]
        return run

    def stored(model):
        return _setup.check_value(name,
            lambda company: Pool().get(model).search_count([]))

    timed("flux 4 import", imported('flux4', 'flux4.txt'), "chequebooks")
    assert stored('dases.cesu.book') == counts['flux4.txt', 'created']

    def returns(company):
        books = Pool().get('dases.cesu.book').search([])
        files['crcesu'], files['flux6'] = dases_demo.month_returns(books,
            today)
        return len(books)
    run_in_transaction(name, in_company(returns))
    timed("CRCESU import", imported('crcesu', 'crcesu.csv'), "lines")
    timed("CRCESU again", imported('crcesu', 'crcesu.csv', 'unchanged'),
        "lines (again)")
    assert (counts['crcesu.csv', 'unchanged']
        == counts['crcesu.csv', 'created'] > 0), counts
    timed("flux 6 import", imported('flux6', 'flux6.txt'), "charges")
    assert counts['flux6.txt', 'created'] > 0, counts

    rates = {}
    for kind in ['flux82', 'flux5', 'flux81', 'flux6']:
        def export(company, kind=kind):
            records = Pool().get('dases.cesu.export').generate(company, kind,
                month, today).records
            assert records > 0, kind
            counts[kind] = records
            return records
        rates[kind] = timed(f"{kind} export", export, "lines")
    print(f"{'checked':<16}: {stored('dases.cesu.book')} chequebooks "
        f"stored, CRCESU again unchanged {counts['crcesu.csv', 'unchanged']}"
        f"/{counts['crcesu.csv', 'created']}, "
        f"{stored('dases.cesu.export')} exports with lines", flush=True)

    def per_record(company):
        from dases_cesu.export import Flux82Builder
        Book = Pool().get('dases.cesu.book')
        ids = [b.id for b in Book.search([], limit=options.sample)]
        for id_ in ids:
            book, = Book.read([id_], Flux82Builder.FIELDS)
            Flux82Builder.detail(book)
        return len(ids)
    single = timed("flux82 per record", per_record, "lines")
    print(f"{'ratio':<16}: {rates['flux82'] / single:.1f}x (baseline: each "
        "chequebook read on its own, same run)")


if __name__ == '__main__':
    main()
