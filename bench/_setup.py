# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every benchmark shares: a fresh database, its company in the
context, a timer that prints a rate.

The database lives in a temporary folder, on SQLite unless
TRYTOND_DATABASE_URI (make bench runs billing on PostgreSQL) or
HESTIA_CONFIG says otherwise."""
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def database(name, modules, cities):
    "Create `name` with `modules` and one company per city; return `name`."
    folder = tempfile.mkdtemp(prefix='hestia-bench-')
    if not os.environ.get('HESTIA_CONFIG'):
        uri = os.environ.get('TRYTOND_DATABASE_URI', 'sqlite://')
        config = os.path.join(folder, 'trytond.conf')
        with open(config, 'w') as file:
            file.write(f'[database]\nuri = {uri}\npath = {folder}\n'
                'language = fr\n')
        os.environ['HESTIA_CONFIG'] = config
    # The test suite's variables would override the configuration.
    for variable in ['TRYTOND_DATABASE_URI', 'DB_NAME', 'DB_CACHE']:
        os.environ.pop(variable, None)
    from hestia.config import load_config
    from hestia.database import create
    load_config()
    create(name, modules, cities=cities)
    return name


def in_company(function):
    "`function(company)` run in the context of the database's one company."
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    def run():
        company, = Pool().get('company.company').search([])
        with Transaction().set_context(company=company.id,
                companies=[company.id]):
            return function(company)
    return run


class Timer:
    """`timer(label, function, unit)` runs `function(company)` in one
    transaction, prints the count it returns per second and returns the
    rate; `total` adds up the seconds of the counted steps."""

    def __init__(self, name, width=22, digits=0):
        self.name = name
        self.width = width
        self.digits = digits
        self.total = 0.0

    def __call__(self, label, function, unit, counted=True):
        from hestia.database import run_in_transaction
        start = time.perf_counter()
        count = run_in_transaction(self.name, in_company(function))
        seconds = time.perf_counter() - start
        if counted:
            self.total += seconds
        print(f"{label:<{self.width}}: {count} {unit} in {seconds:.1f} s = "
            f"{count / seconds:.{self.digits}f} {unit}/s", flush=True)
        return count / seconds
