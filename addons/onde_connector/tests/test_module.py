# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""ONDE exchanges (spec 003 §2.1.14.4): a director's pupil extraction
(tests/golden/onde/eleves_jean_moulin.csv, written by hand from the
layout table) matched on name and birth date, ambiguous lines listed for
an agent, the same file twice changing nothing; the city's list for the
director compared byte for byte with liste_mairie_jean_moulin.csv."""
import datetime
import pathlib

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from hestia_base.testing import SaoViewsMixin
from sitiv_activite.tests.tools import household, person
from sitiv_ecole.tests.test_module import city_map, level, year

GOLDEN = pathlib.Path(__file__).parents[3] / 'tests' / 'golden' / 'onde'


def city(company):
    """Jean Moulin (odd numbers of rue des Lilas) and Les Tilleuls (even);
    the families of the extraction as the city knows them."""
    pool = Pool()
    Enrolment = pool.get('sitiv.school.enrolment')
    odd, even, primary = city_map(company)
    for school in [odd, even]:
        for capacity in school.capacities:
            capacity.capacity = 10
            capacity.save()
    odd.derogation_capacity = None
    odd.save()
    school_year = year()
    children = {}
    for last, first, birth, street, parent in [
            ("DURAND", "Noé", (2023, 5, 4), "8 rue des Lilas", "Lise"),
            ("MARTIN", "Inès", (2023, 2, 1), "9 rue des Lilas", "Paul"),
            ("PETIT", "Jules", (2023, 3, 3), "5 rue des Lilas", "Jean"),
            ("PETIT", "Jules", (2023, 3, 3), "7 rue des Lilas", "Marie"),
            ("ROUX", "Emma", (2022, 12, 12), "3 rue des Lilas", "Marc"),
            ("GARCIA", "Lucas", (2022, 5, 5), "10 rue des Lilas", "Ana"),
            ("LEFÈVRE-ÉLOY", "Sarah", (2022, 3, 3), "3 rue des Lilas",
                "Anne"),
            ]:
        child = person(last, first, datetime.date(*birth))
        family = household(company, last, [person(last, parent,
                    datetime.date(1990, 1, 1))], [child])
        family.residence_street = street
        family.save()
        children[(last, first, street)] = (child, family)
    noe = children[("DURAND", "Noé", "8 rue des Lilas")][0]
    noe.gender = 'male'
    noe.save()
    ines = children[("MARTIN", "Inès", "9 rue des Lilas")][0]
    ines.gender = 'female'
    ines.save()
    enrolled = {}
    for key, school, code in [
            (("MARTIN", "Inès", "9 rue des Lilas"), odd, 'PS'),
            (("ROUX", "Emma", "3 rue des Lilas"), odd, 'MS'),
            (("GARCIA", "Lucas", "10 rue des Lilas"), even, 'MS')]:
        child, family = children[key]
        enrolment, = Enrolment.create([{'year': school_year.id,
                    'child': child.id, 'household': family.id,
                    'level': level(code).id, 'school': school.id}])
        Enrolment.enrol([enrolment])
        enrolled[key[1]] = enrolment
    enrolled["Inès"].enrolment_date = datetime.date(2026, 6, 20)
    enrolled["Inès"].save()
    return odd, even, school_year, enrolled


class OndeConnectorTestCase(
        SaoViewsMixin, CompanyTestMixin, ModuleTestCase):
    "Test onde_connector module"
    module = 'onde_connector'
    language = 'fr'

    @with_transaction()
    def test_pupil_extraction_matched_and_city_list(self):
        "ONDE's pupils matched, ambiguous ones listed, the city's list"
        pool = Pool()
        Import = pool.get('sitiv.school.import')
        Enrolment = pool.get('sitiv.school.enrolment')
        Review = pool.get('onde.review')
        from ..city_list import city_list
        company = create_company()
        with set_company(company):
            odd, even, school_year, enrolled = city(company)
            data = (GOLDEN / 'eleves_jean_moulin.csv').read_bytes()
            report = Import.import_file('onde-eleves', company,
                'eleves.csv', data, school=odd, year=school_year)
            self.assertEqual(
                (report.state, report.school, report.year, report.lines,
                    report.created, report.updated, report.unchanged,
                    report.rejected),
                ('done', odd, school_year, 8, 2, 2, 0, 1))
            reject, = report.rejects
            self.assertEqual((reject.line, reject.field), (6, "Date naissance"))
            self.assertIn("31/02/2022", reject.message)
            self.assertEqual(
                [(r.line, r.last_name, r.reason) for r in report.reviews],
                [(4, "BERNARD", 'unknown'), (5, "PETIT", 'ambiguous'),
                    (8, "GARCIA", 'other_school')])
            self.assertEqual(len(report.reviews[1].candidates.splitlines()),
                2)

            at_school = {e.child.first_name: e for e in Enrolment.search([
                        ('school', '=', odd.id)])}
            self.assertEqual(sorted(at_school), ["Emma", "Inès", "Noé",
                    "Sarah"])
            noe, sarah = at_school["Noé"], at_school["Sarah"]
            self.assertEqual((noe.state, noe.level.code, noe.derogation,
                    noe.enrolment_date, noe.school_class.name),
                ('enrolled', 'PS', True, datetime.date(2026, 9, 1),
                    "PS Mme Roux"))
            self.assertEqual((sarah.level.code, sarah.derogation),
                ('MS', False))
            self.assertEqual(enrolled["Inès"].school_class.name,
                "PS Mme Roux")
            emma = enrolled["Emma"]
            self.assertEqual((emma.state, emma.radiation_date),
                ('radiated', datetime.date(2027, 1, 15)))
            self.assertEqual(enrolled["Lucas"].school, even)
            self.assertEqual(
                sorted(l.code for l in noe.school_class.levels), ['PS'])

            again = Import.import_file('onde-eleves', company,
                'eleves.csv', data, school=odd, year=school_year)
            self.assertEqual((again.created, again.updated, again.unchanged,
                    again.rejected, len(again.reviews)), (0, 0, 4, 1, 3))

            # An agent links the unknown pupil once the family file exists.
            leo = person("BERNARD", "Léo", datetime.date(2023, 10, 10))
            household(company, "BERNARD", [person("BERNARD", "Anne",
                        datetime.date(1991, 1, 1))], [leo])
            unknown, = [r for r in report.reviews if r.line == 4]
            with self.assertRaises(ValidationError) as error:
                Review.link([unknown])
            self.assertIn("Choisissez l'enfant", error.exception.message)
            unknown.child = leo
            unknown.save()
            Review.link([unknown])
            self.assertEqual(unknown.state, 'done')
            self.assertEqual(Enrolment.search([('child', '=', leo.id)])[0]
                .school_class.name, "PS Mme Roux")
            other, = [r for r in report.reviews if r.line == 8]
            other.child = enrolled["Lucas"].child
            other.save()
            with self.assertRaises(ValidationError) as error:
                Review.link([other])
            self.assertIn("une autre école", error.exception.message)

            Enrolment.write([emma], {'radiation_reason': "Déménagement"})
            Enrolment.write(Enrolment.search([('child', '=', leo.id)]),
                {'state': 'refused'})
            expected = (GOLDEN / 'liste_mairie_jean_moulin.csv').read_bytes()
            expected = expected.replace(b'{noe}', noe.number.encode()
                ).replace(b'{sarah}', sarah.number.encode()
                ).replace(b'{ines}', enrolled["Inès"].number.encode()
                ).replace(b'{emma}', emma.number.encode())
            self.assertEqual(city_list(odd, school_year), expected)

    @with_transaction()
    def test_homonyms_told_apart_by_their_parent(self):
        "Two PETIT Jules born the same day: ONDE's first guardian decides"
        pool = Pool()
        Import = pool.get('sitiv.school.import')
        Enrolment = pool.get('sitiv.school.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, school_year, enrolled = city(company)
            data = (GOLDEN / 'eleves_jean_moulin.csv').read_bytes().replace(
                b'PETIT;Jules;;03/03/2023;M;;1;PS;PS Mme Roux;;;01/09/2026;'
                b';;;;;', b'PETIT;Jules;;03/03/2023;M;;1;PS;PS Mme Roux;;;'
                b'01/09/2026;;PETIT;Marie;;;')
            report = Import.import_file('onde-eleves', company,
                'eleves.csv', data, school=odd, year=school_year)
            self.assertEqual([r.last_name for r in report.reviews],
                ["BERNARD", "GARCIA"])
            jules, = Enrolment.search([('child.first_name', '=', "Jules")])
            self.assertEqual(jules.household.heads_name, "PETIT Marie")

    @with_transaction()
    def test_wrong_file_refused(self):
        "A file without ONDE's columns is refused whole, with its archive"
        pool = Pool()
        Import = pool.get('sitiv.school.import')
        Enrolment = pool.get('sitiv.school.enrolment')
        company = create_company()
        with set_company(company):
            odd, even, school_year, enrolled = city(company)
            before = Enrolment.search_count([])
            report = Import.import_file('onde-eleves', company, 'x.csv',
                "Nom;Prénom\nDURAND;Noé\n".encode('utf-8'), school=odd,
                year=school_year)
            self.assertEqual(report.state, 'refused')
            self.assertIn("« Nom élève »", report.message)
            self.assertIn("« Date naissance »", report.message)
            self.assertEqual(Enrolment.search_count([]), before)
            # A school of another city, whatever the client sent.
            other = create_company("Ville de Vaulx-en-Velin")
            data = (GOLDEN / 'eleves_jean_moulin.csv').read_bytes()
            report = Import.import_file('onde-eleves', other, 'x.csv',
                data, school=odd, year=school_year)
            self.assertEqual(report.state, 'refused')
            self.assertIn("n'est pas une école de", report.message)
            self.assertEqual(Enrolment.search_count([]), before)


del ModuleTestCase
