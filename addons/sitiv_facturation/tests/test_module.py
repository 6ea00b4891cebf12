# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""sitiv_facturation (spec 003 §2.1.3.4, §2.1.3.5, §2.1.4, §2.1.5, §2.1.7):
a city's month from enrolment to invoice, with amounts computed by hand
from the tariff grids below."""
import os
from decimal import Decimal as D

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia_base.testing import SaoViewsMixin, odt_text, pdf_pages

from .tools import (
    OCT, TODAY, attend, bill, city, counter, date, enrol, household, martin,
    october_invoice, person, setup)

# The demo cities' logo (data/logos), printed on their documents.
LOGO = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'data',
    'logos', 'city.svg')


class SitivFacturationTestCase(SaoViewsMixin, ModuleTestCase):
    "Test sitiv_facturation module"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_month_billed_per_qf_bracket_with_absences(self):
        "QF change mid-month, sibling rate, excused / unexcused absences"
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            lea_canteen = enrol(family, lea, canteen)
            tom_canteen = enrol(family, tom, canteen)
            attend(lea_canteen, {
                    date(1): 'present', date(2): 'present',
                    date(5): 'absent_unexcused', date(6): 'absent_excused',
                    date(12): 'present', date(13): 'present'})
            attend(tom_canteen, {date(1): 'present', date(12): 'present'})
            run = bill(company, OCT)

        self.assertEqual(run.state, 'done')
        self.assertEqual(run.invoice_count, 1)
        invoice, = run.invoices
        self.assertEqual(invoice.party, parent)
        self.assertEqual(invoice.state, 'posted')
        self.assertEqual(invoice.sitiv_household, family)
        amounts = sorted((l.sitiv_child.first_name, l.quantity, l.unit_price)
            for l in invoice.lines)
        # Léa: 1, 2 Oct present + 5 Oct unexcused at QF 800 (2.50),
        # 12 and 13 Oct at QF 1,200 (4.00); 6 Oct excused is not billed.
        # Tom, second child: -10 %.
        self.assertEqual(amounts, [
                ("Léa", 2.0, D('4.0000')),
                ("Léa", 3.0, D('2.5000')),
                ("Tom", 1.0, D('2.2500')),
                ("Tom", 1.0, D('3.6000')),
                ])
        self.assertEqual(invoice.total_amount, D('21.35'))
        self.assertEqual(run.total, D('21.35'))
        line, = [l for l in invoice.lines
            if l.sitiv_child == lea and l.unit_price == D('2.5')]
        self.assertIn("absences non justifiées facturées : 1", line.description)
        self.assertIn("absences justifiées non facturées : 1", line.description)

    @with_transaction()
    def test_same_period_twice_bills_nothing(self):
        "Billing a period again bills nothing new (§2.1.5.2)"
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            attend(enrol(family, lea, canteen), {date(1): 'present'})
            first = bill(company, OCT)
            second = bill(company, OCT)
        self.assertEqual(first.invoice_count, 1)
        self.assertEqual(second.invoice_count, 0)
        self.assertEqual(second.total, D('0'))

    @with_transaction()
    def test_run_names_the_agent_never_root(self):
        "A run names the agent who launched it; a scheduled one nobody"
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            attend(enrol(family, lea, canteen), {date(1): 'present'})
            by_agent = bill(company, OCT)
            with Transaction().set_user(0):  # the cron, the command line
                scheduled = bill(company, OCT)
        self.assertEqual(by_agent.run_by.id, Transaction().user)
        self.assertIsNone(scheduled.run_by)

    @with_transaction()
    def test_accounting_set_up_with_the_first_activity(self):
        """The city's chart is made when its first activity is, never by a
        billing run: a city without one is refused in French"""
        pool = Pool()
        Account = pool.get('account.account')
        BillingRun = pool.get('sitiv.billing.run')
        company, canteen, club = city()
        self.assertTrue(Account.search([('company', '=', company.id),
                        ('code', '=', '7067')]))
        self.assertTrue(company.cancel_invoice_out)
        bare = create_company("Ville sans activité")
        with set_company(bare):
            run, = BillingRun.create([{'company': bare.id,
                        'start_date': OCT, 'end_date': date(31),
                        'invoice_date': date(31)}])
            with self.assertRaises(UserError) as error:
                BillingRun.run([run])
        self.assertIn("n'est pas préparée", error.exception.message)
        self.assertFalse(Account.search([('company', '=', bare.id)]))

    @with_transaction()
    def test_payer_with_an_empty_address_gets_the_households(self):
        """A parent created in the client has an empty address: the
        invoice goes to the household's, which can be posted to"""
        pool = Pool()
        Party = pool.get('party.party')
        company, canteen, club = city()
        with set_company(company):
            parent = person("ROUX", "Anne", date(1, 2, 1985))
            Party.write([parent], {'addresses': [('create', [{}])]})
            child = person("ROUX", "Paul", date(3, 4, 2017))
            home = household(company, "ROUX", [parent], [child])
            attend(enrol(home, child, canteen), {date(1): 'present'})
            invoice, = bill(company, OCT).invoices
        address = invoice.invoice_address
        self.assertEqual((address.street, address.postal_code, address.city),
            ("3 rue des Lilas", '69140', "Rillieux-la-Pape"))

    @with_transaction()
    def test_accounting_settings_of_another_city_refused(self):
        """An accountant cannot set another city's receivable account by
        sending that city in the context"""
        pool = Pool()
        Configuration = pool.get('account.configuration')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        rillieux, _, _ = city()
        vaulx, _, _ = city("Ville de Vaulx-en-Velin")
        accountant, = User.create([{'login': 'compta', 'name': "Compta",
                    'companies': [('add', [rillieux.id])],
                    'company': rillieux.id,
                    'groups': [('add', [ModelData.get_id('account',
                                    'group_account_admin')])]}])
        other = vaulx.sitiv_account('4718')
        with Transaction().set_user(accountant.id), \
                Transaction().set_context(company=vaulx.id,
                    _check_access=True):
            with self.assertRaises(AccessError):
                Configuration.write([Configuration(1)],
                    {'default_account_receivable': other.id})
        self.assertEqual(Configuration(1).get_multivalue(
                'default_account_receivable', company=vaulx.id),
            vaulx.sitiv_account('411'))

    @with_transaction()
    def test_incomplete_file_lists_what_it_lacks(self):
        """An enrolment in a QF-priced canteen asking for a proof of
        address: no quotient and no proof are both named (§2.1.3.4)"""
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        DocumentType = pool.get('sitiv.document.type')
        Document = pool.get('sitiv.document')
        Quotient = pool.get('sitiv.quotient_familial')
        company, canteen, club = city()
        proof, = DocumentType.search([('code', '=', 'DOMICILE')])
        Activity.write([canteen], {
                'required_document_types': [('add', [proof.id])]})
        with set_company(company):
            parent = person("GRIS", "Ana", date(1, 2, 1985))
            child = person("GRIS", "Noé", date(3, 4, 2017))
            home = household(company, "GRIS", [parent], [child])
            enrolment = enrol(home, child, canteen)
        self.assertTrue(enrolment.incomplete)
        self.assertEqual(enrolment.missing.splitlines(), [
                "Aucun quotient familial valable au 01/10/2026.",
                "Pièce manquante : Justificatif de domicile.",
                ])
        with set_company(company):
            Quotient.create([{'household': home.id, 'quotient': 800,
                        'start_date': date(1, 1)}])
            Document.create([{'household': home.id, 'type': proof.id}])
        enrolment = type(enrolment)(enrolment.id)
        self.assertEqual((enrolment.incomplete, enrolment.missing),
            (False, ''))

    @with_transaction()
    def test_pricing_extended_by_another_module(self):
        """The run prices through the Pool's `sitiv.billing.pricing`: a
        module overriding `price` (the crèche's PSU) changes the invoice"""
        from unittest.mock import patch
        pool = Pool()
        Pricing = pool.get('sitiv.billing.pricing')
        Line = pool.get('account.invoice.line')
        company, canteen, club = city()
        base_price = Pricing.price

        def psu_price(self, row, enrolment, household):
            return base_price(self, row, enrolment, household) + D('1.11')
        with set_company(company), patch.object(Pricing, 'price', psu_price):
            family, parent, lea, tom = martin(company)
            attend(enrol(family, lea, canteen), {date(1): 'present',
                    date(2): 'present'})
            run = bill(company, OCT)
        line, = Line.search([('invoice.sitiv_billing_run', '=', run.id)])
        # Léa at QF 800: 2.50 (first test), plus the override's 1.11.
        self.assertEqual((line.quantity, line.unit_price), (2, D('3.61')))

    @with_transaction()
    def test_regularisation_two_runs_later(self):
        "An October day changed in December is regularised in December"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            enrolment = enrol(family, lea, canteen)
            october = attend(enrolment, {date(1): 'present',
                    date(2): 'present'})
            bill(company, OCT)
            attend(enrolment, {date(2, 11): 'present'})
            november = bill(company, date(1, 11))
            self.assertEqual(november.total, D('4.00'))
            self.assertEqual(november.regularisation_count, 0)
            # The family shows a doctor's note for 2 October.
            Attendance.mark_absent_excused([october[1]])
            self.assertEqual(october[1].billing_state, 'to_regularise')
            attend(enrolment, {date(1, 12): 'present'})
            december = bill(company, date(1, 12))

        self.assertEqual(december.regularisation_count, 1)
        invoice, = december.invoices
        regularisation, = [l for l in invoice.lines
            if l.sitiv_kind == 'regularisation']
        self.assertEqual(regularisation.amount, D('-2.50'))
        self.assertIn("octobre 2026", regularisation.description)
        self.assertEqual(invoice.total_amount, D('1.50'))
        self.assertEqual(october[1].billing_state, 'billed')
        self.assertEqual(october[1].billed_amount, D('0'))

    @with_transaction()
    def test_unexcused_absence_not_billed_when_city_says_so(self):
        "Unexcused absences are billed unless the activity says otherwise"
        company, canteen, club = city()
        canteen.bill_unexcused_absence = False
        canteen.save()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            attend(enrol(family, lea, canteen), {
                    date(1): 'present', date(5): 'absent_unexcused'})
            run = bill(company, OCT)
        self.assertEqual(run.total, D('2.50'))

    @with_transaction()
    def test_shared_custody_billed_to_each_parent(self):
        "Alternating weeks: each parent pays their weeks at their QF"
        pool = Pool()
        Custody = pool.get('sitiv.custody')
        company, canteen, club = city()
        with set_company(company):
            zoe = person("BERNARD", "Zoé", date(5, 5, 2018))
            mother = person("ROUX", "Anne", date(5, 5, 1988))
            father = person("BERNARD", "Marc", date(5, 5, 1986))
            at_mother = household(company, "ROUX", [mother], [zoe],
                quotients=[(date(1, 1), None, 400)])
            at_father = household(company, "BERNARD", [father], [zoe],
                quotients=[(date(1, 1), None, 1500)])
            Custody.create([{
                        'child': zoe.id, 'household': at_mother.id,
                        'mode': 'alternate_weeks', 'week_parity': 'even',
                        'billing_rule': 'custody',
                        }, {
                        'child': zoe.id, 'household': at_father.id,
                        'mode': 'alternate_weeks', 'week_parity': 'odd',
                        'billing_rule': 'custody',
                        }])
            # ISO week 40 (even): 1-2 October; week 41 (odd): 5-6 October.
            attend(enrol(at_mother, zoe, canteen), {
                    date(1): 'present', date(2): 'present',
                    date(5): 'present', date(6): 'present'})
            run = bill(company, OCT)
        totals = {i.party: i.total_amount for i in run.invoices}
        self.assertEqual(totals, {mother: D('2.00'), father: D('8.00')})

    @with_transaction()
    def test_split_custody_percentage(self):
        "A percentage split bills each parent their share of every day"
        pool = Pool()
        Custody = pool.get('sitiv.custody')
        company, canteen, club = city()
        with set_company(company):
            zoe = person("BERNARD", "Zoé", date(5, 5, 2018))
            mother = person("ROUX", "Anne", date(5, 5, 1988))
            father = person("BERNARD", "Marc", date(5, 5, 1986))
            at_mother = household(company, "ROUX", [mother], [zoe],
                quotients=[(date(1, 1), None, 700)])
            at_father = household(company, "BERNARD", [father], [zoe])
            Custody.create([{
                        'child': zoe.id, 'household': at_mother.id,
                        'mode': 'full', 'billing_rule': 'split',
                        'billing_percentage': D('60'),
                        }, {
                        'child': zoe.id, 'household': at_father.id,
                        'mode': 'alternate_weeks', 'week_parity': 'odd',
                        'billing_rule': 'split',
                        'billing_percentage': D('40'),
                        }])
            attend(enrol(at_mother, zoe, canteen), {
                    date(1): 'present', date(2): 'present'})
            run = bill(company, OCT)
        # Two meals at QF 700 (2.50) = 5.00: 3.00 and 2.00.
        totals = {i.party: i.total_amount for i in run.invoices}
        self.assertEqual(totals, {mother: D('3.00'), father: D('2.00')})

    @with_transaction()
    def test_triple_tariff_and_outside_family(self):
        "Outside family + schooled in the city + ULIS: the cumulative price"
        company, canteen, club = city()
        with set_company(company):
            amir = person("HADDAD", "Amir", date(1, 6, 2016))
            ines = person("HADDAD", "Inès", date(1, 6, 2014))
            parent = person("HADDAD", "Karim", date(1, 6, 1980))
            family = household(company, "HADDAD", [parent], [amir, ines],
                city="Caluire-et-Cuire")
            attend(enrol(family, amir, canteen, school_city=True, ulis=True),
                {date(1): 'present'})
            attend(enrol(family, ines, canteen, school_city=True),
                {date(1): 'present'})
            run = bill(company, OCT)
        invoice, = run.invoices
        prices = {l.sitiv_child: l.unit_price for l in invoice.lines}
        # Inès is the eldest (full price 6.00); Amir second: 3.00 - 10 %.
        self.assertEqual(prices, {ines: D('6.00'), amir: D('2.70')})

    @with_transaction()
    def test_effort_rate_floor_ceiling_and_penalty(self):
        "Taux d'effort: 0.1 % of monthly resources within floor and ceiling"
        pool = Pool()
        Quotient = pool.get('sitiv.quotient_familial')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            Quotient.write(list(family.quotients),
                {'annual_resources': D('24000')})
            enrolment = enrol(family, lea, club)
            lines = attend(enrolment, {date(1): 'present',
                    date(2): 'present'})
            Pool().get('sitiv.attendance').write([lines[1]],
                {'overtime': True, 'overtime_minutes': 20})
            run = bill(company, OCT)
        invoice, = run.invoices
        # 24,000 / 12 × 0.1 % = 2.00 a day; one late pick-up: 5.00.
        self.assertEqual(invoice.total_amount, D('9.00'))
        penalty, = [l for l in invoice.lines if l.sitiv_kind == 'penalty']
        self.assertEqual(penalty.amount, D('5.00'))

    @with_transaction()
    def test_financial_aid_billed_to_organism(self):
        "The CCAS pays half: the family sees it, the CCAS gets its invoice"
        pool = Pool()
        Aid = pool.get('sitiv.financial_aid')
        Party = pool.get('party.party')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            ccas, = Party.create([{'name': "CCAS de Rillieux-la-Pape"}])
            Aid.create([{'company': company.id, 'organism': ccas.id,
                        'household': family.id, 'child': lea.id,
                        'percentage': D('50'), 'start_date': date(1, 1)}])
            attend(enrol(family, lea, canteen), {
                    date(1): 'present', date(2): 'present'})
            run = bill(company, OCT)
        totals = {i.party: i.total_amount for i in run.invoices}
        self.assertEqual(totals, {parent: D('2.50'), ccas: D('2.50')})
        invoice, = [i for i in run.invoices if i.party == parent]
        aid, = [l for l in invoice.lines if l.sitiv_kind == 'aid']
        self.assertIn("CCAS de Rillieux-la-Pape", aid.description)

    @with_transaction()
    def test_missing_tariff_reported_others_billed(self):
        "A household that cannot be priced is named; the others are billed"
        pool = Pool()
        Tariff = pool.get('sitiv.tariff')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            attend(enrol(family, lea, canteen), {date(1): 'present'})
            other = person("PETIT", "Jules", date(1, 1, 2016))
            jules_parent = person("PETIT", "Paul", date(1, 1, 1980))
            petit = household(company, "PETIT", [jules_parent], [other])
            # Jules's canteen day is priced before his club day fails.
            canteen_day, = attend(enrol(petit, other, canteen),
                {date(1): 'present'})
            club_day, = attend(enrol(petit, other, club),
                {date(1): 'present'})
            Tariff.write(list(club.tariffs), {'start_date': date(1, 11)})
            run = bill(company, OCT)
        self.assertEqual(run.invoice_count, 1)
        self.assertEqual(run.invoices[0].party, parent)
        # Nothing of the PETIT household is billed, so nothing is lost.
        self.assertEqual({canteen_day.billing_state, club_day.billing_state},
            {'to_bill'})
        self.assertIn("PETIT", run.errors)
        self.assertIn("01/10/2026", run.errors)

    @with_transaction()
    def test_tariff_grids_do_not_overlap(self):
        "Grids of an activity follow one another (historisation)"
        pool = Pool()
        Tariff = pool.get('sitiv.tariff')
        company, canteen, club = city()
        with self.assertRaises(ValidationError) as error:
            Tariff.create([{'activity': canteen.id, 'name': "Doublon",
                        'start_date': date(1, 9), 'method': 'fixed'}])
        self.assertIn("Cantine 2026", error.exception.message)
        Tariff.delete(Tariff.search([('name', '=', "Doublon")]))
        Tariff.write(Tariff.search([('name', '=', "Cantine 2026")]),
            {'end_date': date(31, 8)})
        Tariff.create([{'activity': canteen.id, 'name': "Rentrée",
                    'start_date': date(1, 9), 'method': 'fixed'}])

    @with_transaction()
    def test_billed_attendance_cannot_be_deleted(self):
        "A billed day is corrected, never deleted"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            line, = attend(enrol(family, lea, canteen), {date(1): 'present'})
            bill(company, OCT)
            with self.assertRaises(AccessError):
                Attendance.delete([line])

    @with_transaction()
    def test_agent_of_city_a_cannot_bill_city_b(self):
        "Runs and attendance are isolated per city"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        BillingRun = pool.get('sitiv.billing.run')
        Attendance = pool.get('sitiv.attendance')
        city_a, canteen_a, _ = city("Ville A")
        city_b, canteen_b, _ = city("Ville B")
        with set_company(city_b):
            family, parent, lea, tom = martin(city_b)
            attend(enrol(family, lea, canteen_b), {date(1): 'present'})
        agent, = User.create([{
                    'name': "Agent A", 'login': 'agent.a',
                    'companies': [('add', [city_a.id])],
                    'company': city_a.id,
                    'groups': [('add', [ModelData.get_id(
                                    'sitiv_facturation',
                                    'group_billing_agent')])],
                    }])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True,
                    company=city_a.id, companies=[city_a.id]):
            self.assertEqual(Attendance.search([]), [])
            with self.assertRaises(UserError):
                run, = BillingRun.create([{'company': city_b.id,
                            'start_date': OCT, 'end_date': date(31),
                            'invoice_date': date(1, 11)}])

    @with_transaction()
    def test_family_invoice_pdf_and_duplicata(self):
        "The invoice is a complete ASAP; every reprint says DUPLICATA"
        pool = Pool()
        Report = pool.get('sitiv.family_invoice', type='report')
        ActionReport = pool.get('ir.action.report')
        Identifier = pool.get('party.identifier')
        company, canteen, club = city()
        with open(LOGO, 'rb') as logo:
            company.sitiv_logo = logo.read()
        company.sitiv_treasury = ("Trésorerie de Rillieux-la-Pape\n"
            "2 rue des Écoles, 69140 Rillieux-la-Pape")
        company.sitiv_cheque_payee = "Régie enfance de Rillieux-la-Pape"
        company.sitiv_payfip_numcli = '012345'
        company.sitiv_public_url = 'https://famille.rillieux.example'
        company.save()
        Identifier.create([{'party': company.party.id, 'type': 'fr_siret',
                    'code': '21690286600013',
                    'address': company.party.addresses[0].id}])
        with set_company(company):
            family, parent, lea, tom = martin(company)
            attend(enrol(family, lea, canteen), {
                    date(1): 'present', date(6): 'absent_excused'})
            invoice, = bill(company, OCT, message="Fermeture le 11/11."
                ).invoices
            action, = ActionReport.search([
                    ('report_name', '=', 'sitiv.family_invoice')])

            def odt():
                records = Report._get_records([invoice.id],
                    'account.invoice', {})
                context = Report.get_context(records, {}, {})
                return odt_text(Report.render(action, context))
            original = odt()
            ext, pdf, _, name = Report.execute([invoice.id], {})
            duplicate = odt()
            _, reprint, _, _ = Report.execute([invoice.id], {})
        self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))
        self.assertTrue(invoice.sitiv_printed)
        self.assertNotIn(b'DUPLICATA', original)
        self.assertIn(b'DUPLICATA', duplicate)
        text = ' '.join(pdf_pages(pdf, 'family_invoice').split())
        self.assertIn("DUPLICATA", pdf_pages(reprint, 'family_invoice_dup'))
        self.assertNotIn("DUPLICATA", text)
        self.assertNotIn("ACQUITTÉE", text)
        reference = invoice.number.replace('-', '')
        for expected in [
                "AVIS DES SOMMES À PAYER", f"Facture {invoice.number}",
                "SIRET : 216 902 866 00013",
                # Each child's line: name, detail, quantity once, price.
                "Restauration scolaire", "MARTIN Léa",
                "présences : 1, absences justifiées non", "2,50 €",
                "Prestations de octobre 2026",
                "Fermeture le 11/11.",
                # How to pay, with the PayFiP reference.
                "identifiant collectivité 012345",
                f"référence {reference}",
                "« Régie enfance de Rillieux-la-Pape »",
                # The ASAP's legal mentions and who collects.
                "L.1617-5", "deux mois",
                "Trésorerie de Rillieux-la-Pape 2 rue des Écoles",
                # The stub.
                "À détacher", "Talon de paiement",
                f"Référence PayFiP {reference}",
                ]:
            self.assertIn(expected, text)
        # The quantity is not repeated inside the line's text.
        self.assertNotIn("présences : 1 ", text)

    @with_transaction()
    def test_paid_invoice_reprint_says_acquittee(self):
        "A paid invoice printed again says ACQUITTÉE and the date"
        pool = Pool()
        Report = pool.get('sitiv.family_invoice', type='report')
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            counter(regie, family, 'cash', D('21.35'))
            _, pdf, _, _ = Report.execute([invoice.id], {})
        text = ' '.join(pdf_pages(pdf, 'family_invoice_paid').split())
        self.assertIn(f"ACQUITTÉE le {TODAY:%d/%m/%Y}", text)
        self.assertIn("Déjà réglé 21,35 €", text)
        # Nothing left to pay: no payment stub, no way to pay.
        self.assertNotIn("Talon de paiement", text)
        self.assertNotIn("Comment payer", text)

    @with_transaction()
    def test_tariff_simulation(self):
        "A weekly pattern priced for a month, as the portal will show it"
        from sitiv_facturation.simulation import simulate
        company, canteen, club = city()
        with set_company(company):
            # Mondays and Thursdays of September 2026: 1 to 30, no holiday.
            estimate = simulate(canteen, date(1, 9), {0, 3}, quotient=650)
            second = simulate(canteen, date(1, 9), {0, 3}, quotient=650,
                rank=2)
            outside = simulate(canteen, date(1, 9), {0, 3},
                residence='outside')
        self.assertEqual(estimate, {'days': 8, 'unit_price': D('2.50'),
                'total': D('20.00')})
        self.assertEqual(second['total'], D('18.00'))
        self.assertEqual(outside['unit_price'], D('6.00'))


del ModuleTestCase
