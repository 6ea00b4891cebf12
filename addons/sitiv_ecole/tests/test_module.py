# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""School enrolment (spec 003 §2.1.3.3): UAI keys, the level proposed from
the birth date, the streets of the city read from a BAN extract written by
hand from the public layout (tests/ban_69_extrait.csv), perimeters by odd
and even numbers, the sector school proposed, places and dérogations
checked at enrolment, a radiation freeing its place from its date."""
import datetime
import pathlib

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from hestia_base.testing import SaoViewsMixin
from sitiv_activite.tests.tools import household, person

from ..school import uai_valid

HERE = pathlib.Path(__file__).parent


def year():
    Year = Pool().get('sitiv.school.year')
    year, = Year.create([{'name': "2026-2027",
                'start_date': datetime.date(2026, 9, 1),
                'end_date': datetime.date(2027, 7, 3)}])
    return year


def level(code):
    Level = Pool().get('sitiv.school.level')
    level, = Level.search([('code', '=', code)])
    return level


def city_map(company):
    """Rillieux's streets from the BAN extract; rue des Lilas: odd numbers
    to « Jean Moulin », even ones to « Les Tilleuls » (nursery schools);
    every number to the primary school « Paul Éluard »."""
    pool = Pool()
    School = pool.get('sitiv.school')
    Street = pool.get('sitiv.school.street')
    Perimeter = pool.get('sitiv.school.perimeter')
    company.sitiv_insee_code = '69286'
    company.save()
    Street.import_ban(company, (HERE / 'ban_69_extrait.csv').read_bytes())
    maternelle = Pool().get('sitiv.school.level').search([
            ('cycle', '=', 'maternelle'), ('code', '!=', 'TPS')])
    odd, even, primary = School.create([
            {'company': company.id, 'name': "Jean Moulin",
                'uai': '0690026D', 'kind': 'maternelle',
                'levels': [('add', [l.id for l in maternelle])],
                'capacities': [('create', [{'level': level('PS').id,
                                'capacity': 1}])],
                'derogation_capacity': 0},
            {'company': company.id, 'name': "Les Tilleuls",
                'kind': 'maternelle',
                'levels': [('add', [l.id for l in maternelle])],
                'capacities': [('create', [{'level': level('PS').id,
                                'capacity': 1}])]},
            {'company': company.id, 'name': "Paul Éluard",
                'kind': 'elementaire',
                'levels': [('add', [l.id for l in Pool().get(
                                'sitiv.school.level').search([
                                    ('cycle', '=', 'elementaire')])])]},
            ])
    lilas, = Street.search([('name', '=', "Rue des Lilas")])
    Perimeter.create([
            {'street': lilas.id, 'parity': 'odd', 'school': odd.id},
            {'street': lilas.id, 'parity': 'even', 'number_from': 2,
                'number_to': 40, 'school': even.id},
            {'street': lilas.id, 'school': primary.id}])
    return odd, even, primary


class SitivEcoleTestCase(SaoViewsMixin, CompanyTestMixin, ModuleTestCase):
    "Test sitiv_ecole module"
    module = 'sitiv_ecole'
    # The portal's publications by school (extras_depend) are tested too.
    extras = ['sitiv_portail']
    language = 'fr'

    def test_uai_key(self):
        "The key letter is the number modulo 23 (Lycée du Parc: 0690026D)"
        self.assertTrue(uai_valid('0690026D'))
        self.assertFalse(uai_valid('0690026E'))
        self.assertFalse(uai_valid('690026D'))

    @with_transaction()
    def test_level_proposed_from_the_birth_date(self):
        "PS the year of the 3rd birthday; TPS at 2; CP at 6; none at 11"
        Level = Pool().get('sitiv.school.level')
        school_year = year()
        for born, code in [((2023, 12, 31), 'PS'), ((2023, 1, 1), 'PS'),
                ((2024, 3, 2), 'TPS'), ((2020, 6, 1), 'CP'),
                ((2016, 2, 1), 'CM2'), ((2015, 2, 1), None)]:
            found = Level.proposed(datetime.date(*born), school_year)
            self.assertEqual(found.code if found else None, code, born)

    @with_transaction()
    def test_streets_from_the_ban(self):
        "Only the city's streets, with their numbers; imported twice: same"
        Street = Pool().get('sitiv.school.street')
        company = create_company()
        data = (HERE / 'ban_69_extrait.csv').read_bytes()
        with set_company(company):
            with self.assertRaises(ValidationError) as error:
                Street.import_ban(company, data)
            self.assertIn("code INSEE", error.exception.message)
            company.sitiv_insee_code = '69286'
            company.save()
            counts = Street.import_ban(company, data)
            self.assertEqual(counts, {'lines': 7, 'created': 2,
                    'updated': 0, 'unchanged': 0})
            self.assertEqual({(s.name, s.numbers, s.ban_id)
                    for s in Street.search([])}, {
                    ("Rue des Lilas", 4, '69286_0420'),
                    ("Avenue de l'Europe", 2, '69286_0615')})
            self.assertEqual(Street.import_ban(company, data)['unchanged'], 2)
            with self.assertRaises(ValidationError) as error:
                Street.import_ban(company, b'numero;voie\n1;Rue\n')
            self.assertIn("code_insee", error.exception.message)
            header, first = data.decode().splitlines()[:2]
            broken = first.replace(';Rue des Lilas;', ';;')
            with self.assertRaises(ValidationError) as error:
                Street.import_ban(company, '\n'.join([header, first,
                            broken]).encode())
            self.assertIn("Ligne 3", error.exception.message)
            self.assertIn("nom_voie", error.exception.message)
            street, number = Street.find(company, "12 bis, RUE DES LILAS")
            self.assertEqual((street.name, number), ("Rue des Lilas", 12))

    @with_transaction()
    def test_enrolment_proposes_level_and_sector_school(self):
        "Sector by odd / even numbers; places and dérogations at enrolment"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            noe = person("DURAND", "Noé", datetime.date(2023, 5, 4))
            lise = person("DURAND", "Lise", datetime.date(1990, 1, 1))
            durand = household(company, "DURAND", [lise], [noe])
            durand.residence_street = "12 bis rue des Lilas"
            durand.save()
            ines = person("MARTIN", "Inès", datetime.date(2023, 2, 1))
            paul = person("MARTIN", "Paul", datetime.date(1988, 1, 1))
            martin = household(company, "MARTIN", [paul], [ines])
            martin.residence_street = "3, rue des Lilas"
            martin.save()
            first, second = Enrolment.create([
                    {'year': school_year.id, 'child': noe.id,
                        'household': durand.id},
                    {'year': school_year.id, 'child': ines.id,
                        'household': martin.id}])
            self.assertEqual((first.level.code, first.sector_school,
                    first.school), ('PS', even, even))
            self.assertEqual(second.sector_school, odd)
            self.assertEqual(first.number, f'2026-2027-{first.id:05d}')
            self.assertIn("Livret de famille", first.missing)
            Enrolment.enrol([first])
            self.assertEqual((first.state, first.derogation),
                ('enrolled', False))
            self.assertEqual(even.places_left(school_year, level('PS')), 0)
            # Inès asks for « Les Tilleuls », full: refused in French.
            second.school = even
            second.save()
            with self.assertRaises(ValidationError) as error:
                Enrolment.enrol([second])
            self.assertIn("plus de place", error.exception.message)
            # Noé leaves in ten days: his place is free from then.
            today = Pool().get('ir.date').today()
            first.radiation_date = today + datetime.timedelta(days=10)
            first.save()
            Enrolment.radiate([first])
            self.assertEqual(even.places_left(school_year, level('PS'),
                    today + datetime.timedelta(days=5)), 0)
            self.assertEqual(even.places_left(school_year, level('PS'),
                    today + datetime.timedelta(days=11)), 1)
            # Outside her sector with no dérogation place at Jean Moulin's?
            # Her sector: Jean Moulin takes her.
            second.school = odd
            second.save()
            Enrolment.enrol([second])
            self.assertFalse(second.derogation)

    @with_transaction()
    def test_derogation_needs_a_derogation_place(self):
        "A school with no place for dérogations refuses another sector"
        Enrolment = Pool().get('sitiv.school.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            noe = person("DURAND", "Noé", datetime.date(2023, 5, 4))
            lise = person("DURAND", "Lise", datetime.date(1990, 1, 1))
            durand = household(company, "DURAND", [lise], [noe])
            durand.residence_street = "8 rue des Lilas"
            durand.save()
            enrolment, = Enrolment.create([{'year': school_year.id,
                        'child': noe.id, 'household': durand.id,
                        'school': odd.id,
                        'wishes': [('create', [{'school': odd.id,
                                        'reason': 'work'}])]}])
            self.assertEqual(enrolment.sector_school, even)
            # Not Noé's household: refused.
            other = household(company, "MARTIN", [person("MARTIN", "Paul",
                        datetime.date(1988, 1, 1))], [])
            with self.assertRaises(ValidationError) as error:
                Enrolment.create([{'year': school_year.id,
                            'child': noe.id, 'household': other.id}])
            self.assertIn("n'est pas membre du foyer",
                error.exception.message)
            with self.assertRaises(ValidationError) as error:
                Enrolment.enrol([enrolment])
            self.assertIn("dérogations", error.exception.message)
            odd.derogation_capacity = 2
            odd.save()
            Enrolment.enrol([enrolment])
            self.assertTrue(enrolment.derogation)
            self.assertEqual(odd.derogations_left(school_year), 1)

    @with_transaction()
    def test_class_has_one_to_three_levels(self):
        "A class of no level or of four levels is refused"
        Class = Pool().get('sitiv.school.class')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            for codes in [[], ['CP', 'CE1', 'CE2', 'CM1']]:
                with self.assertRaises(ValidationError):
                    Class.create([{'school': primary.id,
                                'year': school_year.id, 'name': "A",
                                'levels': [('add', [level(c).id
                                                for c in codes])]}])
            cp_ce1, = Class.create([{'school': primary.id,
                        'year': school_year.id, 'name': "CP-CE1",
                        'capacity': 24, 'levels': [('add', [
                                    level('CP').id, level('CE1').id])]}])
            self.assertEqual((cp_ce1.pupils, cp_ce1.places_left), (0, 24))


    @with_transaction()
    def test_roll_over_to_the_next_year(self):
        "Up one level, GS to the primary sector school, CM2 leave, once"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Year = pool.get('sitiv.school.year')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            primary.capacities = []
            primary.save()
            even.capacities = []
            even.save()
            this_year = year()
            next_year, = Year.create([{'name': "2027-2028",
                        'start_date': datetime.date(2027, 9, 1),
                        'end_date': datetime.date(2028, 7, 1)}])
            lise = person("DURAND", "Lise", datetime.date(1990, 1, 1))
            children = {code: person("DURAND", code,
                    datetime.date(2026 - age, 3, 1))
                for code, age in [('PS', 3), ('GS', 5), ('CM2', 10),
                    ('CE1', 7), ('MS', 4)]}
            durand = household(company, "DURAND", [lise],
                list(children.values()))
            durand.residence_street = "4 rue des Lilas"
            durand.save()
            schools = {'PS': even, 'GS': even, 'CM2': primary,
                'CE1': primary, 'MS': odd}
            enrolments = Enrolment.create([{'year': this_year.id,
                        'child': c.id, 'household': durand.id,
                        'school': schools[code].id}
                    for code, c in children.items()])
            Enrolment.enrol(enrolments[:4])
            by_code = dict(zip(children, enrolments))
            by_code['CE1'].repeat = True
            by_code['CE1'].save()
            counts = Enrolment.roll_over(this_year, next_year, company)
            self.assertEqual(counts, {'moved': 2, 'repeating': 1,
                    'left': 1, 'to_place': 0})
            moved = {e.previous_enrolment.level.code: (e.level.code,
                    e.school.name, e.state)
                for e in Enrolment.search([('year', '=', next_year.id)])}
            self.assertEqual(moved['PS'], ('MS', "Les Tilleuls", 'enrolled'))
            self.assertEqual(moved['GS'], ('CP', "Paul Éluard", 'enrolled'))
            self.assertEqual(moved['CE1'], ('CE1', "Paul Éluard",
                    'enrolled'))
            self.assertNotIn('CM2', moved)
            # The MS pre-enrolment was not enrolled: not moved.
            self.assertNotIn('MS', moved)
            self.assertEqual(Enrolment.roll_over(this_year, next_year,
                    company)['moved'], 0)
            found = Enrolment.search([('number', '=',
                        by_code['PS'].number)])
            self.assertEqual(found, [by_code['PS']])


    @with_transaction()
    def test_activity_of_some_schools(self):
        "A school's club is offered to its pupils only"
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        Enrolment = pool.get('sitiv.school.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            noe = person("DURAND", "Noé", datetime.date(2023, 5, 4))
            lise = person("DURAND", "Lise", datetime.date(1990, 1, 1))
            durand = household(company, "DURAND", [lise], [noe])
            durand.residence_street = "8 rue des Lilas"
            durand.save()
            club, everyone = Activity.create([{'company': company.id,
                        'name': name, 'code': code, 'domain': 'periscolaire',
                        'unit': 'day', 'calendar': 'school',
                        'schools': [('add', schools)]}
                    for name, code, schools in [
                        ("Club Jean Moulin", 'CLUB', [odd.id]),
                        ("Accueil du soir", 'SOIR', [])]])
            day = datetime.date(2026, 10, 1)

            def offered():
                return {a.name for a in Activity.open_to(company, noe, day)}
            self.assertEqual(offered(), {"Accueil du soir"})
            enrolment, = Enrolment.create([{'year': school_year.id,
                        'child': noe.id, 'household': durand.id,
                        'school': odd.id}])
            odd.derogation_capacity = None
            odd.save()
            Enrolment.enrol([enrolment])
            self.assertEqual(offered(), {"Accueil du soir",
                    "Club Jean Moulin"})

    @with_transaction()
    def test_commission_decides_and_appeal(self):
        "Dérogations decided in session, refused one accepted on appeal"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Commission = pool.get('sitiv.school.commission')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            odd.derogation_capacity = 1
            odd.save()
            school_year = year()
            enrolments = []
            for first in ["Noé", "Inès", "Tom"]:
                child = person("DURAND", first, datetime.date(2023, 5, 4))
                parent = person("DURAND", "Lise " + first,
                    datetime.date(1990, 1, 1))
                family = household(company, "DURAND", [parent], [child])
                family.residence_street = "8 rue des Lilas"
                family.save()
                enrolments.extend(Enrolment.create([{
                                'year': school_year.id, 'child': child.id,
                                'household': family.id,
                                'wishes': [('create', [{'school': odd.id,
                                                'reason': 'work'}])]}]))
            noe, ines, tom = enrolments
            session, = Commission.create([{'name': "Commission de mai",
                        'date': datetime.date(2026, 5, 12),
                        'year': school_year.id}])
            Commission.fill([session])
            Commission.fill([session])
            self.assertEqual([(i.enrolment, i.subject, i.requested_school)
                    for i in session.items],
                [(e, 'derogation', odd) for e in enrolments])
            first, second, third = session.items
            self.assertEqual(first.places_left, 1)
            first.decision = 'accepted'
            first.save()
            with self.assertRaises(ValidationError) as error:
                Commission.close([session])
            self.assertIn("n'a pas pris de décision",
                error.exception.message)
            second.decision = 'other_school'
            second.proposed_school = even
            second.save()
            third.decision = 'refused'
            third.reason = "Plus de place à Jean Moulin."
            third.save()
            Commission.close([session])
            self.assertEqual(
                [(e.state, e.school, e.derogation) for e in enrolments],
                [('enrolled', odd, True), ('enrolled', even, False),
                    ('refused', even, False)])
            self.assertEqual(session.state, 'closed')

            # The Durand family of Tom appeals; the appeal commission
            # finds Jean Moulin full and proposes Les Tilleuls.
            third.appealed = True
            third.save()
            appeal, = Commission.create([{'name': "Commission d'appel",
                        'kind': 'appeal', 'date': datetime.date(2026, 6, 9),
                        'year': school_year.id}])
            Commission.fill([appeal])
            item, = appeal.items
            self.assertEqual((item.enrolment, item.appeal_of),
                (tom, third))
            item.decision = 'accepted'
            item.save()
            with self.assertRaises(ValidationError) as error:
                Commission.close([appeal])
            self.assertIn("Jean Moulin", error.exception.message)
            even.capacities[0].capacity = 2
            even.capacities[0].save()
            item.decision = 'other_school'
            item.proposed_school = even
            item.save()
            Commission.close([appeal])
            self.assertEqual((tom.state, tom.school), ('enrolled', even))
            self.assertEqual(list(tom.commission_items), [third, item])
            # Nothing left for another appeal session.
            again, = Commission.create([{'name': "Appel 2", 'kind': 'appeal',
                        'date': datetime.date(2026, 7, 1),
                        'year': school_year.id}])
            Commission.fill([again])
            self.assertEqual(again.items, ())

    @with_transaction()
    def test_commission_radiation_and_letters(self):
        "A radiation decided in session; letter and certificate printed"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Commission = pool.get('sitiv.school.commission')
        Letter = pool.get('sitiv.school.commission.letter', type='report')
        Certificate = pool.get('sitiv.school.certificate', type='report')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            noe = person("DURAND", "Noé", datetime.date(2023, 5, 4))
            lise = person("DURAND", "Lise", datetime.date(1990, 1, 1))
            durand = household(company, "DURAND", [lise], [noe])
            durand.residence_street = "8 rue des Lilas"
            durand.save()
            enrolment, = Enrolment.create([{'year': school_year.id,
                        'child': noe.id, 'household': durand.id}])
            Enrolment.enrol([enrolment])
            self.assertEqual(enrolment.school, even)
            ext, pdf, _, name = Certificate.execute([enrolment.id], {})
            self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))
            text = self.render(Certificate, 'sitiv.school.enrolment',
                enrolment)
            for expected in ["Certificat d'inscription scolaire",
                    "DURAND Noé", "04/05/2023", "Petite section",
                    "à l'école Les Tilleuls", "8 rue des Lilas", enrolment.number]:
                self.assertIn(expected, text)

            enrolment.radiation_date = datetime.date(2027, 1, 31)
            enrolment.radiation_reason = "Déménagement"
            enrolment.save()
            session, = Commission.create([{'name': "Commission de janvier",
                        'date': datetime.date(2027, 1, 20),
                        'year': school_year.id}])
            Commission.fill([session])
            item, = session.items
            self.assertEqual(item.subject, 'radiation')
            item.decision = 'accepted'
            item.save()
            Commission.close([session])
            self.assertEqual(enrolment.state, 'radiated')
            text = self.render(Letter, 'sitiv.school.commission.item', item)
            for expected in ["Commission des dérogations scolaires",
                    "radiation de DURAND Noé", "31/01/2027",
                    "votre demande est acceptée", "DURAND Lise"]:
                self.assertIn(expected, text)
            self.assertNotIn("commission d'appel", text)

    @with_transaction()
    def test_commission_moves_a_pupil_once(self):
        "A pupil's change of school: refused once, not listed again"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Commission = pool.get('sitiv.school.commission')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            odd.derogation_capacity = None
            odd.save()
            school_year = year()
            pupils = []
            for first in ["Noé", "Tom"]:
                child = person("DURAND", first, datetime.date(2023, 5, 4))
                family = household(company, "DURAND", [person("DURAND",
                            "Lise " + first, datetime.date(1990, 1, 1))],
                    [child])
                family.residence_street = "8 rue des Lilas"
                family.save()
                pupils.extend(Enrolment.create([{'year': school_year.id,
                            'child': child.id, 'household': family.id}]))
            even.capacities[0].capacity = 2
            even.capacities[0].save()
            Enrolment.enrol(pupils)
            Enrolment.write(pupils, {'wishes': [('create', [
                                {'school': odd.id, 'reason': 'work'}])]})
            session, = Commission.create([{'name': "Janvier",
                        'date': datetime.date(2027, 1, 12),
                        'year': school_year.id}])
            Commission.fill([session])
            self.assertEqual([(i.subject, i.requested_school)
                    for i in session.items], [('transfer', odd)] * 2)
            first, second = session.items
            first.decision = 'accepted'
            first.duration = 'year'
            first.save()
            second.decision = 'refused'
            second.save()
            Commission.close([session])
            noe, tom = pupils
            self.assertEqual(
                (noe.school, noe.derogation, noe.derogation_duration),
                (odd, True, 'year'))
            self.assertEqual((tom.school, tom.derogation), (even, False))
            # Nothing left to decide: Noé is where he asked, and a pupil
            # who asks for nothing.
            self.assertIsNone(Commission.subject(noe))
            Enrolment.write([tom], {'wishes': [('delete',
                            [w.id for w in tom.wishes])]})
            self.assertIsNone(Commission.subject(tom))
            # Jean Moulin has one place of PS: nobody else can move there.
            later, = Commission.create([{'name': "Février",
                        'date': datetime.date(2027, 2, 9),
                        'year': school_year.id}])
            Commission.fill([later])
            self.assertEqual(later.items, ())

    def render(self, Report, model, record):
        "The text of a report's ODT (its content.xml, entities decoded)."
        import html
        from hestia_base.testing import odt_text
        ActionReport = Pool().get('ir.action.report')
        action, = ActionReport.search(
            [('report_name', '=', Report.__name__)])
        records = Report._get_records([record.id], model, {})
        return html.unescape(odt_text(Report.render(action,
                    Report.get_context(records, {}, {}))).decode('utf-8'))

    @with_transaction()
    def test_search_child_and_history(self):
        "An enrolment found by parent, address or number; child's history"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            noe = person("DURAND", "Noé", datetime.date(2023, 5, 4))
            lise = person("BERNARD", "Lise", datetime.date(1990, 1, 1))
            durand = household(company, "DURAND", [lise], [noe])
            durand.residence_street = "8 rue des Lilas"
            durand.save()
            ines = person("MARTIN", "Inès", datetime.date(2023, 2, 1))
            martin = household(company, "MARTIN", [person("MARTIN", "Paul",
                        datetime.date(1988, 1, 1))], [ines])
            martin.residence_street = "5 avenue de l'Europe"
            martin.save()
            first, other = Enrolment.create([
                    {'year': school_year.id, 'child': noe.id,
                        'household': durand.id},
                    {'year': school_year.id, 'child': ines.id,
                        'household': martin.id}])

            def found(text):
                return Enrolment.search([('rec_name', 'ilike', text)])
            self.assertEqual(found('%bernard%'), [first])
            self.assertEqual(found('%lilas%'), [first])
            self.assertEqual(found('%Inès%'), [other])
            self.assertEqual(found(first.number), [first])
            self.assertEqual(found('%DURAND%'), [first])
            self.assertEqual(first.guardians, "BERNARD Lise")
            next_year, = Pool().get('sitiv.school.year').create([{
                        'name': "2027-2028",
                        'start_date': datetime.date(2027, 9, 1),
                        'end_date': datetime.date(2028, 7, 3)}])
            Enrolment.enrol([first])
            Enrolment.roll_over(school_year, next_year, company)
            self.assertEqual(
                [(e.year.name, e.level.code) for e in noe.school_enrolments],
                [("2027-2028", 'MS'), ("2026-2027", 'PS')])

    @with_transaction()
    def test_ban_import_report_archived(self):
        "The BAN file gets its report and archive; a refused one leaves none"
        pool = Pool()
        Import = pool.get('sitiv.school.import')
        Street = pool.get('sitiv.school.street')
        Attachment = pool.get('ir.attachment')
        company = create_company()
        with set_company(company):
            company.sitiv_insee_code = '69286'
            company.save()
            data = (HERE / 'ban_69_extrait.csv').read_bytes()
            bad = data.replace(b'69286_0615_00007;', b';', 1)
            refused = Import.import_file('ban', company, 'ban.csv', bad)
            self.assertEqual(refused.state, 'refused')
            self.assertIn("Ligne 7", refused.message)
            self.assertEqual(Street.search_count([]), 0)
            report = Import.import_file('ban', company, 'ban.csv', data)
            self.assertEqual((report.state, report.lines, report.created,
                    report.unchanged), ('done', 7, 2, 0))
            for stored in [refused, report]:
                archive, = Attachment.search(
                    [('resource', '=', str(stored))])
                self.assertEqual(archive.name, 'ban.csv')
            self.assertEqual(Import.import_file('ban', company, 'ban.csv',
                    data).summary()['unchanged'], 2)

    @with_transaction()
    def test_activity_knows_school_and_class_enrolled_at_once(self):
        "« Schooled in the city » from the school; a class enrolled at once"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        SchoolClass = pool.get('sitiv.school.class')
        Activity = pool.get('sitiv.activity')
        ActivityEnrolment = pool.get('sitiv.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            even.capacities[0].capacity = 5
            even.capacities[0].save()
            school_year = year()
            ulis, = SchoolClass.create([{'school': even.id,
                        'year': school_year.id, 'name': "ULIS",
                        'specific': 'ulis', 'capacity': 12,
                        'levels': [('add', [level('PS').id])]}])
            pupils = {}
            for first, street in [("Noé", "8 rue des Lilas"),
                    ("Tom", "10 rue des Lilas")]:
                child = person("DURAND", first, datetime.date(2023, 5, 4))
                family = household(company, "DURAND", [person("DURAND",
                            "Lise " + first, datetime.date(1990, 1, 1))],
                    [child])
                family.residence_street = street
                family.save()
                pupils[first], = Enrolment.create([{
                            'year': school_year.id, 'child': child.id,
                            'household': family.id}])
            Enrolment.enrol(list(pupils.values()))
            Enrolment.write([pupils["Noé"]], {'school_class': ulis.id})
            outside = person("MARTIN", "Inès", datetime.date(2023, 2, 1))
            martin = household(company, "MARTIN", [person("MARTIN", "Paul",
                        datetime.date(1988, 1, 1))], [outside])
            canteen, = Activity.create([{'company': company.id,
                        'name': "Restauration scolaire", 'code': 'CANT',
                        'domain': 'restauration', 'unit': 'meal',
                        'calendar': 'school'}])

            # In the summer before the rentrée: next year's school.
            created, already = ActivityEnrolment.enrol_pupils(canteen,
                [pupils["Noé"]], datetime.date(2026, 8, 25))
            self.assertEqual(already, 0)
            self.assertEqual([(e.state, e.school_city, e.ulis)
                    for e in created], [('enrolled', True, True)])
            other, = ActivityEnrolment.create([{'activity': canteen.id,
                        'child': outside.id, 'household': martin.id,
                        'start_date': datetime.date(2026, 9, 1)}])
            self.assertEqual((other.school_city, other.ulis), (False, False))

            # The whole school: Noé is already enrolled, Tom joins.
            created, already = ActivityEnrolment.enrol_pupils(canteen,
                Enrolment.search([('school', '=', even.id)]),
                datetime.date(2026, 9, 1))
            self.assertEqual(already, 1)
            self.assertEqual([(e.child.first_name, e.school_city, e.ulis)
                    for e in created], [("Tom", True, False)])
            # After Tom's radiation, a new enrolment is no longer « in
            # the city ».
            Enrolment.write([pupils["Tom"]],
                {'radiation_date': datetime.date(2026, 12, 18)})
            Enrolment.radiate([pupils["Tom"]])
            later, = ActivityEnrolment.create([{'activity': canteen.id,
                        'child': pupils["Tom"].child.id,
                        'household': pupils["Tom"].household.id,
                        'start_date': datetime.date(2027, 1, 4)}])
            self.assertFalse(later.school_city)

    @with_transaction()
    def test_derogation_for_a_year_and_documents_per_case(self):
        "Documents asked per case; a one-year dérogation ends at the rentrée"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Year = pool.get('sitiv.school.year')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            odd.derogation_capacity = None
            odd.save()
            school_year = year()
            next_year, = Year.create([{'name': "2027-2028",
                        'start_date': datetime.date(2027, 9, 1),
                        'end_date': datetime.date(2028, 7, 3)}])
            noe = person("DURAND", "Noé", datetime.date(2023, 5, 4))
            lise = person("DURAND", "Lise", datetime.date(1990, 1, 1))
            durand = household(company, "DURAND", [lise], [noe])
            durand.residence_street = "8 rue des Lilas"
            durand.save()
            enrolment, = Enrolment.create([{'year': school_year.id,
                        'child': noe.id, 'household': durand.id,
                        'school': odd.id, 'derogation_duration': 'year',
                        'wishes': [('create', [
                                    {'school': odd.id, 'reason': 'work'},
                                    {'school': odd.id, 'reason': 'health'},
                                    ])]}])
            self.assertEqual(enrolment.missing.splitlines(), [
                    "Livret de famille", "Justificatif de domicile",
                    "Pages vaccinations du carnet de santé",
                    "Attestation de l'employeur",
                    "Certificat médical"])
            Enrolment.enrol([enrolment])
            self.assertTrue(enrolment.derogation)
            Enrolment.roll_over(school_year, next_year, company)
            moved, = enrolment.next_enrolments
            # Back to the sector school, nothing more asked.
            self.assertEqual((moved.level.code, moved.school,
                    moved.derogation, moved.missing), ('MS', even, False,
                    None))

    @with_transaction()
    def test_publication_for_a_school_and_schooling(self):
        "A school's publication reaches its families only; « Mon foyer »"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Publication = pool.get('sitiv.portal.publication')
        User = pool.get('web.user')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            children = {}
            for first, street in [("Noé", "8 rue des Lilas"),
                    ("Inès", "9 rue des Lilas")]:
                child = person("DURAND", first, datetime.date(2023, 5, 4))
                family = household(company, "DURAND", [person("DURAND",
                            "Lise " + first, datetime.date(1990, 1, 1))],
                    [child])
                family.residence_street = street
                family.save()
                enrolment, = Enrolment.create([{'year': school_year.id,
                            'child': child.id, 'household': family.id}])
                Enrolment.enrol([enrolment])
                children[first] = child
            menu, everyone = Publication.create([{'company': company.id,
                        'kind': 'menu', 'title': "Menus des Tilleuls",
                        'publish_from': datetime.date(2026, 9, 1),
                        'schools': [('add', [even.id])]},
                    {'company': company.id, 'kind': 'news',
                        'title': "Rentrée", 'publish_from':
                        datetime.date(2026, 9, 1)}])
            day = datetime.date(2026, 10, 5)

            def published(child):
                return {p.title for p in Publication.search(
                        Publication.portal_domain(company, [], day,
                            [child]))}
            self.assertEqual(published(children["Noé"]),
                {"Menus des Tilleuls", "Rentrée"})
            self.assertEqual(published(children["Inès"]), {"Rentrée"})

            schooling = User().portal_schooling(children["Noé"], day)
            self.assertEqual([(p.school, p.level.code) for p in schooling],
                [(even, 'PS')])


    def xlsx_strings(self, Report, data):
        import io
        import zipfile
        ext, content, _, name = Report.execute([], data)
        self.assertEqual(ext, 'xlsx')
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return book.read('xl/sharedStrings.xml').decode('utf-8')

    @with_transaction()
    def test_map_project_simulated_then_applied(self):
        "A map project: who would change school, counts, then in force"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Perimeter = pool.get('sitiv.school.perimeter')
        Headcount = pool.get('sitiv.school.headcount', type='report')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            school_year = year()
            enrolments = []
            for first, street in [("Noé", "8 rue des Lilas"),
                    ("Inès", "9 rue des Lilas")]:
                child = person("DURAND", first, datetime.date(2023, 5, 4))
                family = household(company, "DURAND", [person("DURAND",
                            "Lise " + first, datetime.date(1990, 1, 1))],
                    [child])
                family.residence_street = street
                family.save()
                enrolments.extend(Enrolment.create([{
                                'year': school_year.id, 'child': child.id,
                                'household': family.id}]))
            Enrolment.enrol(enrolments)
            noe, ines = enrolments
            # The project: the even side goes to Jean Moulin.
            even_side, = Perimeter.search([('school', '=', even.id)])
            even_side.project = 'remove'
            even_side.save()
            lilas = even_side.street
            Perimeter.create([{'street': lilas.id, 'parity': 'even',
                        'school': odd.id, 'project': 'add'}])
            # Not in force yet.
            self.assertEqual(Enrolment.sector(company, noe.household,
                    noe.level), even)
            result = Perimeter.simulate_project(company, school_year)
            self.assertEqual(result['changes'], [(noe, even, odd)])
            self.assertEqual(result['counts'], {even: [1, 0], odd: [1, 2]})
            strings = self.xlsx_strings(Headcount, {'company': company.id,
                    'kind': 'map', 'year': school_year.id})
            for text in ["école de secteur change", "DURAND Noé",
                    "Secteur du projet", "Jean Moulin"]:
                self.assertIn(text, strings)
            Perimeter.apply_project(company)
            self.assertEqual(Enrolment.sector(company, noe.household,
                    noe.level), odd)
            self.assertEqual(sorted((p.parity, p.school.name, p.project)
                    for p in Perimeter.search([('street', '=', lilas.id)])),
                [('all', "Paul Éluard", None), ('even', "Jean Moulin", None),
                    ('odd', "Jean Moulin", None)])
            self.assertEqual(Perimeter.simulate_project(
                    company, school_year)['changes'], [])

    @with_transaction()
    def test_classes_filled_and_headcount_tables(self):
        "Classes filled class by class; headcount and rentrée forecast"
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        SchoolClass = pool.get('sitiv.school.class')
        Year = pool.get('sitiv.school.year')
        Headcount = pool.get('sitiv.school.headcount', type='report')
        company = create_company()
        with set_company(company):
            odd, even, primary = city_map(company)
            even.capacities[0].capacity = 3
            even.capacities[0].save()
            school_year = year()
            enrolments = []
            for first, street in [("Tom", "8 rue des Lilas"),
                    ("Noé", "10 rue des Lilas"),
                    ("Inès", "9 rue des Lilas")]:
                child = person("DURAND", first, datetime.date(2023, 5, 4))
                family = household(company, "DURAND", [person("DURAND",
                            "Lise " + first, datetime.date(1990, 1, 1))],
                    [child])
                family.residence_street = street
                family.save()
                enrolments.extend(Enrolment.create([{
                                'year': school_year.id, 'child': child.id,
                                'household': family.id}]))
            Enrolment.enrol(enrolments)
            tom, noe, ines = enrolments
            small, mixed = SchoolClass.create([
                    {'school': even.id, 'year': school_year.id,
                        'name': "PS A", 'capacity': 1,
                        'levels': [('add', [level('PS').id])]},
                    {'school': even.id, 'year': school_year.id,
                        'name': "PS-MS", 'capacity': 25,
                        'levels': [('add', [level('PS').id,
                                    level('MS').id])]}])
            SchoolClass.fill([small])
            self.assertEqual([e.child.first_name for e in small.enrolments],
                ["Noé"])
            self.assertEqual(small.places_left, 0)
            Enrolment.assign_class(enrolments)
            self.assertEqual([e.school_class for e in enrolments],
                [mixed, small, None])

            strings = self.xlsx_strings(Headcount, {'company': company.id,
                    'kind': 'year', 'year': school_year.id})
            for text in ["Préinscriptions", "Les Tilleuls",
                    "Petite section", "PS / MS", "Nés en 2023"]:
                self.assertIn(text, strings)
            next_year, = Year.create([{'name': "2027-2028",
                        'start_date': datetime.date(2027, 9, 1),
                        'end_date': datetime.date(2028, 7, 3)}])
            vlist, counts = Enrolment.roll_over_values(
                school_year, next_year, company)
            self.assertEqual(counts, {'moved': 3, 'repeating': 0,
                    'left': 0, 'to_place': 0})
            self.assertEqual(sorted((v['school'], v['level'])
                    for v in vlist), sorted([(even.id, level('MS').id)] * 2
                    + [(odd.id, level('MS').id)]))
            strings = self.xlsx_strings(Headcount, {'company': company.id,
                    'kind': 'rollover', 'year': school_year.id,
                    'next_year': next_year.id})
            self.assertIn("prévision de la rentrée 2027-2028", strings)
            self.assertIn("Moyenne section", strings)
            # A forecast writes nothing.
            self.assertEqual(Enrolment.search_count(
                    [('year', '=', next_year.id)]), 0)


del ModuleTestCase
