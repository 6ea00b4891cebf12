# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""dases_cesu: flux 4 CESU orders (spec 002 C1-C3, C9) on the golden files
written by hand in tests/golden."""
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from dases_base.tests.tools import FLUX1, FLUX4, import_file
from hestia_base.testing import SaoViewsMixin


class DasesCesuTestCase(SaoViewsMixin, ModuleTestCase):
    "Test dases_cesu module"
    module = 'dases_cesu'
    language = 'fr'

    @with_transaction()
    def test_order_linked_to_care_plans(self):
        "Chequebooks find their beneficiary and care-plan line (C1, C3)"
        pool = Pool()
        Order = pool.get('dases.cesu.order')
        company = create_company()
        with set_company(company):
            import_file(company, 'flux1', FLUX1)
            report = import_file(company, 'flux4', FLUX4)
        self.assertEqual((report.state, report.lines, report.created,
                report.message), ('done', 13, 2, None))
        order, = Order.search([])
        self.assertEqual((order.external_ref, order.book_count,
                order.title_count, order.amount),
            ('COMMANDE 11/2026', 2, 35, Decimal('520.00')))
        dupuis, konate = order.books
        self.assertEqual(dupuis.beneficiary.salsa_id, '004512')
        self.assertEqual(dupuis.care_plan.service_index, '000002')
        self.assertEqual(dupuis.care_plan.management_mode, 'emploi_direct')
        self.assertEqual((dupuis.title_count, dupuis.amount),
            (15, Decimal('220.00')))
        self.assertEqual([(t.count, t.unit_value) for t in dupuis.titles],
            [(10, Decimal('11.00')), (5, Decimal('22.00'))])
        self.assertEqual(konate.tutor_name, "UDAF DE PARIS")
        self.assertEqual(konate.care_plan.service_index, '000003')

    @with_transaction()
    def test_same_order_twice(self):
        "Idempotent; the same reference with other totals is refused"
        pool = Pool()
        Order = pool.get('dases.cesu.order')
        Book = pool.get('dases.cesu.book')
        company = create_company()
        with set_company(company):
            import_file(company, 'flux4', FLUX4)
            again = import_file(company, 'flux4', FLUX4)
            self.assertEqual((again.created, again.unchanged), (0, 2))
            lines = FLUX4.decode('ascii').split('\r\n')
            lines[4] = lines[4][:15] + '01200' + lines[4][20:]
            lines[6] = lines[6].replace('00000022000', '00000023000')
            lines[10] = lines[10].replace('00000052000', '00000053000')
            lines[11] = lines[11].replace('00000052000', '00000053000')
            changed = import_file(company, 'flux4',
                '\r\n'.join(lines).encode('ascii'))
        self.assertEqual(changed.state, 'refused')
        self.assertIn("a déjà été reçue avec 2 chéquiers pour 520.00 €",
            changed.message)
        self.assertEqual((Order.search_count([]), Book.search_count([])),
            (1, 2))

    @with_transaction()
    def test_footer_disagreement_refuses_everything(self):
        "Any footer that disagrees refuses the whole order (C2)"
        pool = Pool()
        Order = pool.get('dases.cesu.order')
        company = create_company()
        data = FLUX4.replace(b'6000001500000022000', b'6000001500000022100')
        with set_company(company):
            report = import_file(company, 'flux4', data)
        self.assertEqual(report.state, 'refused')
        self.assertIn("pied de carnet annonçant 221.00 € pour 220.00 €",
            report.message)
        self.assertEqual(Order.search_count([]), 0)

    @with_transaction()
    def test_unknown_beneficiaries_are_named(self):
        "Without flux 1 the books are kept and the report names them"
        company = create_company()
        with set_company(company):
            report = import_file(company, 'flux4', FLUX4)
        self.assertEqual(report.created, 2)
        self.assertIn("0001 (DUPUIS GENEVIEVE, 004512)", report.message)

    @with_transaction()
    def test_chequebook_event_with_replacement(self):
        "A stolen chequebook is recorded with its replacement (C9)"
        pool = Pool()
        Book = pool.get('dases.cesu.book')
        Event = pool.get('dases.cesu.event')
        company = create_company()
        with set_company(company):
            import_file(company, 'flux4', FLUX4)
            stolen, replacement = Book.search([], order=[('code', 'ASC')])
            event, = Event.create([{
                        'book': stolen.id, 'type': 'stolen',
                        'date': stolen.order.order_date,
                        'justification': "Dépôt de plainte du 03/11/2026",
                        'replacement': replacement.id}])
        self.assertEqual(stolen.events, (event,))

    @with_transaction()
    def test_other_departement_cannot_read(self):
        "Orders of one Département are invisible to another company"
        pool = Pool()
        Order = pool.get('dases.cesu.order')
        Book = pool.get('dases.cesu.book')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        paris = create_company("Département de Paris")
        other = create_company("Autre Département")
        with set_company(paris):
            import_file(paris, 'flux4', FLUX4)
        agent, = User.create([{
                    'name': "Agent", 'login': 'agent_autre',
                    'companies': [('add', [other.id])], 'company': other.id,
                    'groups': [('add', [ModelData.get_id(
                                    'dases_base', 'group_dases_agent')])],
                    }])
        book = Book.search([])[0]
        with Transaction().set_user(agent.id), Transaction().set_context(
                _check_access=True, company=other.id):
            self.assertEqual(Order.search([]), [])
            with self.assertRaises(AccessError):
                Book.read([book.id], ['last_name'])


del ModuleTestCase
