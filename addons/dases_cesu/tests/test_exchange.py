# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""dases_cesu: charge rates (H3), CRCESU consumption (C10), flux 8.2, 5,
8.1 exports (C3, C10, C11), flux 6 charges (C12), urgent replacement (C7,
C9), compte d'emploi and suivi consommé (I6, I7), drop folder."""
import datetime
import io
import os
import tempfile
import zipfile
from decimal import Decimal as D

from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia.flatfile.layouts import crcesu, flux5, flux6, flux81, flux82

from dases_base.tests.tools import FLUX1, FLUX4, GOLDEN, import_file
from hestia_base.testing import pdf_pages

FLUX6 = (GOLDEN / 'flux6' / 'charges_apa_ok.txt').read_bytes()
NOVEMBER = datetime.date(2026, 11, 1)
DECEMBER = datetime.date(2026, 12, 1)


def pivot(*lines):
    "A CRCESU pivot file; each line is a dict of the layout's names."
    defaults = {'payment_date': datetime.date(2026, 12, 3),
        'order_ref': 'COMMANDE 11/2026', 'consumption_month': NOVEMBER,
        'hours': None, 'affiliate_code': None, 'affiliate_name': None}
    return crcesu.write([dict(defaults, **line) for line in lines]).encode()


def setup_department():
    "The golden flux 1 and flux 4 with APA / PCH charge rates (H3)."
    ChargeRate = Pool().get('dases.cesu.charge_rate')
    company = create_company()
    with set_company(company):
        ChargeRate.create([
                {'aid_type': '1', 'start_date': datetime.date(2026, 1, 1),
                    'rate': D('20')},
                {'aid_type': '1', 'employment_type': '2',
                    'start_date': datetime.date(2026, 6, 1),
                    'rate': D('25')},
                {'aid_type': '1', 'start_date': datetime.date(2027, 1, 1),
                    'rate': D('30')},
                {'aid_type': '2', 'start_date': datetime.date(2026, 1, 1),
                    'rate': D('15')},
                ])
        import_file(company, 'flux1', FLUX1)
        import_file(company, 'flux4', FLUX4)
    return company


