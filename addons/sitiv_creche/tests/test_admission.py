# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""From pre-registration to admission (spec 003 §2.1.3.1): incomplete
files, the city's points, the committee's ranking and offers within the
places free, the contract made from the wished planning without typing it
again, search by parents and birth date."""
import datetime
from decimal import Decimal as D

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction

from .tools import FOUR_DAYS, contract, creche_city, family, time


def apply(household, child, wished, request, choices, **values):
    Application = Pool().get('sitiv.creche.application')
    application, = Application.create([dict({
                    'company': household.company.id,
                    'household': household.id, 'child': child.id,
                    'request_date': request, 'wished_date': wished,
                    'days': [('create', [{'weekday': str(d),
                                    'start_time': time(a),
                                    'end_time': time(b)}
                                for d, a, b in FOUR_DAYS])],
                    'choices': [('create', [{'sequence': i,
                                    'structure': s.id}
                                for i, s in enumerate(choices)])],
                    }, **values)])
    return application


class AdmissionTestCase(test_tryton._DBTestCase):
    "Crèche admission"
    module = 'sitiv_creche'
    language = 'fr'

    @with_transaction()
    def test_committee_offers_places_by_points(self):
        "Three requests, two places: ranked by points, offered, admitted"
        pool = Pool()
        Structure = pool.get('sitiv.creche.structure')
        Contract = pool.get('sitiv.creche.contract')
        Application = pool.get('sitiv.creche.application')
        Committee = pool.get('sitiv.creche.committee')
        company, canteen, lucioles = creche_city()
        with set_company(company):
            lucioles.agrement_places = 2
            lucioles.save()
            pitchouns, = Structure.create([{'company': company.id,
                        'name': "Les Pitchouns", 'code': 'PIT',
                        'agrement_places': 1}])
            # One place of Les Lucioles is taken in September.
            taken, (older,) = family(company, "ROUX",
                [("Jade", datetime.date(2025, 1, 1))], D('30000'))
            Contract.start([contract(taken, older, lucioles, FOUR_DAYS,
                        datetime.date(2026, 1, 5),
                        datetime.date(2027, 7, 31))])
            martin, (emma,) = family(company, "MARTIN",
                [("Emma", datetime.date(2026, 3, 1))], D('42000'))
            petit, (hugo,) = family(company, "PETIT",
                [("Hugo", datetime.date(2026, 2, 1))], D('25000'))
            dubois, (lina,) = family(company, "DUBOIS",
                [("Lina", datetime.date(2026, 1, 20))], None)
            dubois.residence_city = "Lyon"
            dubois.save()
            september = datetime.date(2026, 9, 1)
            emma_request = apply(martin, emma, september,
                datetime.date(2026, 3, 1), [lucioles],
                social_priority=True)
            hugo_request = apply(petit, hugo, september,
                datetime.date(2026, 1, 15), [lucioles, pitchouns])
            lina_request = apply(dubois, lina, september,
                datetime.date(2025, 12, 1), [lucioles])
            # Lina's file lacks the household's resources.
            self.assertFalse(emma_request.incomplete)
            self.assertTrue(lina_request.incomplete)
            self.assertIn("Les ressources du foyer en vigueur le 01/09/2026",
                lina_request.missing)
            Application.submit([emma_request, hugo_request, lina_request])

            committee, = Committee.create([{'company': company.id,
                        'name': "Commission de juin",
                        'date': datetime.date(2026, 6, 15)}])
            Committee.fill([committee])
            Committee.fill([committee])  # never twice
            # Emma 30 (lives here) + 20 (social) + 3 months = 53; Hugo 30
            # + 5 months = 35; Lina (Lyon) 6 months = 6.
            self.assertEqual([(i.application, i.score, i.rank)
                    for i in committee.items], [
                    (emma_request, 53, 1), (hugo_request, 35, 2),
                    (lina_request, 6, 3)])
            Committee.propose([committee])
            # Les Lucioles has one place left: Emma; Hugo gets his second
            # wish; Lina waits.
            self.assertEqual([(i.decision, i.structure) for i in
                    Committee(committee.id).items], [
                    ('offer', lucioles), ('offer', pitchouns),
                    ('waiting', None)])
            Committee.close([committee])
            self.assertEqual([a.state for a in Application.browse(
                        [emma_request, hugo_request, lina_request])],
                ['offered', 'offered', 'waiting'])

            # Emma's family accepts: the contract comes from the request.
            Application.admit([emma_request])
            made = emma_request.contract
            self.assertEqual((made.structure, made.child, made.start_date,
                    made.state), (lucioles, emma, september, 'draft'))
            self.assertEqual(sorted((d.weekday, d.start_time, d.end_time)
                    for d in made.days), [(str(d), time(a), time(b))
                    for d, a, b in FOUR_DAYS])
            # Until school: 31 August 2029 (born 2026); the family asks for
            # one year.
            self.assertEqual(made.end_date, datetime.date(2029, 8, 31))
            made.end_date = datetime.date(2027, 8, 31)
            made.weeks = D('45')
            made.save()
            Contract.start([made])
            # One child: 3 500 × 0,0619 % = 2,1665 → 2,17 €; 135 h a month.
            self.assertEqual(made.monthly_amount, D('292.95'))
            # Hugo's family declines: back on the waiting list later.
            Application.decline([hugo_request])
            Application.wait([hugo_request])
            self.assertEqual((hugo_request.state,
                    hugo_request.offered_structure), ('waiting', None))

            # Search by parent, birth date, number.
            self.assertEqual(Application.search(
                    [('parents', 'ilike', '%PETIT%')]), [hugo_request])
            self.assertEqual(Application.search([('birth_date', '=',
                            datetime.date(2026, 1, 20))]), [lina_request])
            self.assertEqual(Application.search([('rec_name', 'ilike',
                            emma_request.number)]), [emma_request])

    @with_transaction()
    def test_committee_checks(self):
        "An undecided application stops the closing; no crèche, no list"
        pool = Pool()
        Application = pool.get('sitiv.creche.application')
        Committee = pool.get('sitiv.creche.committee')
        Item = pool.get('sitiv.creche.committee.item')
        company, canteen, lucioles = creche_city()
        with set_company(company):
            martin, (emma,) = family(company, "MARTIN",
                [("Emma", datetime.date(2026, 3, 1))], D('42000'))
            request = apply(martin, emma, datetime.date(2026, 9, 1),
                datetime.date(2026, 3, 1), [])
            with self.assertRaises(ValidationError) as error:
                Application.submit([request])
            self.assertIn("n'indique aucune crèche", error.exception.message)
            request.choices = [{'structure': lucioles.id}]
            request.save()
            Application.submit([request])
            committee, = Committee.create([{'company': company.id,
                        'name': "Commission", 'date': datetime.date(2026, 6, 1),
                        'items': [('create', [{'application': request.id}])],
                        }])
            with self.assertRaises(ValidationError) as error:
                Committee.close([committee])
            self.assertIn("n'a pas décidé", error.exception.message)
            item, = committee.items
            Item.write([item], {'decision': 'waiting'})
            Committee.close([committee])
            self.assertEqual(Application(request.id).state, 'waiting')

