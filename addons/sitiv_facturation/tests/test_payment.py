# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Payments of family invoices (spec 003 §2.1.5.3): the counter with its
receipt and deposit slips, advances and refunds, direct debit with a
rejection, PayFiP with a test double of the DGFiP service.  The invoice
of every test is the MARTIN family's October: 21.35 € (test_module)."""
import datetime
from decimal import Decimal as D

from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.sendmail import SMTPDataManager
from trytond.tests.test_tryton import RouteTestCase, with_transaction
from trytond.transaction import Transaction

from hestia.testing import SMTPServer
from hestia_base.testing import LockingRouteTestCase, odt_text, pdf_pages

from .payfip_double import fake_payfip
from .tools import (
    OCT, TODAY, attend, balance, bill, counter, date, enrol, fresh,
    household, mandate, martin, october_invoice, person, sepa_city, setup,
    take)


class SitivPaymentTestCase(RouteTestCase):
    "Payments of family invoices"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_counter_payment_receipt_and_deposit_slip(self):
        "A cheque and cash at the counter, a receipt, two deposit slips"
        pool = Pool()
        Payment = pool.get('sitiv.payment')
        Deposit = pool.get('sitiv.payment.deposit')
        Receipt = pool.get('sitiv.payment.receipt', type='report')
        Slip = pool.get('sitiv.payment.deposit.slip', type='report')
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            due, last = counter(regie, family, 'cheque', D('10.00'),
                reference="0001234", bank="La Banque Postale")
            self.assertEqual(due, D('21.35'))
            self.assertEqual(last, "REG-000001 — MARTIN — 10,00 €")
            invoice = fresh(invoice)
            self.assertEqual(invoice.state, 'posted')
            self.assertEqual(invoice.amount_to_pay, D('11.35'))
            # Cash above what is due: the rest is the family's advance.
            due, last = counter(regie, family, 'cash', D('20.00'))
            self.assertEqual(due, D('11.35'))
            cash, cheque = Payment.search([], order=[('id', 'DESC')])
            invoice = fresh(invoice)
            self.assertEqual(invoice.state, 'paid')
            self.assertEqual(cash.advance, D('8.65'))
            self.assertEqual(Payment.household_credit(family, parent),
                D('8.65'))
            self.assertEqual(cash.agent.id, Transaction().user)
            # What the system records names no agent (never « Root »).
            with Transaction().set_user(0):
                self.assertIsNone(Payment.default_agent())
            self.assertEqual(
                [(a.payment.mode, a.amount) for a in invoice.sitiv_payments],
                [('cheque', D('10.00')), ('cash', D('11.35'))])
            ext, pdf, _, _ = Receipt.execute([cash.id], {})
            receipt = odt_text(Receipt.render(*self.report(
                        Receipt, 'sitiv.payment.receipt', [cash.id])))

            cheques, = Deposit.create([{'company': company.id,
                        'regie': regie.id, 'mode': 'cheque'}])
            Deposit.fill([cheques])
            self.assertEqual(cheques.payments, (cheque,))
            Deposit.done([cheques])
            rest, = Deposit.create([{'company': company.id,
                        'regie': regie.id}])
            Deposit.fill([rest])
            self.assertEqual(rest.payments, (cash,))
            self.assertEqual(rest.amount, D('20.00'))
            Deposit.done([rest])
            slip = odt_text(Slip.render(*self.report(
                        Slip, 'sitiv.payment.deposit.slip', [cheques.id])))
            # The régie handed everything to the Trésor.
            self.assertEqual(balance(company, '5411'), D('0'))
            self.assertEqual(balance(company, '515'), D('30.00'))
            cash, cheque = fresh(cash), fresh(cheque)
            self.assertEqual({cash.state, cheque.state}, {'deposited'})
            self.assertEqual(cheques.number, f'REG-V{TODAY.year}-0001')
            self.assertEqual(rest.number, f'REG-V{TODAY.year}-0002')
            with self.assertRaises(AccessError):
                Payment.write([cheque], {'amount': D('1.00')})
            Payment.cancel([cheque])
            self.assertEqual(fresh(cheque).state, 'deposited')
            with self.assertRaises(UserError):
                Deposit.delete([cheques])

        self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))
        printed = ' '.join(pdf_pages(pdf, 'payment_receipt').split())
        for text in ["Reçu REG-000002", "reçu : 20,00 € par espèces",
                "F2026-000001 octobre 2026 11,35 €", "vaut quittance"]:
            self.assertIn(text, printed)
        self.assertNotIn("Root", printed)
        for text in ["Reçu REG-000002", "20,00 €", "MARTIN", "espèces",
                "11,35 €", "8,65 €"]:
            self.assertIn(text.encode('utf-8'), receipt)
        for text in ["Bordereau de versement REG-V", "0001234", "Chèque",
                "10,00 €"]:
            self.assertIn(text.encode('utf-8'), slip)

    def report(self, Report, name, ids):
        ActionReport = Pool().get('ir.action.report')
        action, = ActionReport.search([('report_name', '=', name)])
        records = Report._get_records(ids, action.model, {})
        return action, Report.get_context(records, {}, {})

    @with_transaction()
    def test_cancel_reopens_the_invoice(self):
        "A payment cancelled before its deposit reopens the invoice"
        Invoice = Pool().get('account.invoice')
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            payment = take(family, parent, D('21.35'), 'cheque', regie)
            self.assertEqual(fresh(invoice).state, 'paid')
            type(payment).cancel([payment])
            invoice = Invoice(invoice.id)
            self.assertEqual(fresh(payment).state, 'cancelled')
            self.assertEqual(invoice.state, 'posted')
            self.assertEqual(invoice.amount_to_pay, D('21.35'))
            self.assertEqual(invoice.sitiv_payments, ())
            self.assertEqual(balance(company, '5411'), D('0'))

    @with_transaction()
    def test_advance_used_then_refunded_in_mass(self):
        "An advance pays a later invoice; what is left is refunded"
        pool = Pool()
        Payment = pool.get('sitiv.payment')
        Refund = pool.get('sitiv.payment.refund', type='wizard')
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            take(family, parent, D('50.00'), 'cash', regie)
            self.assertEqual(Payment.household_credit(family, parent),
                D('28.65'))
            with self.assertRaises(UserError):
                take(family, parent, D('30.00'), 'advance')
            session_id, _, _ = Refund.create()
            with Transaction().set_context(active_model='sitiv.household',
                    active_ids=[family.id], active_id=family.id):
                wizard = Refund(session_id)
                wizard.start.company = company
                wizard.start.date = TODAY
                wizard.start.mode = 'transfer'
                wizard.start.regie = None
                self.assertEqual(wizard.transition_refund(), 'document')
                refund, = Payment.search([('kind', '=', 'refund')])
                self.assertEqual((refund.amount, refund.state),
                    (D('28.65'), 'posted'))
                self.assertEqual(Payment.household_credit(family, parent),
                    D(0))
                with self.assertRaises(UserError):
                    wizard.transition_refund()

    @with_transaction()
    def test_advance_pays_the_next_invoice(self):
        "Mode « Avance utilisée »: the credit settles an invoice"
        Payment = Pool().get('sitiv.payment')
        Enrolment = Pool().get('sitiv.enrolment')
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            take(family, parent, D('30.00'), 'cash', regie)
            self.assertEqual(fresh(invoice).amount_to_pay, D('0'))
            self.assertEqual(Payment.household_credit(family, parent),
                D('8.65'))
            # Léa's canteen on Tuesday 3 November at QF 1,200: 4.00 €.
            lea_canteen, = Enrolment.search([
                    ('child.first_name', '=', "Léa")])
            attend(lea_canteen, {date(3, 11): 'present'})
            november, = bill(company, date(1, 11)).invoices
            self.assertEqual(november.total_amount, D('4.00'))
            with self.assertRaises(UserError):
                # An advance pays invoices; it is no payment of its own.
                take(family, parent, D('5.00'), 'advance')
            take(family, parent, D('4.00'), 'advance')
            self.assertEqual(fresh(november).state, 'paid')
            self.assertEqual(Payment.household_credit(family, parent),
                D('4.65'))

    @with_transaction()
    def test_reminders_by_email_for_the_overdue(self):
        "Overdue family invoices are reminded by email, per run or activity"
        pool = Pool()
        Email = pool.get('ir.email')
        Dunning = pool.get('account.dunning')
        from ..dunning import remind
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            parent.contact_mechanisms = [{'type': 'email',
                    'value': 'claire.martin@example.fr'}]
            parent.save()
            # Due on 16/11 (15 days after the invoice): not yet on 30/11.
            self.assertEqual(remind(company, date(30, 11)), [])
            other_run = bill(company, date(1, 9))
            self.assertEqual(
                remind(company, date(2, 12), billing_run=other_run), [])
            outbox = SMTPDataManager()
            dunning, = remind(company, date(2, 12),
                activity=martin.canteen, datamanager=outbox)
            self.assertEqual(dunning.state, 'waiting')
            self.assertEqual(dunning.sitiv_invoice, invoice)
            self.assertEqual(dunning.sitiv_household, family)
            email, = Email.search([])
            # Sent once: the next run finds nothing new to send.
            self.assertEqual(remind(company, date(3, 12)), [])
            self.assertEqual(Dunning.search([], count=True), 1)
        self.assertIn('claire.martin@example.fr', email.recipients)
        self.assertEqual(email.subject,
            "Relance : facture F2026-000001 — Ville de Rillieux-la-Pape")
        (_, _, message), = outbox.queue
        self.assertIn('claire.martin@example.fr', message['To'])
        body = message.get_content()
        self.assertIn("reste à régler : <strong>21,35 €</strong>", body)
        self.assertIn("échue le 16/11/2026", body)
        # Sent as a commit sends it, to the suite's SMTP server.
        server = SMTPServer.running
        before = len(server.messages)
        outbox.tpc_vote(None)
        outbox.tpc_finish(None)
        (_, recipients, received), = server.messages[before:]
        self.assertEqual(recipients, ['claire.martin@example.fr'])
        self.assertEqual(received['Subject'],
            "Relance : facture F2026-000001 — Ville de Rillieux-la-Pape")
        self.assertIn("21,35 €", received.get_body(('html',)).get_content())

    @with_transaction()
    def test_billing_agent_reminds_the_city(self):
        "A billing agent runs « Relancer les familles » under access checks"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        Send = pool.get('sitiv.dunning.send', type='wizard')
        company, regie = setup()
        with set_company(company):
            october_invoice(company)
        agent, = User.create([{
                    'name': "Agent", 'login': 'billing.a',
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'groups': [('add', [ModelData.get_id(
                                    'sitiv_facturation',
                                    'group_billing_agent')])],
                    }])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True,
                    company=company.id, companies=[company.id]):
            session_id, _, _ = Send.create()
            wizard = Send(session_id)
            wizard.start.company = company
            wizard.start.date = date(2, 12)
            wizard.start.billing_run = None
            wizard.start.activity = None
            action, _ = wizard.do_send({})
        dunning, = pool.get('account.dunning').search([])
        self.assertEqual(dunning.state, 'waiting')
        self.assertIn(str(dunning.id), action['pyson_domain'])

    @with_transaction()
    def test_card_terminal(self):
        "Card: the manual terminal wants the authorisation number"
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            with self.assertRaises(UserError) as context:
                take(family, parent, D('5.00'), 'card', regie)
            self.assertIn("autorisation", str(context.exception))
            regie.terminal = 'simulated'
            regie.save()
            payment = take(family, parent, D('5.00'), 'card', regie)
            self.assertTrue(payment.reference.startswith('SIM'))

    @with_transaction()
    def test_regie_agent_of_city_a_cannot_see_city_b(self):
        "Payments are isolated per city"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        Payment = pool.get('sitiv.payment')
        city_a, regie_a = setup("Ville A")
        city_b, regie_b = setup("Ville B")
        with set_company(city_b):
            family, parent, invoice = october_invoice(city_b)
            take(family, parent, D('5.00'), 'cash', regie_b)
        agent, = User.create([{
                    'name': "Agent A", 'login': 'regie.a',
                    'companies': [('add', [city_a.id])], 'company': city_a.id,
                    'groups': [('add', [ModelData.get_id(
                                    'sitiv_facturation', 'group_regie')])],
                    }])
        with set_company(city_a), \
                Transaction().set_context(_skip_warnings=True):
            # The same family in both cities: a homonym, not a duplicate.
            family_a, parent_a, invoice_a = october_invoice(city_a)
            Pool().get('sitiv.regie').write([regie_a],
                {'users': [('add', [agent.id])]})
        with Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True,
                    company=city_a.id, companies=[city_a.id]):
            self.assertEqual(Payment.search([]), [])
            # A régie agent takes payments without opening the accounts.
            due, last = counter(regie_a, family_a, 'cash', D('21.35'))
            self.assertEqual(due, D('21.35'))
            payment, = Payment.search([])
            Payment.cancel([payment])
            with self.assertRaises(AccessError):
                Pool().get('account.move.line').search([])


    @with_transaction()
    def test_family_invoice_screen_and_take_payment(self):
        "The family invoice's own screen: period, lines, paid, Encaisser"
        pool = Pool()
        Counter = pool.get('sitiv.payment.counter', type='wizard')
        company, regie = setup()
        other, _ = setup("Ville de Vaulx-en-Velin")
        with set_company(other), \
                Transaction().set_context(_skip_warnings=True):
            _, _, elsewhere = october_invoice(other)
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            self.assertEqual(invoice.sitiv_period_label, "octobre 2026")
            details = sorted((l.sitiv_child.first_name, l.sitiv_detail,
                    l.sitiv_unit_price) for l in invoice.lines)
            # Days present only: the quantity says it, the text does not
            # repeat it; a billed absence explains the quantity.
            self.assertEqual(details[-1], ("Tom", "Prestation", "3,60 €"))
            lea = [d for d in details if d[2] == "2,50 €"][0]
            self.assertEqual(lea[1], "présences : 2, absences non "
                "justifiées facturées : 1, absences justifiées non "
                "facturées : 1")
            self.assertEqual(invoice.sitiv_paid_amount, D('0'))

            # « Encaisser » on the invoice: the counter knows the family.
            def start(invoice):
                session_id, _, _ = Counter.create()
                with Transaction().set_context(
                        active_model='account.invoice',
                        active_id=invoice.id):
                    return Counter(session_id).default_start(None)
            values = start(invoice)
            self.assertEqual(values['household'], family.id)
            self.assertEqual(values['party'], parent.id)
            self.assertEqual(values['amount_due'], D('21.35'))
            self.assertEqual(values['invoices'], [invoice.id])
            # Another city's invoice fills nothing in.
            self.assertNotIn('household', start(elsewhere))

            due, last = counter(regie, family, 'cash', D('5.00'))
            invoice = fresh(invoice)
            self.assertEqual(invoice.sitiv_paid_amount, D('5.00'))
            self.assertEqual(invoice.amount_to_pay, D('16.35'))

