# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Mensualisation (§2.1.5.2): three equal instalments from October to
December, then the real days of the contract less the instalments.
Canteen from test_module: 2.50 € at QF 800 (until 8 October), 4.00 € at
QF 1,200 after."""
from decimal import Decimal as D

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from .tools import OCT, attend, bill, city, date, enrol, martin


class InstalmentTestCase(test_tryton._DBTestCase):
    "Enrolments billed in monthly instalments"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_three_instalments_then_the_real_days(self):
        "7.00 € a month, then 17.00 € attended less 14.00 € = 3.00 €"
        pool = Pool()
        Enrolment = pool.get('sitiv.enrolment')
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            enrolment = enrol(family, lea, canteen, end_date=date(31, 12),
                instalment=True, instalment_count=3,
                instalment_amount=D(0))
            days = attend(enrolment, {
                    date(1): 'present', date(2): 'present',  # 2 × 2.50
                    date(2, 11): 'present', date(3, 11): 'present',
                    date(1, 12): 'present', date(2, 12): 'present',
                    })  # 4 × 4.00
            Enrolment.compute_instalment([enrolment])
            self.assertEqual(enrolment.instalment_amount, D('7.00'))

            october = bill(company, OCT)
            october_again = bill(company, OCT)
            november = bill(company, date(1, 11))
            # Until the end of the contract the days wait, unbilled.
            self.assertEqual(Attendance(days[0].id).billing_state, 'to_bill')
            Attendance.mark_absent_excused([days[-1]])
            december = bill(company, date(1, 12))
            december_again = bill(company, date(1, 12))

        first, = october.invoices
        self.assertEqual(first.total_amount, D('7.00'))
        line, = first.lines
        self.assertEqual(line.sitiv_kind, 'instalment')
        self.assertEqual(line.sitiv_enrolment, enrolment)
        self.assertIn("Mensualité 1 sur 3", line.description)
        self.assertEqual(october_again.invoice_count, 0)
        second, = november.invoices
        self.assertEqual(second.total_amount, D('7.00'))
        self.assertIn("Mensualité 2 sur 3", second.lines[0].description)

        last, = december.invoices
        amounts = sorted((l.sitiv_kind, l.quantity, l.unit_price)
            for l in last.lines)
        self.assertEqual(amounts, [
                ('instalment', 1.0, D('-14.0000')),
                ('service', 2.0, D('2.5000')),
                ('service', 3.0, D('4.0000')),
                ])
        self.assertEqual(last.total_amount, D('3.00'))
        self.assertEqual(december.regularisation_count, 1)
        self.assertEqual(december_again.invoice_count, 0)
        self.assertEqual(
            {Attendance(d.id).billing_state for d in days}, {'billed'})

    @with_transaction()
    def test_instalments_need_an_end_date(self):
        "A mensualised contract without an end cannot be regularised"
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            with self.assertRaisesRegex(ValidationError, "date de fin"):
                enrol(family, lea, canteen, instalment=True,
                    instalment_count=10, instalment_amount=D('30'))
