# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Create households with their members: batched path vs per-record ORM.

    python bench/bench_households.py [--families 2000 10000] [--sample 500]

Runs on a throwaway SQLite database (or the PostgreSQL of
TRYTOND_DATABASE_URI / HESTIA_CONFIG; `make bench`: PostgreSQL) and prints
households/s for the batched insert used by imports and the demo, with the
CPU seconds of this process and of PostgreSQL and the load average, after
checking the households and persons stored; the same for one save() per
record on a smaller sample, and their ratio. With several sizes (each in
a database of its own), issue 23's check: the CPU seconds per household
of the largest may not exceed the smallest's by more than 1.3×
(creation scales linearly; CPU rather than wall time, which a busy machine
stretches)."""
import argparse
import os
import time

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--families', type=int, nargs='+',
        default=[2000, 10000])
    parser.add_argument('--sample', type=int, default=500,
        help="households stored one by one for the comparison")
    options = parser.parse_args()
    per_household = {}
    for families in sorted(options.families):
        per_household[families] = run(families, options.sample)
    if len(per_household) > 1:
        small, large = min(per_household), max(per_household)
        growth = per_household[large] / per_household[small]
        print(f"linear     : {1000 * per_household[small]:.2f} ms CPU per "
            f"household at {small}, {1000 * per_household[large]:.2f} at "
            f"{large}: {growth:.2f}× (at most 1.3×)")
        assert growth <= 1.3, "household creation does not scale linearly"


def run(families, sample_size):
    """Bench `families` households in a database of their own; the CPU
    seconds (Python and PostgreSQL) per household of the batched path."""
    from hestia.bootstrap import DEMO_CITIES
    name = _setup.database(f'bench_{families}', ['sitiv_famille'],
        cities=[c[0] for c in DEMO_CITIES])
    from hestia.database import run_in_transaction

    from hestia_data import demo
    from trytond.pool import Pool

    def companies():
        return Pool().get('company.company').search([])

    batch = demo.families(families, seed=1)
    sample = demo.families(sample_size, seed=2)

    def timed(function, data):
        cpu = {}

        def run():
            before = _setup.backend_cpu()
            count = len(function(data, companies()))
            after = _setup.backend_cpu()
            cpu['server'] = after - before if after is not None else None
            return count
        start, own = time.perf_counter(), time.process_time()
        households = run_in_transaction(name, run)
        cpu['own'] = time.process_time() - own
        return households, time.perf_counter() - start, cpu

    def stored():
        pool = Pool()
        return (pool.get('sitiv.household').search_count([]),
            pool.get('party.party').search_count(
                [('is_person', '=', True)]))

    count, seconds, cpu = timed(demo.insert, batch)
    households, persons = run_in_transaction(name, stored)
    assert (households, persons) == (len(batch.households),
        len(batch.persons)), (households, persons)
    batched = count / seconds
    server = (f", PostgreSQL {cpu['server']:.1f} s"
        if cpu['server'] is not None else "")
    print(f"batched    : {count} households ({len(batch.persons)} persons) "
        f"in {seconds:.1f} s = {batched:.0f} households/s, "
        f"{1000 * seconds / count:.1f} ms per household (CPU: Python "
        f"{cpu['own']:.1f} s{server}; load {os.getloadavg()[0]:.1f}); "
        f"checked: {households} households and {persons} persons stored")
    cpu_per_household = (cpu['own'] + (cpu['server'] or 0)) / count
    count, seconds, _ = timed(demo.insert_one_by_one, sample)
    single = count / seconds
    print(f"per record : {count} households ({len(sample.persons)} persons) "
        f"in {seconds:.1f} s = {single:.0f} households/s")
    print(f"ratio      : {batched / single:.1f}x (baseline: one save() "
        "per record, same run)")
    return cpu_per_household


if __name__ == '__main__':
    main()