class DasesCesuExchangeTestCase(ModuleTestCase):
    "Test the CESU file chain"
    module = 'dases_cesu'
    language = 'fr'

    @with_transaction()
    def test_chequebooks_personalised_with_ceiling(self):
        "Aid type, employment type (C4) and ceiling at the rate in force (H3)"
        Book = Pool().get('dases.cesu.book')
        setup_department()
        dupuis, konate = Book.search([], order=[('code', 'ASC')])
        # DUPUIS: APA in emploi direct, 220 € → 25 % (not the 2027 rate).
        self.assertEqual((dupuis.aid_type, dupuis.employment_type,
                dupuis.month, dupuis.charge_ceiling),
            ('1', '2', NOVEMBER, D('55.00')))
        # KONATÉ: PCH through a mandataire, 300 € → 15 %.
        self.assertEqual((konate.aid_type, konate.employment_type,
                konate.charge_ceiling), ('2', '1', D('45.00')))

    @with_transaction()
    def test_flux82_consolidated_with_flux1(self):
        "Flux 8.2: the order with identity, tutor and plan of flux 1 (C3)"
        Export = Pool().get('dases.cesu.export')
        company = setup_department()
        with set_company(company):
            export = Export.generate(company, 'flux82', NOVEMBER,
                today=DECEMBER)
        self.assertEqual((export.filename, export.records, export.amount,
                export.message), ('flux82_202611_00001.txt', 2, D('100.00'),
                None))
        dupuis, konate = flux82.read(export.data)
        self.assertEqual((dupuis['departement'], dupuis['created'],
                dupuis['sequence']), ('CG75', DECEMBER, 1))
        self.assertEqual((dupuis['beneficiary_id'], dupuis['service_index'],
                dupuis['civility'], dupuis['birth_name'],
                dupuis['married_name'], dupuis['first_name']),
            ('004512', '000002', '2', 'MARTIN', 'DUPUIS', 'Geneviève'))
        self.assertEqual((dupuis['employment_type'],
                dupuis['prestation_type'], dupuis['effective_date'],
                dupuis['end_date'], dupuis['hours_financed'],
                dupuis['hourly_wage'], dupuis['wage'], dupuis['rate'],
                dupuis['monthly_wages'], dupuis['monthly_charges'],
                dupuis['month'], dupuis['prefinanced']),
            ('2', '1', datetime.date(2026, 1, 1),
                datetime.date(2026, 12, 31), D('20'), D('11'), D('220'),
                D('87.5'), D('220'), D('55'), NOVEMBER, True))
        self.assertEqual((konate['birth_name'], konate['married_name'],
                konate['correspondent'], konate['correspondent_postal_code'],
                konate['address1'], konate['employment_type'],
                konate['prestation_type'], konate['monthly_charges']),
            ('KONATÉ', None, 'UDAF DE PARIS', '75009', 'BAT C', '1', '2',
                D('45')))
        with set_company(company):
            again = Export.generate(company, 'flux82', NOVEMBER)
        self.assertEqual(again.sequence, 2)

    @with_transaction()
    def test_export_builder_extended_by_another_module(self):
        "A module's subclass of a builder, given by builders(), is used"
        from unittest.mock import patch
        Export = Pool().get('dases.cesu.export')
        base = Export.builders()['flux82']

        class OwnRule(base):
            def build(self):
                text, count, amount = super().build()
                self.left_out.append("règle du Département")
                return text, count, amount
        company = setup_department()
        builders = dict(Export.builders(), flux82=OwnRule)
        with set_company(company), patch.object(Export, 'builders',
                classmethod(lambda cls: builders)):
            export = Export.generate(company, 'flux82', NOVEMBER)
        self.assertEqual((export.records, export.message),
            (2, "règle du Département"))

    @with_transaction()
    def test_crcesu_pivot_import(self):
        "CRCESU returns: kept, rejected in French, idempotent (C10)"
        pool = Pool()
        Consumption = pool.get('dases.cesu.consumption')
        company = setup_department()
        data = pivot(
            {'identifier': 'R1', 'book': '0001', 'count': 10,
                'unit_value': D('11'), 'amount': D('110'), 'hours': D('10'),
                'affiliate_code': '123456789',
                'affiliate_name': 'SAP DUVAL'},
            {'identifier': 'R2', 'book': '0002', 'count': 5,
                'unit_value': D('15'), 'amount': D('75'), 'hours': D('5')},
            {'identifier': 'R3', 'book': '0002', 'count': 2,
                'unit_value': D('15'), 'amount': D('31')},
            {'identifier': 'R4', 'book': '0099', 'count': 1,
                'unit_value': D('15'), 'amount': D('15')},
            {'identifier': 'R1', 'book': '0001', 'count': 10,
                'unit_value': D('11'), 'amount': D('110')},
            )
        with set_company(company):
            report = import_file(company, 'crcesu', data)
            self.assertEqual((report.state, report.lines, report.created),
                ('done', 6, 2))
            self.assertEqual([(r.line, r.field, r.message)
                    for r in report.rejects], [
                    (4, 'montant', "31.00 € au lieu de 2 × 15.00 €"),
                    (5, 'code_carnet', "carnet 0099 de la commande "
                        "« COMMANDE 11/2026 » inconnu"),
                    (6, 'identifiant', "remboursement R1 en double (déjà "
                        "ligne 2)"),
                    ])
            again = import_file(company, 'crcesu', data)
        self.assertEqual((again.created, again.unchanged), (0, 2))
        self.assertEqual(Consumption.search_count([]), 2)
        r1, = Consumption.search([('identifier', '=', 'R1')])
        self.assertEqual((r1.book.code, r1.beneficiary.salsa_id, r1.amount),
            ('0001', '004512', D('110.00')))

        with set_company(company):
            refused = import_file(company, 'crcesu', b'a;b;c\r\n1;2;3\r\n')
        self.assertEqual(refused.state, 'refused')
        self.assertIn("ce n'est pas un fichier pivot CRCESU",
            refused.message)

    @with_transaction()
    def test_consumption_exports(self):
        "Flux 5 to SALSA and flux 8.1 to the CNCESU from the returns"
        Export = Pool().get('dases.cesu.export')
        company = setup_department()
        with set_company(company):
            import_file(company, 'crcesu', pivot(
                    {'identifier': 'R1', 'book': '0001', 'count': 6,
                        'unit_value': D('11'), 'amount': D('66'),
                        'hours': D('6'), 'affiliate_code': '123456789',
                        'affiliate_name': 'SERVICE D AIDE A DOMICILE DUVAL'},
                    {'identifier': 'R2', 'book': '0001', 'count': 4,
                        'unit_value': D('11'), 'amount': D('44'),
                        'hours': D('4'), 'affiliate_code': '123456789',
                        'affiliate_name': 'SERVICE D AIDE A DOMICILE DUVAL'},
                    {'identifier': 'R3', 'book': '0002', 'count': 5,
                        'unit_value': D('15'), 'amount': D('75'),
                        'hours': D('3.25'),
                        'consumption_month': datetime.date(2026, 10, 1)},
                    {'identifier': 'R4', 'book': '0002', 'count': 1,
                        'unit_value': D('15'), 'amount': D('15'),
                        'payment_date': datetime.date(2027, 1, 4)},
                    ))
            export5 = Export.generate(company, 'flux5', DECEMBER,
                today=DECEMBER)
            export81 = Export.generate(company, 'flux81', DECEMBER,
                today=datetime.date(2027, 1, 2))
        header, (scheme,) = flux5.read(export5.data)
        self.assertEqual((header['start'], header['end'], scheme['client']),
            (DECEMBER, datetime.date(2026, 12, 31), '75001'))
        dupuis, konate = scheme['lines']
        # R1 and R2 are one line: same cheques, month and affiliate.
        self.assertEqual((dupuis['salsa_id'], dupuis['order_ref'],
                dupuis['quantity'], dupuis['amount'],
                dupuis['processing_month'], dupuis['processing_year'],
                dupuis['consumption_month'], dupuis['affiliate_name'],
                dupuis['product']),
            ('004512', 'COMMANDE 11/2026', 10, D('110'), 12, 2026, 11,
                'SERVICE D AIDE A DOM', flux5.PAPER))
        self.assertEqual((konate['quantity'], konate['amount'],
                konate['consumption_month']), (5, D('75'), 10))
        self.assertEqual((export5.records, export5.amount), (2, D('185')))

        dupuis, konate = flux81.read(export81.data)
        self.assertEqual((dupuis['departement'], dupuis['issuer'],
                dupuis['month'], dupuis['hours_direct'],
                dupuis['amount_direct'], dupuis['amount_other']),
            ('075', 'ACCO', NOVEMBER, D('10'), D('110'), D('0')))
        # KONATÉ's plan is mandataire: « Autres ».
        self.assertEqual((konate['hours_other'], konate['amount_other'],
                konate['amount_direct']), (D('3.25'), D('75'), D('0')))

    @with_transaction()
    def test_flux6_checked_against_ceilings(self):
        "Flux 6: totals checked, lines compared to 8.2 ceilings (C12)"
        pool = Pool()
        Charge = pool.get('dases.cesu.charge')
        Export = pool.get('dases.cesu.export')
        company = setup_department()
        with set_company(company):
            report = import_file(company, 'flux6', FLUX6)
        self.assertEqual((report.state, report.created, report.message),
            ('done', 3, "2 ligne(s) en anomalie à examiner."))
        first, debit, credit = Charge.search([], order=[('id', 'ASC')])
        self.assertEqual((first.state, first.ceiling, first.beneficiary.
                salsa_id), ('verified', D('55.00'), '004512'))
        self.assertEqual(debit.state, 'anomaly')
        self.assertIn("Aucun chéquier CESU pour la prestation 000003 en "
            "10/2026", debit.anomaly)

        with self.assertRaises(ValidationError):
            Charge.accept([debit])
        Charge.write([debit], {'acceptance': "Commande d'octobre papier"})
        Charge.accept([debit])
        with set_company(company):
            export = Export.generate(company, 'flux6', DECEMBER,
                today=datetime.date(2026, 12, 20))
            again = import_file(company, 'flux6', FLUX6)
        header, details, (summary,) = flux6.read(export.data)
        self.assertEqual([(d['beneficiary_id'], d['nature'])
                for d in details], [('004512', '1'), ('007731', '2')])
        self.assertEqual((summary['total'], summary['transfer_deadline']),
            (D('25.00'), datetime.date(2027, 1, 15)))
        self.assertEqual(export.message,
            "1 ligne(s) de charges en anomalie non acceptée(s)")
        self.assertEqual((again.created, again.unchanged), (0, 3))
        self.assertEqual(Charge.search_count([]), 3)

    @with_transaction()
    def test_flux6_over_the_ceiling_and_refused(self):
        "Charges above the ceiling are anomalies; a wrong FIC stores nothing"
        Charge = Pool().get('dases.cesu.charge')
        company = setup_department()
        lines = FLUX6.decode('ascii').split('\r\n')
        # 60.00 € of charges for DUPUIS in 11/2026: ceiling 55.00 €.
        lines[1] = lines[1].replace(';0002100;1;', ';0006000;1;')
        lines[4] = lines[4].replace(';00000002100;', ';00000006000;')
        wrong = '\r\n'.join(lines).encode('ascii')
        with set_company(company):
            refused = import_file(company, 'flux6', wrong)
            self.assertEqual(refused.state, 'refused')
            self.assertIn("« Montant total facturé » annonce 22.90 pour "
                "61.90", refused.message)
            self.assertEqual(Charge.search_count([]), 0)
            lines[4] = lines[4].replace(';00000002290;', ';00000006190;')
            import_file(company, 'flux6',
                '\r\n'.join(lines).encode('ascii'))
        first = Charge.search([], order=[('id', 'ASC')])[0]
        self.assertEqual(first.state, 'anomaly')
        self.assertEqual(first.anomaly, "Charges du mois 60.00 € au-delà du "
            "plafond de 55.00 € envoyé en flux 8.2.")

    @with_transaction()
    def test_urgent_replacement(self):
        "A stolen chequebook is blocked and replaced by an urgent order"
        pool = Pool()
        Book = pool.get('dases.cesu.book')
        Event = pool.get('dases.cesu.event')
        Order = pool.get('dases.cesu.order')
        company = setup_department()
        book = Book.search([('code', '=', '0001')])[0]
        with set_company(company):
            event, = Event.create([{'book': book.id, 'type': 'stolen',
                        'justification': "Dépôt de plainte du 02/12/2026"}])
            Event.replace([event])
        self.assertTrue(Book(book.id).blocked)
        new = event.replacement
        self.assertEqual((new.code, new.amount, new.order.order_type,
                new.order.urgent, new.salsa_id),
            ('0001R', D('220.00'), 'UR', True, '004512'))
        self.assertEqual([(t.count, t.unit_value) for t in new.titles],
            [(10, D('11.00')), (5, D('22.00'))])
        self.assertFalse(new.blocked)
        self.assertEqual([o.urgent for o in Order.search([],
                    order=[('id', 'ASC')])], [False, True])
        with set_company(company):
            report = import_file(company, 'crcesu', pivot(
                    {'identifier': 'R9', 'book': '0001', 'count': 1,
                        'unit_value': D('11'), 'amount': D('11')}))
        self.assertIn("chéquiers volés, perdus, frauduleux ou annulés : R9",
            report.message)

    @with_transaction()
    def test_wizards(self):
        "The agent's wizards: generate an export, print a statement"
        pool = Pool()
        Generate = pool.get('dases.cesu.export.generate', type='wizard')
        Print = pool.get('dases.cesu.statement.print', type='wizard')
        Export = pool.get('dases.cesu.export')
        company = setup_department()
        with set_company(company):
            session_id, _, _ = Generate.create()
            result = Generate.execute(session_id, {'start': {
                        'kind': 'flux82', 'period': NOVEMBER}}, 'generate')
            export, = Export.search([])
            action, = result['actions']
            self.assertEqual(action[0]['res_id'], [export.id])
            self.assertEqual(export.records, 2)

            session_id, _, _ = Print.create()
            result = Print.execute(session_id, {'start': {
                        'report': 'follow_up', 'format': 'xlsx',
                        'start': NOVEMBER, 'end': DECEMBER}}, 'print_')
            (action, data), = result['actions']
            self.assertEqual(action['report_name'], 'dases.cesu.follow_up')
            self.assertEqual((data['format'], data['start'], data['company']),
                ('xlsx', NOVEMBER, company.id))

    @with_transaction()
    def test_replace_button_shown_until_replaced(self):
        "The urgent replacement button hides once the book is replaced"
        from trytond.pyson import PYSONDecoder, PYSONEncoder
        pool = Pool()
        Event = pool.get('dases.cesu.event')
        Book = pool.get('dases.cesu.book')
        company = setup_department()
        states = Event._buttons['replace']['invisible']
        book = Book.search([('code', '=', '0001')])[0]
        with set_company(company):
            event, = Event.create([{'book': book.id, 'type': 'stolen',
                        'justification': "Plainte"}])

        def invisible(event):
            replacement = event.replacement
            values = {'replacement': replacement and replacement.id,
                'type': event.type, 'id': event.id}
            return PYSONDecoder(values).decode(PYSONEncoder().encode(states))
        self.assertFalse(invisible(event))
        with set_company(company):
            Event.replace([event])
        self.assertTrue(invisible(Event(event.id)))

    @with_transaction()
    def test_statements(self):
        "Compte d'emploi and suivi consommé in XLSX and PDF (I6, I7)"
        pool = Pool()
        Statement = pool.get('dases.cesu.statement', type='report')
        FollowUp = pool.get('dases.cesu.follow_up', type='report')
        company = setup_department()
        with set_company(company):
            import_file(company, 'crcesu', pivot(
                    {'identifier': 'R1', 'book': '0001', 'count': 10,
                        'unit_value': D('11'), 'amount': D('110')}))
            import_file(company, 'flux6', FLUX6)
            from ..statement import follow_up, statement
            rows = statement(company, datetime.date(2026, 1, 1),
                datetime.date(2026, 12, 31), today=DECEMBER)
            apa, pch, total = rows
            self.assertEqual((apa['aid'], apa['issued'], apa['consumed'],
                    apa['outstanding'], apa['charges']),
                ('APA', D('220'), D('110'), D('110'), D('21')))
            self.assertEqual((pch['aid'], pch['issued'], pch['consumed']),
                ('PCH', D('300'), D('0')))
            self.assertEqual((total['aid'], total['issued'],
                    total['books']), ('Total', D('520'), 2))
            expired = statement(company, datetime.date(2026, 1, 1),
                datetime.date(2026, 12, 31), today=datetime.date(2027, 2, 1))
            self.assertEqual(expired[-1]['expired'], D('410'))
            lines = follow_up(company, NOVEMBER, NOVEMBER)
            self.assertEqual([(r['name'], r['rate'], r['remaining'])
                    for r in lines], [("DUPUIS GENEVIEVE", D('50.0'),
                        D('110')), ("KONATE MOUSSA", D('0'), D('300'))])
            data = {'company': company.id, 'start': datetime.date(2026, 1, 1),
                'end': datetime.date(2026, 12, 31)}
            ext, content, _, name = Statement.execute([],
                dict(data, format='xlsx'))
            self.assertEqual((ext, name), ('xlsx',
                    "Compte d'emploi CESU 20260101-20261231"))
            sheet = zipfile.ZipFile(io.BytesIO(content)).read(
                'xl/sharedStrings.xml').decode()
            self.assertIn("Charges sociales CNCESU", sheet)
            self.assertIn("APA", sheet)
            ext, content, _, _ = FollowUp.execute([], dict(data,
                    format='pdf'))
            self.assertEqual(ext, 'pdf')
            self.assertTrue(content.startswith(b'%PDF'))
            followed = ' '.join(pdf_pages(content, 'cesu_follow_up').split())
            _, content, _, _ = Statement.execute([], dict(data,
                    format='pdf'))
            stated = ' '.join(pdf_pages(content, 'cesu_statement').split())
        for text in ["DUPUIS GENEVIEVE", "Remboursé le", "110,00 €"]:
            self.assertIn(text, followed)
        for text in ["APA", "PCH", "520,00 €"]:
            self.assertIn(text, stated)

    @with_transaction()
    def test_drop_folder(self):
        "The cron imports the inbox, archives it, and exports go to outbox"
        pool = Pool()
        Report = pool.get('dases.integration.report')
        Configuration = pool.get('dases.configuration')
        Export = pool.get('dases.cesu.export')
        company = create_company()
        with tempfile.TemporaryDirectory() as folder:
            inbox = os.path.join(folder, 'in')
            os.makedirs(inbox)
            for name, data in [('a_plans.txt', FLUX1),
                    ('b_commande.txt', FLUX4), ('c_charges.txt', FLUX6),
                    ('d_inconnu.txt', b'bonjour\r\n')]:
                with open(os.path.join(inbox, name), 'wb') as file:
                    file.write(data)
            Configuration.write([Configuration(1)], {
                    'drop_inbox': inbox,
                    'drop_outbox': os.path.join(folder, 'out'),
                    'drop_archive': os.path.join(folder, 'archive'),
                    })
            with set_company(company), \
                    Transaction().set_context(company=company.id):
                reports = Report.process_drop_folder(today=DECEMBER,
                    commit=False)
                Export.generate(company, 'flux82', NOVEMBER)
            self.assertEqual([(r.kind, r.state) for r in reports],
                [('flux1', 'done'), ('flux4', 'done'), ('flux6', 'done')])
            self.assertEqual(os.listdir(inbox), [])
            self.assertEqual(sorted(os.listdir(os.path.join(folder,
                            'archive', '2026-12'))),
                ['a_plans.txt', 'b_commande.txt', 'c_charges.txt',
                    'refused'])
            self.assertEqual(os.listdir(os.path.join(folder, 'archive',
                        '2026-12', 'refused')), ['d_inconnu.txt'])
            self.assertEqual(os.listdir(os.path.join(folder, 'out')),
                ['flux82_202611_00001.txt'])

    @with_transaction()
    def test_other_department_sees_nothing(self):
        "Records of one Département are invisible to another company"
        pool = Pool()
        User = pool.get('res.user')
        Group = pool.get('res.group')
        ModelData = pool.get('ir.model.data')
        Charge = pool.get('dases.cesu.charge')
        Consumption = pool.get('dases.cesu.consumption')
        Export = pool.get('dases.cesu.export')
        company = setup_department()
        with set_company(company):
            import_file(company, 'flux6', FLUX6)
            import_file(company, 'crcesu', pivot(
                    {'identifier': 'R1', 'book': '0001', 'count': 1,
                        'unit_value': D('11'), 'amount': D('11')}))
            Export.generate(company, 'flux82', NOVEMBER)
        other = create_company(name="Département du Rhône")
        agent = Group(ModelData.get_id('dases_base', 'group_dases_agent'))
        user, = User.create([{'login': 'agent69', 'name': "Agent 69",
                    'companies': [('add', [other.id])],
                    'company': other.id, 'groups': [('add', [agent.id])]}])
        mine, = User.create([{'login': 'agent75', 'name': "Agent 75",
                    'companies': [('add', [company.id])],
                    'company': company.id, 'groups': [('add', [agent.id])]}])
        for login, expected in [(user, 0), (mine, 1)]:
            with Transaction().set_user(login.id), \
                    Transaction().set_context(_check_access=True,
                        company=login.company.id,
                        companies=[login.company.id]):
                self.assertEqual(Export.search_count([]), expected)
                self.assertEqual(Consumption.search_count([]), expected)
                self.assertEqual(Charge.search_count([]), 3 * expected)


del ModuleTestCase
