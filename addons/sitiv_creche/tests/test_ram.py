# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The Relais petite enfance (spec 003 §2.1.3.2): agréments and their
places by age, absences, the search of a place, the days done and the
payroll variables exported to HR and imported back (a bad file refused
whole, the same file twice changing nothing)."""
import datetime
from decimal import Decimal as D

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from sitiv_activite.tests.tools import person

from .tools import creche_city, date, time

HEADER = ("Matricule;Nom;Mois;Heures prévues;Heures réalisées;"
    "Jours d'accueil;Enfants accueillis;Repas;Jours d'absence\r\n")


def sophie(company):
    """Sophie BERNARD, agreed for 4 children of whom 1 under 18 months,
    absent 9-13 November 2026, with Jules (17 months on 2 November)
    Monday to Thursday 8:00-17:00."""
    pool = Pool()
    Assistant = pool.get('sitiv.ram.assistant')
    Placement = pool.get('sitiv.ram.placement')
    assistant, = Assistant.create([{'company': company.id,
                'party': person("BERNARD", "Sophie",
                    datetime.date(1980, 2, 2)).id,
                'employee_number': 'AM042',
                'agrements': [('create', [{'kind': 'renewal',
                                'start_date': datetime.date(2024, 9, 1),
                                'end_date': datetime.date(2029, 8, 31),
                                'places': 4, 'places_babies': 1}])],
                'absences': [('create', [{'start_date': date(9),
                                'end_date': date(13),
                                'reason': "Formation"}])],
                }])
    jules = person("LEROY", "Jules", datetime.date(2025, 6, 1))
    placement, = Placement.create([{'assistant': assistant.id,
                'child': jules.id, 'start_date': date(1, 9),
                'days': [('create', [{'weekday': str(d),
                                'start_time': time('08:00'),
                                'end_time': time('17:00')}
                            for d in range(4)])],
                'done': [('create', [
                            {'date': date(2), 'start_time': time('08:00'),
                                'end_time': time('17:00'), 'meals': 1},
                            {'date': date(3), 'start_time': time('08:00'),
                                'end_time': time('16:30'), 'meals': 1},
                            {'date': date(4), 'absent': True}])],
                }])
    return assistant, placement


class RamTestCase(test_tryton._DBTestCase):
    "Relais petite enfance"
    module = 'sitiv_creche'
    language = 'fr'

    @with_transaction()
    def test_places_and_search(self):
        "Places by age, absences, a fifth child refused"
        pool = Pool()
        Search = pool.get('sitiv.ram.search', type='wizard')
        Placement = pool.get('sitiv.ram.placement')
        company, canteen, structure = creche_city()
        with set_company(company):
            assistant, placement = sophie(company)
            self.assertEqual(assistant.places_free(date(2), 30), 3)
            # Her only place under 18 months is Jules's.
            self.assertEqual(assistant.places_free(date(2), 6), 0)
            self.assertEqual(assistant.places_free(date(10), 30), 0)

            def found(day, birth):
                session, _, _ = Search.create()
                result = Search.execute(session, {'start': {'date': day,
                                'birth_date': birth}}, 'open_')
                action = result['actions'][0][0]
                return action['pyson_domain']
            self.assertIn(str(assistant.id),
                found(date(2), datetime.date(2024, 1, 1)))
            self.assertNotIn(str(assistant.id),
                found(date(2), datetime.date(2026, 5, 1)))
            self.assertNotIn(str(assistant.id),
                found(date(10), datetime.date(2024, 1, 1)))
            for index in range(3):
                Placement.create([{'assistant': assistant.id,
                            'child': person("ENFANT", f"N{index}",
                                datetime.date(2024, 1, 1)).id,
                            'start_date': date(1)}])
            with self.assertRaises(ValidationError) as error:
                Placement.create([{'assistant': assistant.id,
                            'child': person("ENFANT", "N4",
                                datetime.date(2024, 1, 1)).id,
                            'start_date': date(1)}])
            self.assertIn("n'a pas de place", error.exception.message)

    @with_transaction()
    def test_payroll_export_and_import(self):
        "November's variables for HR, then HR's corrections read back"
        pool = Pool()
        Export = pool.get('sitiv.ram.payroll.export', type='wizard')
        Import = pool.get('sitiv.ram.payroll.import')
        Payroll = pool.get('sitiv.ram.payroll')
        Attachment = pool.get('ir.attachment')
        company, canteen, structure = creche_city()
        with set_company(company), Transaction().set_context(
                company=company.id):
            assistant, placement = sophie(company)
            session, _, _ = Export.create()
            result = Export.execute(session, {'start': {
                        'month': date(15)}}, 'export')
            values = result['view']['defaults']
            # Monday to Thursday in November but her week of absence:
            # 13 days × 9 h = 117 h planned; 9 h + 8,5 h done on 2 days.
            self.assertEqual(values['file'].decode('utf-8'), HEADER
                + "AM042;BERNARD Sophie;11/2026;117,00;17,50;2;1;2;5\r\n")
            self.assertEqual(values['filename'], 'variables_paie_202611.csv')

            corrected = (HEADER
                + "AM042;BERNARD Sophie;11/2026;117,00;18,00;2;1;2;5\r\n"
                ).encode('utf-8')
            report = Import.import_file(company, 'retour.csv', corrected)
            self.assertEqual((report.state, report.updated), ('done', 1))
            line, = Payroll.search([('assistant', '=', assistant.id)])
            self.assertEqual((line.hours, line.source),
                (D('18.00'), 'imported'))
            again = Import.import_file(company, 'retour.csv', corrected)
            self.assertEqual((again.unchanged, again.updated), (1, 0))
            # A computed month never overwrites HR's figures.
            Payroll.compute(company, date(1))
            self.assertEqual(Payroll(line.id).hours, D('18.00'))

            bad = (HEADER
                + "AM042;BERNARD Sophie;12/2026;10,00;9,00;1;1;0;0\r\n"
                + "AM999;INCONNUE;12/2026;1,00;1,00;1;1;0;0\r\n"
                + "AM042;BERNARD Sophie;2026-12;1,00;1,00;1;1;0;0\r\n"
                ).encode('utf-8')
            refused = Import.import_file(company, 'faux.csv', bad)
            self.assertEqual(refused.state, 'refused')
            self.assertIn("ligne 3, « Matricule » : aucune assistante "
                "maternelle de la commune n'a le matricule AM999",
                refused.message)
            self.assertIn("ligne 4, « Mois » : « 2026-12 » n'est pas un "
                "mois MM/AAAA", refused.message)
            # Nothing of the refused file is stored; it is archived.
            self.assertEqual(len(Payroll.search([])), 1)
            self.assertEqual(len(Attachment.search([
                            ('resource', '=', str(refused))])), 1)
