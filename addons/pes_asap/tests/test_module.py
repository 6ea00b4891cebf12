# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""pes_asap (spec 003 §2.1.5.2 bold paragraphs, §2.1.14.4): family
invoices to the Trésorerie as PES V2 files that pass the DGFiP schema, and
the way back. Amounts from sitiv_facturation's grids: MARTIN's October is
21.35 € (canteen)."""
import base64
import copy
import gzip
import io
import os
import pathlib
from decimal import Decimal as D

from lxml import etree
from pypdf import PdfReader, PdfWriter

from trytond.exceptions import UserError
from trytond.model.exceptions import (
    AccessError, SQLConstraintError, ValidationError)
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia.pes import schema
from hestia.pes.pdf import split
from hestia_base.testing import SaoViewsMixin
from sitiv_facturation.tests.tools import OCT, bill, date

from .tools import family, october, pes_city, prepare

GOLDEN = pathlib.Path(__file__).parents[3] / 'tests' / 'golden' / 'pes'
# The DGFiP's own files, outside the repository (.ci/run points at them).
SHARED = pathlib.Path(os.environ.get('HESTIA_REFERENCE_XSD', '/nonexistent'))


def official_errors(data):
    "Validation against the DGFiP's own files when present, else the copy."
    path = (SHARED if SHARED.exists() else schema.XSD) / 'PES_V2' / \
        'Rev0' / 'PES_Aller.xsd'
    checker = etree.XMLSchema(etree.parse(str(path)))
    checker.validate(etree.fromstring(data).getroottree())
    return [e.message for e in checker.error_log]


def v(element, path):
    return element.find(path).get('V')


def acquit(name, **replace):
    data = (GOLDEN / name).read_bytes()
    for old, new in replace.items():
        data = data.replace(old.encode(), new.encode())
    return data


def retour_for(lines, paid):
    """A PES Retour recettes from the hand-written golden: one Piece per
    transfer line, paid in full for the invoices in `paid`."""
    root = etree.fromstring((GOLDEN / 'retour_recette.xml').read_bytes())
    bordereau = root.find('PES_RecetteRetour/Bordereau')
    block = bordereau.find('BlocBordereau')
    transfer = lines[0].transfer
    block.find('IdBord').set('V', str(transfer.number))
    block.find('NbrPce').set('V', str(len(lines)))
    block.find('MtBordHt').set('V', str(transfer.total))
    model, unpaid = bordereau.findall('Piece')
    for piece in bordereau.findall('Piece'):
        bordereau.remove(piece)
    for position, line in enumerate(lines):
        piece = copy.deepcopy(model if line.invoice in paid else unpaid)
        piece.find('BlocPiece/IdPce').set('V', str(line.number))
        ligne = piece.find('LigneDePiece')
        ligne.find('BlocLignePiece/InfoLignePiece/MtHT').set(
            'V', str(line.amount))
        reco = ligne.find('Recouvrement')
        if reco is not None:
            reco.find('MtReco').set('V', str(line.amount))
            reco.find('IdEncaissement').set('V', str(900000 + position))
        bordereau.append(piece)
    return etree.tostring(root, xml_declaration=True,
        encoding='ISO-8859-1')


class PesAsapTestCase(SaoViewsMixin, ModuleTestCase):
    "Test pes_asap module"
    module = 'pes_asap'
    language = 'fr'

    def test_two_agents_never_get_the_same_numbers(self):
        """Preparing locks the transfers before numbering: the framework
        restarts the first agent's transaction with the lock taken, and a
        second agent's transaction cannot take it until the first commits
        (PostgreSQL; SQLite writes one transaction at a time anyway).
        PostgreSQL also refuses two live bordereaux with one number."""
        from unittest.mock import patch

        from trytond import backend
        locks = []

        @with_transaction()
        def first_agent():
            Transfer = Pool().get('pes.transfer')
            company, budget, canteen, club = pes_city()
            with set_company(company):
                october(company, canteen)
                with patch.object(Transfer, 'lock', wraps=Transfer.lock) \
                        as lock:
                    (transfer,), _ = prepare(budget)
                locks.append(lock.call_count)
                if backend.name != 'postgresql':
                    return
                with self.assertRaises(backend.DatabaseOperationalError):
                    with Transaction().new_transaction(
                            _lock_tables=['pes_transfer']):
                        pass
                with self.assertRaises(SQLConstraintError) as refusal:
                    Transfer.create([{
                                'company': company.id, 'budget': budget.id,
                                'kind': transfer.kind,
                                'exercise': transfer.exercise, 'number': 1,
                                'date': transfer.date}])
                self.assertEqual(refusal.exception.message, "Un autre "
                    "bordereau en cours de ce budget a déjà ce numéro.")
        first_agent()
        self.assertEqual(locks, [1])

    @with_transaction()
    def test_month_for_two_cities_gives_two_valid_files(self):
        "Two cities, one month: two files, valid, totals, PDFs attached"
        files = []
        for name, cod_col, names in [
                ("Ville de Rillieux-la-Pape", '287',
                    ['MARTIN', 'DURAND', 'LEROY']),
                ("Ville de Saint-Chamond", '288',
                    ['MOREAU', 'PETIT', 'ROUX'])]:
            company, budget, canteen, club = pes_city(name, cod_col)
            with set_company(company):
                invoices, homes = october(company, canteen, zip(
                        names, [[1, 2], [1], [1, 2, 5]]))
                (transfer,), notes = prepare(budget)
            files.append((company, transfer, invoices))

        for company, transfer, invoices in files:
            self.assertEqual(transfer.state, 'prepared')
            self.assertEqual((transfer.kind, transfer.exercise,
                    transfer.number), ('title', 2026, 1))
            self.assertEqual(official_errors(transfer.file), [])
            root = etree.fromstring(transfer.file)
            self.assertEqual(v(root, 'EnTetePES/IdColl'),
                transfer.budget.id_coll)
            block = root.find('PES_RecetteAller/Bordereau/BlocBordereau')
            self.assertEqual(v(block, 'NbrPce'), '3')
            # 2 + 1 + 3 meals at 2.50 €.
            self.assertEqual(v(block, 'MtBordHt'), '15.00')
            self.assertEqual(transfer.total, sum(
                    i.total_amount for i in invoices))
            self.assertEqual(transfer.piece_count, 3)
            pieces = root.findall('PES_RecetteAller/Bordereau/Piece')
            self.assertEqual([v(p, 'BlocPiece/IdPce') for p in pieces],
                ['1', '2', '3'])
            self.assertEqual(
                [l.invoice for l in transfer.lines], invoices)
            first = pieces[0]
            self.assertEqual(v(first, 'BlocPiece/Edition'), '01')
            self.assertEqual(v(first, 'LigneDePiece/BlocLignePiece/'
                    'InfoLignePiece/CodProdLoc'), 'REST')
            self.assertIn(v(first, 'LigneDePiece/Tiers/InfoTiers/Nom'),
                {'MARTIN', 'MOREAU'})
            self.assertEqual(v(first, 'LigneDePiece/Tiers/Adresse/CP'),
                '69140')
            # Each title's PDF is the invoice the family receives.
            attachments = root.findall('PES_PJ/PJ')
            self.assertEqual(len(attachments), 3)
            for invoice, piece, pj in zip(invoices, pieces, attachments):
                self.assertEqual(v(piece, 'BlocPiece/PJRef/IdUnique'),
                    v(pj, 'IdUnique'))
                pdf = gzip.decompress(base64.b64decode(
                        pj.find('Contenu/Fichier').text))
                text = ' '.join(PdfReader(io.BytesIO(pdf)).pages[0]
                    .extract_text().split())
                self.assertIn(f"Facture {invoice.number}", text)
                for other in invoices:
                    if other != invoice:
                        self.assertNotIn(other.number, text)
            # Without bookmarks, the pages are told apart by their text.
            merged = PdfWriter()
            for pj in attachments:
                merged.append(io.BytesIO(gzip.decompress(base64.b64decode(
                                pj.find('Contenu/Fichier').text))))
            buffer = io.BytesIO()
            merged.write(buffer)
            self.assertEqual(len(PdfReader(io.BytesIO(
                            buffer.getvalue())).outline), 0)
            parts = split(buffer.getvalue(),
                [f"Facture {i.number}" for i in invoices])
            self.assertEqual([len(PdfReader(io.BytesIO(p)).pages)
                    for p in parts], [1, 1, 1])

    @with_transaction()
    def test_sent_file_locks_invoices_and_credit_note_reduces(self):
        "Sent: no cancel; a credit note becomes a reduction title"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Transfer = pool.get('pes.transfer')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            (transfer,), _ = prepare(budget)
            with self.assertRaises(AccessError) as cm:
                Invoice.cancel([invoices[0]])
            self.assertIn("préparé", cm.exception.message)
            Transfer.send([transfer])
            with self.assertRaises(AccessError) as cm:
                Invoice.cancel([invoices[0]])
            self.assertIn("a été transmise à la Trésorerie",
                cm.exception.message)
            self.assertEqual(invoices[0].pes_title, "2026-1/1")
            # Its printed invoice: the title, cheques to the Trésor public.
            self.assertEqual(invoices[0].sitiv_treasury_title(), "2026-1/1")
            self.assertEqual(invoices[0].sitiv_cheque_payee(),
                "Trésor public")

            # Nothing is left to send for October.
            self.assertEqual(prepare(budget), ([], []))
            credit, = Invoice.credit([invoices[2]])
            credit.invoice_date = date(20, 11)
            credit.save()
            Invoice.post([credit])
            (reduction,), notes = prepare(budget, start=date(1, 11),
                end=date(30, 11), when=date(1, 12))

        self.assertEqual(notes, [])
        self.assertEqual((reduction.kind, reduction.number),
            ('reduction', 1))
        self.assertEqual(official_errors(reduction.file), [])
        root = etree.fromstring(reduction.file)
        self.assertEqual(v(root, 'PES_RecetteAller/Bordereau/BlocBordereau/'
                'TypBord'), '02')
        piece = root.find('PES_RecetteAller/Bordereau/Piece')
        self.assertEqual(v(piece, 'BlocPiece/NatPce'), '06')
        # Title numbers go on from the titles of the exercise.
        self.assertEqual(v(piece, 'BlocPiece/IdPce'), '4')
        attach = piece.find('LigneDePiece/BlocLignePiece/RattachPiece')
        self.assertEqual([e.get('V') for e in attach], ['01', '2026', '3'])
        self.assertEqual(v(piece, 'LigneDePiece/BlocLignePiece/'
                'InfoLignePiece/MtHT'), '7.50')
        line, = reduction.lines
        self.assertEqual(line.reduces.invoice, invoices[2])
        self.assertIsNone(root.find('PES_PJ'))

    @with_transaction()
    def test_credit_note_of_an_invoice_never_sent_is_left_out(self):
        "No title to reduce: the note says so, no file"
        Invoice = Pool().get('account.invoice')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            credit, = Invoice.credit([invoices[0]])
            credit.invoice_date = date(31)
            credit.save()
            Invoice.post([credit])
            transfers, notes = prepare(budget)
        self.assertEqual([t.kind for t in transfers], ['title'])
        self.assertEqual(len(notes), 1)
        self.assertIn(f"Avoir {credit.number} écarté", notes[0])

    @with_transaction()
    def test_acquit_rejecting_a_bordereau(self):
        "Hélios refuses the bordereau: rejected, reasons in French, free"
        pool = Pool()
        Transfer = pool.get('pes.transfer')
        Return = pool.get('pes.treasury_return')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            (transfer,), _ = prepare(budget)
            Transfer.send([transfer])
            report = Return.import_file(company, 'ack.xml', acquit(
                    'acquit_v2_rejected.xml', **{
                        '<NumBord V="3"/>': '<NumBord V="1"/>',
                        '<NumPiece V="41"/>': '<NumPiece V="1"/>'}))
            again, _ = prepare(budget)

        self.assertEqual(report.state, 'done')
        self.assertEqual(report.kind, 'acquit')
        self.assertEqual(report.transfers_updated, 1)
        self.assertEqual(transfer.state, 'rejected')
        self.assertEqual(transfer.message,
            "le total du bordereau n'est pas la somme de ses titres — "
            "MtBordHt différent de la somme des MtHT\n"
            "titre 1 : titre déjà reçu (doublon)")
        self.assertEqual([e.state for e in transfer.events],
            ['rejected', 'sent', 'prepared'])
        # The invoices go into the next file, under the same numbers.
        again, = again
        self.assertEqual((again.number, [l.number for l in again.lines]),
            (1, [1, 2, 3]))
        self.assertEqual([l.invoice for l in again.lines], invoices)

    @with_transaction()
    def test_acquit_accepting_twice_changes_nothing_more(self):
        "Accepted, then the same Acquit again: unchanged"
        pool = Pool()
        Transfer = pool.get('pes.transfer')
        Return = pool.get('pes.treasury_return')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            october(company, canteen)
            (transfer,), _ = prepare(budget)
            Transfer.send([transfer])
            # CodBud is optional in an Acquit's header.
            data = acquit('acquit_accepted.xml',
                **{'<NumBord V="3"/>': '<NumBord V="1"/>',
                    '<CodBud V="00"/>': ''})
            first = Return.import_file(company, 'ack.xml', data)
            second = Return.import_file(company, 'ack.xml', data)
        self.assertEqual(transfer.state, 'acknowledged')
        self.assertEqual(first.transfers_updated, 1)
        self.assertEqual(second.transfers_updated, 0)
        self.assertIn("déjà traité", second.details)

    @with_transaction()
    def test_treasury_file_names_its_city(self):
        "The collectivité of a Treasury file's header tells its city"
        Return = Pool().get('pes.treasury_return')
        rillieux, _, _, _ = pes_city()
        vaulx, _, _, _ = pes_city("Ville de Vaulx-en-Velin", cod_col='288')
        self.assertEqual(Return.company_of(acquit('acquit_accepted.xml')),
            rillieux)
        self.assertEqual(Return.company_of(acquit('acquit_accepted.xml',
                    **{'21690000110000': '21690001910002'})), vaulx)
        self.assertIsNone(Return.company_of(b'<pas du PES'))

    @with_transaction()
    def test_retour_pays_two_invoices_others_untouched(self):
        "PES Retour: two titles paid at the Trésorerie, the third not"
        pool = Pool()
        Transfer = pool.get('pes.transfer')
        Return = pool.get('pes.treasury_return')
        Payment = pool.get('sitiv.payment')
        Party = pool.get('party.party')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            (transfer,), _ = prepare(budget)
            Transfer.send([transfer])
            data = retour_for(transfer.lines, invoices[:2])
            report = Return.import_file(company, 'retour.xml', data)
            again = Return.import_file(company, 'retour.xml', data)

        self.assertEqual(report.state, 'done', report.details)
        self.assertEqual(report.kind, 'retour')
        self.assertEqual(report.payments_recorded, 2)
        self.assertEqual([i.state for i in invoices],
            ['paid', 'paid', 'posted'])
        payments = Payment.search([('mode', '=', 'title')])
        self.assertEqual(sorted(p.amount for p in payments),
            sorted(i.total_amount for i in invoices[:2]))
        self.assertTrue(all(p.regie is None for p in payments))
        lines = {l.invoice: l for l in transfer.lines}
        self.assertEqual(lines[invoices[0]].treasury_paid,
            invoices[0].total_amount)
        self.assertEqual(lines[invoices[2]].treasury_paid, D(0))
        self.assertEqual(lines[invoices[2]].treasury_state, '02')
        # The debtors' identifier comes back for the next files.
        for invoice in invoices:
            expected = '3023217600053' if invoice in invoices[:2] else None
            self.assertEqual(Party(invoice.party.id).pes_fiscal_id,
                expected)
        # The same file twice records nothing twice.
        self.assertEqual(again.payments_recorded, 0)
        self.assertEqual(len(Payment.search([('mode', '=', 'title')])), 2)

    @with_transaction()
    def test_retour_payments_only_noted_when_city_says_so(self):
        "A budget that does not record Trésorerie payments: noted only"
        pool = Pool()
        Transfer = pool.get('pes.transfer')
        Return = pool.get('pes.treasury_return')
        company, budget, canteen, club = pes_city(retour_payments=False)
        with set_company(company):
            invoices, homes = october(company, canteen)
            (transfer,), _ = prepare(budget)
            Transfer.send([transfer])
            data = retour_for(transfer.lines, invoices[:1])
            report = Return.import_file(company, 'retour.xml', data)
            again = Return.import_file(company, 'retour.xml', data)
        self.assertEqual([i.state for i in invoices], ['posted'] * 3)
        self.assertEqual((report.payments_recorded,
                again.payments_recorded), (1, 0))
        self.assertEqual(transfer.lines[0].treasury_paid,
            invoices[0].total_amount)
        self.assertIn("ne reporte pas les paiements", report.details)

    @with_transaction()
    def test_bad_files_refused_nothing_changed(self):
        "Corrupted, wrong schema, unknown budget: refused, nothing changed"
        pool = Pool()
        Transfer = pool.get('pes.transfer')
        Return = pool.get('pes.treasury_return')
        Attachment = pool.get('ir.attachment')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            (transfer,), _ = prepare(budget)
            Transfer.send([transfer])
            good = retour_for(transfer.lines, invoices)
            cases = {
                'tronque.xml': good[:len(good) // 2],
                'etat.xml': good.replace(b'<EtatPce V="02"/>',
                    b'<EtatPce V="99"/>', 1),
                'aller.xml': transfer.file,
                'autre.xml': acquit('retour_recette.xml').replace(
                    b'21690000110000', b'21690001910002'),
                # An external entity (XXE) and a DTD of internal ones.
                'xxe.xml': good.replace(b'?>', b'?>\n<!DOCTYPE PES_Retour '
                    b'[<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1
                    ).replace(b'<EtatPce V="02"/>',
                    b'<EtatPce V="02"/><!-- &xxe; -->', 1),
                'dtd.xml': good.replace(b'?>', b'?>\n<!DOCTYPE PES_Retour '
                    b'[<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>', 1),
                }
            reports = {name: Return.import_file(company, name, data)
                for name, data in cases.items()}

        for name, report in reports.items():
            self.assertEqual(report.state, 'refused', name)
            attachment, = Attachment.search([
                    ('resource', '=', str(report))])
            self.assertEqual(attachment.data, cases[name])
        self.assertEqual(reports['tronque.xml'].message,
            "Le fichier n'est pas un XML lisible.")
        self.assertIn("élément EtatPce : le code « 99 » n'est pas permis",
            reports['etat.xml'].details)
        self.assertIn("PES Aller", reports['aller.xml'].message)
        self.assertIn("SIRET 21690001910002", reports['autre.xml'].message)
        for name in ['xxe.xml', 'dtd.xml']:
            self.assertEqual(reports[name].message, "Le fichier contient une "
                "déclaration DOCTYPE : un fichier PES n'en a pas, il est "
                "refusé.")
        self.assertEqual(transfer.state, 'sent')
        self.assertEqual([i.state for i in invoices], ['posted'] * 3)

    @with_transaction()
    def test_bug_halfway_refuses_the_file_and_keeps_it(self):
        """A bug while reading a Retour after a payment was recorded: the
        payment undone, the file refused (kind kept) and archived"""
        from unittest.mock import patch
        pool = Pool()
        Transfer = pool.get('pes.transfer')
        Return = pool.get('pes.treasury_return')
        Attachment = pool.get('ir.attachment')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            (transfer,), _ = prepare(budget)
            Transfer.send([transfer])
            good = retour_for(transfer.lines, invoices)
            read = Return._retour.__func__

            def broken(cls, *args):
                read(cls, *args)
                raise ZeroDivisionError
            with patch.object(Return, '_retour', classmethod(broken)):
                report = Return.import_file(company, 'retour.xml', good)
        self.assertEqual((report.state, report.kind,
                report.payments_recorded), ('refused', 'retour', 0))
        self.assertIn("(ZeroDivisionError)", report.message)
        attachment, = Attachment.search([('resource', '=', str(report))])
        self.assertEqual(attachment.data, good)
        Invoice = pool.get('account.invoice')
        self.assertEqual([Invoice(i.id).state for i in invoices],
            ['posted'] * 3)
        self.assertEqual(pool.get('sitiv.payment').search_count(
                [('mode', '=', 'title')]), 0)

    @with_transaction()
    def test_family_paying_by_direct_debit(self):
        "InfoPrelevementSEPA: first debit of the mandate, its RUM and date"
        from sitiv_facturation.tests.tools import mandate, sepa_city
        Household = Pool().get('sitiv.household')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            bank = sepa_city(company)
            home, parent = family(company, canteen, 'MARTIN', [1, 2])
            Household.write([home], {'payment_method': 'sepa'})
            record = mandate(company, parent, bank)
            invoice, = bill(company, OCT).invoices
            (transfer,), _ = prepare(budget)
        self.assertEqual(official_errors(transfer.file), [])
        sepa = etree.fromstring(transfer.file).find(
            'PES_RecetteAller/Bordereau/Piece/LigneDePiece/BlocLignePiece/'
            'InfoPrelevementSEPA')
        values = {e.tag: e.get('V') for e in sepa}
        self.assertEqual(values['MtPrel'], '5.00')
        self.assertEqual(values['SequencePres'], '02')  # FRST
        self.assertEqual(values['RefUniMdt'], record.identification)
        self.assertEqual(values['DateSignMandat'], '2026-09-20')
        self.assertEqual(values['DtePrel'],
            invoice.payment_term_date.isoformat())

    @with_transaction()
    def test_ormc_roll(self):
        "One collective roll: TypBord 06, articles 1…n, check keys"
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            (roll,), _ = prepare(budget, ormc=True)
        self.assertEqual(roll.kind, 'ormc')
        self.assertEqual(official_errors(roll.file), [])
        root = etree.fromstring(roll.file)
        self.assertEqual(v(root, 'PES_RecetteAller/Bordereau/BlocBordereau/'
                'TypBord'), '06')
        pieces = root.findall('PES_RecetteAller/Bordereau/Piece')
        self.assertEqual([v(p, 'BlocPiece/IdPce') for p in pieces],
            ['1', '2', '3'])
        for invoice, piece in zip(invoices, pieces):
            self.assertEqual(v(piece, 'BlocPiece/TypPce'), '15')
            self.assertEqual(v(piece, 'BlocPiece/NumDette'),
                str(int(''.join(c for c in invoice.number
                            if c.isdigit()))))
            self.assertRegex(v(piece, 'BlocPiece/Cle1'), r'^\d$')
            self.assertRegex(v(piece, 'BlocPiece/Cle2'), r'^[A-Z]$')

    @with_transaction()
    def test_missing_product_and_bad_address_named(self):
        "An activity without product code, a bad postcode: no file"
        pool = Pool()
        Product = pool.get('pes.budget.product')
        Address = pool.get('party.address')
        company, budget, canteen, club = pes_city()
        with set_company(company):
            invoices, homes = october(company, canteen)
            Product.delete([p for p in budget.products
                    if p.activity == canteen])
            with self.assertRaises(UserError) as cm:
                prepare(budget)
            self.assertIn("l'activité « Restauration scolaire » n'a pas de "
                "code produit", cm.exception.message)
            Product.create([{'budget': budget.id, 'activity': canteen.id,
                        'code': 'REST', 'nature': '7067'}])
            address = invoices[1].invoice_address
            Address.write([address], {'postal_code': '6914'})
            with self.assertRaises(UserError) as cm:
                prepare(budget)
        self.assertIn(f"titre 2 ({invoices[1].number}) : code postal "
            "« 6914 » du tiers DURAND : 5 chiffres attendus",
            cm.exception.message)
        self.assertEqual(Pool().get('pes.transfer').search([]), [])

    @with_transaction()
    def test_budget_codes_checked(self):
        "A SIRET with a bad key is refused at once"
        with self.assertRaises(ValidationError) as cm:
            pes_city(id_coll='21690000110001')
        self.assertIn("21690000110001", cm.exception.message)

    @with_transaction()
    def test_agent_of_another_city_sees_no_transfer(self):
        "Record rules: a billing agent sees his city's transfers only"
        pool = Pool()
        User = pool.get('res.user')
        Transfer = pool.get('pes.transfer')
        ModelData = pool.get('ir.model.data')
        company, budget, canteen, club = pes_city()
        other, other_budget, _, _ = pes_city("Ville de Saint-Chamond", '288')
        with set_company(company):
            october(company, canteen)
            (transfer,), _ = prepare(budget)
        agent, = User.create([{'name': "Agent", 'login': 'agent.sc',
                    'companies': [('add', [other.id])], 'company': other.id,
                    'groups': [('add', [ModelData.get_id(
                                    'sitiv_facturation',
                                    'group_billing_agent')])]}])
        with Transaction().set_user(agent.id), \
                Transaction().set_context(company=other.id,
                    companies=[other.id], _check_access=True):
            self.assertEqual(Transfer.search([]), [])
            with self.assertRaises(AccessError):
                Transfer.read([transfer.id], ['file'])


del ModuleTestCase
