# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""dases_telegestion (spec 002 §4.3 B1-B16, F4, F7-F14, G1-G5, Annexes 1
and 2): a month of two providers from the client list to the final
invoice, on the golden pivot files of tests/golden/telegestion."""
import datetime
from decimal import Decimal as D
from unittest.mock import patch

from trytond.model import fields
from trytond.model.exceptions import AccessError, SQLConstraintError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from dases_base.tests.tools import import_file
from hestia.flatfile.layouts import flux2, telegestion
from hestia_base.testing import SaoViewsMixin, odt_text, pdf_pages

from ..intervention_import import InterventionImport
from .tools import (
    BAD_INTERVENTIONS, CLIENTS, INTERVENTIONS, OCTOBER, PARIS15_CLIENTS,
    beneficiary, department, paris15_interventions, providers)


class DasesTelegestionTestCase(SaoViewsMixin, ModuleTestCase):
    "Test dases_telegestion module"
    module = 'dases_telegestion'
    language = 'fr'

    def month(self, threshold=D(50)):
        "Department, providers, client lists and October's interventions."
        pool = Pool()
        Configuration = pool.get('dases.configuration')
        company = create_company()
        with set_company(company):
            Configuration.write([Configuration(1)],
                {'correction_threshold': threshold})
            people = department(company)
            paris11, paris15 = providers(company)
            import_file(company, 'tg-clients', CLIENTS, sad=paris11)
            import_file(company, 'tg-clients', PARIS15_CLIENTS, sad=paris15)
            import_file(company, 'tg-interventions', INTERVENTIONS,
                filename='fichier.csv', sad=paris11)
            import_file(company, 'tg-interventions',
                paris15_interventions(), sad=paris15)
        return company, people, paris11, paris15

    @with_transaction()
    def test_client_matching(self):
        "Matching on name or birth name, first name, birth date (B3)"
        pool = Pool()
        Client = pool.get('dases.sad.client')
        company, people, paris11, paris15 = self.month()
        clients = {c.code: c for c in Client.search([])}
        self.assertEqual(clients['C0001'].beneficiary, people['dupuis'])
        self.assertEqual(clients['C0001'].match_state, 'matched')
        # « Konate » = « KONATÉ », « Le-Gall jean » = « LE GALL Jean »
        self.assertEqual(clients['C0002'].beneficiary, people['konate'])
        self.assertEqual(clients['P15-2'].beneficiary, people['le_gall'])
        self.assertEqual(clients['C0003'].match_state, 'other')

    @with_transaction()
    def test_ambiguous_match_resolved_and_remembered(self):
        "Two homonyms go to the queue; the agent's choice survives (B3)"
        pool = Pool()
        Client = pool.get('dases.sad.client')
        company = create_company()
        with set_company(company):
            first = beneficiary(company, '200001', 'MARTIN', 'Louis',
                datetime.date(1941, 5, 21))
            beneficiary(company, '200002', 'MARTIN', 'Louis',
                datetime.date(1941, 5, 21))
            sad, _ = providers(company)
            data = telegestion.write_clients([{'code': 'X1',
                        'last_name': 'Martin', 'first_name': 'Louis',
                        'birth_date': datetime.date(1941, 5, 21),
                        'department': True}]).encode('utf-8')
            report = import_file(company, 'tg-clients', data, sad=sad)
            self.assertIn("1 client(s) à rapprocher", report.message)
            client, = Client.search([])
            self.assertEqual(client.match_state, 'ambiguous')
            self.assertEqual(len(client.candidates), 2)
            # A homonym whose birth date SALSA corrects drops out.
            Beneficiary = pool.get('dases.beneficiary')
            second = [c for c in client.candidates if c != first][0]
            Beneficiary.write([second], {
                    'birth_date': datetime.date(1941, 5, 22)})
            Client.rematch([client])
            self.assertEqual((client.match_state, client.beneficiary,
                    client.candidates), ('matched', first, (first,)))
            Beneficiary.write([second], {
                    'birth_date': datetime.date(1941, 5, 21)})
            Client.rematch([client])
            self.assertEqual(client.match_state, 'ambiguous')
            Client.write([client], {'beneficiary': first.id})
            self.assertEqual(client.match_state, 'resolved')
            # The next list, with a changed phone, keeps the choice.
            data = data.replace(b';;N', b';;O').replace(b';;;;O',
                b';;;0140000000;O')
            report = import_file(company, 'tg-clients', data, sad=sad)
            self.assertEqual(report.updated, 1)
            self.assertEqual((client.beneficiary, client.match_state),
                (first, 'resolved'))

    @with_transaction()
    def test_malformed_client_lines_rejected(self):
        "A bad client line is named with its field; the others are kept (B2)"
        pool = Pool()
        Client = pool.get('dases.sad.client')
        company = create_company()
        with set_company(company):
            sad, _ = providers(company)
            lines = CLIENTS.decode('utf-8').split('\r\n')
            bad = [lines[0], lines[1].replace('14/03/1936', '31/02/1936'),
                lines[2], lines[2].replace('Moussa', 'Mamadou'),
                lines[3].replace(';N', ';peut-être')]
            report = import_file(company, 'tg-clients',
                '\r\n'.join(bad).encode('utf-8'), sad=sad)
            refused = import_file(company, 'tg-clients', b'', sad=sad)
        self.assertEqual([(r.line, r.field) for r in report.rejects], [
                (2, 'date_naissance'), (4, 'code_client'),
                (5, 'departement')])
        self.assertIn("en double (déjà ligne 3)", report.rejects[1].message)
        self.assertEqual([c.code for c in Client.search([])], ['C0002'])
        self.assertEqual((refused.state, refused.message),
            ('refused', "le fichier est vide"))

    @with_transaction()
    def test_interventions_raw_and_corrected(self):
        "Raw and corrected kept apart, corrections logged (B4, B11)"
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        company, people, paris11, _ = self.month()
        first, corrected, mobile, other = Intervention.search(
            [('sad', '=', paris11.id)], order=[('identifier', 'ASC')])
        self.assertEqual((first.raw_hours, first.hours, first.corrected),
            (D('1.98'), D('1.98'), False))
        self.assertEqual((corrected.raw_hours, corrected.hours,
                corrected.correction_reason), (D('0.08'), D('2.00'), 'OUB'))
        # A five-minute punch reads as such on the form.
        self.assertEqual((corrected.raw_duration, corrected.duration),
            ("0 h 05", "2 h 00"))
        self.assertEqual(corrected.raw_end,
            datetime.datetime(2026, 10, 2, 8, 5))
        log, = corrected.corrections
        self.assertEqual((log.origin, log.reason, log.previous_end,
                log.end), ('fichier.csv', 'OUB', None,
                datetime.datetime(2026, 10, 2, 10)))
        # On screen: who corrected (the provider's file) and what before.
        self.assertEqual((log.by, log.previous, log.corrected), (
                paris11.rec_name, "02/10/2026 08:00 – 08:05",
                "02/10/2026 08:00 – 10:00"))
        # 15 extra minutes sent, none allowed for this client.
        self.assertEqual((mobile.extra_minutes, mobile.hours,
                mobile.incompatible_phone, mobile.source),
            (15, D('1.50'), True, 'mobile'))
        self.assertEqual((other.department, other.beneficiary),
            (False, None))
        self.assertEqual(first.beneficiary, people['dupuis'])

    @with_transaction()
    def test_intervention_insert_stores_what_create_stores(self):
        "The raw INSERT of interventions stores what ModelSQL.create stores"
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        table = Intervention.__table__()
        inserted, reports = [], []
        insert = InterventionImport.insert

        def spy(self, vlist, report, filename):
            inserted.extend(dict(v) for v in vlist)
            reports.append(report)
            return insert(self, vlist, report, filename)
        with patch.object(InterventionImport, 'insert', spy):
            self.month()
        self.assertTrue(inserted)
        twins = Intervention.create([dict(v, identifier=f'ORM-{i}',
                        report=reports[0].id)
                    for i, v in enumerate(inserted)])
        names = sorted(n for n, f in Intervention._fields.items()
            if f.sql_type() and not isinstance(f, fields.Function)
            and n not in {'id', 'identifier', 'create_date', 'write_date',
                'report'})
        cursor = Transaction().connection.cursor()

        def rows(identifiers):
            cursor.execute(*table.select(table.identifier,
                    *[getattr(table, n) for n in names],
                    where=table.identifier.in_(identifiers)))
            return {r[0]: dict(zip(names, r[1:])) for r in cursor}
        raw = rows([v['identifier'] for v in inserted])
        orm = rows([t.identifier for t in twins])
        for i, values in enumerate(inserted):
            self.assertEqual(raw[values['identifier']], orm[f'ORM-{i}'],
                values['identifier'])

    @with_transaction()
    def test_intervention_file_idempotent_and_corrections(self):
        "The same file twice changes nothing; a correction sent later is logged"
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        company, _, paris11, _ = self.month()
        with set_company(company):
            report = import_file(company, 'tg-interventions', INTERVENTIONS,
                sad=paris11)
            self.assertEqual((report.created, report.updated,
                    report.unchanged), (0, 0, 4))
            changed = INTERVENTIONS.replace(
                b'01/10/2026 08:02;01/10/2026 10:01;;;;',
                b'01/10/2026 08:02;01/10/2026 10:01;01/10/2026 08:00;'
                b'01/10/2026 10:00;ERR;')
            report = import_file(company, 'tg-interventions', changed,
                sad=paris11)
            self.assertEqual((report.updated, report.unchanged), (1, 3))
            first, = Intervention.search([('identifier', '=', 'I-000001')])
            self.assertEqual((first.hours, first.raw_hours,
                    first.correction_reason), (D('2.00'), D('1.98'), 'ERR'))
            self.assertEqual(len(first.corrections), 1)
            # Raw timestamps never change (B4).
            moved = INTERVENTIONS.replace(b'01/10/2026 08:02',
                b'01/10/2026 07:02')
            report = import_file(company, 'tg-interventions', moved,
                sad=paris11)
            reject, = report.rejects
            self.assertEqual((reject.line, reject.field), (2,
                    'arrivee_brute'))
            self.assertIn("ne se corrigent pas", reject.message)

    @with_transaction()
    def test_malformed_pivot_lines_rejected(self):
        "Every bad line named with its field and reason, nothing stored"
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        company, _, paris11, _ = self.month()
        before = Intervention.search_count([])
        with set_company(company):
            report = import_file(company, 'tg-interventions',
                BAD_INTERVENTIONS, sad=paris11)
            unknown = import_file(company, 'tg-interventions',
                INTERVENTIONS.replace(b';C0002;', b';C9999;').replace(
                    b'I-000003', b'I-000099'), sad=paris11)
            refused = import_file(company, 'tg-interventions', CLIENTS,
                sad=paris11)
        self.assertEqual(report.state, 'done')
        self.assertEqual([(r.line, r.field) for r in report.rejects], [
                (2, 'arrivee_brute'), (3, 'depart_brut'),
                (4, 'motif_correction'), (5, 'source'), (6, ''),
                (7, 'code_client'), (8, 'motif_correction')])
        self.assertEqual(Intervention.search_count([]), before)
        reject, = unknown.rejects
        self.assertEqual((reject.line, reject.field), (4, 'code_client'))
        self.assertIn("« C9999 » inconnu", reject.message)
        self.assertEqual(refused.state, 'refused')
        self.assertIn("première ligne", refused.message)

    @with_transaction()
    def test_month_to_final_invoice(self):
        "Two providers: pre-invoice, validation, flux 2, log, PDF (B5-B8)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        Notification = pool.get('dases.sad.notification')
        Attachment = pool.get('ir.attachment')
        InvoiceReport = pool.get('dases.preinvoice.invoice', type='report')
        company, people, paris11, paris15 = self.month()
        with set_company(company):
            invoices = PreInvoice.build(company, OCTOBER)
            p11, p15 = sorted(invoices, key=lambda i: i.sad.code)
            self.assertEqual((p11.number, p11.financier_code, p11.kind,
                    p11.excluded_corrections), ('TG2610-0001', 'APA75',
                    'normal', False))
            dupuis, konate = p11.lines
            self.assertEqual((dupuis.salsa_id, dupuis.clocked,
                    dupuis.quantity, dupuis.amount,
                    dupuis.beneficiary_amount), ('100234', D('3.98'),
                    D('3.98'), D('93.53'), D('9.35')))
            # Konaté's plan allows 1 hour a month: 1.5 clocked.
            self.assertEqual((konate.clocked, konate.planned,
                    konate.quantity, konate.amount), (D('1.50'), D('1.00'),
                    D('1.00'), D('23.50')))
            self.assertEqual([(a.kind, a.hours) for a in p11.anomalies],
                [('over_plan', D('0.50'))])
            # Paris 15: Legrand billed, Le Gall has no plan at all.
            legrand, = p15.lines
            self.assertEqual((legrand.quantity, legrand.amount),
                (D('20.00'), D('470.00')))
            month15 = p15.anomalies and p15.anomalies[0].sad_month
            self.assertFalse(p15.anomalies)
            self.assertFalse(month15)
            self.assertEqual(len(legrand.interventions), 10)

            # Rebuilding a draft month gives the same invoices.
            again = PreInvoice.build(company, OCTOBER)
            self.assertEqual(sorted((i.sad.code, i.amount) for i in again),
                [('100004', D('117.03')), ('100015', D('470.00'))])
            p11, p15 = sorted(again, key=lambda i: i.sad.code)

            PreInvoice.validate_invoice([p11, p15])
            files = PreInvoice.export_flux2(company, OCTOBER,
                today=datetime.date(2026, 11, 3))
            self.assertEqual(sorted(files), [
                    f'FLUX2_100004_{p11.number}.txt',
                    f'FLUX2_100015_{p15.number}.txt'])
            header, details = flux2.read(
                files[f'FLUX2_100004_{p11.number}.txt'].encode('utf-8'))
            self.assertEqual((header['tiers_code'], header['reference'],
                    header['period_start'], header['financier_code']),
                ('100004', p11.number, OCTOBER, 'APA75'))
            self.assertEqual([(d['salsa_id'], d['quantity'], d['amount'],
                        d['movement']) for d in details],
                [('100234', D('3.98'), D('93.53'), 'N'),
                    ('100877', D('1.00'), D('23.50'), 'N')])
            self.assertEqual((p11.state, p15.state), ('sent', 'sent'))

            log = (f"1;05/11/2026;03/11/2026;{p11.number};AIDE ET VIE;"
                "01/10/2026;31/10/2026;APA75;OK;;;;;;;\r\n"
                f"1;05/11/2026;03/11/2026;{p15.number};AUTONOMIE 15;"
                "01/10/2026;31/10/2026;APA75;OK;;;;;;;\r\n")
            report = import_file(company, 'log-facture',
                log.encode('utf-8'))
            self.assertEqual((report.state, report.updated), ('done', 2))
            self.assertEqual((p11.state, p11.integration_date),
                ('accepted', datetime.date(2026, 11, 5)))
            self.assertEqual({l.state for l in p11.lines}, {'accepted'})
            # The provider is told, and its PDF invoice is there (B8).
            notification, = Notification.search([('preinvoice', '=',
                        p11.id)])
            self.assertEqual(notification.email, 'factures@aidevie.fr')
            self.assertIn("définitive", notification.body)
            pdf, = Attachment.search([('resource', '=', str(p11)),
                    ('name', 'like', '%.pdf')])
            self.assertEqual(pdf.data[:4], b'%PDF')
            self.assertTrue(p11.original_printed)
            # A reprint is a duplicate.
            ext, data, _, _ = InvoiceReport.execute([p11.id], {})
            self.assertEqual((ext, bytes(data)[:4]), ('pdf', b'%PDF'))
            # The same log again changes nothing.
            report = import_file(company, 'log-facture',
                log.encode('utf-8'))
            self.assertEqual((report.updated, report.unchanged), (0, 2))
            history = [h.state for h in p11.history]
            self.assertEqual(history, ['accepted', 'sent', 'validated',
                    'draft'])
            # Each line dated and signed by who did it, read without
            # seconds; the first one says the pre-invoice was computed.
            first = p11.history[-1]
            self.assertEqual(first.message, "pré-facture calculée")
            self.assertEqual(first.user.id, Transaction().user)
            self.assertRegex(first.when, r'^\d\d/\d\d/\d{4} \d\d:\d\d$')
        # A second pre-invoicing (another transaction) waits for this one.
        from trytond import backend
        if backend.name == 'postgresql':
            with self.assertRaises(backend.DatabaseOperationalError):
                with Transaction().new_transaction(
                        _lock_tables=['dases_preinvoice']):
                    pass
        # Two pre-invoices of the Département never share a number (last:
        # on SQLite the refusal rolls the test's transaction back).
        with set_company(company):
            with self.assertRaises(SQLConstraintError) as refusal:
                PreInvoice.copy([p15], {'number': p11.number})
        self.assertIn("a déjà ce numéro", refusal.exception.message)

    @with_transaction()
    def test_invoice_duplicata_text(self):
        "The reprint of a final invoice says DUPLICATA (B8)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        InvoiceReport = pool.get('dases.preinvoice.invoice', type='report')
        company, *_ = self.month()
        with set_company(company):
            invoice = PreInvoice.build(company, OCTOBER)[0]
            PreInvoice.validate_invoice([invoice])
            PreInvoice.send([invoice])
            self.assertRaises(AccessError, InvoiceReport.execute,
                [invoice.id], {})
            PreInvoice.finish([invoice])
            ActionReport = pool.get('ir.action.report')
            action, = ActionReport.search([
                    ('report_name', '=', 'dases.preinvoice.invoice')])

            def odt():
                records = InvoiceReport._get_records([invoice.id],
                    'dases.preinvoice', {})
                context = InvoiceReport.get_context(records, {}, {})
                return InvoiceReport.render(action, context)
            original = odt()
            _, pdf, _, _ = InvoiceReport.execute([invoice.id], {})
            _, reprint, _, _ = InvoiceReport.execute([invoice.id], {})
            duplicate = odt()
        text = ' '.join(pdf_pages(pdf, 'telegestion_invoice').split())
        self.assertNotIn("DUPLICATA", text)
        self.assertIn("DUPLICATA", pdf_pages(reprint,
                'telegestion_invoice_dup'))
        sad = invoice.sad
        for expected in ["FACTURE DE TÉLÉGESTION", invoice.number,
                sad.name, f"Code tiers SALSA {sad.code}",
                "Aide APA75 — octobre 2026", "DUPUIS Geneviève", "93,53 €",
                "Total à payer par le Département : 117,03 €",
                "mandat administratif"]:
            self.assertIn(expected, text)
        # No specification code on a document a provider sends.
        self.assertNotIn("B8", text)
        self.assertNotIn(b'DUPLICATA', odt_text(original))
        self.assertIn(b'DUPLICATA', odt_text(duplicate))
        self.assertIn('93,53 €'.encode('utf-8'), odt_text(original))

    @with_transaction()
    def test_rejected_beneficiary_carried_to_complementary(self):
        "A rejected beneficiary goes to the month's complementary invoice (B7)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        Notification = pool.get('dases.sad.notification')
        company, people, paris11, _ = self.month()
        with set_company(company):
            p11, _ = sorted(PreInvoice.build(company, OCTOBER),
                key=lambda i: i.sad.code)
            PreInvoice.validate_invoice([p11])
            PreInvoice.send([p11])
            log = (f"1;05/11/2026;03/11/2026;{p11.number};AIDE ET VIE;"
                "01/10/2026;31/10/2026;APA75;KO;;;;;;;\r\n"
                f"2;;;{p11.number};AIDE ET VIE;;;;;100877;KONATÉ;Moussa;"
                "Droits suspendus;1,00;23,50;0,00\r\n")
            report = import_file(company, 'log-facture',
                log.encode('utf-8'))
            self.assertEqual(report.state, 'done')
            dupuis, konate = p11.lines
            self.assertEqual((p11.state, dupuis.state, konate.state,
                    konate.reject_reason), ('accepted', 'accepted',
                    'rejected', 'Droits suspendus'))
            self.assertEqual(p11.amount, D('93.53'))
            complementary, = PreInvoice.search([
                    ('kind', '=', 'complementary')])
            self.assertEqual((complementary.origin, complementary.state,
                    complementary.sad), (p11, 'draft', paris11))
            line, = complementary.lines
            self.assertEqual((line.origin_line, line.salsa_id, line.amount),
                (konate, '100877', D('23.50')))
            self.assertEqual(len(line.interventions), 1)
            self.assertEqual(line.reference_intervention,
                line.interventions[0])
            self.assertFalse(konate.interventions)
            notification, = Notification.search([])
            self.assertIn("KONATÉ Moussa (100877) : Droits suspendus",
                notification.body)

            # Later interventions of October go to the same complementary
            # invoice, referring to their timestamp (B9).
            late = telegestion.write_interventions([{
                        'identifier': 'I-000050', 'client': 'C0001',
                        'worker_code': 'W12', 'nomenclature': 'AMP',
                        'raw_start': datetime.datetime(2026, 10, 30, 8),
                        'raw_end': datetime.datetime(2026, 10, 30, 10),
                        'source': 'F', 'payer': 'D'}]).encode('utf-8')
            import_file(company, 'tg-interventions', late, sad=paris11)
            again = PreInvoice.build(company, OCTOBER, [paris11])
            self.assertEqual(again, [complementary])
            self.assertEqual(len(complementary.lines), 2)
            late_line = [l for l in complementary.lines
                if l.salsa_id == '100234'][0]
            self.assertEqual(late_line.reference_intervention.identifier,
                'I-000050')
            PreInvoice.validate_invoice([complementary])
            files = PreInvoice.send([complementary])
            _, details = flux2.read(list(files.values())[0].encode('utf-8'))
            self.assertEqual({d['movement'] for d in details}, {'C'})

    @with_transaction()
    def test_whole_invoice_rejected(self):
        "An invoice KO without a beneficiary line: every line carried over"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        company, *_ = self.month()
        with set_company(company):
            p11 = PreInvoice.build(company, OCTOBER)[0]
            PreInvoice.validate_invoice([p11])
            PreInvoice.send([p11])
            log = (f"1;05/11/2026;03/11/2026;{p11.number};AIDE ET VIE;"
                "01/10/2026;31/10/2026;APA75;KO;;;;;;;\r\n")
            import_file(company, 'log-facture', log.encode('utf-8'))
            self.assertEqual(p11.state, 'rejected')
            complementary, = PreInvoice.search([
                    ('kind', '=', 'complementary')])
            self.assertEqual(len(complementary.lines), 2)

    @with_transaction()
    def test_log_errors_change_nothing(self):
        "An unknown invoice or beneficiary refuses the whole log"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        company, *_ = self.month()
        with set_company(company):
            p11 = PreInvoice.build(company, OCTOBER)[0]
            PreInvoice.validate_invoice([p11])
            PreInvoice.send([p11])
            log = (f"1;05/11/2026;03/11/2026;{p11.number};AIDE ET VIE;"
                "01/10/2026;31/10/2026;APA75;KO;;;;;;;\r\n"
                f"2;;;{p11.number};AIDE ET VIE;;;;;999999;INCONNU;Jean;"
                "Motif;1,00;23,50;0,00\r\n"
                "1;05/11/2026;03/11/2026;TG2610-9999;AUTRE;"
                "01/10/2026;31/10/2026;APA75;OK;;;;;;;\r\n")
            report = import_file(company, 'log-facture',
                log.encode('utf-8'))
            self.assertEqual(report.state, 'refused')
            self.assertEqual([(r.line, r.field) for r in report.rejects],
                [(2, 'Clef individu Salsa'), (3, 'Numéro de facture')])
            self.assertEqual(p11.state, 'sent')
            self.assertEqual(PreInvoice.search_count([
                        ('kind', '=', 'complementary')]), 0)

    @with_transaction()
    def test_log_with_an_invoice_twice_refused(self):
        "The same invoice twice in a log refuses it (nothing applied twice)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        company, *_ = self.month()
        with set_company(company):
            p11 = PreInvoice.build(company, OCTOBER)[0]
            PreInvoice.validate_invoice([p11])
            PreInvoice.send([p11])
            line = (f"1;05/11/2026;03/11/2026;{p11.number};AIDE ET VIE;"
                "01/10/2026;31/10/2026;APA75;OK;;;;;;;\r\n")
            report = import_file(company, 'log-facture',
                (line * 2).encode('utf-8'))
            reject, = report.rejects
            self.assertEqual((report.state, reject.line), ('refused', 2))
            self.assertIn("en double (déjà ligne 1)", reject.message)
            self.assertEqual(p11.state, 'sent')

    @with_transaction()
    def test_correction_threshold_excludes_corrections(self):
        "Above the threshold the raw timestamps are billed (B10, F11)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        SadMonth = pool.get('dases.sad.month')
        company, people, paris11, paris15 = self.month(threshold=D(20))
        with set_company(company):
            p11, p15 = sorted(PreInvoice.build(company, OCTOBER),
                key=lambda i: i.sad.code)
        month11, = SadMonth.search([('sad', '=', paris11.id)])
        # 1 corrected of 3 interventions paid by the Département.
        self.assertEqual((month11.interventions, month11.corrected,
                month11.rate, month11.threshold, month11.excluded),
            (3, 1, D('33.33'), D('20'), True))
        self.assertEqual([(r.reason, r.count) for r in month11.reasons],
            [('OUB', 1)])
        self.assertTrue(p11.excluded_corrections)
        self.assertFalse(p15.excluded_corrections)
        dupuis = p11.lines[0]
        # 1.98 h + the raw 0.08 h instead of the corrected 2 h.
        self.assertEqual((dupuis.clocked, dupuis.amount),
            (D('2.06'), D('48.41')))

    @with_transaction()
    def test_interventions_statement(self):
        "The month's interventions of a provider in PDF (F6, G3)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        SadMonth = pool.get('dases.sad.month')
        Statement = pool.get('dases.sad.month.statement', type='report')
        ActionReport = pool.get('ir.action.report')
        company, people, paris11, paris15 = self.month(threshold=D(20))
        with set_company(company):
            PreInvoice.build(company, OCTOBER)
            month, = SadMonth.search([('sad', '=', paris11.id)])
            action, = ActionReport.search([
                    ('report_name', '=', 'dases.sad.month.statement')])
            records = Statement._get_records([month.id], 'dases.sad.month',
                {})
            content = odt_text(Statement.render(action,
                    Statement.get_context(records, {}, {})))
            ext, pdf, _, _ = Statement.execute([month.id], {})
        text = content.decode('utf-8')
        self.assertIn("Relevé des interventions — octobre 2026", text)
        self.assertIn("DUPUIS Geneviève (C0001)", text)
        self.assertIn("08:00 – 08:05", text)  # raw
        self.assertIn("08:00 – 10:00", text)  # corrected
        self.assertIn("Oubli de pointage", text)
        # Corrections excluded: the raw 0,08 h is billed, 3,56 h in all.
        self.assertIn("au-delà du seuil de 20,00 %", text)
        self.assertIn("Total : 3,56 h", text)
        self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))

    @with_transaction()
    def test_anomalies(self):
        "No plan, provider not in the plan, unmatched client, suspension (B5)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        SadMonth = pool.get('dases.sad.month')
        Event = pool.get('dases.beneficiary.event')
        company, people, paris11, paris15 = self.month()
        with set_company(company):
            # Legrand in hospital from 5 to 8 October.
            Event.create([{'beneficiary': people['legrand'].id,
                        'salsa_id': 'E1', 'type_code': '02',
                        'start_date': datetime.date(2026, 10, 5),
                        'end_date': datetime.date(2026, 10, 8)}])
            # Paris 11 also clocks Legrand, whose plan names Paris 15.
            data = telegestion.write_clients([{'code': 'C0009',
                        'last_name': 'LEGRAND', 'first_name': 'Paulette',
                        'birth_date': datetime.date(1940, 5, 9),
                        'department': True}, {'code': 'C0010',
                        'last_name': 'INCONNUE', 'first_name': 'Anne',
                        'birth_date': datetime.date(1950, 1, 1),
                        'department': True}]).encode('utf-8')
            import_file(company, 'tg-clients', data, sad=paris11)
            extra = telegestion.write_interventions([{
                        'identifier': f'X-{c}', 'client': c,
                        'worker_code': 'W12', 'nomenclature': 'AMP',
                        'raw_start': datetime.datetime(2026, 10, 20, 8),
                        'raw_end': datetime.datetime(2026, 10, 20, 9),
                        'source': 'F', 'payer': 'D'}
                    for c in ('C0009', 'C0010')]).encode('utf-8')
            import_file(company, 'tg-interventions', extra, sad=paris11)
            p11, p15 = sorted(PreInvoice.build(company, OCTOBER),
                key=lambda i: i.sad.code)
        month11, = SadMonth.search([('sad', '=', paris11.id)])
        month15, = SadMonth.search([('sad', '=', paris15.id)])
        self.assertEqual(sorted((a.kind, a.hours) for a in
                month11.anomalies), [('over_plan', D('0.50')),
                ('sad_not_in_plan', D('1.00')), ('unmatched', D('1.00'))])
        self.assertEqual(sorted((a.kind, a.beneficiary.salsa_id, a.hours)
                for a in month15.anomalies), [
                ('no_plan', '100600', D('20.00')),
                ('suspended', '100512', D('8.00'))])
        legrand, = p15.lines
        self.assertEqual((legrand.clocked, legrand.quantity),
            (D('12.00'), D('12.00')))

    @with_transaction()
    def test_inactive_aid_type(self):
        "A provider is paid only for its active aid types (B1, B5)"
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        Sad = pool.get('dases.sad')
        company, people, paris11, paris15 = self.month()
        Sad.write([paris15], {'aid_types': 'PCH75 AM75'})
        with set_company(company):
            invoices = PreInvoice.build(company, OCTOBER)
        self.assertEqual([i.sad for i in invoices], [paris11])
        anomaly, = pool.get('dases.preinvoice.anomaly').search([
                ('kind', '=', 'inactive_aid_type')])
        self.assertEqual((anomaly.beneficiary, anomaly.hours),
            (people['legrand'], D('20.00')))
        self.assertIn("APA75 non active", anomaly.message)

    @with_transaction()
    def test_provider_sees_only_its_own(self):
        "A provider's user cannot read another provider's interventions"
        pool = Pool()
        User = pool.get('res.user')
        Intervention = pool.get('dases.intervention')
        PreInvoice = pool.get('dases.preinvoice')
        Beneficiary = pool.get('dases.beneficiary')
        ModelData = pool.get('ir.model.data')
        company, people, paris11, paris15 = self.month()
        with set_company(company):
            PreInvoice.build(company, OCTOBER)
        other, = Intervention.search([('sad', '=', paris11.id)], limit=1)
        group = ModelData.get_id('dases_telegestion', 'group_sad')
        user, = User.create([{'login': 'sad15', 'name': "Gestionnaire 15",
                    'groups': [('add', [group])],
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'sads': [('add', [paris15.id])]}])
        with Transaction().set_user(user.id), Transaction().set_context(
                _check_access=True, company=company.id,
                companies=[company.id]):
            own = Intervention.search([])
            self.assertEqual({i.sad.id for i in own}, {paris15.id})
            self.assertEqual(len(own), 20)
            self.assertEqual(Intervention.search([
                        ('sad', '=', paris11.id)]), [])
            invoice, = PreInvoice.search([])
            self.assertEqual(invoice.sad.id, paris15.id)
            self.assertEqual(invoice.month_label, "octobre 2026")
            # The beneficiaries of its plans only (G4).
            self.assertEqual({b.salsa_id for b in Beneficiary.search([])},
                {'100512'})
            # It validates its own invoice …
            PreInvoice.validate_invoice([invoice])
            self.assertEqual(invoice.state, 'validated')
            # … and cannot read another provider's intervention by id.
            with self.assertRaises(AccessError):
                Intervention.read([other.id], ['hours'])
            # Raw timestamps are not editable (B4), nor are the hours
            # billed or the state of an invoice.
            with self.assertRaises(AccessError):
                Intervention.write([own[0]], {'raw_end': datetime.datetime(
                            2026, 10, 1, 23)})
            with self.assertRaises(AccessError):
                Intervention.write([own[0]], {'hours': D('99')})
            with self.assertRaises(AccessError):
                PreInvoice.write([invoice], {'state': 'accepted'})

    @with_transaction()
    def test_platform_validates_casvp_sections(self):
        "CASVP: the platform's managers validate, not the section's (Annexe 2)"
        pool = Pool()
        User = pool.get('res.user')
        PreInvoice = pool.get('dases.preinvoice')
        Sad = pool.get('dases.sad')
        ModelData = pool.get('ir.model.data')
        company, people, paris11, paris15 = self.month()
        platform, = Sad.create([{'company': company.id, 'code': '100900',
                    'name': "CASVP PLATEFORME EST"}])
        Sad.write([paris15], {'platform': platform.id})
        with set_company(company):
            PreInvoice.build(company, OCTOBER)
        group = ModelData.get_id('dases_telegestion', 'group_sad')
        section, manager = User.create([{'login': login, 'name': login,
                    'groups': [('add', [group])],
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'sads': [('add', [sad.id])]}
                for login, sad in (('section15', paris15),
                    ('plateforme', platform))])
        context = dict(_check_access=True, company=company.id,
            companies=[company.id])
        with Transaction().set_user(section.id), \
                Transaction().set_context(**context):
            invoice, = PreInvoice.search([])
            with self.assertRaises(AccessError):
                PreInvoice.validate_invoice([invoice])
        with Transaction().set_user(manager.id), \
                Transaction().set_context(**context):
            invoice, = PreInvoice.search([])
            self.assertEqual(invoice.sad, paris15)
            PreInvoice.validate_invoice([invoice])
            self.assertEqual(invoice.state, 'validated')

    def sad_user(self, company, sad, login='sad'):
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        group = ModelData.get_id('dases_telegestion', 'group_sad')
        user, = User.create([{'login': login, 'name': login,
                    'groups': [('add', [group])],
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'sads': [('add', [sad.id])]}])
        return user

    @with_transaction()
    def test_entry_screens_and_corrections(self):
        "A provider without software enters and corrects in Hestia (B11, B16)"
        pool = Pool()
        Sad = pool.get('dases.sad')
        Client = pool.get('dases.sad.client')
        Intervention = pool.get('dases.intervention')
        Correct = pool.get('dases.intervention.correct', type='wizard')
        company, people, paris11, paris15 = self.month()
        Sad.write([paris15], {'integration_mode': 'hestia'})
        user = self.sad_user(company, paris15)
        paris11_client, = Client.search([('code', '=', 'C0001')])
        with Transaction().set_user(user.id), Transaction().set_context(
                _check_access=True, company=company.id,
                companies=[company.id]):
            client, = Client.search([('code', '=', 'P15-1')])
            entered, = Intervention.create([{'sad': paris15.id,
                        'client': client.id, 'nomenclature': 'AMP',
                        'raw_start': datetime.datetime(2026, 10, 20, 14),
                        'raw_end': datetime.datetime(2026, 10, 20, 15, 45),
                        }])
            self.assertEqual((entered.hours, entered.source, entered.date,
                    entered.beneficiary), (D('1.75'), 'manual',
                    datetime.date(2026, 10, 20), people['legrand']))
            with self.assertRaises(AccessError):
                Intervention.create([{'sad': paris11.id,
                            'client': paris11_client.id,
                            'nomenclature': 'AMP',
                            'raw_start': datetime.datetime(2026, 10, 20, 8),
                            'raw_end': datetime.datetime(2026, 10, 20, 9)}])
            session_id, _, _ = Correct.create()
            with Transaction().set_context(active_model='dases.intervention',
                    active_id=entered.id, active_ids=[entered.id]):
                correct = Correct(session_id)
                correct.start.start = datetime.datetime(2026, 10, 20, 14)
                correct.start.end = datetime.datetime(2026, 10, 20, 16)
                correct.start.reason = 'OUB'
                correct.transition_correct()
            entered = Intervention(entered.id)
            self.assertEqual((entered.raw_hours, entered.hours,
                    entered.raw_end, entered.correction_reason),
                (D('1.75'), D('2.00'),
                    datetime.datetime(2026, 10, 20, 15, 45), 'OUB'))
            log, = entered.corrections
            self.assertEqual((log.author, log.origin, log.corrected),
                (user, "saisie Hestia", "20/10/2026 14:00 – 16:00"))
            # The entry screen changes the prestation, never the hours.
            Intervention.write([entered], {'nomenclature': 'PCH'})
            with self.assertRaises(AccessError):
                Intervention.write([entered], {'hours': D('8')})
            # The correction log is the system's.
            with self.assertRaises(AccessError):
                pool.get('dases.intervention.correction').create([{
                            'intervention': entered.id, 'reason': 'ERR'}])

    @with_transaction()
    def test_alerts(self):
        "Interactive lists F7-F14, G1, G2: each opens the beneficiary's file"
        pool = Pool()
        Alert = pool.get('dases.alert')
        CarePlan = pool.get('dases.care_plan')
        company, people, paris11, paris15 = self.month()
        with set_company(company):
            legrand, = people['legrand'].care_plans
            CarePlan.write([legrand], {
                    'coverage_end': datetime.date(2027, 6, 30)})
            # Le Gall's help is paid in CESU (mandataire), yet a provider
            # clocks it (F12).
            CarePlan.create([{'company': company.id,
                        'beneficiary': people['le_gall'].id,
                        'request_index': '000009', 'service_index': '000001',
                        'financier_code': 'APA75',
                        'right_start': datetime.date(2026, 1, 1),
                        'right_end': datetime.date(2026, 12, 31),
                        'coverage_start': datetime.date(2026, 1, 1),
                        'coverage_end': datetime.date(2026, 12, 31),
                        'quantity': D('30'), 'financial_amount': D('0'),
                        'total_cost': D('0'), 'ticket_percentage': D('0'),
                        'nomenclature': 'AMP', 'periodicity': 'ME',
                        'management_mode': 'mandataire',
                        'payee_type': 'beneficiary'}])
            counts = Alert.refresh(company, today=datetime.date(2026, 11, 15))
        alerts = {}
        for alert in Alert.search([]):
            alerts.setdefault(alert.kind, set()).add(
                alert.beneficiary.salsa_id)
        # Dupuis: 3,98 h clocked for 40 h planned (F7, F8).
        self.assertEqual(alerts['under_consumption'], {'100234'})
        under, = Alert.search([('kind', '=', 'under_consumption'),
                ('beneficiary', '=', people['dupuis'].id)])
        self.assertEqual(under.rate, D('9.95'))
        self.assertEqual(alerts['sad_not_in_plan'], {'100600'})
        self.assertEqual(alerts['incoherent_mode'], {'100600'})
        self.assertEqual(alerts['plan_ending'], {'100234', '100877',
                '100600'})
        self.assertEqual(alerts['plan_revised'], {'100234', '100877',
                '100512', '100600'})
        self.assertNotIn('tg_and_cesu', alerts)  # no CESU module here
        self.assertEqual(counts['plan_ending'], 3)
        # A plan's alert goes to the provider the plan names (G1, G2),
        # who reads its own alerts only.
        revised, = Alert.search([('kind', '=', 'plan_revised'),
                ('beneficiary', '=', people['legrand'].id)])
        self.assertEqual(revised.sad, paris15)
        user = self.sad_user(company, paris15)
        with Transaction().set_user(user.id), Transaction().set_context(
                _check_access=True, company=company.id,
                companies=[company.id]):
            seen = Alert.search([])
            self.assertIn(revised, seen)
            self.assertEqual({a.sad.id for a in seen}, {paris15.id})
        action = Alert.open_beneficiary([under])
        self.assertEqual((action['res_model'], action['res_id']),
            ('dases.beneficiary', [people['dupuis'].id]))
        # Recomputing replaces, never piles up.
        with set_company(company):
            Alert.refresh(company, today=datetime.date(2026, 11, 15))
        self.assertEqual(Alert.search_count([]), sum(counts.values()))

    @with_transaction()
    def test_provider_events(self):
        "A provider declares an absence, the Département acknowledges (F4, G5)"
        pool = Pool()
        SadEvent = pool.get('dases.sad.event')
        company, people, paris11, paris15 = self.month()
        user = self.sad_user(company, paris15)
        with Transaction().set_user(user.id), Transaction().set_context(
                _check_access=True, company=company.id,
                companies=[company.id]):
            self.assertEqual(SadEvent.default_sad(), paris15.id)
            event, = SadEvent.create([{'sad': paris15.id,
                        'beneficiary': people['legrand'].id,
                        'kind': 'hospitalisation',
                        'start_date': datetime.date(2026, 11, 2),
                        'comment': "Hospitalisée à Cochin"}])
            with self.assertRaises(AccessButtonError):
                SadEvent.acknowledge([event])
        with set_company(company):
            event, = SadEvent.search([('state', '=', 'new')])
            SadEvent.acknowledge([event])
            self.assertEqual(event.state, 'seen')


class DasesTelegestionCesuTestCase(ModuleTestCase):
    "Test dases_telegestion with dases_cesu (extras_depend)"
    module = 'dases_telegestion'
    extras = ['dases_cesu']
    language = 'fr'

    @with_transaction()
    def test_clocked_while_paid_in_cesu(self):
        "F10: clocked by a provider and given CESU chequebooks the same month"
        pool = Pool()
        Alert = pool.get('dases.alert')
        Order = pool.get('dases.cesu.order')
        company, people, _, _ = DasesTelegestionTestCase.month(self)
        with set_company(company):
            Alert.refresh(company, today=datetime.date(2026, 11, 15))
            self.assertEqual(
                Alert.search_count([('kind', '=', 'tg_and_cesu')]), 0)
            Order.create([{'company': company.id, 'order_date': OCTOBER,
                        'client': 'CG75', 'books': [('create', [{
                                    'beneficiary': people['dupuis'].id,
                                    'month': OCTOBER}])]}])
            Alert.refresh(company, today=datetime.date(2026, 11, 15))
        alert, = Alert.search([('kind', '=', 'tg_and_cesu')])
        self.assertEqual(alert.beneficiary, people['dupuis'])
        self.assertIn("chéquiers CESU du même mois", alert.detail)


del ModuleTestCase
