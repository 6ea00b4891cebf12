# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Create households with their members: batched path vs per-record ORM.

    python bench/bench_households.py [--families 10000] [--sample 500]

Runs on a throwaway SQLite database (or the PostgreSQL of
TRYTOND_DATABASE_URI / HESTIA_CONFIG) and prints households/s for the
batched insert used by imports and the demo, with the CPU seconds of this
process and of PostgreSQL, after checking the households and persons
stored; the same for one save() per record on a smaller sample, and their
ratio. Not part of `make test`. Issue 23: run it with 2,000 and 10,000
families on PostgreSQL, the time per household should not grow."""
import argparse
import time

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--families', type=int, default=10000)
    parser.add_argument('--sample', type=int, default=500,
        help="households stored one by one for the comparison")
    options = parser.parse_args()

    from hestia.bootstrap import DEMO_CITIES
    name = _setup.database('bench', ['sitiv_famille'],
        cities=[c[0] for c in DEMO_CITIES])
    from hestia.database import run_in_transaction

    from hestia_data import demo
    from trytond.pool import Pool

    def companies():
        return Pool().get('company.company').search([])

    batch = demo.families(options.families, seed=1)
    sample = demo.families(options.sample, seed=2)

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
        f"{cpu['own']:.1f} s{server}); checked: {households} households "
        f"and {persons} persons stored")
    count, seconds, _ = timed(demo.insert_one_by_one, sample)
    single = count / seconds
    print(f"per record : {count} households ({len(sample.persons)} persons) "
        f"in {seconds:.1f} s = {single:.0f} households/s")
    print(f"ratio      : {batched / single:.1f}x")


if __name__ == '__main__':
    main()
