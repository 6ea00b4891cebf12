# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Create and inspect Hestia databases (SQLite file or PostgreSQL)."
import logging
import os

from .config import HestiaError

logger = logging.getLogger(__name__)


def _backend_name():
    from trytond import backend
    return backend.name


def exists(name):
    from trytond import backend
    import trytond.config as config
    if _backend_name() == 'sqlite':
        return os.path.isfile(os.path.join(
                config.get('database', 'path'), name + '.sqlite'))
    # Listing the server's databases answers at once; connecting to a
    # missing one makes trytond retry for half a minute.
    from trytond.transaction import Transaction
    with Transaction().start(
            None, 0, close=True, autocommit=True) as transaction:
        if name not in transaction.database.list():
            return False
    try:
        database = backend.Database(name).connect()
        return database.test()
    except Exception:
        return False


def _ensure_database(name):
    "SQLite needs the file; PostgreSQL needs the database."
    import trytond.config as config
    from trytond.transaction import Transaction
    if _backend_name() == 'sqlite':
        path = os.path.join(config.get('database', 'path'), name + '.sqlite')
        open(path, 'a').close()
        return
    with Transaction().start(
            None, 0, close=True, autocommit=True) as transaction:
        if name not in transaction.database.list():
            transaction.database.create(transaction.connection, name)


# The tables the demo's steps lock (invoice numbering, attendance billing,
# pre-invoicing); a table missing here only costs a restart.
DEMO_LOCKS = ['ir_configuration', 'account_configuration', 'sitiv_attendance',
    'account_journal_period', 'dases_preinvoice']
# Usual share of each step of `create` (seconds on a 2-core machine, for
# the progress' time left); the families' step grows with their number.
WEIGHTS = {'modules': 30, 'setup': 1, 'families': 0.016, 'billing': 80,
    'departement': 5}


def create(name, modules, lang='fr', admin_password='admin', cities=None,
        demo=False, families=None, progress=None):
    """Create (or update) `name` with `modules` activated, French as the
    language of everyone, one company per city and the admin user.
    `progress`: a callable making a hestia.progress.Progress of steps."""
    from trytond import backend
    from trytond.pool import Pool

    if not name.replace('_', '').replace('-', '').isalnum():
        raise HestiaError(
            f"nom de base invalide « {name} » : lettres, chiffres, - et _")
    count = families or 1500
    steps = [("Activation des modules", WEIGHTS['modules']),
        ("Langue, communes et administrateur", WEIGHTS['setup'])]
    if demo:
        steps += [
            (f"Familles de démonstration ({count} foyers)",
                WEIGHTS['families'] * count),
            ("Activités, pointages et facturation du mois",
                WEIGHTS['billing']),
            ("Département : plans d'aide, CESU et télégestion",
                WEIGHTS['departement'])]
    shown = progress(steps) if progress else None

    def step(number):
        if shown:
            shown.step(number)
    step(1)
    _ensure_database(name)
    database = backend.Database(name).connect()
    new = not database.test()
    if new:
        database.init()
    pool = Pool(name)
    pool.init(update=['ir', 'res'] + list(modules), lang=[lang],
        activatedeps=True)
    from . import bootstrap

    def setup():
        step(2)
        bootstrap.configure(lang=lang, admin_password=admin_password if new
            else None)
        companies = bootstrap.ensure_cities(
            cities or ([c[0] for c in bootstrap.DEMO_CITIES] if demo else []))
        if demo:
            from hestia_data import dases_demo
            from hestia_data import demo as demo_data
            step(3)
            demo_data.generate(companies, families=families)
            from hestia_data import billing_demo
            step(4)
            billing_demo.generate(companies)
            from hestia_data import portal_demo
            portal_demo.generate(companies)
            from hestia_data import school_demo
            school_demo.generate(companies)
            from hestia_data import creche_demo
            creche_demo.generate(companies)
            step(5)
            departement, = bootstrap.ensure_cities(
                [bootstrap.DEMO_DEPARTEMENT[0]])
            dases_demo.generate(departement)

    # Taken up front: trytond restarts a transaction from its start to
    # take a lock, which redid the whole demo five times.
    run_in_transaction(name, setup, lock_tables=DEMO_LOCKS if demo else ())
    if shown:
        shown.finish(f"Base « {name} » prête")
    return new


def find_company(name=None):
    "The company called `name`, or the only one (inside a transaction)."
    from trytond.pool import Pool
    from .config import UsageError
    Company = Pool().get('company.company')
    companies = Company.search([])
    if name:
        matching = [c for c in companies
            if name in {c.party.name, c.party.code, str(c.id)}]
        if not matching:
            raise UsageError(f"société inconnue : « {name} » (connues : "
                + ', '.join(c.party.name for c in companies) + ")")
        return matching[0]
    if len(companies) != 1:
        raise UsageError("la base a plusieurs sociétés : précisez "
            "--company parmi " + ', '.join(
                f"« {c.party.name} »" for c in companies))
    return companies[0]


def run_in_transaction(name, function, user=0, lock_tables=()):
    """Run `function` in one transaction, restarted when the framework asks
    (with the lock it asked for); `lock_tables` are taken from the start."""
    from trytond.transaction import Transaction, TransactionError
    extras = {'_lock_tables': list(lock_tables)} if lock_tables else {}
    while True:
        with Transaction().start(name, user, **extras) as transaction:
            try:
                result = function()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                logger.info("transaction restarted for a lock: %s", extras)
                continue
            transaction.commit()
            return result
