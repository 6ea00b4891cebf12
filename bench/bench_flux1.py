# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 1 import: 20,000 generated lines, then the same file again.

    python bench/bench_flux1.py [--lines 20000] [--sample 1000]

Runs on the backend it is given (`make bench`: PostgreSQL through
tests/with_postgresql.sh; SQLite otherwise). Prints lines/s of the import
and of the unchanged re-import with the CPU seconds of this process and of
PostgreSQL, after checking what the database holds; and the ratio against
the plain per-record ORM path (one save() per beneficiary and per plan
line) measured on a sample in the same run. Targets of issue 23: 20,000
lines in ≤ 30 s, re-import ≤ 10 s on PostgreSQL."""
import argparse

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--lines', type=int, default=20000)
    parser.add_argument('--sample', type=int, default=1000)
    options = parser.parse_args()
    name = _setup.database('bench_flux1', ['dases_base'],
        cities=["Département de Paris",
            "Département témoin"])

    from hestia.flatfile.layouts import flux1 as layout
    from hestia_data.dases_demo import flux1
    from trytond.pool import Pool

    data = flux1(options.lines, seed=1)
    records = layout.read(data).records
    beneficiaries = len({r['salsa_id'] for r in records})
    sample = layout.read(flux1(options.sample, seed=2)).records
    timed = _setup.Timer(name, width=12)
    summaries = []

    def batched(company):
        Report = Pool().get('dases.integration.report')
        summary = Report.import_file('flux1', company, 'bench.txt', data
            ).summary()
        summaries.append(summary)
        return summary['lines']

    def stored(company):
        pool = Pool()
        return {
            'plans': pool.get('dases.care_plan').search_count(
                [('company', '=', company.id),
                    ('transmitted', '=', True)]),
            'beneficiaries': pool.get('dases.beneficiary').search_count(
                [('company', '=', company.id)]),
            'parties': pool.get('party.party').search_count([]),
            }

    def check_import(company):
        summary, = summaries
        counts = stored(company)
        assert summary['state'] == 'done' and not summary['rejected'], summary
        assert summary['created'] == counts['plans'] == len(records), (
            summary, counts)
        assert counts['beneficiaries'] == beneficiaries, counts
        parties.append(counts['parties'])
        return (f"{counts['plans']} plans transmitted, "
            f"{counts['beneficiaries']} beneficiaries stored")

    def check_again(company):
        first, again = summaries
        counts = stored(company)
        assert again['unchanged'] == len(records), again
        assert again['created'] == again['updated'] == again['withdrawn'] == 0
        assert counts['plans'] == len(records), counts
        assert counts['parties'] == parties[0], "new parties"
        return (f"{again['unchanged']} unchanged, still {counts['plans']} "
            f"plans and {counts['parties']} parties")

    parties = []
    rate = timed("import", batched, "lines", check=check_import)
    timed("re-import", batched, "lines", check=check_again)

    def per_record(company):
        pool = Pool()
        Company = pool.get('company.company')
        Party = pool.get('party.party')
        Beneficiary = pool.get('dases.beneficiary')
        CarePlan = pool.get('dases.care_plan')
        from dases_base.flux1 import BENEFICIARY_FIELDS, PLAN_FIELDS
        other, = Company.search([('id', '!=', company.id)])
        beneficiaries = {}
        for record in sample:
            if record['salsa_id'] not in beneficiaries:
                party = Party(name=record['last_name'])
                party.save()
                beneficiary = Beneficiary(company=other, party=party,
                    salsa_id=record['salsa_id'],
                    **{n: record[n] for n in BENEFICIARY_FIELDS})
                beneficiary.save()
                beneficiaries[record['salsa_id']] = beneficiary
            plan = CarePlan(company=other,
                beneficiary=beneficiaries[record['salsa_id']],
                request_index=record['request_index'],
                service_index=record['service_index'],
                management_mode=layout.MANAGEMENT_MODES[
                    record['management_mode']],
                payee_type=layout.PAYEE_TYPES[record['payee_type']],
                **{n: record[n] for n in PLAN_FIELDS})
            plan.save()
        return len(sample)

    single = timed("per record", per_record, "lines", counted=False)
    print(f"{'ratio':<12}: {rate / single:.1f}x (baseline: one save() per "
        "beneficiary and per plan line, same run)")


if __name__ == '__main__':
    main()
