# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""« Annuler et recalculer » (§2.1.5.2): a contested invoice cancelled
before its transfer and billed again, with the days it billed given back
exactly; refused once paid or billed again. Amounts from test_module's
grids: canteen 2.50 € at QF 800, 4.00 € at QF 1,200, -10 % for Tom."""
import datetime
from decimal import Decimal as D

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.pyson import PYSONDecoder
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction
from trytond.transaction import Transaction
from .tools import (
    OCT, attend, balance, bill, city, date, enrol, martin,
    october_invoice, setup, take)


def recompute(invoice, reason, invoice_date):
    "The wizard as a billing agent fills it; returns the invoices shown."
    pool = Pool()
    Recompute = pool.get('sitiv.invoice.recompute', type='wizard')
    Invoice = pool.get('account.invoice')
    session_id, _, _ = Recompute.create()
    with Transaction().set_context(active_model='account.invoice',
            active_id=invoice.id, active_ids=[invoice.id]):
        result = Recompute.execute(session_id, {'start': {
                    'invoice': invoice.id, 'reason': reason,
                    'invoice_date': invoice_date}}, 'recompute')
    (action, _), = result['actions']
    (_, _, ids), = PYSONDecoder().decode(action['pyson_domain'])
    return Invoice.browse(ids)


class RecomputeTestCase(test_tryton._DBTestCase):
    "Cancel and recompute a family invoice"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_contested_invoice_cancelled_and_recomputed(self):
        "5 October was excused after all: 21.35 € becomes 18.85 €"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, regie = setup()
        with set_company(company):
            family, parent, old = october_invoice(company)
            fifth, = Attendance.search([('date', '=', date(5)),
                    ('child.first_name', '=', "Léa")])
            Attendance.mark_absent_excused([fifth])
            new, shown = recompute(old, "Certificat médical du 5/10.",
                date(10, 11))
            november = bill(company, date(1, 11))

        self.assertEqual(shown, old)
        self.assertEqual(old.state, 'cancelled')
        self.assertEqual(old.number, 'F2026-000001')
        self.assertEqual(old.sitiv_cancel_reason,
            "Certificat médical du 5/10.")
        self.assertEqual(new.number, 'F2026-000002')
        self.assertEqual(new.state, 'posted')
        self.assertEqual(new.sitiv_replaces, old)
        self.assertEqual(new.invoice_date, date(10, 11))
        self.assertEqual(new.total_amount, D('18.85'))
        self.assertEqual(new.party, parent)
        fifth = Attendance(fifth.id)
        self.assertEqual(fifth.billing_state, 'billed')
        self.assertEqual(fifth.billed_amount, D('0'))
        self.assertEqual(fifth.invoice_line.invoice, new)
        # Nothing of October is left to regularise.
        self.assertEqual(november.invoice_count, 0)
        self.assertEqual(november.regularisation_count, 0)
        # The cancelled invoice owes nothing: its move is reversed.
        receivable = sum(l.debit - l.credit
            for l in old.move.lines + old.cancel_move.lines
            if l.account == old.account)
        self.assertEqual(receivable, D('0'))

    @with_transaction()
    def test_regularising_invoice_given_back_exactly(self):
        "December regularised October: cancelling it restores October"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Invoice = pool.get('account.invoice')
        company, canteen, club = city()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            enrolment = enrol(family, lea, canteen)
            october = attend(enrolment, {date(1): 'present',
                    date(2): 'present'})
            october_invoice, = bill(company, OCT).invoices
            Attendance.mark_absent_excused([october[1]])
            attend(enrolment, {date(1, 12): 'present'})
            december, = bill(company, date(1, 12)).invoices
            self.assertEqual(december.total_amount, D('1.50'))

            Invoice.cancel([december])
            second = Attendance(october[1].id)
            self.assertEqual(second.billing_state, 'to_regularise')
            self.assertEqual(second.billed_amount, D('2.50'))
            self.assertEqual(second.invoice_line.invoice, october_invoice)
            first_december, = Attendance.search([('date', '=', date(1, 12))])
            self.assertEqual(first_december.billing_state, 'to_bill')
            self.assertIsNone(first_december.billed_amount)

            again = bill(company, date(1, 12), household=family.id)
        redone, = again.invoices
        self.assertEqual(redone.total_amount, D('1.50'))
        self.assertEqual(again.regularisation_count, 1)
        self.assertEqual(sorted(l.amount for l in redone.lines),
            [D('-2.50'), D('4.00')])

    @with_transaction()
    def test_cancel_refused_once_paid_or_billed_again(self):
        "A paid invoice, or one whose days were billed again, stays"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Invoice = pool.get('account.invoice')
        company, regie = setup()
        with set_company(company):
            family, parent, october = october_invoice(company)
            fifth, = Attendance.search([('date', '=', date(5)),
                    ('child.first_name', '=', "Léa")])
            Attendance.mark_absent_excused([fifth])
            # November only gives 2.50 € back: a credit note.
            november, = bill(company, date(1, 11)).invoices
            with self.assertRaisesRegex(AccessError, "AV2026-00001"):
                Invoice.cancel([october])

            take(family, parent, D('1.00'), 'cash', regie)
            with self.assertRaisesRegex(AccessError, "déjà été réglée"):
                Invoice.cancel([october])
        self.assertEqual(october.state, 'posted')
        self.assertEqual(Attendance(fifth.id).invoice_line.invoice, november)

    @with_transaction()
    def test_billing_agent_recomputes_under_access_checks(self):
        "The wizard works for a billing agent of the city, not of another"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        company, regie = setup()
        other, _, _ = city("Ville B")
        with set_company(company):
            family, parent, old = october_invoice(company)

        def agent(login, city):
            user, = User.create([{'name': login, 'login': login,
                        'companies': [('add', [city.id])],
                        'company': city.id,
                        'groups': [('add', [ModelData.get_id(
                                        'sitiv_facturation',
                                        'group_billing_agent')])]}])
            return user
        for user, allowed in [(agent('agent.b', other), False),
                (agent('agent.a', company), True)]:
            with Transaction().set_user(user.id), \
                    Transaction().set_context(_check_access=True,
                        company=user.company.id,
                        companies=[user.company.id]):
                if not allowed:
                    with self.assertRaises(Exception):
                        recompute(old, "Erreur de saisie.",
                            datetime.date(2026, 11, 10))
                    continue
                new, _ = recompute(old, "Erreur de saisie.",
                    datetime.date(2026, 11, 10))
        self.assertEqual(new.total_amount, D('21.35'))
        self.assertEqual(new.sitiv_replaces, old)
        self.assertEqual(old.state, 'cancelled')

    @with_transaction()
    def test_billing_agent_credits_an_invoice(self):
        "After the transfer, a billing agent credits the invoice instead"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        Credit = pool.get('account.invoice.credit', type='wizard')
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
        agent, = User.create([{'name': "Agent", 'login': 'agent.credit',
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'groups': [('add', [ModelData.get_id(
                                    'sitiv_facturation',
                                    'group_billing_agent')])]}])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True,
                    company=company.id, companies=[company.id],
                    active_model='account.invoice', active_id=invoice.id,
                    active_ids=[invoice.id]):
            session_id, _, _ = Credit.create()
            Credit.execute(session_id, {'start': {
                        'with_refund': True, 'with_refund_allowed': True,
                        'invoice_date': None}}, 'credit')
        Invoice = pool.get('account.invoice')
        credit, = Invoice.search([('total_amount', '<', 0)])
        self.assertEqual(credit.total_amount, D('-21.35'))
        self.assertIn(credit.state, {'posted', 'paid'})
        self.assertEqual(Invoice(invoice.id).state, 'cancelled')
        self.assertEqual(balance(company, '411', parent), D('0'))
