# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The shared portal layer (spec 003 §2.1.9, §2.1.10, §4.4; 002 D7): log
in and out, throttled failures that never say whether an address has an
account, CSRF on every form, the password an agent gave changed at first
login, a reset link sent to a real SMTP server, consents, headers, the
city's colour checked for contrast — through the WSGI routes of a test
space."""
import html
import re

from werkzeug.wrappers import Response

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, ModuleTestCase, RouteTestCase, with_transaction)
from trytond.transaction import Transaction

from hestia.testing import SMTPServer

from ..account import add_account_pages
from ..web import CSRF_COOKIE, Space

SPACE = Space('essai', "Espace d'essai")
add_account_pages(SPACE)
SPACE.static()


@SPACE.route('')
def home(page):
    return page.respond(Response(f'Bonjour {page.user.email}'))


def cookie(client, name):
    "The value of the test space's cookie `name`, or None."
    found = client.get_cookie(name, path=f'/{DB_NAME}/essai')
    return found.value if found else None


def csrf(client, url):
    "The token a GET of `url` sets (double-submit cookie)."
    client.get(url)
    return cookie(client, CSRF_COOKIE)


class PortalTestCase(ModuleTestCase):
    "Test portal module"
    module = 'portal'
    language = 'fr'

    @with_transaction()
    def test_colour_readable_with_white_text(self):
        "A city's colour must leave white text readable (RGAA AA 4.5:1)"
        company = create_company()
        company.portal_colour = '#1d4f91'
        company.save()
        for colour in ['#ffd700', 'bleu']:
            company.portal_colour = colour
            with self.assertRaises(ValidationError) as error:
                company.save()
            self.assertIn("contraste", error.exception.message)


class PortalRouteTestCase(RouteTestCase):
    "The account pages through HTTP"
    module = 'portal'
    language = 'fr'

    @classmethod
    def setUpDatabase(cls):
        User = Pool().get('web.user')
        company = create_company()
        with set_company(company):
            User.create([{
                        'email': 'claire.martin@example.fr',
                        'password': 'Soleil-de-Juin-2026',
                        'portal_must_change_password': False,
                        }, {
                        'email': 'paul.durand@example.fr',
                        'password': 'Provisoire-8421',
                        }, {
                        'email': 'lea.petit@example.fr',
                        'password': 'Oublie-Depuis-2025',
                        'portal_must_change_password': False,
                        }])
        Transaction().commit()

    def url(self, path=''):
        return f'/{DB_NAME}/essai/{path}'

    def login(self, client, email, password, **extra):
        token = csrf(client, self.url('connexion'))
        return client.post(self.url('connexion'), data=dict({
                    'csrf': token, 'email': email, 'password': password},
                **extra))

    def test_login_then_logout(self):
        "A visitor is sent to the login page; a session cookie lets in"
        client = self.client()
        response = client.get(self.url())
        self.assertEqual(response.status_code, 303)
        self.assertIn('/essai/connexion?suite=', response.location)
        page = client.get(self.url('connexion'))
        self.assertIn('<html lang="fr">', page.text)
        self.assertIn('<label for="email">Adresse électronique</label>',
            page.text)
        response = self.login(client, 'claire.martin@example.fr',
            'Soleil-de-Juin-2026')
        self.assertEqual(response.status_code, 303)
        session = [h for h in response.headers.getlist('Set-Cookie')
            if h.startswith('hestia_essai=')][0]
        self.assertIn('HttpOnly', session)
        self.assertIn('SameSite=Lax', session)
        self.assertIn(f'Path=/{DB_NAME}/essai', session)
        self.assertEqual(client.get(self.url()).text,
            'Bonjour claire.martin@example.fr')
        token = cookie(client, CSRF_COOKIE)
        response = client.post(self.url('deconnexion'), data={'csrf': token})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(client.get(self.url()).status_code, 303)
        self.assertIn("Vous êtes déconnecté",
            client.get(response.location).text)

    def test_wrong_password_and_unknown_address_answer_the_same(self):
        "No user enumeration: the same French message, the same status"
        answers = []
        for email in ['claire.martin@example.fr', 'personne@example.fr']:
            response = self.login(self.client(), email, 'mauvais')
            answers.append((response.status_code, re.search(
                        r'<div class="erreur".*?</div>', response.text,
                        re.S).group(0)))
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0][0], 401)
        self.assertIn("Adresse électronique ou mot de passe incorrect",
            answers[0][1])

    def test_form_without_its_token_refused(self):
        "CSRF: a POST without the cookie's token changes nothing"
        client = self.client()
        csrf(client, self.url('connexion'))
        response = client.post(self.url('connexion'), data={
                'csrf': 'autre', 'email': 'claire.martin@example.fr',
                'password': 'Soleil-de-Juin-2026'})
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(cookie(client, 'hestia_essai'))

    def test_next_page_stays_on_the_site(self):
        "After login, only a page of the same space: no open redirect"
        response = self.login(self.client(), 'claire.martin@example.fr',
            'Soleil-de-Juin-2026', suite='https://ailleurs.example/')
        self.assertTrue(response.location.endswith(f'/{DB_NAME}/essai/'))

    def test_city_logo_in_the_banner(self):
        "The city's logo (PNG or JPEG only) for its logged-in families"
        png = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32

        def logo(data):
            with Transaction().start(DB_NAME, 0) as transaction:
                Company = Pool().get('company.company')
                Company.write(Company.search([]), {'logo': data})
                transaction.commit()
        client = self.client()
        self.assertEqual(client.get(self.url('logo')).status_code, 303)
        self.login(client, 'claire.martin@example.fr', 'Soleil-de-Juin-2026')
        self.assertEqual(client.get(self.url('logo')).status_code, 404)
        try:
            logo(png)
            self.assertIn(f'<img class="logo" src="/{DB_NAME}/essai/logo"',
                client.get(self.url('consentements')).text)
            response = client.get(self.url('logo'))
            self.assertEqual((response.status_code, response.content_type,
                    response.data), (200, 'image/png', png))
            logo(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
            self.assertEqual(client.get(self.url('logo')).status_code, 404)
        finally:
            logo(None)

    def test_security_headers(self):
        "No framing, no foreign script, no cache"
        response = self.client().get(self.url('connexion'))
        self.assertEqual(response.headers['X-Frame-Options'], 'DENY')
        self.assertIn("frame-ancestors 'none'",
            response.headers['Content-Security-Policy'])
        self.assertEqual(response.headers['Cache-Control'], 'no-store')

    def test_password_given_by_an_agent_changed_at_first_login(self):
        "The temporary password opens only the page that changes it"
        client = self.client()
        response = self.login(client, 'paul.durand@example.fr',
            'Provisoire-8421')
        self.assertTrue(response.location.endswith('/essai/mot-de-passe'))
        self.assertTrue(client.get(self.url()).location.endswith(
                '/essai/mot-de-passe'))
        token = cookie(client, CSRF_COOKIE)
        weak = client.post(self.url('mot-de-passe'), data={'csrf': token,
                'current': 'Provisoire-8421', 'password': 'court',
                'confirmation': 'court'})
        self.assertEqual(weak.status_code, 400)
        self.assertIn('role="alert"', weak.text)
        response = client.post(self.url('mot-de-passe'), data={
                'csrf': token, 'current': 'Provisoire-8421',
                'password': 'Mon-Jardin-Fleuri-7',
                'confirmation': 'Mon-Jardin-Fleuri-7'})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(client.get(self.url()).text,
            'Bonjour paul.durand@example.fr')

    def test_forgotten_password_by_email_link(self):
        "A link by email, valid once; unknown addresses get the same page"
        server = SMTPServer.running
        before = len(server.messages)
        client = self.client()
        token = csrf(client, self.url('mot-de-passe-oublie'))
        pages = [client.post(self.url('mot-de-passe-oublie'), data={
                    'csrf': token, 'email': email}).text
            for email in ['lea.petit@example.fr', 'inconnu@example.fr']]
        # The same page but for its CSP nonce.
        self.assertEqual(*[re.sub(r'nonce="[^"]+"', '', p) for p in pages])
        (_, recipients, message), = server.messages[before:]
        self.assertEqual(recipients, ['lea.petit@example.fr'])
        self.assertIn("nouveau mot de passe", message['Subject'])
        link = re.search(r'http\S+', message.get_content()).group(0)
        path = link.split('localhost', 1)[1]
        self.assertIn('/essai/reinitialiser?', path)
        form = client.get(path)
        reset_token = re.search(r'name="token" value="([^"]+)"',
            form.text).group(1)
        data = {'csrf': token, 'email': 'lea.petit@example.fr',
            'token': reset_token, 'password': 'Nouvelle-Saison-2027',
            'confirmation': 'Nouvelle-Saison-2027'}
        response = client.post(self.url('reinitialiser'), data=data)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.login(self.client(),
                'lea.petit@example.fr',
                'Nouvelle-Saison-2027').status_code, 303)
        again = client.post(self.url('reinitialiser'), data=data)
        self.assertEqual(again.status_code, 400)
        self.assertIn("n'est plus valable", html.unescape(again.text))

    def test_consents_recorded_with_their_date(self):
        "Email and SMS consents (§2.1.10) saved with the date"
        client = self.client()
        self.login(client, 'claire.martin@example.fr', 'Soleil-de-Juin-2026')
        token = cookie(client, CSRF_COOKIE)
        client.post(self.url('consentements'), data={'csrf': token,
                'email': '1'})
        with Transaction().start(DB_NAME, 0):
            User = Pool().get('web.user')
            user, = User.search([('email', '=', 'claire.martin@example.fr')])
            self.assertEqual((user.consent_email, user.consent_sms),
                (True, False))
            self.assertTrue(user.consent_date)


del ModuleTestCase
