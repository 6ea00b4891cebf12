# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""sitiv_ecole with the family portal (sitiv_portail): publications for
the families of some schools, each child's school in « Mon foyer »."""
import datetime

from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from sitiv_activite.tests.tools import household, person

from .test_module import city_map, year


class SitivEcolePortalTestCase(ModuleTestCase):
    "Test sitiv_ecole with sitiv_portail"
    module = 'sitiv_ecole'
    extras = ['sitiv_portail']
    language = 'fr'

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


del ModuleTestCase
