# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""hestia_base: what both products share — the company a wizard acts for,
batches, savepoints, the login lockout."""
import datetime

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia_base.batch import chunks
from hestia_base.savepoint import savepoint
from hestia_base.security import check_company, context_company
from hestia_base.user import LOCKOUT


class HestiaBaseTestCase(ModuleTestCase):
    "Test hestia_base module"
    module = 'hestia_base'
    language = 'fr'

    @with_transaction()
    def test_company_of_the_context_must_be_the_users(self):
        "A company sent in the context is refused unless it is the user's"
        pool = Pool()
        User = pool.get('res.user')
        rillieux = create_company("Ville de Rillieux-la-Pape")
        vaulx = create_company("Ville de Vaulx-en-Velin")
        agent, = User.create([{'login': 'agent.rillieux', 'name': "Agent",
                    'companies': [('add', [rillieux.id])],
                    'company': rillieux.id}])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(company=rillieux.id):
            self.assertEqual(context_company(), rillieux)
            with self.assertRaises(AccessError) as refused:
                check_company(vaulx)
            self.assertIn("« Ville de Vaulx-en-Velin »",
                refused.exception.message)
            with self.assertRaises(AccessError) as nothing:
                check_company(None)
            self.assertIn("Aucune collectivité", nothing.exception.message)
        with Transaction().set_user(agent.id), \
                Transaction().set_context(company=vaulx.id):
            with self.assertRaises(AccessError):
                context_company()
        # The system (root) acts for any company.
        with Transaction().set_user(0), \
                Transaction().set_context(company=vaulx.id):
            self.assertEqual(context_company(), vaulx)

    @with_transaction()
    def test_access_refusal_in_the_agents_words(self):
        "A refusal says what the agent may not do, not ids and rule names"
        pool = Pool()
        User = pool.get('res.user')
        Sequence = pool.get('ir.sequence')
        SequenceType = pool.get('ir.sequence.type')
        rillieux = create_company("Ville de Rillieux-la-Pape")
        vaulx = create_company("Ville de Vaulx-en-Velin")
        kind, = SequenceType.create([{'name': "Reçus"}])
        sequence, = Sequence.create([{'name': "Reçus de Vaulx",
                    'sequence_type': kind.id, 'company': vaulx.id}])
        agent, = User.create([{'login': 'agent.rillieux', 'name': "Agent",
                    'companies': [('add', [rillieux.id])],
                    'company': rillieux.id}])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(company=rillieux.id,
                    companies=[rillieux.id], _check_access=True):
            with self.assertRaises(AccessError) as refused:
                Sequence.read([sequence.id], ['name'])
            with self.assertRaises(AccessError) as unchanged:
                Sequence.write([Sequence(sequence.id)], {'name': "X"})
        message = refused.exception.message
        self.assertTrue(message.startswith(
                "Vous ne pouvez pas consulter ces fiches « Séquence » : "
                "elles relèvent d'une autre commune"), message)
        self.assertTrue(unchanged.exception.message.startswith(
                "Vous ne pouvez pas modifier ces fiches « Séquence »"))
        for technical in [f"« {sequence.id} »", "règle", "société", "rule"]:
            self.assertNotIn(technical, message + unchanged.exception.message)

    @with_transaction()
    def test_names_sorted_in_french(self):
        "Accented names sort with their letter, not after Z"
        Party = Pool().get('party.party')
        names = ["BARBIER Théo", "ÉTIENNE Lucas", "BARBIER Éloïse",
            "ZOLA Émile", "EVRARD Anne", "barbier Agathe"]
        parties = Party.create([{'name': n} for n in names])
        found = Party.search([('id', 'in', [p.id for p in parties])],
            order=[('name', 'ASC')])
        self.assertEqual([p.name for p in found], [
                "barbier Agathe", "BARBIER Éloïse", "BARBIER Théo",
                "ÉTIENNE Lucas", "EVRARD Anne", "ZOLA Émile"])
        found = Party.search([('id', 'in', [p.id for p in parties])],
            order=[('name', 'DESC')])
        self.assertEqual(found[0].name, "ZOLA Émile")

    @with_transaction()
    def test_savepoint_undoes_only_what_failed(self):
        "A failure inside a savepoint keeps what the transaction did before"
        Company = Pool().get('company.company')
        create_company("Avant")
        with self.assertRaises(ZeroDivisionError):
            with savepoint():
                create_company("Pendant")
                1 / 0
        self.assertEqual(sorted(c.rec_name for c in Company.search([])),
            ["Avant"])

    @with_transaction()
    def test_lockout_window_is_minutes(self):
        "Wrong passwords count over 15 minutes, not the session's day"
        Attempt = Pool().get('res.user.login.attempt')
        window = datetime.datetime.now() - Attempt.delay()
        self.assertAlmostEqual(window.total_seconds(), LOCKOUT, delta=5)

    def test_rollback_undoes_all_after_the_cache_synchronised(self):
        "A transaction that synchronised the cache still rolls back whole"
        from trytond.cache import MemoryCache
        from trytond.tests.test_tryton import DB_NAME
        # The synchronisation runs when its clean_timeout has passed: the
        # bug left such a transaction in SQLite's autocommit mode.
        long_ago = datetime.datetime.now() - datetime.timedelta(days=1)
        MemoryCache._clean_last = long_ago
        with Transaction().start(DB_NAME, 0) as transaction:
            Pool().get('res.group').create([{'name': "Annulé"}])
            transaction.rollback()
        self.assertGreater(MemoryCache._clean_last, long_ago)
        with Transaction().start(DB_NAME, 0):
            self.assertEqual(Pool().get('res.group').search(
                    [('name', '=', "Annulé")]), [])

    @with_transaction()
    def test_party_codes_stored_with_the_party(self):
        "A batch of parties is stored without one update per party after"
        Party = Pool().get('party.party')
        parties = Party.create([{'name': "Ève"}, {'name': "Léo",
                    'code': "F-2026_042"}])
        self.assertEqual([(p.code_alnum, p.code_digit) for p in parties][1:],
            [("F2026042", 2026042)])
        self.assertEqual(parties[0].code_alnum, parties[0].code)
        self.assertEqual([p.compute_fields() for p in parties], [{}, {}])
        Party.write(parties[1:], {'code': "X 7"})
        self.assertEqual((parties[1].code_alnum, parties[1].code_digit),
            ("X7", 7))

    def test_chunks(self):
        "Consecutive slices, the last one shorter"
        self.assertEqual(list(chunks(range(5), 2)), [[0, 1], [2, 3], [4]])
        self.assertEqual(list(chunks([], 2)), [])


del ModuleTestCase
