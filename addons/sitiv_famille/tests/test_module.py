# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Behaviour of the family file (spec 003 §2.1.1, §2.1.2, §2.1.13).

Messages are asserted in French: the test database language is fr."""
import datetime

from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia_base.testing import SaoViewsMixin


def person(last, first, birth, **values):
    return dict(is_person=True, last_name=last, first_name=first,
        birth_date=birth, **values)


def create_household(name, company, members):
    "`members`: list of (party values or Party, role, legal_guardian)."
    pool = Pool()
    Party = pool.get('party.party')
    Household = pool.get('sitiv.household')
    lines = []
    for who, role, guardian in members:
        if isinstance(who, dict):
            who, = Party.create([who])
        lines.append({'party': who.id, 'role': role,
                'legal_guardian': guardian})
    household, = Household.create([{
                'name': name,
                'company': company.id,
                'residence_street': "12 rue de la République",
                'residence_postal_code': '69140',
                'residence_city': "Rillieux-la-Pape",
                'members': [('create', lines)],
                }])
    return household


def create_user(login, company, group_xml_ids):
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    groups = [ModelData.get_id('sitiv_famille', g) for g in group_xml_ids]
    user, = User.create([{
                'name': login, 'login': login,
                'companies': [('add', [company.id])],
                'company': company.id,
                'groups': [('add', groups)],
                }])
    return user


class SitivFamilleTestCase(SaoViewsMixin, ModuleTestCase):
    "Test sitiv_famille module"
    module = 'sitiv_famille'
    language = 'fr'

    @with_transaction()
    def test_household_number_from_sequence(self):
        "Each household gets its own number, in one batch"
        company = create_company()
        with set_company(company):
            first = create_household("Famille A", company, [])
            second = create_household("Famille B", company, [])
        self.assertTrue(first.number)
        self.assertNotEqual(first.number, second.number)
        self.assertEqual(len(first.number), 6)

    @with_transaction(user=1)
    def test_homonym_warning_ignores_accents_and_hyphens(self):
        "LEFEVRE-ELOY Pierre = Lefèvre Éloy pierre born the same day (§2.1.1)"
        pool = Pool()
        Party = pool.get('party.party')
        birth = datetime.date(2015, 3, 14)
        existing, = Party.create([person('LEFEVRE-ELOY', 'Pierre', birth)])
        self.assertEqual(existing.name, 'LEFEVRE-ELOY Pierre')

        with self.assertRaises(UserWarning) as cm:
            Party.create([person('Lefèvre Éloy', 'pierre', birth)])
        self.assertIn('LEFEVRE-ELOY Pierre', cm.exception.message)
        self.assertIn('14/03/2015', cm.exception.message)
        self.assertIn('doublon', cm.exception.message)

        # Another birth date is another person: no warning.
        Party.create([person('Lefèvre Éloy', 'Pierre',
                    datetime.date(2016, 3, 14))])

    @with_transaction(user=1)
    def test_homonym_warning_names_archived_household(self):
        "A family that left is found again, to be reactivated (§2.1.1)"
        pool = Pool()
        Party = pool.get('party.party')
        Household = pool.get('sitiv.household')
        company = create_company()
        with set_company(company):
            birth = datetime.date(1985, 6, 2)
            household = create_household("Famille Martin", company, [
                    (person('MARTIN', 'Sophie', birth), 'head', True)])
            Household.archive([household])
            self.assertFalse(household.active)
            self.assertIsNotNone(household.departure_date)

            with self.assertRaises(UserWarning) as cm:
                Party.create([person('Martin', 'Sophie', birth)])
            self.assertIn(household.number, cm.exception.message)
            self.assertIn('archivé', cm.exception.message)

            Household.reactivate([household])
            self.assertTrue(household.active)
            self.assertIsNone(household.departure_date)

    @with_transaction(user=1)
    def test_homonym_warning_can_be_skipped(self):
        "An agent who confirms the warning creates the homonym"
        pool = Pool()
        Party = pool.get('party.party')
        Warning = pool.get('res.user.warning')
        birth = datetime.date(2012, 1, 1)
        Party.create([person('DUPONT', 'Léa', birth)])
        with self.assertRaises(UserWarning) as cm:
            Party.create([person('Dupont', 'Lea', birth)])
        Warning.skip(cm.exception.name)
        homonym, = Party.create([person('Dupont', 'Lea', birth)])
        self.assertEqual(homonym.name, 'DUPONT Lea')

    @with_transaction()
    def test_child_in_two_households_counted_once(self):
        "Shared custody: one child record in two files, counted once"
        pool = Pool()
        Party = pool.get('party.party')
        Statistic = pool.get('sitiv.statistic.city')
        company = create_company()
        with set_company(company):
            child, = Party.create([
                    person('BERNARD', 'Emma', datetime.date(2016, 9, 1))])
            father = create_household("Famille Bernard", company, [
                    (person('BERNARD', 'Luc', datetime.date(1980, 1, 1)),
                        'head', True),
                    (child, 'child', False)])
            mother = create_household("Famille Petit", company, [
                    (person('PETIT', 'Anne', datetime.date(1982, 2, 2)),
                        'head', True),
                    (child, 'child', False)])

            self.assertEqual(father.linked_households, (mother,))
            self.assertEqual(mother.linked_households, (father,))
            self.assertEqual(child.households, (father, mother) if
                father.id < mother.id else (mother, father))
            self.assertTrue(all(m.shared for m in father.members
                    if m.party == child))

            statistic, = Statistic.search([('company', '=', company.id)])
            self.assertEqual(statistic.households, 2)
            self.assertEqual(statistic.children, 1)
            self.assertEqual(Statistic.count_children([company]), 1)

    @with_transaction()
    def test_alternating_weeks_custody(self):
        "Alternating weeks: each household has the child on its weeks"
        pool = Pool()
        Party = pool.get('party.party')
        Custody = pool.get('sitiv.custody')
        company = create_company()
        with set_company(company):
            child, = Party.create([
                    person('ROUX', 'Hugo', datetime.date(2017, 5, 5))])
            even = create_household("Famille Roux", company, [
                    (child, 'child', False)])
            odd = create_household("Famille Blanc", company, [
                    (child, 'child', False)])
            Custody.create([{
                        'child': child.id, 'household': even.id,
                        'mode': 'alternate_weeks', 'week_parity': 'even',
                        'billing_rule': 'custody',
                        }, {
                        'child': child.id, 'household': odd.id,
                        'mode': 'alternate_weeks', 'week_parity': 'odd',
                        'billing_rule': 'split',
                        'billing_percentage': 40,
                        }])
            # 2026-11-09 is in ISO week 46, 2026-11-16 in week 47.
            self.assertEqual(
                Custody.households_on(child, datetime.date(2026, 11, 10)),
                [even])
            self.assertEqual(
                Custody.households_on(child, datetime.date(2026, 11, 17)),
                [odd])

            with self.assertRaises(UserError) as cm:
                Custody.create([{
                            'child': child.id, 'household': even.id,
                            'mode': 'full', 'billing_rule': 'split',
                            'billing_percentage': 140,
                            }])
            self.assertIn('entre 0 et 100', cm.exception.message)

    @with_transaction()
    def test_quotient_by_date(self):
        "The quotient in force on a date; periods may not overlap"
        pool = Pool()
        Quotient = pool.get('sitiv.quotient_familial')
        company = create_company()
        with set_company(company):
            household = create_household("Famille Moreau", company, [])
            Quotient.create([{
                        'household': household.id, 'quotient': 620,
                        'start_date': datetime.date(2026, 1, 1),
                        'end_date': datetime.date(2026, 6, 30),
                        }, {
                        'household': household.id, 'quotient': 940,
                        'start_date': datetime.date(2026, 7, 1),
                        }])
            self.assertEqual(Quotient.quotient_on(
                    household, datetime.date(2026, 3, 15)).quotient, 620)
            self.assertEqual(Quotient.quotient_on(
                    household, datetime.date(2026, 9, 1)).quotient, 940)
            self.assertIsNone(Quotient.quotient_on(
                    household, datetime.date(2025, 12, 31)))
            with self.assertRaises(UserError) as cm:
                Quotient.create([{
                            'household': household.id, 'quotient': 100,
                            'start_date': datetime.date(2026, 8, 1),
                            }])
            self.assertIn('se chevauchent', cm.exception.message)

    @with_transaction()
    def test_health_file_only_for_health_group(self):
        "Agents see that a PAI exists, never what it says (§2.1.1)"
        pool = Pool()
        Party = pool.get('party.party')
        Health = pool.get('sitiv.health')
        company = create_company()
        with set_company(company):
            child, = Party.create([
                    person('GIRARD', 'Inès', datetime.date(2018, 4, 4))])
            create_household("Famille Girard", company, [
                    (child, 'child', False)])
            record, = Health.create([{
                        'child': child.id, 'pai': True,
                        'pai_details': "Asthme : Ventoline en cas de crise",
                        'has_allergy': True, 'allergies': "Arachide",
                        }])
            agent = create_user('agent', company, ['group_family_agent'])
            nurse = create_user('sante', company, [
                    'group_family_agent', 'group_health'])

        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True):
            child = Party(child.id)
            self.assertTrue(child.has_pai)
            self.assertTrue(child.has_allergy)
            with self.assertRaises(AccessError):
                Health.read([record.id], ['pai_details'])
            with self.assertRaises(AccessError):
                Health.search([])

        with Transaction().set_user(nurse.id), \
                Transaction().set_context(_check_access=True):
            details, = Health.read([record.id], ['allergies'])
            self.assertEqual(details['allergies'], "Arachide")

    @with_transaction()
    def test_city_agent_cannot_read_other_city(self):
        "Each city is a company: an agent of A never reads B's files"
        pool = Pool()
        Household = pool.get('sitiv.household')
        Party = pool.get('party.party')
        city_a = create_company("Ville A")
        city_b = create_company("Ville B")
        with set_company(city_a):
            own = create_household("Famille Fabre", city_a, [
                    (person('FABRE', 'Tom', datetime.date(2014, 2, 2)),
                        'child', False)])
            agent = create_user('agent_a', city_a, ['group_family_agent'])
        with set_company(city_b):
            other = create_household("Famille Mercier", city_b, [
                    (person('MERCIER', 'Zoé', datetime.date(2013, 3, 3)),
                        'child', False)])
        hidden_child = other.members[0].party

        with Transaction().set_user(agent.id), \
                Transaction().set_context(
                    _check_access=True, company=city_a.id):
            self.assertEqual(Household.search([]), [own])
            with self.assertRaises(AccessError):
                Household.read([other.id], ['name'])
            self.assertNotIn(hidden_child, Party.search([
                        ('is_child', '=', True)]))
            with self.assertRaises(AccessError):
                Party.read([hidden_child.id], ['name'])
            # Parties outside any household (the cities themselves, banks)
            # stay readable.
            self.assertEqual(Party.read([city_b.party.id], ['name'])[0][
                    'name'], "Ville B")

    @with_transaction()
    def test_history_shows_author(self):
        "Who changed what and when, readable from the household (§2.1.13)"
        pool = Pool()
        Household = pool.get('sitiv.household')
        company = create_company()
        with set_company(company):
            household = create_household("Famille Blanc", company, [])
            agent = create_user('agent_h', company, ['group_family_agent'])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True):
            Household.write([Household(household.id)], {
                    'residence_city': "Vaulx-en-Velin"})
            household = Household(household.id)
            changes = [c for c in household.history
                if c.model_name == 'sitiv.household']
            latest = changes[0]
            self.assertEqual(latest.user, agent)
            self.assertEqual(latest.operation, 'write')
            self.assertIn('Rillieux-la-Pape → Vaulx-en-Velin', latest.changes)
            self.assertEqual(changes[-1].operation, 'create')

    @with_transaction()
    def test_person_history(self):
        "The person's own form lists its changes"
        pool = Pool()
        Party = pool.get('party.party')
        company = create_company()
        child, = Party.create([person('COLIN', 'Léna',
                    datetime.date(2016, 6, 6))])
        with set_company(company):
            create_household("Famille Colin", company, [
                    (child, 'child', False)])
            Party.write([child], {'first_name': 'Lena'})
            child = Party(child.id)
            latest, oldest = child.history[0], child.history[-1]
        self.assertEqual((latest.operation, oldest.operation),
            ('write', 'create'))
        self.assertIn('Prénom : Léna → Lena', latest.changes)

    @with_transaction()
    def test_history_lists_only_what_the_agent_may_read(self):
        "A party's form opens even when some of its changes are not theirs"
        pool = Pool()
        Party = pool.get('party.party')
        History = pool.get('sitiv.history')
        company = create_company()
        with set_company(company):
            agent = create_user('agent_p', company, ['group_family_agent'])
        # The city's own party: no household, so no city on its changes.
        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True,
                    company=company.id, companies=[company.id]):
            party, = Party.read([company.party.id], ['history'])
            # What sao reads next to draw the form's history list.
            History.read(party['history'], ['changes'])
        self.assertEqual(party['history'], [])

    @with_transaction()
    def test_bad_input_french_messages(self):
        "IBAN, future birth date, missing name: clear French errors"
        pool = Pool()
        Party = pool.get('party.party')
        Account = pool.get('bank.account')
        Bank = pool.get('bank')
        Member = pool.get('sitiv.household.member')
        company = create_company()
        with set_company(company):
            with self.assertRaises(UserError) as cm:
                Party.create([person('VIDAL', 'Noé',
                            datetime.date.today() + datetime.timedelta(
                                days=3))])
            self.assertIn('est dans le futur', cm.exception.message)
            self.assertIn('VIDAL Noé', cm.exception.message)

            with self.assertRaises(UserError) as cm:
                Party.create([person(None, 'Noé', datetime.date(2015, 1, 1))])
            self.assertIn('Nom', cm.exception.message)

            owner, = Party.create([
                    person('VIDAL', 'Paul', datetime.date(1979, 7, 7))])
            bank_party, = Party.create([{'name': "Banque"}])
            bank, = Bank.create([{'party': bank_party.id}])
            with self.assertRaises(UserError) as cm:
                Account.create([{
                            'bank': bank.id,
                            'owners': [('add', [owner.id])],
                            'numbers': [('create', [{
                                            'type': 'iban',
                                            'number': 'FR76 3000 6000 0112 '
                                            '3456 7890 188',
                                            }])],
                            }])
            self.assertIn('IBAN', cm.exception.message)
            account, = Account.create([{
                        'bank': bank.id,
                        'owners': [('add', [owner.id])],
                        'numbers': [('create', [{
                                        'type': 'iban',
                                        'number': 'FR76 3000 6000 0112 '
                                        '3456 7890 189',
                                        }])],
                        }])

            household = create_household("Famille Vidal", company, [])
            with self.assertRaises(UserError) as cm:
                Member.create([{
                            'household': household.id, 'party': owner.id,
                            'role': 'child', 'legal_guardian': True}])
            self.assertIn('responsable légal', cm.exception.message)

    @with_transaction()
    def test_minor_email_needs_consent(self):
        "A 12-18 year old's email needs the parents' consent (§2.1.1)"
        pool = Pool()
        Party = pool.get('party.party')
        birth = datetime.date.today().replace(
            year=datetime.date.today().year - 14, day=1)
        with self.assertRaises(UserError) as cm:
            Party.create([person('ADAM', 'Jules', birth, contact_mechanisms=[
                            ('create', [{'type': 'email',
                                        'value': 'jules@example.fr'}])])])
        self.assertIn('consentement parental', cm.exception.message)
        # The rejected record stays in this test transaction: confirm the
        # homonym warning it now raises.
        with Transaction().set_context(_skip_warnings=True):
            teenager, = Party.create([person('ADAM', 'Jules', birth,
                    email_parental_consent=True,
                    contact_mechanisms=[('create', [{
                                    'type': 'email',
                                    'value': 'jules@example.fr',
                                        'scope': 'personal'}])])])
        self.assertEqual(teenager.email, 'jules@example.fr')

    @with_transaction()
    def test_documents_expiring(self):
        "Documents expired or expiring within each city's own days"
        pool = Pool()
        Document = pool.get('sitiv.document')
        DocumentType = pool.get('sitiv.document.type')
        Configuration = pool.get('sitiv.configuration')
        Date = pool.get('ir.date')
        today = Date.today()
        type_, = DocumentType.search([('code', '=', 'DOMICILE')])
        company, other = create_company(), create_company("Vaulx")
        days = [-1, 10, 20, None]
        with set_company(company):
            config = Configuration(1)
            config.document_warning_days = 15
            config.save()
            household = create_household("Famille Faure", company, [])
            expired, expiring, valid, permanent = Document.create([
                    {'household': household.id, 'type': type_.id,
                        'validity_end': today + datetime.timedelta(days=d)
                        if d is not None else None} for d in days])
        self.assertEqual(
            [d.expiry_state for d in [expired, expiring, valid, permanent]],
            ['expired', 'expiring', 'valid', 'permanent'])
        with set_company(company):
            self.assertEqual(set(Document.search([
                            ('expiry_state', 'in', ['expired', 'expiring'])])),
                {expired, expiring})
            self.assertEqual(set(Document.search([
                            ('expiry_state', '!=', 'valid')])),
                {expired, expiring, permanent})
        # The other city kept the default of 30 days: 20 days is expiring.
        with set_company(other):
            home = create_household("Famille Roux", other, [])
            in_twenty, = Document.create([{'household': home.id,
                        'type': type_.id,
                        'validity_end': today + datetime.timedelta(days=20)}])
        self.assertEqual(in_twenty.expiry_state, 'expiring')
        self.assertEqual(Configuration(1).get_multivalue(
                'document_warning_days', company=other.id), 30)

    @with_transaction()
    def test_each_city_numbers_households_with_its_sequence(self):
        "A city given its own sequence numbers its families with it"
        pool = Pool()
        Configuration = pool.get('sitiv.configuration')
        Sequence = pool.get('ir.sequence')
        ModelData = pool.get('ir.model.data')
        company, other = create_company(), create_company("Vaulx")
        sequence, = Sequence.create([{'name': "Familles de Vaulx",
                    'sequence_type': ModelData.get_id('sitiv_famille',
                        'sequence_type_household'),
                    'prefix': 'VLX-', 'padding': 4}])
        with set_company(other):
            config = Configuration(1)
            config.household_sequence = sequence
            config.save()
            roux = create_household("Famille Roux", other, [])
        with set_company(company):
            faure = create_household("Famille Faure", company, [])
        self.assertEqual(roux.number, 'VLX-0001')
        self.assertFalse(faure.number.startswith('VLX-'))

    @with_transaction()
    def test_settings_of_another_city_refused(self):
        "An administrator cannot write another city's family settings"
        pool = Pool()
        Configuration = pool.get('sitiv.configuration')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        company, other = create_company(), create_company("Vaulx")
        admin, = User.create([{'login': 'admin.rillieux', 'name': "Admin",
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'groups': [('add', [ModelData.get_id('sitiv_famille',
                                    'group_family_admin')])]}])
        with Transaction().set_user(admin.id), \
                Transaction().set_context(company=other.id, _check_access=True):
            with self.assertRaises(AccessError):
                Configuration.write([Configuration(1)],
                    {'document_warning_days': 2})
        self.assertEqual(Configuration(1).get_multivalue(
                'document_warning_days', company=other.id), 30)

    @with_transaction()
    def test_search_child(self):
        "Find a child by parents' name, household number, address, birth"
        pool = Pool()
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            child, = Party.create([
                    person('LAMBERT', 'Chloé', datetime.date(2019, 10, 10))])
            household = create_household("Famille Lambert", company, [
                    (person('GAUTHIER', 'Julie', datetime.date(1988, 8, 8)),
                        'head', True),
                    (child, 'child', False)])
            self.assertEqual(Party.search([
                        ('parents_name', 'ilike', '%gauthier%')]), [child])
            self.assertEqual(Party.search([
                        ('is_child', '=', True),
                        ('household_numbers', '=', household.number)]),
                [child])
            self.assertEqual(Party.search([
                        ('is_child', '=', True),
                        ('residence', 'ilike', '%république%')]), [child])
            self.assertIn(child, Party.search([
                        ('rec_name', 'ilike', household.number)]))
            self.assertEqual(child.parents_name, 'GAUTHIER Julie')


del ModuleTestCase
