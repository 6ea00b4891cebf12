# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The authorisation matrix (hestia/authorisation.py) against the database,
and the demo's agents of one organisation reading another's records.

Runs on the backend of the suite: SQLite in `make test`, PostgreSQL in
`make test-pg`."""
import pytest

from hestia import authorisation

DEMO_LOGINS = ['agent.rillieux', 'agent.vaulx', 'agent.dases',
    'sad.paris11', 'plateforme.casvp', 'creche.rillieux', 'creche.vaulx']


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


def test_each_role_sees_its_own_menus(database):
    """« Tiers », « Produits », « Banque », « Devises »: the framework's
    menus are the administrators' (and the accountants'), never shown to
    an agent, a nurse, a crèche director or a provider (issue 22)."""
    from trytond.pool import Pool
    from trytond.tests.test_tryton import with_transaction
    from trytond.transaction import Transaction

    @with_transaction()
    def check():
        pool = Pool()
        Menu = pool.get('ir.ui.menu')
        ModelData = pool.get('ir.model.data')
        stock = {ModelData.get_id(*name.split('.')) for name in [
                'party.menu_party', 'product.menu_main_product',
                'bank.menu_banking', 'currency.menu_currency']}

        def top_menus(user):
            with Transaction().set_user(user), \
                    Transaction().set_context(_check_access=True):
                return {m.id for m in Menu.search([('parent', '=', None)])}
        for role, user in authorisation.role_users().items():
            seen = top_menus(user)
            assert seen or role == 'none', role
            assert not seen & stock, role
        admin, = pool.get('res.user').search([('login', '=', 'admin')])
        assert stock <= top_menus(admin.id)
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
    from hestia_data import (
        billing_demo, creche_demo, dases_demo, portal_demo, school_demo)
    from hestia_data import demo as demo_data
    from trytond.pool import Pool
    Lang = Pool().get('ir.lang')
    french, = Lang.search([('code', '=', 'fr')])
    Lang.write([french], {'translatable': True})
    companies = bootstrap.ensure_cities(
        [c[0] for c in bootstrap.DEMO_CITIES])
    demo_data.generate(companies, families=families)
    billing_demo.generate(companies)
    portal_demo.generate(companies)
    school_demo.generate(companies)
    creche_demo.generate(companies)
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
                'sitiv.payment', 'sitiv.school', 'sitiv.school.class',
                'sitiv.school.street', 'sitiv.school.enrolment',
                'dases.beneficiary', 'dases.care_plan',
                'dases.tutor', 'dases.cesu.book', 'dases.intervention',
                'dases.preinvoice', 'dases.sad.worker', 'web.user',
                'sitiv.creche.structure', 'sitiv.creche.contract',
                'sitiv.creche.contract.day', 'sitiv.creche.presence',
                'sitiv.creche.deduction', 'sitiv.creche.application',
                'sitiv.creche.committee.item', 'sitiv.creche.staff',
                'sitiv.ram.assistant', 'sitiv.ram.placement',
                'dases.platform.access', 'dases.platform.content',
                'dases.platform.declaration']:
            assert name in tried, name
    check()


def _demo_users():
    from trytond.pool import Pool
    User = Pool().get('res.user')
    return {u.login: u for u in User.search([('login', 'in', DEMO_LOGINS
                    + ['sante'])])}


def _as(user, company=None):
    "The context of `user` calling over RPC (access and rules checked)."
    from trytond.transaction import Transaction
    transaction = Transaction()

    class Context:
        def __enter__(self):
            self.user = transaction.set_user(user.id)
            self.context = transaction.set_context(_check_access=True,
                company=(company or user.company).id)
            self.user.__enter__()
            self.context.__enter__()

        def __exit__(self, *args):
            self.context.__exit__(*args)
            self.user.__exit__(*args)
    return Context()


def test_wrong_users_are_refused(database):
    """The wrong user tries: another city's company sent in the context of
    a wizard, a provider or the Département changing or reading a family's
    person, a nurse of one city reading another city's health file."""
    import datetime

    from trytond.i18n import gettext
    from trytond.model.exceptions import AccessError
    from trytond.pool import Pool
    from trytond.tests.test_tryton import with_transaction

    @with_transaction()
    def check():
        demo_base()
        pool = Pool()
        Party = pool.get('party.party')
        Household = pool.get('sitiv.household')
        Health = pool.get('sitiv.health')
        History = pool.get('sitiv.history')
        Company = pool.get('company.company')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        Export = pool.get('pes.finance_export', type='wizard')
        users = _demo_users()
        rillieux = users['agent.rillieux'].company
        vaulx = users['agent.vaulx'].company
        departement, = Company.search([('id', 'not in',
                    [rillieux.id, vaulx.id])])
        vaulx_person = Household.search([('company', '=', vaulx.id)]
            )[0].members[0].party
        start = {'start_date': datetime.date(2026, 1, 1),
            'end_date': datetime.date(2026, 12, 31), 'unpaid_only': False}

        # A Rillieux agent asks for Vaulx's finance export.
        with _as(users['agent.rillieux'], company=vaulx):
            session, _, _ = Export.create()
            with pytest.raises(AccessError) as refusal:
                Export.execute(session, {'start': start}, 'export')
        # (The base is English; hestia_base's tests read the French.)
        assert refusal.value.message == gettext(
            'hestia_base.msg_company_refused',
            company="Ville de Vaulx-en-Velin")
        with _as(users['agent.rillieux']):
            session, _, _ = Export.create()
            result = Export.execute(session, {'start': start}, 'export')
        assert result['view']['state'] == 'result'

        # A provider and the Département: a family's person is not theirs.
        for login in ['sad.paris11', 'agent.dases', 'agent.rillieux']:
            with _as(users[login]):
                assert Party.search([('id', '=', vaulx_person.id)]) == []
                with pytest.raises(AccessError):
                    Party.read([vaulx_person.id], ['name'])
                with pytest.raises(AccessError):
                    Party.write([Party(vaulx_person.id)], {'name': 'X'})
        with _as(users['sad.paris11']):
            with pytest.raises(AccessError):
                Party.create([{'name': "Personne créée par un SAD"}])

        # A nurse of Rillieux only: Vaulx's health files and history.
        nurse, = User.create([{'name': "Infirmière Rillieux",
                    'login': 'sante.rillieux',
                    'companies': [('add', [rillieux.id])],
                    'company': rillieux.id,
                    'groups': [('add', [ModelData.get_id('sitiv_famille',
                                    'group_health')])]}])
        vaulx_files = Health.search([('child.household_members.household'
                    '.company', '=', vaulx.id)])
        assert vaulx_files
        with _as(nurse):
            assert Health.search([('id', 'in',
                        [h.id for h in vaulx_files])]) == []
            with pytest.raises(AccessError):
                Health.read([vaulx_files[0].id], ['child'])
            with pytest.raises(AccessError):
                Health.delete([Health(vaulx_files[0].id)])
            seen = History.search([])
        assert seen and all(c.company in {rillieux, None} for c in seen)
        assert {c.company for c in History.search([])} >= {rillieux, vaulx}
    check()


