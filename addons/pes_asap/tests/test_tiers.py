# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Reliable tiers with the API R2P (§2.1.5.2 bold paragraph 2) against an
HTTP double, and the CSV for the finance software (§2.1.14.4)."""
import csv
import io
from unittest import mock

from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from hestia.pes import r2p
from sitiv_facturation.tests.tools import OCT, date, person

from .r2p_double import CLIENT_ID, SECRET, person as r2p_person, r2p_server
from .tools import october, pes_city, prepare

SPI = '3023217600053'


def client(url, token_url, secret=SECRET):
    return r2p.Client(url, token_url, CLIENT_ID, secret)


class TiersTestCase(test_tryton._DBTestCase):
    "API R2P and finance export"
    module = 'pes_asap'
    language = 'fr'

    @with_transaction()
    def test_r2p_finds_confirms_and_misses(self):
        "Found by civil status, confirmed by identifier, or not found"
        Party = Pool().get('party.party')
        claire = person("MARTIN", "Claire", date(1, 2, 1985))
        paul = person("DURAND", "Paul", date(9, 9, 1980))
        known = person("LEROY", "Anne", date(4, 4, 1979))
        known.pes_fiscal_id = SPI
        known.save()
        people = [r2p_person(SPI, 'MARTIN', 'Claire', '19850201',
                'LYON 3E ARRONDISSEMENT'),
            r2p_person(SPI, 'LEROY', 'Anne', '19790404', 'VILLEURBANNE')]
        with r2p_server(people) as (url, token_url, calls):
            counts = Party.pes_r2p([claire, paul, known],
                client(url, token_url))
        self.assertEqual(counts, {'found': 1, 'not_found': 1,
                'confirmed': 1})
        claire, paul, known = Party.browse([claire, paul, known])
        self.assertEqual((claire.pes_fiscal_id, claire.pes_r2p_state),
            (SPI, 'found'))
        self.assertEqual(claire.birth_place, 'LYON 3E ARRONDISSEMENT')
        self.assertIsNotNone(claire.pes_r2p_date)
        self.assertEqual((paul.pes_fiscal_id, paul.pes_r2p_state),
            (None, 'not_found'))
        self.assertEqual(known.pes_r2p_state, 'confirmed')
        self.assertIn('/r2p/v1/personnes/' + SPI, calls)
        self.assertTrue(any('nom_naissance=MARTIN' in c
                and 'date_naissance=19850201' in c for c in calls))

    @with_transaction()
    def test_r2p_errors_in_french(self):
        "Wrong credentials, no server, no configuration: French messages"
        Party = Pool().get('party.party')
        claire = person("MARTIN", "Claire", date(1, 2, 1985))
        with r2p_server([]) as (url, token_url, calls):
            with self.assertRaises(UserError) as cm:
                Party.pes_r2p([claire], client(url, token_url, 'faux'))
        self.assertEqual(cm.exception.message,
            "L'API R2P refuse l'authentification (HTTP 401).")
        with self.assertRaises(UserError) as cm:
            Party.pes_r2p([claire], client('http://127.0.0.1:9/r2p',
                    'http://127.0.0.1:9/token'))
        self.assertIn("L'API R2P ne répond pas", cm.exception.message)
        with self.assertRaises(UserError) as cm:
            Party.pes_check_r2p([claire])
        self.assertIn("n'est pas configurée", cm.exception.message)

    @with_transaction()
    def test_fiscal_identifier_checked(self):
        "A fiscal identifier with a bad key is refused"
        claire = person("MARTIN", "Claire", date(1, 2, 1985))
        claire.pes_fiscal_id = '3023217600054'
        with self.assertRaises(ValidationError) as cm:
            claire.save()
        self.assertIn('3023217600054', cm.exception.message)

    @with_transaction()
    def test_batch_check_before_transfer_then_identifier_sent(self):
        "The payers of October checked in one go; IdTiers on request"
        pool = Pool()
        CheckTiers = pool.get('pes.check_tiers', type='wizard')
        Budget = pool.get('pes.budget')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            people = [r2p_person(SPI, 'MARTIN', 'Parent', '19850201',
                    'LYON')]
            with r2p_server(people) as (url, token_url, calls), \
                    mock.patch.object(r2p.Client, 'from_config',
                        classmethod(lambda cls: client(url, token_url))):
                session_id, _, _ = CheckTiers.create()
                wizard = CheckTiers(session_id)
                wizard.start.start_date = OCT
                wizard.start.end_date = date(31)
                wizard.start.only_unknown = True
                self.assertEqual(wizard.transition_check(), 'start')
            self.assertEqual(wizard.start.result,
                "3 payeurs vérifiés : 1 identifiés, 2 introuvables.")
            Budget.write([budget], {'send_fiscal_id': True})
            (transfer,), _ = prepare(budget)
        self.assertIn(b'<IdTiers V="3023217600053"/>', transfer.file)
        self.assertEqual(transfer.file.count(b'<IdTiers '), 1)

    @with_transaction()
    def test_finance_export_all_or_unpaid(self):
        "CSV for Civil Net Finances / Astre GF: all, or unpaid only"
        pool = Pool()
        Export = pool.get('pes.finance_export', type='wizard')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            home, parent = homes[0]
            from sitiv_facturation.tests.tools import take
            take(home, parent, invoices[0].total_amount, 'title')

            def export(unpaid_only):
                session_id, _, _ = Export.create()
                wizard = Export(session_id)
                wizard.start.start_date = OCT
                wizard.start.end_date = date(31)
                wizard.start.unpaid_only = unpaid_only
                with Transaction().set_context(company=company.id):
                    self.assertEqual(wizard.transition_export(), 'result')
                text = bytes(wizard.result.file).decode('iso-8859-1')
                return wizard.result, list(csv.DictReader(
                        io.StringIO(text), delimiter=';'))

            result, rows = export(False)
            unpaid, unpaid_rows = export(True)
        self.assertEqual(result.count, 3)
        self.assertEqual(result.filename, 'factures_20261001_20261031.csv')
        first = rows[0]
        self.assertEqual(first['numero_facture'], invoices[0].number)
        self.assertEqual(first['date_facture'], '01/11/2026')
        self.assertEqual(first['nom'], 'MARTIN')
        self.assertEqual(first['activite'], 'Restauration scolaire')
        self.assertEqual((first['code_produit'], first['nature']),
            ('REST', '7067'))
        self.assertEqual(first['montant_ligne'], '5,00')
        self.assertEqual((first['reste_du'], first['statut']),
            ('0,00', 'payee'))
        self.assertEqual([r['numero_facture'] for r in unpaid_rows],
            [i.number for i in invoices[1:]])
        self.assertEqual(unpaid.filename,
            'factures_20261001_20261031_impayees.csv')
