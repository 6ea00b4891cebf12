# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Load on the portals, with locust, against the production server of
docker/ (gunicorn, trytond.application) and the database it is given
(make bench: PostgreSQL through tests/with_postgresql.sh).

* `--space portail` (issue 18, spec 003 §2.2.3): 100 families at the same
  time log in, open the home page and a child's calendar, book next week,
  list their invoices (portal_locustfile.py);
* `--space plateforme` (issue 21, spec 002 D1, H1): 100 people on the
  DASES platform, four in five a beneficiary or their relative (file, last
  month's interventions, invoices, a declaration now and then), one in
  five a provider's manager (platform_locustfile.py).

Prints, per page and overall, requests per second, p50 / p95 / p99 and
errors (goal: p95 ≤ 300 ms, no error), the CPU seconds of the server's
processes and of PostgreSQL, then checks in the database that what the
users wrote is there (bookings, declarations). The baseline is the goal
itself: a portal page is not a batch with a per-record path to compare
with.

    bash tests/with_postgresql.sh .venv/bin/python bench/bench_portal.py \
        [--space portail|plateforme] [--families 400] [--users 100]
        [--seconds 120] [--workers 2] [--arrivals 2] [--think 3,10]
"""
import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import _setup

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = 'bench_portal'
PASSWORD = 'hestia-bench'


def accounts(count):
    """One portal account per family whose children go to the canteen
    (bench-famille-N@example.fr), N from 1."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(NAME, 0) as transaction:
        pool = Pool()
        User = pool.get('web.user')
        Enrolment = pool.get('sitiv.enrolment')
        households = []
        for enrolment in Enrolment.search([('state', '=', 'enrolled'),
                    ('activity.domain', '=', 'restauration'),
                    ('end_date', '=', None)], order=[('household', 'ASC')]):
            if enrolment.household not in households:
                households.append(enrolment.household)
        taken = {u.party.id for u in User.search([]) if u.party}
        vlist = []
        for household in households:
            head = next((h for h in household.heads if h.id not in taken),
                None)
            if head and len(vlist) < count:
                taken.add(head.id)
                number = len(vlist) + 1
                vlist.append({'email': f'bench-famille-{number}@example.fr',
                        'password': PASSWORD, 'party': head.id,
                        'portal_company': household.company.id,
                        'portal_must_change_password': False,
                        'email_valid': True})
        User.create(vlist)
        transaction.commit()
        return len(vlist)


def platform_accounts(count):
    """A platform account per beneficiary of the demo Département, those
    clocked by a provider first (bench-beneficiaire-N@example.fr), and one
    administrator per provider (bench-sad-N@example.fr): (beneficiaries,
    providers)."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(NAME, 0) as transaction:
        pool = Pool()
        User = pool.get('web.user')
        Beneficiary = pool.get('dases.beneficiary')
        Intervention = pool.get('dases.intervention')
        Sad = pool.get('dases.sad')
        clocked = {i.beneficiary for i in Intervention.search(
                [('beneficiary', '!=', None)])}
        people = sorted(Beneficiary.search([]),
            key=lambda b: (b not in clocked, b.id))[:count]
        sads = Sad.search([], order=[('code', 'ASC')])
        User.create([{'email': f'bench-beneficiaire-{n}@example.fr',
                    'password': PASSWORD, 'platform_role': 'beneficiary',
                    'platform_name': f'Proche {n}',
                    'portal_company': person.company.id,
                    'portal_must_change_password': False,
                    'platform_accesses': [('create', [{
                                    'beneficiary': person.id,
                                    'relationship': 'relative'}])],
                    } for n, person in enumerate(people, 1)]
            + [{'email': f'bench-sad-{n}@example.fr', 'password': PASSWORD,
                    'platform_role': 'sad_admin', 'platform_sad': sad.id,
                    'portal_company': sad.company.id,
                    'portal_must_change_password': False,
                    } for n, sad in enumerate(sads, 1)])
        transaction.commit()
        return len(people), len(sads)


def declarations_since(moment):
    """Declarations made on the platform since `moment`, and those made for
    a beneficiary the declaring account does not reach (none)."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(NAME, 0, readonly=True):
        Declaration = Pool().get('dases.platform.declaration')
        declarations = Declaration.search([('create_date', '>', moment)])
        strays = [d for d in declarations if d.beneficiary.id not in {
                a.beneficiary.id for a in d.declared_by.platform_accesses}]
        return len(declarations), len(strays)


def last_change():
    "The latest creation or change of a reservation, on the database's clock."
    from trytond.transaction import Transaction
    with Transaction().start(NAME, 0, readonly=True):
        cursor = Transaction().connection.cursor()
        cursor.execute('SELECT MAX(COALESCE(write_date, create_date)) '
            'FROM sitiv_attendance')
        moment, = cursor.fetchone()
        return moment


def changed_since(moment):
    """Reservations made or changed since `moment` and the days booked twice
    (none: the constraint of sitiv.attendance)."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(NAME, 0, readonly=True):
        Attendance = Pool().get('sitiv.attendance')
        changed = Attendance.search_count(['OR',
                ('create_date', '>', moment), ('write_date', '>', moment)])
        cursor = Transaction().connection.cursor()
        cursor.execute('SELECT COUNT(*) FROM (SELECT enrolment, date '
            'FROM sitiv_attendance GROUP BY enrolment, date '
            'HAVING COUNT(*) > 1) AS twice')
        twice, = cursor.fetchone()
        return changed, twice


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def cpu_seconds(pids):
    "CPU seconds (user + system, children included) of the processes."
    total = 0.0
    for pid in pids:
        try:
            with open(f'/proc/{pid}/stat') as stat:
                fields = stat.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])
    return total / os.sysconf('SC_CLK_TCK')


def processes(name):
    "The pids whose command line contains `name`."
    found = []
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                with open(f'/proc/{pid}/cmdline', 'rb') as cmdline:
                    if name.encode() in cmdline.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--space', choices=['portail', 'plateforme'],
        default='portail')
    parser.add_argument('--families', type=int, default=400)
    parser.add_argument('--users', type=int, default=100)
    parser.add_argument('--seconds', type=int, default=120)
    parser.add_argument('--arrivals', type=float, default=2,
        help="families logging in per second until all are there")
    parser.add_argument('--workers', type=int, default=2)
    parser.add_argument('--think', default='3,10',
        help="pause of a family between two rounds, in seconds (min,max)")
    options = parser.parse_args()
    from hestia.cli import MODULES
    uri = os.environ.get('TRYTOND_DATABASE_URI', 'sqlite://')
    started = time.perf_counter()
    _setup.database(NAME, MODULES, None, demo=True,
        families=options.families)
    platform = options.space == 'plateforme'
    if platform:
        count, sads = platform_accounts(options.users)
        os.environ['HESTIA_PROVIDER_ACCOUNTS'] = str(sads)
        what = f"{count} comptes de bénéficiaires et {sads} de SAD"
    else:
        count = accounts(options.users)
        what = f"{count} comptes du portail"
    print(f"Base de démonstration ({options.families} foyers, {what}) "
        f"sur {uri.split(':')[0]} en {time.perf_counter() - started:.0f} s",
        flush=True)
    moment = last_change()

    port = free_port()
    env = dict(os.environ, TRYTOND_CONFIG=os.environ['HESTIA_CONFIG'],
        TRYTOND_DATABASE_NAMES=NAME)
    os.environ['HESTIA_THINK'] = options.think
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable),
                'gunicorn'), '--bind', f'127.0.0.1:{port}', '--workers',
            str(options.workers), '--threads', '4', '--log-level',
            'warning', 'trytond.application:app'], env=env)
    host = f'http://127.0.0.1:{port}'
    for _ in range(300):
        try:
            urllib.request.urlopen(
                f'{host}/{NAME}/{options.space}/connexion',
                timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        sys.exit("gunicorn ne répond pas")
    out = tempfile.mkdtemp(prefix='hestia-locust-')
    servers = [server.pid] + [int(p) for p in subprocess.run(
            ['pgrep', '-P', str(server.pid)], capture_output=True,
            text=True).stdout.split()]
    postgres = processes('postgres:')
    cpu_server, cpu_pg = cpu_seconds(servers), cpu_seconds(postgres)
    wall = time.perf_counter()
    try:
        subprocess.run([os.path.join(os.path.dirname(sys.executable),
                    'locust'), '-f', os.path.join(HERE,
                    'platform_locustfile.py' if platform
                    else 'portal_locustfile.py'), '--headless',
                '--host', host,
                '-u', str(options.users), '-r', str(options.arrivals),
                '-t', f'{options.seconds}s', '--csv',
                os.path.join(out, 'portal'), '--only-summary',
                '--loglevel', 'WARNING'], check=False)
    finally:
        wall = time.perf_counter() - wall
        cpu_server = cpu_seconds(servers) - cpu_server
        cpu_pg = cpu_seconds(processes('postgres:')) - cpu_pg
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    rows = list(csv.DictReader(open(os.path.join(out,
                    'portal_stats.csv'))))
    who = "personnes" if platform else "familles"
    print(f"\n{options.users} {who} simultanées ({options.arrivals:g} "
        f"connexions par seconde jusqu'à ce qu'elles y soient toutes) pendant "
        f"{options.seconds} s (pause de {options.think.replace(',', ' à ')} "
        f"s entre deux tours), gunicorn {options.workers} × 4 fils :")
    print(f"{'page':<24} {'requêtes':>9} {'/s':>6} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'erreurs':>8}")
    for row in rows:
        print(f"{row['Name'][:24]:<24} {row['Request Count']:>9} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>4} ms "
            f"{row['95%']:>4} ms {row['99%']:>4} ms "
            f"{row['Failure Count']:>8}")
    total = next(r for r in rows if r['Name'] == 'Aggregated')
    print(f"CPU : serveur {cpu_server:.1f} s, PostgreSQL {cpu_pg:.1f} s "
        f"pour {wall:.0f} s de charge (2 cœurs : {2 * wall:.0f} s "
        "disponibles)")
    if platform:
        sent = next((int(r['Request Count']) for r in rows
                if r['Name'] == 'déclarer'), 0)
        stored, strays = declarations_since(moment)
        # locust's file may miss the requests still running when it stops.
        print(f"Contrôle : {sent} déclarations comptées par locust, "
            f"{stored} en base, {strays} sur le dossier d'un autre")
        assert sent > 0 and stored >= sent, "déclarations perdues"
        assert not strays, "déclarations sur le dossier d'un autre"
    else:
        changed, twice = changed_since(moment)
        booked = next((int(r['Request Count']) for r in rows
                if r['Name'] == 'réserver la semaine'), 0)
        print(f"Contrôle : {booked} semaines enregistrées, {changed} jours "
            f"réservés ou annulés en base, {twice} jour réservé deux fois")
        assert booked > 0 and changed > 0, "aucune semaine réservée"
        assert not twice, "des jours réservés deux fois"
    assert int(total['Failure Count']) == 0, "des requêtes ont échoué"
    goal = int(total['95%']) <= 300
    print(f"Objectif p95 ≤ 300 ms : {'atteint' if goal else 'NON atteint'} "
        f"({total['95%']} ms)")


if __name__ == '__main__':
    main()