def test_wrong_passwords_lock_a_login_out_for_minutes(database, monkeypatch):
    "Six wrong passwords lock the login for 15 minutes, not the session day"
    import datetime
    import time

    from trytond import config

    # The framework slows each failed login down (up to 2^n seconds).
    monkeypatch.setattr(time, 'sleep', lambda seconds: None)

    from trytond.exceptions import RateLimitException
    from trytond.pool import Pool
    from trytond.tests.test_tryton import with_transaction
    from trytond.transaction import Transaction

    from hestia_base.user import lockout_seconds

    @with_transaction()
    def check():
        pool = Pool()
        User = pool.get('res.user')
        Attempt = pool.get('res.user.login.attempt')
        User.create([{'name': "Agent", 'login': 'agent.lock',
                    'password': 'bon-mot-de-passe'}])
        assert lockout_seconds() == 15 * 60
        for _ in range(6):
            assert not User.get_login('agent.lock',
                {'password': 'mauvais'})
        with pytest.raises(RateLimitException):
            User.get_login('agent.lock', {'password': 'bon-mot-de-passe'})
        # Sixteen minutes later the real user logs in again (the session
        # timeout, a working day, no longer counts).
        table = Attempt.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update([table.create_date],
                [datetime.datetime.now() - datetime.timedelta(minutes=16)]))
        assert User.get_login('agent.lock', {'password': 'bon-mot-de-passe'})
    # Agents' sessions last a working day (trytond.conf).
    saved = config.get('session', 'timeout')
    config.set('session', 'timeout', '28800')
    try:
        check()
    finally:
        config.set('session', 'timeout', saved)