class SitivSepaTestCase(RouteTestCase):
    "Direct debit of family invoices"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_sepa_rejection_switched_to_another_mode(self):
        "A rejected debit leaves that month's invoice to the counter"
        pool = Pool()
        Household = pool.get('sitiv.household')
        Payment = pool.get('account.payment')
        Invoice = pool.get('account.invoice')
        from ..sepa import collect
        company, regie = setup()
        with set_company(company):
            bank = sepa_city(company)
            family, parent, lea, tom = martin(company)
            Household.write([family], {'payment_method': 'sepa'})
            mandate(company, parent, bank)
            attend(enrol(family, lea, martin.canteen),
                {date(1): 'present', date(2): 'present'})
            invoice, = bill(company, OCT).invoices
            self.assertEqual(invoice.sitiv_payment_method, 'sepa')
            self.assertEqual(invoice.total_amount, D('5.00'))
            groups, errors = collect([invoice], date(10, 11))
            group, = groups
            self.assertEqual(errors, [])
            message, = group.sepa_messages
            xml = bytes(message.message).decode('utf-8')
            for text in ['pain.008.001.02', 'FR1420041010050500013M02606',
                    '>5.00<', 'RUM-', '>FRST<', 'FR72ZZZ123456']:
                self.assertIn(text, xml)
            payment, = group.payments
            # Collected once: collecting again makes nothing new.
            self.assertEqual(collect([invoice], date(10, 11)), ([], []))

            Payment.fail([payment])
            invoice = Invoice(invoice.id)
            self.assertEqual(invoice.sitiv_payment_method, 'counter')
            self.assertEqual(invoice.amount_to_pay, D('5.00'))
            self.assertEqual(Household(family.id).payment_method, 'sepa')
            due, last = counter(regie, family, 'cash', D('5.00'))
            self.assertEqual(due, D('5.00'))
            self.assertEqual(Invoice(invoice.id).state, 'paid')

    @with_transaction()
    def test_sepa_success_pays_the_invoice(self):
        "A debit that succeeds pays the invoice; no mandate is reported"
        pool = Pool()
        Payment = pool.get('account.payment')
        FamilyPayment = pool.get('sitiv.payment')
        from ..sepa import collect
        company, regie = setup()
        with set_company(company):
            bank = sepa_city(company)
            family, parent, invoice = october_invoice(company)
            invoice.sitiv_payment_method = 'sepa'
            invoice.save()
            groups, errors = collect([invoice], date(10, 11))
            self.assertEqual(groups, [])
            self.assertIn("MARTIN Claire", errors[0])
            self.assertIn("10/11/2026", errors[0])
            mandate(company, parent, bank)
            (group,), _ = collect([invoice], date(10, 11))
            Payment.succeed(group.payments)
            self.assertEqual(fresh(invoice).state, 'paid')
            paid, = FamilyPayment.search([('mode', '=', 'sepa')])
            self.assertEqual((paid.amount, paid.regie), (D('21.35'), None))
            self.assertEqual(balance(company, '515'), D('21.35'))

    @with_transaction()
    def test_collect_wizard_shows_who_is_left_out(self):
        "The wizard debits MARTIN and says why DURAND is not debited"
        pool = Pool()
        Household = pool.get('sitiv.household')
        Collect = pool.get('sitiv.sepa.collect', type='wizard')
        company, regie = setup()
        with set_company(company):
            bank = sepa_city(company)
            family, parent, lea, tom = martin(company)
            mandate(company, parent, bank)
            head = person("DURAND", "Sam", date(1, 1, 1980))
            child = person("DURAND", "Lou", date(1, 1, 2018))
            durand = household(company, "DURAND", [head], [child])
            Household.write([family, durand], {'payment_method': 'sepa'})
            attend(enrol(family, lea, martin.canteen), {date(1): 'present'})
            attend(enrol(durand, child, martin.canteen), {date(1): 'present'})
            run = bill(company, OCT)
            session_id, _, _ = Collect.create()
            wizard = Collect(session_id)
            wizard.start.company = company
            wizard.start.date = date(10, 11)
            wizard.start.billing_run = run
            self.assertEqual(wizard.transition_collect(), 'result')
            shown = wizard.default_result(None)
            (group,) = pool.get('account.payment.group').browse(
                shown['groups'])
            action, _ = wizard.do_open({})
        self.assertEqual([p.party for p in group.payments], [parent])
        self.assertIn("DURAND Sam", shown['errors'])
        self.assertIn("10/11/2026", shown['errors'])
        self.assertEqual(action['res_id'], [group.id])

    @with_transaction()
    def test_mandate_notice_and_final_collection(self):
        "Start and stop respect the city's notice; the last is FNAL"
        company, regie = setup()
        # The day the check uses, not the day the file was imported: a run
        # may pass midnight.
        today = Pool().get('ir.date').today()
        with set_company(company):
            bank = sepa_city(company)
            family, parent, lea, tom = martin(company)
            with self.assertRaises(UserError) as context:
                mandate(company, parent, bank,
                    sitiv_start_date=today + datetime.timedelta(days=3))
            earliest = today + datetime.timedelta(days=15)
            self.assertIn(earliest.strftime('%d/%m/%Y'),
                str(context.exception))
            record = mandate(company, parent, bank,
                sitiv_start_date=earliest)
            self.assertFalse(record.sitiv_covers(earliest
                    - datetime.timedelta(days=1)))
            self.assertTrue(record.sitiv_covers(earliest))
            record.sitiv_end_date = earliest + datetime.timedelta(days=20)
            record.save()
            with Transaction().set_context(
                    sitiv_collection_date=earliest + datetime.timedelta(
                        days=10)):
                record = type(record)(record.id)
                self.assertEqual(record.sequence_type, 'FRST')


