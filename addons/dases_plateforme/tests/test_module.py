# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The DASES platform through its routes (spec 002 D2-D8, E1-E7, G1-G5,
H1, H4): the Département of dases_telegestion's tests, its providers
Paris 11 (100004) and Paris 15 (100015), Paris 15's October clocked by
Alice Durand at Paulette Legrand's and Jean Le Gall's. Paulette's daughter
acts for her, Geneviève Dupuis for herself. Every route is tried with
another beneficiary's, provider's or account's ids; today is Monday
9 November 2026."""
import datetime
import html
import re
from contextlib import contextmanager
from decimal import Decimal as D
from unittest.mock import patch

from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, ModuleTestCase, _DBTestCase, with_transaction)
from trytond.transaction import Transaction, TransactionError

from dases_base.tests.tools import import_file
from dases_telegestion.tests.tools import (
    CLIENTS, PARIS15_CLIENTS, department, paris15_interventions, providers)
from hestia.testing import SMTPServer
from hestia_base.testing import LockingRouteTestCase, SaoViewsMixin
from portal.web import CSRF_COOKIE

TODAY = datetime.date(2026, 11, 9)
PASSWORD = 'Mon-Jardin-Fleuri-7'


@contextmanager
def frozen_today():
    with Transaction().start(DB_NAME, 0):
        Date = Pool().get('ir.date')
    with patch.object(Date, 'today', classmethod(
                lambda cls, timezone=None: TODAY)):
        yield


def committed(func):
    """`func()` in a transaction committed, started again with the table
    it locks (the pre-invoicing does) as SQLite asks."""
    extras = {}
    while True:
        with Transaction().start(DB_NAME, 0, **extras) as transaction:
            try:
                result = func()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result


class DasesPlateformeTestCase(SaoViewsMixin, ModuleTestCase):
    "Test dases_plateforme module"
    module = 'dases_plateforme'
    language = 'fr'


class PlatformRightsTestCase(_DBTestCase):
    "Who reads the platform's accounts in sao (H2)"
    module = 'dases_plateforme'

    @with_transaction()
    def test_agents_manage_accounts_providers_read_their_own(self):
        "A DASES agent creates and deactivates; a SAD sees its own only"
        pool = Pool()
        User = pool.get('web.user')
        ResUser = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        company = create_company()
        with set_company(company):
            paris11, paris15 = providers(company)
            people = department(company)

        def user(login, groups, **values):
            return ResUser.create([dict(values, name=login, login=login,
                        companies=[('add', [company.id])],
                        company=company.id, groups=[('add', [
                                    ModelData.get_id(*g.split('.'))
                                    for g in groups])])])[0]
        agent = user('agent', ['dases_base.group_dases_agent'])
        sad = user('sad15', ['dases_telegestion.group_sad'],
            sads=[('add', [paris15.id])])
        nobody = user('nobody', [])
        context = dict(_check_access=True, company=company.id,
            companies=[company.id])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(context):
            daughter, coordinator = User.create([{
                        'email': 'fille@example.fr', 'password': PASSWORD,
                        'platform_role': 'beneficiary',
                        'portal_company': company.id,
                        'platform_accesses': [('create', [{
                                        'beneficiary': people['legrand'].id,
                                        'relationship': 'relative'}])],
                        }, {
                        'email': 'coord@autonomie15.fr',
                        'platform_role': 'sad_user',
                        'platform_sad': paris15.id,
                        'portal_company': company.id}])
            User.write([daughter], {'active': False})
            self.assertEqual(
                set(User.search([('active', 'in', [True, False])])),
                {daughter, coordinator})
        with Transaction().set_user(sad.id), \
                Transaction().set_context(context):
            self.assertEqual(User.search([('active', 'in', [True, False])]),
                [coordinator])
        with Transaction().set_user(nobody.id), \
                Transaction().set_context(context):
            self.assertEqual(User.search([('active', 'in', [True, False])]),
                [])


class PlatformTestCase(LockingRouteTestCase):
    "The DASES platform through HTTP"
    module = 'dases_plateforme'
    language = 'fr'

    @classmethod
    def setUpDatabase(cls):
        pool = Pool()
        User = pool.get('web.user')
        Worker = pool.get('dases.sad.worker')
        Content = pool.get('dases.platform.content')
        company = create_company()
        other = create_company(name="Autre Département")
        with set_company(company):
            paris11, paris15 = providers(company)
            people = department(company)
            import_file(company, 'tg-clients', PARIS15_CLIENTS, sad=paris15)
            # Paris 11 has no software: it types its interventions (B16).
            import_file(company, 'tg-clients', CLIENTS, sad=paris11)
            paris11.integration_mode = 'hestia'
            paris11.save()
            Tariff = pool.get('dases.sad.tariff')
            Tariff.create([{'sad': sad.id, 'nomenclature': code,
                        'unit_price': price, 'max_price': ceiling,
                        'start_date': datetime.date(2026, 1, 1)}
                    for sad, code, price, ceiling in [
                        (paris15, 'AMP', D('23.00'), D('25.00')),
                        (paris15, 'PCH', D('24.10'), None),
                        (paris11, 'AMP', D('22.00'), D('30.00'))]])
            import_file(company, 'tg-interventions',
                paris15_interventions(), sad=paris15)
            alice, = Worker.search([('sad', '=', paris15.id),
                    ('code', '=', 'A1')])
            accounts = [
                ('fille.legrand@example.fr', "Claire Legrand", 'beneficiary',
                    {'platform_accesses': [('create', [{
                                        'beneficiary': people['legrand'].id,
                                        'relationship': 'relative'}])]}),
                ('genevieve.dupuis@example.fr', "Geneviève Dupuis",
                    'beneficiary', {'platform_accesses': [('create', [{
                                        'beneficiary': people['dupuis'].id,
                                        'relationship': 'self'}])]}),
                ('direction@autonomie15.fr', "Sophie Martin", 'sad_admin',
                    {'platform_sad': paris15.id}),
                ('coordination@aidevie.fr', "Karim Benali", 'sad_user',
                    {'platform_sad': paris11.id}),
                ('alice.durand@example.fr', "Alice Durand", 'worker',
                    {'platform_sad': paris15.id,
                        'platform_worker': alice.id}),
                ('famille@example.fr', None, None, {}),
                ]
            User.create([dict(values, email=email, password=PASSWORD,
                        platform_name=name, platform_role=role,
                        portal_company=company.id,
                        portal_must_change_password=False)
                    for email, name, role, values in accounts])
            Content.create([{'company': company.id, 'kind': kind,
                        'audience': audience, 'title': title, 'body': body,
                        'file': file, 'filename': 'guide.pdf' if file
                        else None}
                    for kind, audience, title, body, file in [
                        ('information', 'public', "L'APA à domicile",
                            "Une aide pour rester chez soi.\n\nDemandez-la "
                            "à la Maison des aînés.", None),
                        ('faq', 'public', "Qu'est-ce que la télégestion ?",
                            "L'intervenant pointe en arrivant.", None),
                        ('faq', 'beneficiary', "Comment déclarer une "
                            "hospitalisation ?", "Depuis votre dossier.",
                            None),
                        ('faq', 'sad', "Quand facturer ?",
                            "Le 5 du mois.", None),
                        ('document', 'public', "Guide du CESU", None,
                            b'%PDF-guide'),
                        ('document', 'sad', "Cahier des charges", None,
                            b'%PDF-cdc'),
                        ]])
        with set_company(other):
            other_sad, = pool.get('dases.sad').create([{
                        'company': other.id, 'code': '200001',
                        'name': "SAD D'AILLEURS"}])
            User.create([{'email': 'direction@ailleurs.fr',
                        'password': PASSWORD, 'platform_role': 'sad_admin',
                        'platform_sad': other_sad.id,
                        'portal_company': other.id,
                        'portal_must_change_password': False}])
        cls.ids = {k: v.id for k, v in people.items()}
        cls.ids.update(paris11=paris11.id, paris15=paris15.id)
        Transaction().commit()

    def url(self, path=''):
        return f'/{DB_NAME}/plateforme/{path}'

    def logged_in(self, email, password=PASSWORD):
        client = self.client()
        client.get(self.url('connexion'))
        response = client.post(self.url('connexion'), data={
                'csrf': self.token(client), 'email': email,
                'password': password})
        self.assertEqual(response.status_code, 303, response.text)
        return client

    def token(self, client):
        return client.get_cookie(CSRF_COOKIE,
            path=f'/{DB_NAME}/plateforme').value

    def text(self, response):
        "What the page says, without its tags, spaces made plain."
        text = html.unescape(re.sub(r'<[^>]+>', '', response.text))
        return re.sub(r'\s+', ' ', text.replace('\u00a0', ' ')
            .replace('\u202f', ' '))

    def records(self, model, domain=()):
        with Transaction().start(DB_NAME, 0):
            return Pool().get(model).search_count(list(domain))

    # Public pages (D2, E3, E7, F15, G6).
    def test_public_page_without_login(self):
        "Information, questions and documents for everyone, no more (D2)"
        client = self.client()
        page = self.text(client.get(self.url()))
        self.assertIn("L'APA à domicile", page)
        self.assertIn("Demandez-la à la Maison des aînés.", page)
        self.assertIn("Guide du CESU", page)
        self.assertNotIn("Cahier des charges", page)
        questions = self.text(client.get(self.url('questions')))
        self.assertIn("Qu'est-ce que la télégestion ?", questions)
        self.assertNotIn("hospitalisation", questions)
        self.assertNotIn("Quand facturer", questions)
        with Transaction().start(DB_NAME, 0):
            Content = Pool().get('dases.platform.content')
            guide, = Content.search([('title', '=', "Guide du CESU")])
            specs, = Content.search([('title', '=', "Cahier des charges")])
            guide, specs = guide.id, specs.id
        response = client.get(self.url(f'document/{guide}'))
        self.assertEqual(response.data, b'%PDF-guide')
        self.assertIn('guide.pdf', response.headers['Content-Disposition'])
        # The providers' document needs a provider's account.
        self.assertEqual(client.get(self.url(f'document/{specs}'))
            .status_code, 404)
        sad = self.logged_in('direction@autonomie15.fr')
        self.assertEqual(sad.get(self.url(f'document/{specs}')).data,
            b'%PDF-cdc')
        self.assertIn("Quand facturer",
            self.text(sad.get(self.url('questions'))))

    def test_accounts_open_their_own_space_only(self):
        "A family's account cannot log in here; a platform one not there"
        client = self.client()
        client.get(self.url('connexion'))
        response = client.post(self.url('connexion'), data={
                'csrf': self.token(client), 'email': 'famille@example.fr',
                'password': PASSWORD})
        self.assertEqual(response.status_code, 401)
        self.assertIn("incorrect", self.text(response))
        with Transaction().start(DB_NAME, 0):
            User = Pool().get('web.user')
            daughter, = User.search(
                [('email', '=', 'fille.legrand@example.fr')])
            family, = User.search([('email', '=', 'famille@example.fr')])
            self.assertFalse(daughter.portal_opens('portail'))
            self.assertTrue(daughter.portal_opens('plateforme'))
            self.assertTrue(family.portal_opens('portail'))

    # Beneficiary space (D3, E1-E7).
    def test_daughter_reads_her_mothers_file(self):
        "Plan, participation, interventions with who came, raw and kept (E1)"
        ids = self.ids
        with frozen_today():
            client = self.logged_in('fille.legrand@example.fr')
            home = client.get(self.url())
            self.assertEqual(home.status_code, 303)
            self.assertTrue(home.location.endswith(
                    f"beneficiaire/{ids['legrand']}"))
            page = self.text(client.get(home.location))
            self.assertIn("Dossier de Paulette LEGRAND", page)
            self.assertIn("APA75", page)
            self.assertIn("20 h 00 par mois", page)
            self.assertIn("10 %", page)
            self.assertIn("du 01/01/2026 au 31/12/2026", page)
            # The months with interventions, to open the history (E1).
            self.assertIn("octobre 2026 : 10 interventions, 20 h 00", page)
            october = self.text(client.get(self.url(
                        f"beneficiaire/{ids['legrand']}/interventions"),
                    query_string={'mois': '2026-10'}))
        self.assertIn("10 interventions, 20 h 00 retenues", october)
        self.assertIn("jeudi 01/10/2026", october)
        self.assertIn("ALICE DURAND", october)
        self.assertIn("09:00 – 11:00", october)
        self.assertIn("SERVICE AUTONOMIE PARIS 15", october)

    def test_daughter_declares_a_hospitalisation(self):
        "The declaration is stored, named after her, and shown (E2)"
        ids = self.ids
        with frozen_today():
            client = self.logged_in('fille.legrand@example.fr')
            response = client.post(self.url(
                    f"beneficiaire/{ids['legrand']}/declarer"), data={
                    'csrf': self.token(client), 'nature': 'hospitalisation',
                    'debut': '2026-11-12', 'fin': '2026-11-20',
                    'commentaire': "Opération de la hanche"})
            self.assertEqual(response.status_code, 303)
            page = self.text(client.get(response.location))
        self.assertIn("Votre déclaration est envoyée", page)
        self.assertIn("Hospitalisation du 12/11/2026 au 20/11/2026", page)
        self.assertIn("Claire Legrand (Proche)", page)
        self.assertIn("À traiter", page)
        with Transaction().start(DB_NAME, 0):
            Declaration = Pool().get('dases.platform.declaration')
            declaration, = Declaration.search([
                    ('beneficiary', '=', ids['legrand']),
                    ('kind', '=', 'hospitalisation')])
            self.assertEqual(declaration.start_date,
                datetime.date(2026, 11, 12))
            self.assertEqual(declaration.comment, "Opération de la hanche")
            self.assertEqual(declaration.state, 'received')

    def test_bad_declarations_are_refused_in_french(self):
        "No start date, end before start, unknown kind: 400, nothing stored"
        ids = self.ids
        before = self.records('dases.platform.declaration')
        with frozen_today():
            client = self.logged_in('fille.legrand@example.fr')
            url = self.url(f"beneficiaire/{ids['legrand']}/declarer")
            for data, message in [
                    ({'nature': 'hospitalisation', 'debut': ''},
                        "Indiquez le premier jour (« Du »)"),
                    ({'nature': 'absence', 'debut': '2026-11-20',
                            'fin': '2026-11-12'},
                        "Le dernier jour (« Au ») est avant"),
                    ({'nature': 'piratage', 'debut': '2026-11-20'},
                        "Choisissez ce que vous déclarez"),
                    ({'nature': 'worker_change', 'commentaire': ' '},
                        "Précisez dans « Précisions »"),
                    ]:
                response = client.post(url,
                    data=dict(data, csrf=self.token(client)))
                self.assertEqual(response.status_code, 400, data)
                self.assertIn(message, self.text(response))
            response = client.post(self.url(
                    f"beneficiaire/{ids['legrand']}/chequier"),
                data={'csrf': self.token(client), 'motif': ''})
            self.assertEqual(response.status_code, 400)
            self.assertIn("pourquoi il vous faut un nouveau chéquier",
                self.text(response))
        self.assertEqual(self.records('dases.platform.declaration'), before)

    def test_another_beneficiary_is_not_found_on_every_route(self):
        "Dupuis's ids from the daughter's account: 404 and nothing stored"
        ids = self.ids
        before = self.records('dases.platform.declaration')
        with frozen_today():
            client = self.logged_in('fille.legrand@example.fr')
            token = self.token(client)
            for path in ['', '/interventions', '/factures']:
                self.assertEqual(client.get(self.url(
                            f"beneficiaire/{ids['dupuis']}{path}"))
                    .status_code, 404, path)
            for path, data in [
                    ('/declarer', {'nature': 'hospitalisation',
                            'debut': '2026-11-12'}),
                    ('/chequier', {'motif': "Volé"})]:
                self.assertEqual(client.post(self.url(
                            f"beneficiaire/{ids['dupuis']}{path}"),
                        data=dict(data, csrf=token)).status_code, 404, path)
            # Nor a provider's page.
            self.assertEqual(client.get(self.url(
                        f"sad/beneficiaire/{ids['legrand']}")).status_code,
                403)
            dupuis = self.logged_in('genevieve.dupuis@example.fr')
            self.assertEqual(dupuis.get(self.url(
                        f"beneficiaire/{ids['legrand']}")).status_code, 404)
        self.assertEqual(self.records('dases.platform.declaration'), before)

    def test_every_route_with_an_id_is_tried_with_another(self):
        "A new route taking an id fails here until a test tries it"
        from trytond.wsgi import app
        routes = {rule.rule.split('/plateforme/', 1)[1]
            for rule in app.url_map.iter_rules()
            if '/plateforme/' in rule.rule and '<int:' in rule.rule}
        # Each tried by a test of this class with another's id.
        self.assertEqual(routes, {
                'document/<int:content_id>',
                'beneficiaire/<int:beneficiary_id>',
                'beneficiaire/<int:beneficiary_id>/interventions',
                'beneficiaire/<int:beneficiary_id>/factures',
                'beneficiaire/<int:beneficiary_id>/declarer',
                'beneficiaire/<int:beneficiary_id>/chequier',
                'sad/beneficiaire/<int:beneficiary_id>',
                'sad/beneficiaire/<int:beneficiary_id>/evenement',
                'sad/factures/<int:invoice_id>/pdf',
                'sad/utilisateurs/<int:user_id>',
                'sad/saisie/<int:intervention_id>/supprimer',
                'sad/tarifs/<int:tariff_id>',
                })

    def test_a_new_import_shows_on_the_next_page_load(self):
        "Pages read the live database (H1 ≤ 2 h: at once)"
        ids = self.ids
        with frozen_today():
            client = self.logged_in('fille.legrand@example.fr')
            url = self.url(f"beneficiaire/{ids['legrand']}/interventions")
            before = self.text(client.get(url,
                    query_string={'mois': '2026-10'}))
            self.assertIn("10 interventions", before)
            with Transaction().start(DB_NAME, 0) as transaction:
                Sad = Pool().get('dases.sad')
                paris15 = Sad(ids['paris15'])
                with set_company(paris15.company):
                    import_file(paris15.company, 'tg-interventions',
                        paris15_interventions(days=[20]), sad=paris15)
                transaction.commit()
            try:
                after = self.text(client.get(url,
                        query_string={'mois': '2026-10'}))
            finally:
                with Transaction().start(DB_NAME, 0) as transaction:
                    Intervention = Pool().get('dases.intervention')
                    Intervention.delete(Intervention.search([
                                ('date', '=', datetime.date(2026, 10, 20))]))
                    transaction.commit()
        self.assertIn("11 interventions, 22 h 00 retenues", after)

    # Provider space (D5, G1-G5, H4).
    def test_provider_sees_its_beneficiaries_and_plans(self):
        "Clients of the plans and matched clients; ending plans (G1, G4)"
        ids = self.ids
        with frozen_today():
            client = self.logged_in('direction@autonomie15.fr')
            self.assertTrue(client.get(self.url()).location.endswith('/sad'))
            home = self.text(client.get(self.url('sad')))
            people = self.text(client.get(self.url('sad/beneficiaires')))
            person = self.text(client.get(self.url(
                        f"sad/beneficiaire/{ids['legrand']}")))
        self.assertIn("Prestations qui se terminent bientôt", home)
        self.assertIn("LEGRAND Paulette", home)
        self.assertIn("du 01/01/2026 au 31/12/2026", home)
        self.assertNotIn("DUPUIS", home)
        self.assertIn("LEGRAND Paulette", people)
        # Le Gall has no plan but is Paris 15's matched client (G4).
        self.assertIn("LE GALL Jean", people)
        self.assertNotIn("DUPUIS", people)
        self.assertIn("Prestations confiées à SERVICE AUTONOMIE PARIS 15",
            person)

    def test_provider_interventions_and_csv(self):
        "The month on screen and as a spreadsheet file (G3)"
        with frozen_today():
            client = self.logged_in('direction@autonomie15.fr')
            page = self.text(client.get(self.url('sad/interventions'),
                    query_string={'mois': '2026-10'}))
            csv = client.get(self.url('sad/interventions.csv'),
                query_string={'mois': '2026-10'})
        self.assertIn("20 interventions, 40 h 00 retenues", page)
        self.assertEqual(csv.headers['Content-Type'],
            'text/csv; charset=utf-8')
        lines = csv.data.decode('utf-8-sig').splitlines()
        self.assertEqual(lines[0], "Date;Bénéficiaire;Identifiant SALSA;"
            "Prestation;Intervenant;Arrivée brute;Départ brut;"
            "Arrivée corrigée;Départ corrigé;Motif de correction;Heures")
        self.assertEqual(len(lines), 21)
        self.assertIn("01/10/2026;LEGRAND Paulette;100512;AMP;"
            "A1 — ALICE DURAND;09:00;11:00;", lines[1])
        self.assertTrue(lines[1].endswith(";2,00"), lines[1])

    def test_provider_declares_an_event(self):
        "For its own beneficiary only (G5)"
        ids = self.ids
        before = self.records('dases.sad.event')
        with frozen_today():
            client = self.logged_in('direction@autonomie15.fr')
            token = self.token(client)
            response = client.post(self.url(
                    f"sad/beneficiaire/{ids['legrand']}/evenement"), data={
                    'csrf': token, 'nature': 'absence',
                    'debut': '2026-11-16', 'commentaire': "En vacances"})
            self.assertEqual(response.status_code, 303)
            self.assertIn("L'événement est envoyé au Département",
                self.text(client.get(response.location)))
            for path in ['', '/evenement']:
                method = client.post if path else client.get
                self.assertEqual(method(self.url(
                            f"sad/beneficiaire/{ids['dupuis']}{path}"),
                        data={'csrf': token, 'nature': 'absence',
                            'debut': '2026-11-16'}).status_code, 404)
        self.assertEqual(self.records('dases.sad.event'), before + 1)
        with Transaction().start(DB_NAME, 0):
            Event = Pool().get('dases.sad.event')
            event, = Event.search([('beneficiary', '=', ids['legrand'])])
            self.assertEqual(event.sad.id, ids['paris15'])
            self.assertIn("Sophie Martin", event.comment)
            Event.delete([event])
            Transaction().commit()

    def test_other_provider_sees_none_of_it(self):
        "Paris 11 and another Département's provider: not found"
        ids = self.ids
        with frozen_today():
            paris11 = self.logged_in('coordination@aidevie.fr')
            people = self.text(paris11.get(self.url('sad/beneficiaires')))
            self.assertIn("DUPUIS Geneviève", people)
            self.assertNotIn("LEGRAND", people)
            self.assertEqual(paris11.get(self.url(
                        f"sad/beneficiaire/{ids['legrand']}")).status_code,
                404)
            october = self.text(paris11.get(self.url('sad/interventions'),
                    query_string={'mois': '2026-10'}))
            self.assertNotIn("LEGRAND", october)
            # A coordinator does not manage the accounts (H4).
            self.assertEqual(paris11.get(self.url('sad/utilisateurs'))
                .status_code, 403)
            elsewhere = self.logged_in('direction@ailleurs.fr')
            for name in ['legrand', 'dupuis']:
                self.assertEqual(elsewhere.get(self.url(
                            f"sad/beneficiaire/{ids[name]}")).status_code,
                    404)
            self.assertNotIn("LEGRAND", self.text(elsewhere.get(
                        self.url('sad/beneficiaires'))))

    def test_provider_admin_adds_a_coordinator_who_logs_in(self):
        "Account, email link, password chosen, log in; deactivate (H4, D7)"
        server = SMTPServer.running
        before = len(server.messages)
        with frozen_today():
            admin = self.logged_in('direction@autonomie15.fr')
            token = self.token(admin)
            response = admin.post(self.url('sad/utilisateurs'), data={
                    'csrf': token, 'nom': "Nadia Roux",
                    'courriel': 'Nadia.Roux@autonomie15.fr',
                    'role': 'sad_user'})
            self.assertEqual(response.status_code, 303, response.text)
            self.assertIn("Nadia Roux", self.text(admin.get(
                        response.location)))
            (_, recipients, message), = server.messages[before:]
            self.assertEqual(recipients, ['nadia.roux@autonomie15.fr'])
            self.assertIn("SERVICE AUTONOMIE PARIS 15", message['Subject'])
            link = re.search(r'http\S+', message.get_content()).group(0)
            path = link.split('localhost', 1)[1]
            nadia = self.client()
            nadia.get(path)
            query = dict(re.findall(r'(email|token)=([^&]+)', path))
            response = nadia.post(self.url('reinitialiser'), data={
                    'csrf': self.token(nadia),
                    'email': query['email'].replace('%40', '@'),
                    'token': query['token'],
                    'password': 'Roux-Nadia-Coordonne-2026',
                    'confirmation': 'Roux-Nadia-Coordonne-2026'})
            self.assertEqual(response.status_code, 303, response.text)
            nadia = self.logged_in('nadia.roux@autonomie15.fr',
                'Roux-Nadia-Coordonne-2026')
            self.assertIn("LEGRAND Paulette", self.text(nadia.get(
                        self.url('sad/beneficiaires'))))
            self.assertEqual(nadia.get(self.url('sad/utilisateurs'))
                .status_code, 403)
            # Bad input: no name, a taken address, a role not offered.
            for data, message in [
                    ({'nom': '', 'courriel': 'x@y.fr', 'role': 'sad_user'},
                        "Indiquez le nom de la personne"),
                    ({'nom': "Bis", 'courriel': 'fille.legrand@example.fr',
                            'role': 'sad_user'},
                        "Un compte utilise déjà cette adresse"),
                    ({'nom': "Bis", 'courriel': 'bis@y.fr',
                            'role': 'beneficiary'},
                        "Choisissez le rôle"),
                    ]:
                response = admin.post(self.url('sad/utilisateurs'),
                    data=dict(data, csrf=token))
                self.assertEqual(response.status_code, 400, data)
                self.assertIn(message, self.text(response))
            with Transaction().start(DB_NAME, 0):
                User = Pool().get('web.user')
                created, = User.search(
                    [('email', '=', 'nadia.roux@autonomie15.fr')])
                paris11, = User.search(
                    [('email', '=', 'coordination@aidevie.fr')])
                own, = User.search(
                    [('email', '=', 'direction@autonomie15.fr')])
                created, paris11, own = created.id, paris11.id, own.id
            # Another provider's account and one's own: not found.
            for user_id in [paris11, own]:
                self.assertEqual(admin.post(self.url(
                            f'sad/utilisateurs/{user_id}'),
                        data={'csrf': token}).status_code, 404)
            admin.post(self.url(f'sad/utilisateurs/{created}'),
                data={'csrf': token})
            self.assertEqual(nadia.get(self.url('sad')).status_code, 303)
            refused = self.client()
            refused.get(self.url('connexion'))
            self.assertEqual(refused.post(self.url('connexion'), data={
                        'csrf': self.token(refused),
                        'email': 'nadia.roux@autonomie15.fr',
                        'password': 'Roux-Nadia-Coordonne-2026'})
                .status_code, 401)
        with Transaction().start(DB_NAME, 0):
            User = Pool().get('web.user')
            User.delete(User.search([('id', '=', created),
                        ('active', 'in', [True, False])]))
            Transaction().commit()

    def test_provider_without_software_enters_interventions(self):
        "Typed on the platform, seen by the beneficiary; bad input (B16)"
        ids = self.ids
        before = self.records('dases.intervention')
        with Transaction().start(DB_NAME, 0):
            Client = Pool().get('dases.sad.client')
            other, = Client.search([('code', '=', 'P15-1')])
            other = other.id
        with frozen_today():
            paris11 = self.logged_in('coordination@aidevie.fr')
            token = self.token(paris11)
            page = paris11.get(self.url('sad/saisie'))
            client = re.search(r'<option value="(\d+)">DUPUIS Geneviève',
                page.text)[1]
            good = {'client': client, 'jour': '2026-11-03',
                'arrivee': '09:00', 'depart': '11:30', 'prestation': 'AMP'}
            response = paris11.post(self.url('sad/saisie'),
                data=dict(good, csrf=token))
            self.assertEqual(response.status_code, 303, response.text)
            listed = self.text(paris11.get(response.location))
            self.assertIn("L'intervention est enregistrée.", listed)
            self.assertIn("03/11/2026 DUPUIS Geneviève 09:00 – 11:30", listed)
            for data, message in [
                    (good, "Une intervention chez DUPUIS Geneviève couvre "
                        "déjà une partie de ces heures."),
                    (dict(good, jour='2026-11-04', depart='08:00'),
                        "Le départ n'est pas après l'arrivée."),
                    (dict(good, jour='2026-11-20'), "aujourd'hui ou avant"),
                    (dict(good, client=str(other)),
                        "Choisissez le bénéficiaire dans la liste."),
                    (dict(good, jour='2026-11-05', arrivee='9h'),
                        "au format hh:mm"),
                    (dict(good, jour='2026-11-05', prestation='XYZ'),
                        "Choisissez la prestation"),
                    ]:
                response = paris11.post(self.url('sad/saisie'),
                    data=dict(data, csrf=token))
                self.assertEqual(response.status_code, 400, data)
                self.assertIn(message, self.text(response))
            dupuis = self.text(self.logged_in('genevieve.dupuis@example.fr')
                .get(self.url(f"beneficiaire/{ids['dupuis']}/interventions")))
            self.assertIn("09:00 – 11:30", dupuis)
            self.assertIn("1 interventions, 2 h 30 retenues", dupuis)
            # A provider sending files does not type; nor deletes others'.
            paris15 = self.logged_in('direction@autonomie15.fr')
            self.assertIn("transmet ses interventions par les fichiers",
                self.text(paris15.get(self.url('sad/saisie'))))
            paris15.post(self.url('sad/saisie'), data=dict(good,
                    client=str(other), jour='2026-11-06',
                    csrf=self.token(paris15)))
            self.assertEqual(self.records('dases.intervention'), before + 1)
            with Transaction().start(DB_NAME, 0):
                Intervention = Pool().get('dases.intervention')
                typed, = Intervention.search([('source', '=', 'manual')])
                self.assertEqual(typed.hours, D('2.50'))
                self.assertEqual(typed.beneficiary.id, ids['dupuis'])
                typed = typed.id
            self.assertEqual(paris15.post(self.url(
                        f'sad/saisie/{typed}/supprimer'),
                    data={'csrf': self.token(paris15)}).status_code, 404)
            self.assertEqual(paris11.post(self.url(
                        f'sad/saisie/{typed}/supprimer'),
                    data={'csrf': token}).status_code, 303)
        self.assertEqual(self.records('dases.intervention'), before)

    def test_provider_admin_sets_a_price_within_the_ceiling(self):
        "From a date, up to the Département's ceiling (H5)"
        with Transaction().start(DB_NAME, 0):
            Tariff = Pool().get('dases.sad.tariff')
            tariffs = {(t.sad.code, t.nomenclature): t.id
                for t in Tariff.search([])}
        amp, pch = tariffs['100015', 'AMP'], tariffs['100015', 'PCH']
        with frozen_today():
            admin = self.logged_in('direction@autonomie15.fr')
            token = self.token(admin)
            page = self.text(admin.get(self.url('sad/tarifs')))
            self.assertIn("AMP toutes 23,00 € 25,00 € du 01/01/2026", page)
            self.assertIn("fixé par le Département", page)
            for tariff, data, message in [
                    (amp, {'prix': '26', 'debut': '2026-12-01'},
                        "au plus le plafond accordé par le Département "
                        "(25,00 €)"),
                    (amp, {'prix': 'vingt', 'debut': '2026-12-01'},
                        "par exemple 24,80"),
                    (amp, {'prix': '24', 'debut': '2026-11-01'},
                        "aujourd'hui ou plus tard"),
                    (pch, {'prix': '24', 'debut': '2026-12-01'},
                        "n'a pas ouvert le tarif PCH"),
                    ]:
                response = admin.post(self.url(f'sad/tarifs/{tariff}'),
                    data=dict(data, csrf=token))
                self.assertEqual(response.status_code, 400, data)
                self.assertIn(message, self.text(response))
            # Another provider's tariff; a coordinator does not set prices.
            self.assertEqual(admin.post(self.url(
                        f"sad/tarifs/{tariffs['100004', 'AMP']}"),
                    data={'csrf': token, 'prix': '24',
                        'debut': '2026-12-01'}).status_code, 404)
            coordinator = self.logged_in('coordination@aidevie.fr')
            self.assertEqual(coordinator.post(self.url(
                        f"sad/tarifs/{tariffs['100004', 'AMP']}"),
                    data={'csrf': self.token(coordinator), 'prix': '24',
                        'debut': '2026-12-01'}).status_code, 403)
            response = admin.post(self.url(f'sad/tarifs/{amp}'), data={
                    'csrf': token, 'prix': '24,50', 'debut': '2026-12-01'})
            self.assertEqual(response.status_code, 303, response.text)
        with Transaction().start(DB_NAME, 0) as transaction:
            Tariff = Pool().get('dases.sad.tariff')
            lines = Tariff.search([('sad.code', '=', '100015'),
                    ('nomenclature', '=', 'AMP')],
                order=[('start_date', 'ASC')])
            self.assertEqual([(t.unit_price, t.start_date, t.end_date)
                    for t in lines], [
                    (D('23.00'), datetime.date(2026, 1, 1),
                        datetime.date(2026, 11, 30)),
                    (D('24.50'), datetime.date(2026, 12, 1), None)])
            self.assertEqual(lines[1].max_price, D('25.00'))
            # What the pre-invoices read for each date.
            sad = lines[0].sad
            self.assertEqual(sad.tariff('APA75', 'AMP',
                    datetime.date(2026, 11, 30)).unit_price, D('23.00'))
            self.assertEqual(sad.tariff('APA75', 'AMP',
                    datetime.date(2026, 12, 1)).unit_price, D('24.50'))
            Tariff.delete(lines[1:])
            Tariff.write(lines[:1], {'end_date': None})
            transaction.commit()

    def test_provider_downloads_its_accepted_invoice(self):
        "The PDF archived at SALSA's acceptance, once accepted (B8, G3)"
        def build():
            pool = Pool()
            PreInvoice = pool.get('dases.preinvoice')
            Attachment = pool.get('ir.attachment')
            paris15 = pool.get('dases.sad')(self.ids['paris15'])
            with set_company(paris15.company):
                invoice, = PreInvoice.build(paris15.company,
                    datetime.date(2026, 10, 1), [paris15])
            Attachment.create([{'resource': str(invoice),
                        'name': 'facture.pdf', 'data': b'%PDF-facture'}])
            return invoice.id
        invoice = committed(build)
        try:
            with frozen_today():
                admin = self.logged_in('direction@autonomie15.fr')
                url = self.url(f'sad/factures/{invoice}/pdf')
                self.assertIn("après l'accord du Département",
                    self.text(admin.get(self.url('sad/factures'))))
                self.assertEqual(admin.get(url).status_code, 404)
                with Transaction().start(DB_NAME, 0) as transaction:
                    PreInvoice = Pool().get('dases.preinvoice')
                    PreInvoice.write([PreInvoice(invoice)],
                        {'state': 'accepted'})
                    transaction.commit()
                self.assertIn("(PDF)",
                    self.text(admin.get(self.url('sad/factures'))))
                pdf = admin.get(url)
                self.assertEqual(pdf.data, b'%PDF-facture')
                self.assertEqual(pdf.headers['Content-Type'],
                    'application/pdf')
                paris11 = self.logged_in('coordination@aidevie.fr')
                self.assertEqual(paris11.get(url).status_code, 404)
        finally:
            with Transaction().start(DB_NAME, 0) as transaction:
                pool = Pool()
                PreInvoice = pool.get('dases.preinvoice')
                Intervention = pool.get('dases.intervention')
                Attachment = pool.get('ir.attachment')
                Attachment.delete(Attachment.search(
                        [('name', '=', 'facture.pdf')]))
                Intervention.write(Intervention.search(
                        [('invoice_line', '!=', None)]),
                    {'invoice_line': None})
                done = PreInvoice.search([])
                PreInvoice.write(done, {'state': 'draft'})
                PreInvoice.delete(done)
                transaction.commit()

    # Care worker space (D6).
    def test_worker_sees_own_interventions(self):
        "Alice's October at both clients; a provider's page is refused"
        with frozen_today():
            alice = self.logged_in('alice.durand@example.fr')
            self.assertTrue(alice.get(self.url()).location.endswith(
                    '/intervenant'))
            page = self.text(alice.get(self.url('intervenant'),
                    query_string={'mois': '2026-10'}))
            self.assertEqual(alice.get(self.url('sad')).status_code, 403)
            november = self.text(alice.get(self.url('intervenant')))
        self.assertIn("20 interventions, 40 h 00 retenues", page)
        self.assertIn("PAULETTE Legrand", page.replace(
                "Paulette LEGRAND", "PAULETTE Legrand"))
        self.assertIn("Aucune intervention pointée à votre nom", november)
        self.assertIn("Aucun CESU remboursé", november)


del ModuleTestCase
