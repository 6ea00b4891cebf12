# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the crèche reports to the CAF (issue 20): the month's hours and
taux de facturation, the FILOUE file and the places free for
monenfant.fr, compared with files written by hand in tests/golden from
the column tables of hestia/flatfile/layouts/filoue.py and monenfant.py:
Emma's November (135 h contracted − 18 h hospitalised + 1 h beyond =
118 h billed, 27,33 h clocked, 213,58 €) and Léo's (64,17 h of contract
and 3 h of adaptation = 67,17 h, 3 h clocked, 290,85 €; his family objects
to FILOUE)."""
import datetime
import pathlib
from decimal import Decimal as D

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction

from sitiv_facturation.tests.tools import bill

from .tools import (
    clock, contract, creche_city, date, emma_contract, family, proof)

GOLDEN = pathlib.Path(__file__).parent / 'golden'


def november(company, structure):
    "Emma's and Léo's Novembers, billed."
    pool = Pool()
    Contract = pool.get('sitiv.creche.contract')
    Deduction = pool.get('sitiv.creche.deduction')
    structure.caf_number = '690123456'
    structure.street = "12 rue des Lilas"
    structure.save()
    emma, household, _, _ = emma_contract(company, structure)
    parent, = household.heads
    parent.allocataire_number = '1234567'
    parent.allocataire_regime = 'caf'
    parent.save()
    clock(emma, {date(2): ('08:30', '17:40'), date(3): ('08:20', '17:30'),
            date(9): ('08:30', '17:30')})
    deduction, = Deduction.create([{'contract': emma.id,
                'reason': 'hospitalisation', 'start_date': date(5),
                'end_date': date(6), 'document': proof(household).id}])
    Deduction.confirm([deduction])
    dupont, (child,) = family(company, "DUPONT",
        [("Léo", datetime.date(2026, 1, 15))], D('90000'))
    parent, = dupont.heads
    parent.allocataire_regime = 'msa'
    parent.save()
    leo = contract(dupont, child, structure,
        [(d, '09:00', '16:00') for d in range(5)], date(16),
        date(15, 7, 2027), weeks=D('30'), months=D('9'),
        filoue_objection=True)
    clock(leo, {date(9): ('09:00', '10:00'), date(10): ('09:00', '11:00')},
        adaptation=True)
    Contract.start([leo])
    bill(company, date(1))
    return emma, leo


class CafTestCase(test_tryton._DBTestCase):
    "Crèche reporting to the CAF"
    module = 'sitiv_creche'
    language = 'fr'

    @with_transaction()
    def test_month_and_billing_rate(self):
        "Hours contracted, billed, attended and the taux de facturation"
        CafMonth = Pool().get('sitiv.creche.caf_month')
        company, canteen, structure = creche_city()
        with set_company(company):
            november(company, structure)
            month, = CafMonth.search([])
            self.assertEqual((month.structure, month.period, month.children,
                    month.contracted_hours, month.billed_hours,
                    month.attended_hours, month.amount), (
                    structure, "novembre 2026", 2, D('199.17'),
                    D('185.17'), D('30.33'), D('504.43')))
            # 185,17 ÷ 30,33 = 610,52 % (few days clocked in the test).
            self.assertEqual(month.billing_rate, D('610.52'))
            self.assertEqual(month.band, 'high')

    @with_transaction()
    def test_filoue_file(self):
        "The FILOUE file of 2026, byte for byte"
        pool = Pool()
        Export = pool.get('sitiv.creche.caf_export', type='wizard')
        company, canteen, structure = creche_city()
        with set_company(company):
            november(company, structure)
            session, _, _ = Export.create()
            result = Export.execute(session, {'start': {
                        'company': company.id, 'kind': 'filoue',
                        'year': 2026}}, 'export')
            values = result['view']['defaults']
            self.assertEqual(values['filename'], 'FILOUE_2026.csv')
            self.assertEqual(values['file'],
                (GOLDEN / 'FILOUE_2026.csv').read_bytes())
            self.assertIn("2 enfant(s)", values['summary'])
            # A year without billed months: the header alone.
            session, _, _ = Export.create()
            result = Export.execute(session, {'start': {
                        'company': company.id, 'kind': 'filoue',
                        'year': 2025}}, 'export')
            self.assertEqual(result['view']['defaults']['file'].count(
                    b'\r\n'), 1)

    @with_transaction()
    def test_monenfant_file(self):
        "The places free, byte for byte; another city's is refused"
        pool = Pool()
        Export = pool.get('sitiv.creche.caf_export', type='wizard')
        company, canteen, structure = creche_city()
        with set_company(company):
            november(company, structure)
            session, _, _ = Export.create()
            result = Export.execute(session, {'start': {
                        'company': company.id, 'kind': 'monenfant',
                        'start_date': date(1), 'end_date': date(3)}},
                'export')
            self.assertEqual(result['view']['defaults']['file'],
                (GOLDEN / 'monenfant_20261102.csv').read_bytes())
        other = create_company("Ville de Vaulx-en-Velin")
        User = pool.get('res.user')
        user, = User.create([{'name': "Agent Vaulx", 'login': 'vaulx',
                    'companies': [('add', [other.id])],
                    'company': other.id}])
        with Transaction().set_user(user.id), Transaction().set_context(
                company=other.id, _check_access=True):
            session, _, _ = Export.create()
            with self.assertRaises(AccessError):
                Export.execute(session, {'start': {
                            'company': company.id, 'kind': 'filoue',
                            'year': 2026}}, 'export')