class SitivPayFiPTestCase(LockingRouteTestCase):
    "PayFiP: payment address and notification through the HTTP route"
    module = 'sitiv_facturation'
    language = 'fr'

    @classmethod
    def setUpDatabase(cls):
        company, regie = setup()
        with set_company(company):
            company.sitiv_payfip_numcli = '012345'
            company.sitiv_public_url = 'https://famille.rillieux.fr/'
            company.save()
            family, parent, invoice = october_invoice(company)
            parent.contact_mechanisms = [{'type': 'email',
                    'value': 'claire.martin@example.fr'}]
            parent.save()
        cls.invoice_id = invoice.id

    def test_payfip_paid_once_refused_untouched(self):
        "The notification pays the invoice once; a refusal changes nothing"
        with fake_payfip() as payfip:
            with Transaction().start(self.db_name, 1) as transaction:
                pool = Pool()
                Invoice = pool.get('account.invoice')
                invoice = Invoice(self.invoice_id)
                action = Invoice.sitiv_pay_online([invoice])
                Operation = pool.get('sitiv.payfip.operation')
                refused = Operation.start(invoice, 'claire.martin@example.fr')
                operation, _ = Operation.search([],
                    order=[('id', 'ASC')])
                idop, refused_idop = operation.idop, refused.idop
                transaction.commit()
            sent = payfip.operations[idop]
            self.assertEqual(action['url'],
                'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=' + idop)
            self.assertEqual((sent.numcli, sent.montant, sent.refdet,
                    sent.mel, sent.exer), ('012345', '2135', 'F2026000001',
                    'claire.martin@example.fr', '2026'))
            self.assertEqual(sent.url_notification,
                f'https://famille.rillieux.fr/{self.db_name}'
                '/sitiv/payfip/notification')

            client = self.client()
            url = f'/{self.db_name}/sitiv/payfip/notification'
            # Before the family pays, the operation is still pending.
            self.assertEqual(client.post(url, data={'idop': idop}).text,
                'pending')
            payfip.pay(refused_idop, 'R')
            self.assertEqual(
                client.post(url, data={'idop': refused_idop}).text,
                'refused')
            payfip.pay(idop, 'P')
            for _ in range(2):
                response = client.post(url, data={'idop': idop})
                self.assertEqual((response.status_code, response.text),
                    (200, 'paid'))
            self.assertEqual(client.post(url, data={'idop': 'X'}).status_code,
                404)

        with Transaction().start(self.db_name, 1):
            pool = Pool()
            Invoice = pool.get('account.invoice')
            Payment = pool.get('sitiv.payment')
            invoice = Invoice(self.invoice_id)
            self.assertEqual(invoice.state, 'paid')
            payment, = Payment.search([('mode', '=', 'payfip')])
            self.assertEqual(payment.amount, D('21.35'))
            self.assertIn(idop, payment.reference)


