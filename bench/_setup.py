# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every benchmark shares: a fresh database, its company in the
context, a timer that prints a rate.

The database lives in a temporary folder, on SQLite unless
TRYTOND_DATABASE_URI (make bench runs billing on PostgreSQL) or
HESTIA_CONFIG says otherwise."""
import configparser
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def database(name, modules, cities, **options):
    """Create `name` with `modules` and one company per city; return
    `name`. `options`: hestia.database.create's (demo, families)."""
    folder = tempfile.mkdtemp(prefix='hestia-bench-')
    if not os.environ.get('HESTIA_CONFIG'):
        uri = os.environ.get('TRYTOND_DATABASE_URI', 'sqlite://')
        config = os.path.join(folder, 'trytond.conf')
        # The repository's report conversion (quiet, one LibreOffice
        # profile per conversion), as the server and the tests use.
        repository = configparser.RawConfigParser()
        repository.read(os.path.join(ROOT, 'trytond.conf'))
        convert = repository.get('report', 'convert_command', fallback=None)
        with open(config, 'w') as file:
            file.write(f'[database]\nuri = {uri}\npath = {folder}\n'
                'language = fr\n')
            if convert:
                file.write(f'[report]\nconvert_command = {convert}\n')
        os.environ['HESTIA_CONFIG'] = config
    # The test suite's variables would override the configuration.
    for variable in ['TRYTOND_DATABASE_URI', 'DB_NAME', 'DB_CACHE']:
        os.environ.pop(variable, None)
    from hestia.config import load_config
    from hestia.database import create
    load_config()
    create(name, modules, cities=cities, **options)
    return name


def in_company(function):
    """`function(company)` run in the context of the database's (first)
    company."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    def run():
        company, = Pool().get('company.company').search([],
            order=[('id', 'ASC')], limit=1)
        with Transaction().set_context(company=company.id,
                companies=[company.id]):
            return function(company)
    return run


def backend_cpu():
    """CPU seconds used so far by the PostgreSQL process serving this
    transaction (read from /proc: the server runs on this machine), or
    None on SQLite or when it cannot be read."""
    from trytond import backend
    from trytond.transaction import Transaction
    if backend.name != 'postgresql':
        return None
    cursor = Transaction().connection.cursor()
    cursor.execute('SELECT pg_backend_pid()')
    pid, = cursor.fetchone()
    try:
        with open(f'/proc/{pid}/stat') as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


class Timer:
    """`timer(label, function, unit)` runs `function(company)` in one
    transaction, prints the count it returns per second with the CPU
    seconds of this process and of PostgreSQL and the machine's load
    average (a figure taken on a busy machine still means something) and
    returns the rate; `total` adds up
    the seconds of the counted steps."""

    def __init__(self, name, width=22, digits=0):
        self.name = name
        self.width = width
        self.digits = digits
        self.total = 0.0

    def __call__(self, label, function, unit, counted=True, check=None):
        """`check(company)`, run in a transaction of its own once the step
        is done, raises when the results are wrong and returns what it
        checked: the rate is printed only after it passed."""
        from hestia.database import run_in_transaction
        cpu = {}

        def measured(company):
            cpu['server'] = backend_cpu()
            result = function(company)
            after = backend_cpu()
            cpu['server'] = (after - cpu['server']
                if after is not None and cpu['server'] is not None else None)
            return result
        start = time.perf_counter()
        own = time.process_time()
        count = run_in_transaction(self.name, in_company(measured))
        seconds = time.perf_counter() - start
        own = time.process_time() - own
        if counted:
            self.total += seconds
        checked = (run_in_transaction(self.name, in_company(check))
            if check else None)
        server = (f", PostgreSQL {cpu['server']:.1f} s CPU"
            if cpu.get('server') is not None else "")
        print(f"{label:<{self.width}}: {count} {unit} in {seconds:.1f} s = "
            f"{count / seconds:.{self.digits}f} {unit}/s (Python {own:.1f} s "
            f"CPU{server}, load {os.getloadavg()[0]:.1f})", flush=True)
        if check:
            print(f"{'checked':<{self.width}}: {checked}", flush=True)
        return count / seconds


def check(name, label, function):
    """Run `function(company)` in a transaction of its own and print what it
    checked: a rate is printed only for results checked afterwards."""
    from hestia.database import run_in_transaction
    print(f"{label}: {run_in_transaction(name, in_company(function))}",
        flush=True)


def check_value(name, function):
    "What `function(company)` returns, read in a transaction of its own."
    from hestia.database import run_in_transaction
    return run_in_transaction(name, in_company(function))
