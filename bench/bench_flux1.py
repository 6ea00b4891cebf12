# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 1 import: 20,000 generated lines, then the same file again.

    python bench/bench_flux1.py [--lines 20000] [--sample 1000]

Prints lines/s of the import and of the unchanged re-import, and the ratio
against the plain per-record ORM path (one save() per beneficiary and per
plan line) measured on a sample in the same run. Targets of the issue:
20,000 lines in ≤ 30 s, re-import ≤ 10 s."""
import argparse
import time

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--lines', type=int, default=20000)
    parser.add_argument('--sample', type=int, default=1000)
    options = parser.parse_args()
    name = _setup.database('bench_flux1', ['dases_base'],
        cities=["Département de Paris",
            "Département témoin"])
    from hestia.database import run_in_transaction

    from hestia.flatfile.layouts import flux1 as layout
    from hestia_data.dases_demo import flux1
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    data = flux1(options.lines, seed=1)
    sample = layout.read(flux1(options.sample, seed=2)).records

    def company(index):
        return Pool().get('company.company').search(
            [], order=[('id', 'ASC')])[index]

    def batched():
        Report = Pool().get('dases.integration.report')
        paris = company(0)
        with Transaction().set_context(company=paris.id):
            return Report.import_file('flux1', paris, 'bench.txt', data
                ).summary()

    def per_record():
        pool = Pool()
        Party = pool.get('party.party')
        Beneficiary = pool.get('dases.beneficiary')
        CarePlan = pool.get('dases.care_plan')
        from dases_base.flux1 import BENEFICIARY_FIELDS, PLAN_FIELDS
        other = company(1)
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

    def timed(function):
        start = time.perf_counter()
        result = run_in_transaction(name, function)
        return result, time.perf_counter() - start

    summary, seconds = timed(batched)
    rate = summary['lines'] / seconds
    print(f"import      : {summary['lines']} lines ({summary['created']} "
        f"plans created, {len(summary['rejected'])} rejected) in "
        f"{seconds:.1f} s = {rate:.0f} lines/s")
    summary, seconds = timed(batched)
    print(f"re-import   : {summary['unchanged']} unchanged, "
        f"{summary['updated']} updated, {summary['created']} created in "
        f"{seconds:.1f} s = {summary['lines'] / seconds:.0f} lines/s")
    count, seconds = timed(per_record)
    single = count / seconds
    print(f"per record  : {count} lines in {seconds:.1f} s = "
        f"{single:.0f} lines/s")
    print(f"ratio       : {rate / single:.1f}x")


if __name__ == '__main__':
    main()
