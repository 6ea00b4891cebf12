# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The family portal through its routes (spec 003 §2.1.9, §2.1.4, §2.1.7,
§2.1.5.3): the MARTIN family of sitiv_facturation's tests (October billed
21.35 € to Claire's household), Léa's father Marc in a household of his
own, and the DURAND family. Every page is tried with another family's
ids; today is Monday 9 November 2026."""
import datetime
import html
import io
import re
from contextlib import contextmanager
from unittest.mock import patch

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, ModuleTestCase
from trytond.transaction import Transaction, TransactionError

from hestia.testing import SMTPServer
from hestia_base.testing import LockingRouteTestCase
from portal.web import CSRF_COOKIE
from sitiv_facturation.tests.payfip_double import fake_payfip
from sitiv_facturation.tests.tools import (
    date, enrol, household, october_invoice, person, setup)

TODAY = datetime.date(2026, 11, 9)
PASSWORD = 'Mon-Jardin-Fleuri-7'


@contextmanager
def frozen_today():
    "The portal's « today » (ir.date) fixed, for calendars and notices."
    with Transaction().start(DB_NAME, 0):
        Date = Pool().get('ir.date')
    with patch.object(Date, 'today', classmethod(
                lambda cls, timezone=None: TODAY)):
        yield


class SitivPortailTestCase(ModuleTestCase):
    "Test sitiv_portail module"
    module = 'sitiv_portail'
    language = 'fr'


class FamilyPortalTestCase(LockingRouteTestCase):
    "The family portal through HTTP"
    module = 'sitiv_portail'
    language = 'fr'

    @classmethod
    def setUpDatabase(cls):
        pool = Pool()
        User = pool.get('web.user')
        Activity = pool.get('sitiv.activity')
        company, regie = setup()
        with set_company(company):
            company.sitiv_payfip_numcli = '012345'
            company.save()
            martin, claire, invoice = october_invoice(company)
            lea, tom = sorted((m.party for m in martin.members
                    if m.role == 'child'), key=lambda p: p.first_name)
            marc = person("MARTIN", "Marc", date(4, 5, 1983))
            household(company, "MARTIN Marc", [marc], [lea])
            lise = person("DURAND", "Lise", date(1, 1, 1990))
            noe = person("DURAND", "Noé", date(1, 1, 2018))
            durand = household(company, "DURAND", [lise], [noe])
            club, = Activity.search([('code', '=', 'SOIR')])
            Activity.create([{'company': company.id, 'name': "Séjour neige",
                        'code': 'NEIGE', 'domain': 'sejour', 'unit': 'flat',
                        'calendar': 'holidays', 'age_min': 8,
                        'enrolment_start': date(2, 11),
                        'enrolment_end': date(27, 11)}])
            club.capacity = 1
            club.save()
            enrol(durand, noe, club)
            User.create([{'email': email, 'password': PASSWORD,
                        'party': party.id,
                        'portal_must_change_password': False}
                    for email, party in [
                        ('claire.martin@example.fr', claire),
                        ('marc.martin@example.fr', marc),
                        ('lise.durand@example.fr', lise)]])
        cls.ids = {'invoice': invoice.id, 'number': invoice.number,
            'lea': lea.id, 'tom': tom.id, 'noe': noe.id, 'club': club.id,
            'canteen': Activity.search([('code', '=', 'CANT')])[0].id,
            'enrolment': [e.id for e in pool.get('sitiv.enrolment').search(
                    [('child', '=', lea.id)])][0],
            'tom_canteen': [e.id for e in pool.get('sitiv.enrolment').search(
                    [('child', '=', tom.id)])][0]}
        Transaction().commit()

    def url(self, path=''):
        return f'/{DB_NAME}/portail/{path}'

    def logged_in(self, email):
        client = self.client()
        client.get(self.url('connexion'))
        response = client.post(self.url('connexion'), data={
                'csrf': self.token(client), 'email': email,
                'password': PASSWORD})
        self.assertEqual(response.status_code, 303, response.text)
        return client

    def token(self, client):
        return client.get_cookie(CSRF_COOKIE,
            path=f'/{DB_NAME}/portail').value

    def text(self, response):
        "What the page says, without its tags."
        return html.unescape(re.sub(r'<[^>]+>', '', response.text))

    def test_home_shows_what_needs_attention(self):
        "Children, the invoice due and its amount in euros (§2.1.9)"
        with frozen_today():
            page = self.text(self.logged_in(
                    'claire.martin@example.fr').get(self.url()))
        self.assertIn("Léa", page)
        self.assertIn("Tom", page)
        self.assertIn("1 facture pour", page)
        self.assertIn("21,35 €", page)
        # An enrolment campaign open today (§2.1.9).
        self.assertIn("Séjour neige : jusqu'au 27/11/2026", page)

    def test_other_parent_and_other_family_are_refused(self):
        "Another household's child, invoice, enrolment: not found"
        ids = self.ids
        with frozen_today():
            marc = self.logged_in('marc.martin@example.fr')
            home = self.text(marc.get(self.url()))
            self.assertIn("Léa", home)
            self.assertNotIn("Tom", home)
            self.assertNotIn(ids['number'],
                self.text(marc.get(self.url('factures'))))
            lise = self.logged_in('lise.durand@example.fr')
            for client in [marc, lise]:
                token = self.token(client)
                self.assertEqual(client.get(self.url(
                            f"factures/{ids['invoice']}/pdf")).status_code,
                    404)
                self.assertEqual(client.post(self.url(
                            f"factures/{ids['invoice']}/payer"),
                        data={'csrf': token}).status_code, 404)
                self.assertEqual(client.get(self.url(
                            f"enfants/{ids['tom']}")).status_code, 404)
                key = f"{ids['enrolment']}:2026-11-26"
                response = client.post(self.url(
                        f"enfants/{ids['lea']}/reservations"), data={
                        'csrf': token, 'jour': key, 'modifiable': key})
                self.assertEqual(response.status_code, 404)
            self.assertEqual(lise.post(self.url(
                        f"enfants/{ids['lea']}/activites/{ids['club']}"),
                    data={'csrf': self.token(lise)}).status_code, 404)
        with Transaction().start(DB_NAME, 0):
            Attendance = Pool().get('sitiv.attendance')
            self.assertFalse(Attendance.search([
                        ('date', '=', datetime.date(2026, 11, 26))]))

    def test_bookings_follow_the_notice_rules(self):
        "Book and cancel; a day too close refuses the whole form"
        ids = self.ids
        key = f"{ids['enrolment']}:%s".__mod__
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            page = self.text(claire.get(self.url(f"enfants/{ids['lea']}")))
            self.assertIn("lundi 16/11/2026", page)
            self.assertNotIn("11/11/2026", page)  # Armistice
            self.assertNotIn("samedi", page)
            url = self.url(f"enfants/{ids['lea']}/reservations")
            days = ['2026-11-16', '2026-11-17']
            response = claire.post(url, data={'csrf': self.token(claire),
                    'jour': [key(d) for d in days],
                    'modifiable': [key(d) for d in days]})
            self.assertEqual(response.status_code, 303)
            self.assertIn("réservations sont enregistrées",
                self.text(claire.get(response.location)))
            # Tomorrow is inside the 2-day booking notice.
            too_close = days + ['2026-11-10']
            response = claire.post(url, data={'csrf': self.token(claire),
                    'jour': [key(d) for d in too_close] + [key('2026-11-19')],
                    'modifiable': [key(d) for d in too_close + [
                            '2026-11-19']]})
            self.assertEqual(response.status_code, 400)
            self.assertIn("10/11/2026 est trop proche",
                self.text(response))
            # Cancelling the 17th in time.
            response = claire.post(url, data={'csrf': self.token(claire),
                    'jour': [key(days[0])],
                    'modifiable': [key(d) for d in days]})
            self.assertEqual(response.status_code, 303)
        with Transaction().start(DB_NAME, 0):
            Attendance = Pool().get('sitiv.attendance')
            states = {a.date.day: a.state for a in Attendance.search([
                        ('enrolment', '=', ids['enrolment']),
                        ('date', '>=', TODAY)])}
        self.assertEqual(states, {16: 'reserved', 17: 'cancelled'})

    def test_weekly_pattern_in_one_action(self):
        "Every Thursday of a period, the notice kept; no day refused"
        ids = self.ids
        url = self.url(f"enfants/{ids['tom']}/semaine-type")
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            response = claire.post(url, data={'csrf': self.token(claire),
                    'inscription': ids['tom_canteen'], 'du': '2026-11-09',
                    'au': '2026-11-30'})
            self.assertEqual(response.status_code, 400)
            self.assertIn("au moins un jour", self.text(response))
            response = claire.post(url, data={'csrf': self.token(claire),
                    'inscription': ids['tom_canteen'], 'jour_semaine': '3',
                    'du': '2026-11-09', 'au': '2026-11-30'})
            self.assertEqual(response.status_code, 303)
            lise = self.logged_in('lise.durand@example.fr')
            self.assertEqual(lise.post(url, data={'csrf': self.token(lise),
                        'inscription': ids['tom_canteen'],
                        'jour_semaine': '0', 'du': '2026-11-09',
                        'au': '2026-11-30'}).status_code, 404)
        with Transaction().start(DB_NAME, 0):
            Attendance = Pool().get('sitiv.attendance')
            days = sorted(a.date.day for a in Attendance.search([
                        ('enrolment', '=', ids['tom_canteen']),
                        ('date', '>=', TODAY)]))
        self.assertEqual(days, [12, 19, 26])

    def test_documents_sent_are_checked_by_their_content(self):
        "PDF / PNG / JPEG told from the bytes, size capped; agents validate"
        with Transaction().start(DB_NAME, 0):
            pool = Pool()
            DocumentType = pool.get('sitiv.document.type')
            Household = pool.get('sitiv.household')
            type_id = DocumentType.search([], limit=1)[0].id
            martin, = Household.search([('name', '=', 'MARTIN')])
            concerne = f'{martin.id}:0'
        url = self.url('documents')
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')

            def send(client, name, data, household=concerne):
                return client.post(url, data={
                        'csrf': self.token(client), 'type': type_id,
                        'concerne': household,
                        'fichier': (io.BytesIO(data), name)},
                    content_type='multipart/form-data')
            response = send(claire, 'photo.pdf', b'MZ\x90\x00 not a pdf')
            self.assertEqual(response.status_code, 400)
            self.assertIn("ni un PDF", self.text(response))
            big = b'%PDF-1.7\n' + b'0' * (5 * 1024 * 1024)
            response = send(claire, 'scan.pdf', big)
            self.assertEqual(response.status_code, 400)
            self.assertIn("plus de 5 Mo", self.text(response))
            response = send(claire, 'avis-imposition.pdf',
                b'%PDF-1.4\n% avis 2026\n')
            self.assertEqual(response.status_code, 303)
            lise = self.logged_in('lise.durand@example.fr')
            self.assertEqual(send(lise, 'x.pdf', b'%PDF-1.4\n').status_code,
                404)
        with Transaction().start(DB_NAME, 0) as transaction:
            Document = Pool().get('sitiv.document')
            document, = Document.search([('portal_state', '=', 'received'),
                    ('filename', '=', 'avis-imposition.pdf')])
            self.assertEqual((document.household.name, document.filename,
                    bytes(document.data)), ('MARTIN', 'avis-imposition.pdf',
                    b'%PDF-1.4\n% avis 2026\n'))
            document_id = document.id
            document.portal_refusal = "Illisible : renvoyez la page 1."
            document.save()
            Document.portal_refuse([document])
            transaction.commit()
        with frozen_today():
            self.assertEqual(lise.get(self.url(
                        f'documents/{document_id}/fichier')).status_code, 404)
            self.assertEqual(claire.get(self.url(
                        f'documents/{document_id}/fichier')).data,
                b'%PDF-1.4\n% avis 2026\n')
            self.assertIn("Refusé : Illisible : renvoyez la page 1.",
                self.text(claire.get(url)))
            self.assertIn("refusé — Illisible",
                self.text(claire.get(self.url())))

    def test_account_asked_online_then_accepted_by_an_agent(self):
        "Request, agent's acceptance with the person, link, first login"
        server = SMTPServer.running
        before = len(server.messages)
        client = self.client()
        form = self.text(client.get(self.url('demande-de-compte')))
        self.assertIn("Ville de Rillieux-la-Pape", form)
        with Transaction().start(DB_NAME, 0):
            Company = Pool().get('company.company')
            city, = Company.search([])
            city_id = city.id
        data = {'csrf': self.token(client), 'ville': city_id,
            'nom': 'DURAND', 'prenom': 'Julien', 'email': 'julien.durand',
            'enfants': 'Noé DURAND, 01/01/2018'}
        response = client.post(self.url('demande-de-compte'), data=data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("adresse électronique valide", self.text(response))
        data['email'] = 'Julien.Durand@example.fr'
        response = client.post(self.url('demande-de-compte'), data=data)
        self.assertIn("Votre demande est enregistrée", self.text(response))
        (_, recipients, ack), = server.messages[before:]
        self.assertEqual(recipients, ['julien.durand@example.fr'])
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Request = pool.get('sitiv.portal.account_request')
            Household = pool.get('sitiv.household')
            Member = pool.get('sitiv.household.member')
            request, = Request.search([('state', '=', 'pending')])
            self.assertEqual(request.children, 'Noé DURAND, 01/01/2018')
            with self.assertRaises(ValidationError):
                Request.accept([request])
            with self.assertRaises(ValidationError):
                Request.refuse([request])
            julien = person("DURAND", "Julien", date(2, 2, 1988))
            durand, = Household.search([('name', '=', 'DURAND')])
            Member.create([{'household': durand.id, 'party': julien.id,
                        'role': 'head', 'legal_guardian': True}])
            request.party = julien
            request.save()
            Request.accept([request])
            self.assertEqual(request.state, 'accepted')
            transaction.commit()
        (_, recipients, accepted), = server.messages[before + 1:]
        link = re.search(r'http\S+', accepted.get_content()).group(0)
        path = link.split('localhost:8000', 1)[1]
        client = self.client()
        form = client.get(path)
        token = re.search(r'name="token" value="([^"]+)"', form.text).group(1)
        response = client.post(self.url('reinitialiser'), data={
                'csrf': self.token(client),
                'email': 'julien.durand@example.fr', 'token': token,
                'password': PASSWORD, 'confirmation': PASSWORD})
        self.assertEqual(response.status_code, 303)
        with frozen_today():
            home = self.text(self.logged_in('julien.durand@example.fr').get(
                    self.url()))
        self.assertIn("Noé", home)
        self.assertNotIn("Léa", home)

    def test_messages_between_the_family_and_the_city(self):
        "The family writes, an agent answers from sao, the family is told"
        server = SMTPServer.running
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            User = pool.get('web.user')
            Household = pool.get('sitiv.household')
            martin, = Household.search([('name', '=', 'MARTIN')])
            martin_id = martin.id
            claire, = User.search([('email', '=', 'claire.martin@example.fr')])
            User.write([claire], {'consent_email': True})
            transaction.commit()
        url = self.url('messages')
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            response = claire.post(url, data={'csrf': self.token(claire),
                    'foyer': martin_id, 'objet': "Menu sans porc",
                    'message': "Léa ne mange pas de porc."})
            self.assertEqual(response.status_code, 303)
            lise = self.logged_in('lise.durand@example.fr')
            self.assertEqual(lise.post(url, data={'csrf': self.token(lise),
                        'foyer': martin_id, 'objet': "x",
                        'message': "y"}).status_code, 404)
            self.assertNotIn("Menu sans porc", self.text(lise.get(url)))
            # What other tests told the family is read first.
            claire.get(url)
        before = len(server.messages)
        with Transaction().start(DB_NAME, 1) as transaction:
            Message = Pool().get('sitiv.portal.message')
            asked, = Message.search([('direction', '=', 'in')])
            self.assertEqual((asked.household.id, asked.author),
                (martin_id, 'MARTIN Claire'))
            Message.create([{'household': martin_id,
                        'subject': "Re: Menu sans porc",
                        'body': "C'est noté pour la cantine."}])
            transaction.commit()
        (_, recipients, told), = server.messages[before:]
        self.assertEqual(recipients, ['claire.martin@example.fr'])
        self.assertIn("Re: Menu sans porc", told.get_content())
        with frozen_today():
            self.assertIn("1 message non lu", self.text(claire.get(
                        self.url())))
            self.assertIn("C'est noté pour la cantine.",
                self.text(claire.get(url)))
            self.assertNotIn("message non lu", self.text(claire.get(
                        self.url())))

    def test_tariff_simulation_is_billings(self):
        "The household's QF (1,200 in November) and residence, billing's grid"
        url = self.url(f"simulation?activite={self.ids['canteen']}"
            "&mois=2026-11&jours=3")
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            page = self.text(claire.get(url))
            # Thursdays 5, 12, 19 and 26 November at 4.00 € (QF > 1,000).
            self.assertIn("16,00 € pour 4 jours en novembre 2026", page)
            page = self.text(claire.get(url + '&qf=450'))
            self.assertIn("4,00 € pour 4 jours", page)

    def test_full_activity_offers_its_waiting_list(self):
        "A full activity shows it; the child joins the waiting list by email"
        ids = self.ids
        server = SMTPServer.running
        before = len(server.messages)
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            page = self.text(claire.get(
                    self.url(f"enfants/{ids['tom']}/activites")))
            self.assertIn("Complet : liste d'attente possible", page)
            # Tom is 7: the stay takes children from 8.
            self.assertNotIn("Séjour neige", page)
            self.assertIn("Séjour neige", self.text(claire.get(
                        self.url(f"enfants/{ids['lea']}/activites"))))
            response = claire.post(self.url(
                    f"enfants/{ids['tom']}/activites/{ids['club']}"),
                data={'csrf': self.token(claire)})
            self.assertEqual(response.status_code, 303)
            page = self.text(claire.get(response.location))
            self.assertIn("Liste d'attente, position 1", page)
        (_, recipients, message), = server.messages[before:]
        self.assertEqual(recipients, ['claire.martin@example.fr'])
        self.assertIn("position 1", message.get_content())

    def test_pay_online_and_download_the_invoice(self):
        "PayFiP for what is left to pay; the invoice, the attestation as PDF"
        ids = self.ids
        with frozen_today(), fake_payfip():
            claire = self.logged_in('claire.martin@example.fr')
            page = self.text(claire.get(self.url('factures')))
            self.assertIn("Payer 21,35 € en ligne", page)
            response = claire.post(self.url(
                    f"factures/{ids['invoice']}/payer"),
                data={'csrf': self.token(claire)})
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.location.startswith(
                    'https://www.payfip.gouv.fr/'), response.location)
            pdf = claire.get(self.url(f"factures/{ids['invoice']}/pdf"))
            page = claire.get(self.url('factures')).text
            attestation = re.search(r'href="[^"]*(attestations/\d+/2026/pdf)"',
                page).group(1)
            lise = self.logged_in('lise.durand@example.fr')
            self.assertEqual(lise.get(self.url(attestation)).status_code, 404)
            self.assertTrue(claire.get(self.url(attestation)).data.startswith(
                    b'%PDF'))
        self.assertEqual(pdf.status_code, 200)
        self.assertTrue(pdf.data.startswith(b'%PDF'))
        self.assertIn(ids['number'], pdf.headers['Content-Disposition'])

    def test_pages_are_french_and_labelled(self):
        "lang=fr, one h1, every input labelled, a skip link (RGAA)"
        ids = self.ids
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            for path in ['', 'foyer', 'factures', 'simulation', 'documents',
                    'messages', 'actualites', 'prelevement',
                    f"enfants/{ids['lea']}",
                    f"enfants/{ids['tom']}/activites", 'consentements']:
                page = claire.get(self.url(path)).text
                self.assertIn('<html lang="fr">', page, path)
                self.assertEqual(page.count('<h1>'), 1, path)
                self.assertIn('href="#contenu"', page, path)
                for input_id in re.findall(
                        r'<input type="(?:checkbox|email|password|text)" '
                        r'id="([^"]+)"', page):
                    self.assertIn(f'<label for="{input_id}">', page, path)


    def test_file_changes_wait_for_an_agent(self):
        "Address, phone and QF asked; the file changes only when accepted"
        with Transaction().start(DB_NAME, 0):
            Household = Pool().get('sitiv.household')
            martin, = Household.search([('name', '=', 'MARTIN')])
            martin_id, street = martin.id, martin.residence_street
        url = self.url(f'foyer/{martin_id}/demande')

        def proof():
            return (io.BytesIO(b'%PDF-1.4\n% facture EDF\n'), 'edf.pdf')
        address = {'objet': 'address', 'rue': '12 rue des Tilleuls',
            'code_postal': '69140', 'ville': 'Rillieux-la-Pape'}
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            response = claire.post(url, data=dict(address,
                    code_postal='6914', csrf=self.token(claire),
                    fichier=proof()), content_type='multipart/form-data')
            self.assertEqual(response.status_code, 400)
            self.assertIn("code postal de 5 chiffres", self.text(response))
            self.assertIn('value="12 rue des Tilleuls"', response.text)
            response = claire.post(url, data=dict(address,
                    csrf=self.token(claire), fichier=proof()),
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 303, response.text)
            response = claire.post(url, data={'csrf': self.token(claire),
                    'objet': 'phone', 'telephone': '06 12 34 56 78'})
            self.assertEqual(response.status_code, 303)
            response = claire.post(url, data={'csrf': self.token(claire),
                    'objet': 'quotient', 'qf': '640', 'justificatif': 'CAF',
                    'fichier': (io.BytesIO(b'%PDF-1.4\n% CAF\n'),
                        'caf.pdf')}, content_type='multipart/form-data')
            self.assertEqual(response.status_code, 303)
            page = self.text(claire.get(self.url('foyer')))
            self.assertIn("12 rue des Tilleuls, 69140 Rillieux-la-Pape",
                page)
            self.assertIn("En cours d'examen", page)
            # The other parent and another family cannot ask for this file.
            for email in ['marc.martin@example.fr', 'lise.durand@example.fr']:
                other = self.logged_in(email)
                self.assertEqual(other.post(url, data={
                            'csrf': self.token(other), 'objet': 'phone',
                            'telephone': '0611111111'}).status_code, 404)
                self.assertNotIn("Tilleuls", self.text(other.get(
                            self.url('foyer'))))
        with Transaction().start(DB_NAME, 1) as transaction:
            pool = Pool()
            Request = pool.get('sitiv.portal.change_request')
            Quotient = pool.get('sitiv.quotient_familial')
            Message = pool.get('sitiv.portal.message')
            requests = {r.kind: r for r in Request.search([
                        ('household', '=', martin_id)])}
            self.assertEqual(sorted(requests), ['address', 'phone',
                    'quotient'])
            # Nothing changed before the agent decides.
            self.assertEqual(Household(martin_id).residence_street, street)
            self.assertEqual(requests['address'].document.filename,
                'edf.pdf')
            self.assertEqual(requests['quotient'].start_date,
                datetime.date(2026, 12, 1))
            with self.assertRaises(ValidationError):
                Request.refuse([requests['phone']])
            with patch.object(pool.get('ir.date'), 'today', classmethod(
                        lambda cls, timezone=None: TODAY)):
                Request.accept([requests['address'], requests['quotient']])
            requests['phone'].refusal_reason = "Numéro d'un autre foyer."
            requests['phone'].save()
            Request.refuse([requests['phone']])
            self.assertEqual(Household(martin_id).residence_street,
                '12 rue des Tilleuls')
            self.assertEqual(Quotient.quotient_on(Household(martin_id),
                    datetime.date(2026, 12, 1)).quotient, 640)
            self.assertEqual(Quotient.quotient_on(Household(martin_id),
                    datetime.date(2026, 11, 30)).quotient, 1200)
            self.assertEqual(requests['address'].before.split(',')[0],
                street)
            self.assertEqual(requests['address'].decided_by.id, 1)
            told = [m.subject for m in Message.search([
                        ('household', '=', martin_id),
                        ('direction', '=', 'out')])]
            self.assertIn("Votre demande : quotient familial", told)
            # What this test told the family leaves the others' thread.
            Message.delete(Message.search([
                        ('household', '=', martin_id),
                        ('subject', 'like', 'Votre demande%')]))
            Household.write([Household(martin_id)],
                {'residence_street': street})
            Quotient.delete(Quotient.search([('quotient', '=', 640)]))
            Quotient.write(Quotient.search([('household', '=', martin_id),
                        ('end_date', '=', datetime.date(2026, 11, 30))]),
                {'end_date': None})
            transaction.commit()
        with frozen_today():
            page = self.text(claire.get(self.url('foyer')))
        self.assertIn("Acceptée le 09/11/2026", page)
        self.assertIn("Refusée : Numéro d'un autre foyer.", page)


    def test_partial_access_profiles(self):
        "A payment-only or read-only account reaches only what it may"
        ids = self.ids

        def profile(name):
            with Transaction().start(DB_NAME, 0) as transaction:
                User = Pool().get('web.user')
                User.write(User.search([
                            ('email', '=', 'claire.martin@example.fr')]),
                    {'portal_profile': name})
                transaction.commit()
        key = f"{ids['enrolment']}:2026-11-23"
        try:
            profile('payment')
            with frozen_today():
                claire = self.logged_in('claire.martin@example.fr')
                home = claire.get(self.url())
                self.assertIn("21,35 €", self.text(home))
                self.assertNotIn('Mon foyer', home.text)
                self.assertNotIn('Prochaines réservations', home.text)
                self.assertEqual(claire.get(self.url('factures')).status_code,
                    200)
                for path in ['foyer', f"enfants/{ids['lea']}", 'documents',
                        'messages', 'simulation']:
                    response = claire.get(self.url(path))
                    self.assertEqual(response.status_code, 403, path)
                    self.assertIn("ne donne pas accès", self.text(response))
                response = claire.post(self.url(
                        f"enfants/{ids['lea']}/reservations"), data={
                        'csrf': self.token(claire), 'jour': key,
                        'modifiable': key})
                self.assertEqual(response.status_code, 403)
            profile('read')
            with frozen_today():
                page = claire.get(self.url(f"enfants/{ids['lea']}")).text
                self.assertNotIn("Enregistrer les réservations", page)
                self.assertNotIn("Signaler un changement",
                    claire.get(self.url('foyer')).text)
                self.assertEqual(claire.post(self.url(
                            f"enfants/{ids['lea']}/reservations"), data={
                            'csrf': self.token(claire), 'jour': key,
                            'modifiable': key}).status_code, 403)
                self.assertEqual(claire.post(self.url(
                            f"factures/{ids['invoice']}/payer"),
                        data={'csrf': self.token(claire)}).status_code, 403)
        finally:
            profile('full')
        with Transaction().start(DB_NAME, 0):
            Attendance = Pool().get('sitiv.attendance')
            self.assertFalse(Attendance.search([
                        ('enrolment', '=', ids['enrolment']),
                        ('date', '=', datetime.date(2026, 11, 23))]))


    def test_unenrolment_with_a_letter(self):
        "The last day within the notice, the letter kept, the family told"
        ids = self.ids
        server = SMTPServer.running
        before = len(server.messages)
        url = self.url(
            f"enfants/{ids['lea']}/inscriptions/{ids['enrolment']}/fin")

        def letter():
            return (io.BytesIO(b'%PDF-1.4\n% lettre\n'), 'lettre.pdf')
        with frozen_today():
            marc = self.logged_in('marc.martin@example.fr')
            self.assertEqual(marc.post(url, data={'csrf': self.token(marc),
                        'dernier_jour': '2026-11-20', 'fichier': letter()},
                    content_type='multipart/form-data').status_code, 404)
            claire = self.logged_in('claire.martin@example.fr')
            response = claire.post(url, data={'csrf': self.token(claire),
                    'dernier_jour': '2026-11-20'},
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 400)
            self.assertIn("Choisissez le fichier", self.text(response))
            response = claire.post(url, data={'csrf': self.token(claire),
                    'dernier_jour': '2026-11-09', 'fichier': letter()},
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 400)
            self.assertIn("peut se terminer le", self.text(response))
            response = claire.post(url, data={'csrf': self.token(claire),
                    'dernier_jour': '2026-11-20', 'fichier': letter()},
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 303)
            page = self.text(claire.get(response.location))
            self.assertIn("jusqu'au 20/11/2026", page)
        (_, recipients, email), = server.messages[before:]
        self.assertEqual(recipients, ['claire.martin@example.fr'])
        self.assertIn("prend fin après le 20/11/2026", email.get_content())
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Enrolment = pool.get('sitiv.enrolment')
            Document = pool.get('sitiv.document')
            Message = pool.get('sitiv.portal.message')
            enrolment = Enrolment(ids['enrolment'])
            self.assertEqual(enrolment.end_date, datetime.date(2026, 11, 20))
            document, = Document.search([('filename', '=', 'lettre.pdf')])
            self.assertEqual((document.type.code, document.activity,
                    document.portal_state), ('DESINSCRIPTION',
                    enrolment.activity.name, 'received'))
            notice, = Message.search([('subject', '=',
                        "Désinscription de MARTIN Léa")])
            self.assertTrue(notice.direction == 'out' and not notice.seen)
            # Back as it was for the other tests.
            Enrolment.write([enrolment], {'end_date': None})
            Document.delete([document])
            Message.delete([notice])
            transaction.commit()


    def test_publications_targeted_by_city_and_activity(self):
        "News for all, the canteen menu for canteen families, none expired"
        ids = self.ids
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Publication = pool.get('sitiv.portal.publication')
            Company = pool.get('company.company')
            city, = Company.search([])
            common = {'company': city.id,
                'publish_from': datetime.date(2026, 11, 2)}
            news, menu, old = Publication.create([
                    dict(common, title="Fermeture du 11 novembre",
                        body="Les accueils sont fermés le 11 novembre."),
                    dict(common, kind='menu', title="Menus de novembre",
                        data=b'%PDF-1.4\n% menus\n',
                        filename='menus novembre.pdf',
                        activities=[('add', [ids['canteen']])]),
                    dict(common, title="Rentrée 2026",
                        publish_from=datetime.date(2026, 9, 1),
                        publish_until=datetime.date(2026, 11, 8)),
                    ])
            with self.assertRaises(ValidationError):
                Publication.create([dict(common, title="x",
                            data=b'MZ', filename='x.exe')])
            menu_id = menu.id
            transaction.commit()
        try:
            with frozen_today():
                claire = self.logged_in('claire.martin@example.fr')
                self.assertIn("Fermeture du 11 novembre", self.text(
                        claire.get(self.url())))
                page = self.text(claire.get(self.url('actualites')))
                self.assertIn("Menus de novembre", page)
                self.assertIn("pour Restauration scolaire", page)
                self.assertNotIn("Rentrée 2026", page)
                pdf = claire.get(self.url(f'actualites/{menu_id}/fichier'))
                self.assertEqual(pdf.data, b'%PDF-1.4\n% menus\n')
                self.assertEqual(pdf.headers['Content-Type'],
                    'application/pdf')
                for email in ['lise.durand@example.fr',
                        'marc.martin@example.fr']:
                    other = self.logged_in(email)
                    page = self.text(other.get(self.url('actualites')))
                    self.assertIn("Fermeture du 11 novembre", page)
                    self.assertNotIn("Menus de novembre", page)
                    self.assertEqual(other.get(self.url(
                                f'actualites/{menu_id}/fichier')).status_code,
                        404)
        finally:
            with Transaction().start(DB_NAME, 0) as transaction:
                Publication = Pool().get('sitiv.portal.publication')
                Publication.delete(Publication.search([]))
                transaction.commit()


    def test_direct_debit_asked_and_stopped(self):
        "IBAN checked, mandate requested with the RIB, PDF, notice to stop"
        url = self.url('prelevement')

        def rib():
            return (io.BytesIO(b'%PDF-1.4\n% RIB\n'), 'rib.pdf')
        form = {'titulaire': "Claire MARTIN", 'debut': '2026-12-01',
            'iban': 'FR14 2004 1010 0505 0001 3M02 607'}
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            self.assertIn("Demander le prélèvement",
                self.text(claire.get(url)))
            response = claire.post(url, data=dict(form,
                    csrf=self.token(claire), fichier=rib()),
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 400)
            self.assertIn("L'IBAN n'est pas valide", self.text(response))
            form['iban'] = 'FR14 2004 1010 0505 0001 3M02 606'
            response = claire.post(url, data=dict(form, debut='2026-11-16',
                    csrf=self.token(claire), fichier=rib()),
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 400)
            self.assertIn("le 24/11/2026 au plus tôt", self.text(response))
            response = claire.post(url, data=dict(form,
                    csrf=self.token(claire), fichier=rib()),
                content_type='multipart/form-data')
            self.assertEqual(response.status_code, 303)
            self.assertIn("imprimez le mandat", self.text(
                    claire.get(response.location)))
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Mandate = pool.get('account.payment.sepa.mandate')
            Document = pool.get('sitiv.document')
            mandate, = Mandate.search([('state', '=', 'requested')])
            self.assertEqual((mandate.party.rec_name,
                    mandate.account_number.number_compact,
                    mandate.sitiv_start_date, mandate.address.street),
                ('MARTIN Claire', 'FR1420041010050500013M02606',
                    datetime.date(2026, 12, 1), '3 rue des Lilas'))
            document, = Document.search([('filename', '=', 'rib.pdf')])
            self.assertEqual(document.type.code, 'RIB')
            mandate_id = mandate.id
        with frozen_today():
            pdf = claire.get(self.url(f'prelevement/{mandate_id}/mandat'))
            self.assertTrue(pdf.data.startswith(b'%PDF'))
            for email in ['lise.durand@example.fr', 'marc.martin@example.fr']:
                other = self.logged_in(email)
                self.assertEqual(other.get(self.url(
                            f'prelevement/{mandate_id}/mandat')).status_code,
                    404)
                self.assertEqual(other.post(self.url(
                            f'prelevement/{mandate_id}/arret'), data={
                            'csrf': self.token(other),
                            'fin': '2027-01-31'}).status_code, 404)
        with Transaction().start(DB_NAME, 0) as transaction:
            Mandate = Pool().get('account.payment.sepa.mandate')
            mandate = Mandate(mandate_id)
            mandate.identification = 'RUM-PORTAIL-1'
            mandate.signature_date = TODAY
            mandate.save()
            Mandate.validate_mandate([mandate])
            transaction.commit()
        try:
            with frozen_today():
                stop = self.url(f'prelevement/{mandate_id}/arret')
                response = claire.post(stop, data={
                        'csrf': self.token(claire), 'fin': '2026-11-20'})
                self.assertEqual(response.status_code, 400)
                self.assertIn("le 01/12/2026 au plus tôt",
                    self.text(response))
                response = claire.post(stop, data={
                        'csrf': self.token(claire), 'fin': '2027-01-31'})
                self.assertEqual(response.status_code, 303)
                self.assertIn("jusqu'au 31/01/2027", self.text(
                        claire.get(url)))
        finally:
            with Transaction().start(DB_NAME, 0) as transaction:
                pool = Pool()
                Mandate = pool.get('account.payment.sepa.mandate')
                Document = pool.get('sitiv.document')
                Mandate.cancel(Mandate.search([('id', '=', mandate_id)]))
                Document.delete(Document.search([
                            ('filename', '=', 'rib.pdf')]))
                transaction.commit()


    def test_units_of_a_day_and_the_canteen_menu(self):
        "Matin / après-midi / journée in one grid; journée excludes both"
        ids = self.ids
        with Transaction().start(DB_NAME, 0) as transaction:
            pool = Pool()
            Activity = pool.get('sitiv.activity')
            Enrolment = pool.get('sitiv.enrolment')
            Diet = pool.get('sitiv.diet')
            lea_canteen = Enrolment(ids['enrolment'])
            household = lea_canteen.household
            company = lea_canteen.company
            units = Activity.create([{'company': company.id,
                        'name': f"Mercredi {n}", 'short_name': n,
                        'code': f'MER{i}', 'domain': 'mercredi',
                        'unit': 'half_day', 'calendar': 'school',
                        'booking_notice': 2, 'cancel_notice': 2}
                    for i, n in enumerate(["Matin", "Après-midi",
                            "Journée"])])
            units[2].exclusions = units[:2]
            units[2].save()
            enrolments = Enrolment.create([{'company': company.id,
                        'household': household.id, 'child': ids['lea'],
                        'activity': a.id,
                        'start_date': datetime.date(2026, 11, 2)}
                    for a in units])
            Enrolment.enrol(enrolments)
            menu, = Diet.create([{'name': "Sans viande", 'code': 'SV'}])
            Activity.write([lea_canteen.activity],
                {'diets': [('add', [menu.id])]})
            keys = {a.short_name: f'{e.id}:2026-11-18'
                for a, e in zip(units, enrolments)}
            menu_id, unit_ids = menu.id, [a.id for a in units]
            transaction.commit()
        url = self.url(f"enfants/{ids['lea']}/reservations")
        try:
            with frozen_today():
                claire = self.logged_in('claire.martin@example.fr')
                page = claire.get(self.url(f"enfants/{ids['lea']}")).text
                self.assertIn('<th scope="col">Matin</th>'
                    '<th scope="col">Après-midi</th>'
                    '<th scope="col">Journée</th>', page)
                every = list(keys.values())
                response = claire.post(url, data={'csrf': self.token(claire),
                        'jour': [keys["Matin"], keys["Journée"]],
                        'modifiable': every})
                self.assertEqual(response.status_code, 400)
                self.assertIn("à la fois pour « ", self.text(response))
                self.assertIn("choisissez l'un ou l'autre",
                    self.text(response))
                response = claire.post(url, data={'csrf': self.token(claire),
                        'jour': [keys["Matin"], keys["Après-midi"]],
                        'modifiable': every})
                self.assertEqual(response.status_code, 303)
                # Both halves for the whole day, in one form.
                response = claire.post(url, data={'csrf': self.token(claire),
                        'jour': [keys["Journée"]], 'modifiable': every})
                self.assertEqual(response.status_code, 303)
                menu_url = self.url(f"enfants/{ids['lea']}/inscriptions/"
                    f"{ids['enrolment']}/menu")
                response = claire.post(menu_url, data={
                        'csrf': self.token(claire), 'menu': menu_id})
                self.assertEqual(response.status_code, 303)
                self.assertEqual(claire.post(menu_url, data={
                            'csrf': self.token(claire),
                            'menu': menu_id + 1000}).status_code, 404)
                lise = self.logged_in('lise.durand@example.fr')
                self.assertEqual(lise.post(menu_url, data={
                            'csrf': self.token(lise),
                            'menu': menu_id}).status_code, 404)
            with Transaction().start(DB_NAME, 0):
                Attendance = Pool().get('sitiv.attendance')
                booked = {a.activity.short_name: a.state
                    for a in Attendance.search([
                            ('activity', 'in', unit_ids)])}
                self.assertEqual(booked, {"Matin": 'cancelled',
                        "Après-midi": 'cancelled', "Journée": 'reserved'})
                self.assertEqual(Pool().get('sitiv.enrolment')(
                        ids['enrolment']).diet.id, menu_id)
        finally:
            with Transaction().start(DB_NAME, 0) as transaction:
                pool = Pool()
                Activity = pool.get('sitiv.activity')
                Enrolment = pool.get('sitiv.enrolment')
                Attendance = pool.get('sitiv.attendance')
                Attendance.write(Attendance.search([
                            ('activity', 'in', unit_ids)]),
                    {'state': 'cancelled'})
                Enrolment.cancel(Enrolment.search([
                            ('activity', 'in', unit_ids)]))
                Activity.write(Activity.browse(unit_ids), {'active': False})
                Enrolment.write([Enrolment(ids['enrolment'])],
                    {'diet': None})
                transaction.commit()


    def test_credit_note_listed_with_its_pdf(self):
        "A credit note of the household: « Avoir », in the family's favour"
        ids = self.ids
        extras = {}
        while True:
            with Transaction().start(DB_NAME, 0, **extras) as transaction:
                Invoice = Pool().get('account.invoice')
                invoice = Invoice(ids['invoice'])
                try:
                    with Transaction().set_context(
                            company=invoice.company.id):
                        credit, = Invoice.credit([invoice])
                        Invoice.post([credit])
                except TransactionError as error:
                    transaction.rollback()
                    error.fix(extras)
                    continue
                credit_id, number = credit.id, credit.number
                self.assertEqual(credit.sitiv_household,
                    invoice.sitiv_household)
                transaction.commit()
                break
        with frozen_today():
            claire = self.logged_in('claire.martin@example.fr')
            page = self.text(claire.get(self.url('factures')))
            self.assertIn(f"Avoir {number}", page)
            self.assertIn("21,35 € en votre faveur", page)
            pdf = claire.get(self.url(f'factures/{credit_id}/pdf'))
            self.assertTrue(pdf.data.startswith(b'%PDF'))
            marc = self.logged_in('marc.martin@example.fr')
            self.assertEqual(marc.get(self.url(
                        f'factures/{credit_id}/pdf')).status_code, 404)


del ModuleTestCase
