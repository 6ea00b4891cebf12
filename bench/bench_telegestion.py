# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A month of télégestion for a Département: 36 providers, ~7,000
beneficiaries, 300,000 interventions imported from the providers' pivot
files, then every provider pre-invoiced (issue 4: ≤ 5 min in total).

    python bench/bench_telegestion.py [--interventions 300000] [--sample 2000]

Prints the rate of each step and the ratio against the plain per-record
ORM path in the same run: interventions created one `create` call each,
and pre-invoicing that reads and links each intervention through the ORM.
Files are generated before the clock starts."""
import argparse
import datetime

import _setup

CODES = [str(code) for code in range(100000, 100036)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--interventions', type=int, default=300000)
    parser.add_argument('--sample', type=int, default=2000)
    options = parser.parse_args()
    name = _setup.database('bench_tg', ['dases_telegestion'],
        cities=["Département de Paris"])
    from hestia.database import run_in_transaction
    in_company = _setup.in_company

    from hestia import months
    from hestia_data import dases_demo, telegestion_demo
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    today = datetime.date.today()
    month, _ = months.previous(today)

    timed = _setup.Timer(name, width=22, digits=0)

    def setup(company):
        Report = Pool().get('dases.integration.report')
        Report.import_file('flux1', company, 'flux1.txt',
            dases_demo.flux1(lines=20000, seed=75, today=today))
        sads = telegestion_demo.providers(company, CODES)
        return len(sads)
    timed("setup (flux 1, SADs)", setup, "providers", counted=False)

    files = {}

    def generate(company):
        sample = telegestion_demo.month_files(company, CODES, today)
        count = sum(f[1].count(b'\n') - 1 for f in sample.values())
        files.update(telegestion_demo.month_files(company, CODES, today,
                intensity=options.interventions / count))
        return sum(f[1].count(b'\n') - 1 for f in files.values())
    print(f"{'files generated':<22}: "
        f"{run_in_transaction(name, in_company(generate))} interventions",
        flush=True)

    def import_all(kind, index):
        def run(company):
            Report = Pool().get('dases.integration.report')
            sads = {s.code: s for s in Pool().get('dases.sad').search([])}
            return sum(Report.import_file(kind, company, f'{code}.csv',
                    files[code][index], sad=sads[code]).created
                for code in CODES)
        return run
    timed("client lists", import_all('tg-clients', 0), "clients")
    counts = {}

    def imported(company):
        counts['created'] = import_all('tg-interventions', 1)(company)
        return counts['created']

    def stored(company):
        count = Pool().get('dases.intervention').search_count([])
        assert count == counts['created'], (count, counts)
        return f"{count} interventions stored"
    rate = timed("interventions import", imported, "interventions",
        check=stored)

    def again(company):
        counts['unchanged'] = sum(
            Pool().get('dases.integration.report').import_file(
                'tg-interventions', company, f'{code}.csv', files[code][1],
                sad=Pool().get('dases.sad').search([('code', '=', code)])[0]
                ).unchanged for code in CODES)
        return counts['unchanged']

    def unchanged(company):
        assert counts['unchanged'] == counts['created'], counts
        return stored(company) + ", the same files again changed none"
    timed("same files again", again, "unchanged", check=unchanged)

    def preinvoice(company):
        PreInvoice = Pool().get('dases.preinvoice')
        PreInvoice.build(company, month)
        return Pool().get('dases.intervention').search_count([
                ('invoice_line', '!=', None)])
    billed = timed("pre-invoicing", preinvoice, "interventions",
        check=check_preinvoices)
    print(f"{'total':<22}: {timed.total:.1f} s (imports + pre-invoicing)")

    # The plain per-record ORM paths, on a sample, not in the total.
    def create_one_by_one(company):
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        Client = pool.get('dases.sad.client')
        sad = pool.get('dases.sad').search([('code', '=', CODES[0])])[0]
        client, = Client.search([('sad', '=', sad.id)], limit=1)
        start = datetime.datetime.combine(month, datetime.time(8))
        for index in range(options.sample):
            Intervention.create([{'sad': sad.id, 'client': client.id,
                        'identifier': f'ORM-{index}', 'nomenclature': 'AMP',
                        'source': 'landline',
                        'raw_start': start, 'raw_end': start
                        + datetime.timedelta(hours=1)}])
        Transaction().rollback()
        return options.sample
    single = timed("import per record", create_one_by_one, "interventions",
        counted=False)
    print(f"{'ratio import':<22}: {rate / single:.1f}x (baseline: one "
        "create call per intervention, same run)")

    def link_one_by_one(company):
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        Line = pool.get('dases.preinvoice.line')
        line, = Line.search([], limit=1)
        interventions = Intervention.search([], limit=options.sample)
        for intervention in interventions:
            # What a naive pre-invoicing does for each intervention.
            intervention.hours, intervention.date, intervention.beneficiary
            Intervention.write([intervention], {'invoice_line': line.id})
        Transaction().rollback()
        return len(interventions)
    single = timed("pre-invoice per record", link_one_by_one,
        "interventions", counted=False)
    print(f"{'ratio pre-invoicing':<22}: {billed / single:.1f}x (baseline: "
        "each intervention read and linked through the ORM, same run)")


def check_preinvoices(company):
    """Each line: the hours of the interventions it links are the hours
    clocked (kept, or raw for a provider month whose corrections are
    excluded), it bills the lesser of those and the plan's, at its unit
    price; no intervention linked twice (one column)."""
    from decimal import Decimal

    from sql import Null
    from sql.aggregate import Count, Sum
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Line = pool.get('dases.preinvoice.line')
    intervention = pool.get('dases.intervention').__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*intervention.select(intervention.invoice_line,
            Sum(intervention.hours), Sum(intervention.raw_hours),
            Count(intervention.id),
            where=intervention.invoice_line != Null,
            group_by=[intervention.invoice_line]))
    linked = {line: ({Decimal(str(hours)), Decimal(str(raw))}, count)
        for line, hours, raw, count in cursor}
    lines = Line.search([])
    for line in lines:
        assert line.clocked in linked[line.id][0], (line.id, line.clocked,
            linked[line.id][0])
        assert line.quantity == min(line.clocked, line.planned), line.id
        assert line.amount == (line.quantity * line.unit_amount).quantize(
            Decimal('0.01')), line.id
    assert set(linked) <= {l.id for l in lines}
    return (f"{len(lines)} lines: hours of their "
        f"{sum(c for _, c in linked.values())} interventions, lesser of "
        "clocked and planned, amount = hours × unit price")


if __name__ == '__main__':
    main()
