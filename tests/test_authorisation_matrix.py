# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The authorisation matrix (hestia/authorisation.py) against the database,
and the demo's agents of one organisation reading another's records.

Runs on the backend of the suite: SQLite in `make test`, PostgreSQL in
`make test-pg`."""
import pytest

from hestia import authorisation

DEMO_LOGINS = ['agent.rillieux', 'agent.vaulx', 'agent.dases',
    'sad.paris11', 'plateforme.casvp']


@pytest.fixture(scope='module')
def database():
    from trytond.tests.test_tryton import activate_module
    activate_module(authorisation.MODULES)


def test_every_model_has_its_declared_access(database):
    "A new model, or a changed access, must be declared in the matrix"
    from trytond.tests.test_tryton import with_transaction

    @with_transaction()
    def check():
        actual = authorisation.database_matrix()
        assert authorisation.differences(actual) == []
    check()


def test_a_new_model_without_declared_access_fails(database):
    "The check itself notices a model missing from the matrix"
    from trytond.tests.test_tryton import with_transaction

    @with_transaction()
    def check():
        actual = authorisation.database_matrix()
        declared = dict(authorisation.MATRIX)
        del declared['sitiv.health']
        assert authorisation.differences(actual, declared) == [
            "sitiv.health : aucun droit déclaré dans hestia/authorisation.py "
            f"(la base donne {actual['sitiv.health']!r})"]
    check()


def demo_base(families=8):
    "The demo's cities, Département, providers and agents, small."
    from hestia import bootstrap
    from hestia_data import billing_demo, dases_demo
    from hestia_data import demo as demo_data
    from trytond.pool import Pool
    Lang = Pool().get('ir.lang')
    french, = Lang.search([('code', '=', 'fr')])
    Lang.write([french], {'translatable': True})
    companies = bootstrap.ensure_cities(
        [c[0] for c in bootstrap.DEMO_CITIES])
    demo_data.generate(companies, families=families)
    billing_demo.generate(companies)
    departement, = bootstrap.ensure_cities([bootstrap.DEMO_DEPARTEMENT[0]])
    dases_demo.generate(departement)


def test_no_agent_reads_another_organisations_records(database):
    """Each demo agent (two cities, the Département, two providers) searches
    every model as over JSON-RPC and finds only its own organisation's
    records; each model holds records the check could have caught."""
    from dases_telegestion.rule import user_sads
    from trytond.pool import Pool
    from trytond.tests.test_tryton import with_transaction
    from trytond.transaction import Transaction

    @with_transaction()
    def check():
        demo_base()
        pool = Pool()
        User = pool.get('res.user')
        users = User.search([('login', 'in', DEMO_LOGINS)])
        assert sorted(u.login for u in users) == sorted(DEMO_LOGINS)
        # A platform works for its sections too.
        sads = {}
        for user in users:
            with Transaction().set_user(user.id):
                if ids := set(user_sads()[0]):
                    sads[user.id] = ids
        found, tried = authorisation.leaks(users, sads)
        assert found == []
        # Models the demo fills: each was tried against another
        # organisation's records.
        for name in ['party.party', 'party.address',
                'party.contact_mechanism', 'bank.account', 'sitiv.household',
                'sitiv.household.member', 'sitiv.health',
                'sitiv.health-sitiv.diet', 'sitiv.history',
                'sitiv.quotient_familial', 'sitiv.document',
                'sitiv.enrolment', 'sitiv.attendance', 'account.invoice',
                'sitiv.payment', 'dases.beneficiary', 'dases.care_plan',
                'dases.tutor', 'dases.cesu.book', 'dases.intervention',
                'dases.preinvoice', 'dases.sad.worker']:
            assert name in tried, name
    check()