class SitivAttestationTestCase(RouteTestCase):
    "Attestations and attendance statements"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_attestation_with_childcare_under_six(self):
        "Days, billed, paid, and childcare costs of the under-sixes"
        pool = Pool()
        Report = pool.get('sitiv.attestation', type='report')
        from ..attestation import attestation
        from .test_module import household, person
        company, regie = setup()
        with set_company(company):
            family, parent, invoice = october_invoice(company)
            take(family, parent, D('21.35'), 'cheque', regie)
            # November's days, attended and not billed yet, are not on it.
            lea_canteen, = pool.get('sitiv.enrolment').search([
                    ('child.first_name', '=', "Léa")])
            attend(lea_canteen, {date(2, 11): 'present',
                    date(3, 11): 'present'})
            zoe = person("DURAND", "Zoé", date(1, 5, 2021))
            mother = person("DURAND", "Inès", date(2, 3, 1990))
            durand = household(company, "DURAND", [mother], [zoe])
            club = pool.get('sitiv.activity').search(
                [('code', '=', 'SOIR')])[0]
            attend(enrol(durand, zoe, club), {
                    date(1): 'present', date(2): 'present'})
            # No resources known: the effort rate's ceiling, 2.80 € a day.
            club_invoice, = bill(company, OCT).invoices
            self.assertEqual(club_invoice.total_amount, D('5.60'))
            martin_year = attestation(family, 2026)
            durand_before = attestation(durand, 2026)
            take(durand, mother, D('5.60'), 'cash', regie)
            durand_year = attestation(durand, 2026)
            ext, pdf, _, _ = Report.execute([durand.id], {'year': 2026})
            ActionReport = pool.get('ir.action.report')
            action, = ActionReport.search(
                [('report_name', '=', 'sitiv.attestation')])
            records = Report._get_records([durand.id], 'sitiv.household', {})
            text = odt_text(Report.render(action, Report.get_context(
                        records, {}, {'year': 2026})))

        rows = {(c.first_name, r['activity'].code): (r['days'], r['billed'],
                r['paid']) for c, rs in martin_year['children'] for r in rs}
        self.assertEqual(rows, {
                ("Léa", 'CANT'): (4, D('15.50'), D('15.50')),
                ("Tom", 'CANT'): (2, D('5.85'), D('5.85')),
                })
        # Léa (2017) and Tom (2019) are over six; meals are not childcare.
        self.assertEqual((martin_year['paid'], martin_year['childcare']),
            (D('21.35'), D('0')))
        self.assertEqual((durand_before['billed'], durand_before['paid']),
            (D('5.60'), D('0')))
        self.assertEqual(durand_year['childcare'], D('5.60'))
        self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))
        for expected in ["année 2026", "DURAND Zoé", "5,60 €",
                "Frais de garde des enfants de moins de six ans"]:
            self.assertIn(expected.encode('utf-8'), text)
        # The canteen is named once, not « Restauration scolaire
        # (Restauration scolaire) »; another activity shows its domain.
        canteen = martin_year['children'][0][1][0]['activity']
        self.assertEqual(Report.activity_label(canteen),
            "Restauration scolaire")
        self.assertNotIn(b"scolaire (Restauration", text)

    @with_transaction()
    def test_attendance_statement_spreadsheet(self):
        "A month's statement per child: days per state, in a spreadsheet"
        import io
        import zipfile
        pool = Pool()
        Statement = pool.get('sitiv.attendance.statement', type='report')
        from ..statement import statement_rows
        company, regie = setup()
        with set_company(company):
            october_invoice(company)
            rows = statement_rows(company.id, OCT, date(31))
            ext, content, _, name = Statement.execute([], {
                    'company': company.id, 'start': '2026-10-01',
                    'end': '2026-10-31', 'activity': None})
        counts = {c.first_name: (n['present'], n['absent_excused'],
                n['absent_unexcused']) for _, c, _, n, _ in rows}
        self.assertEqual(counts, {"Léa": (4, 1, 1), "Tom": (2, 0, 0)})
        self.assertEqual(ext, 'xlsx')
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            strings = book.read('xl/sharedStrings.xml').decode('utf-8')
        for text in ["Absent justifié", "MARTIN Léa", "Restauration scolaire",
                "01/10/2026 au 31/10/2026"]:
            self.assertIn(text, strings)

    @with_transaction()
    def test_simulation_printed_as_a_quote(self):
        "The simulation prints as a quote: 8 days at 2,50 € = 20,00 €"
        pool = Pool()
        Quote = pool.get('sitiv.tariff.quote', type='report')
        ActionReport = pool.get('ir.action.report')
        company, regie = setup()
        data = {'activity': martin.canteen.id, 'household': None,
            'month': '2026-09-01', 'weekdays': [0, 3], 'quotient': 650,
            'residence': 'resident', 'rank': 1}
        with set_company(company):
            ext, pdf, _, _ = Quote.execute([], data)
            action, = ActionReport.search(
                [('report_name', '=', 'sitiv.tariff.quote')])
            text = odt_text(Quote.render(action,
                    Quote.get_context([], {}, data)))
        self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))
        for expected in ["septembre 2026", "lundi, jeudi", "2,50 €",
                "Coût estimé du mois : 20,00 €", "Quotient familial retenu : 650"]:
            self.assertIn(expected.encode('utf-8'), text)
