# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""PES V2 files (§2.1.5.2, §2.1.14.4) against the DGFiP's schemas and the
hand-written golden files of tests/golden/pes (never produced by the code
under test)."""
import base64
import datetime
import gzip
import os
import pathlib
from decimal import Decimal as D

import pytest
from lxml import etree

from hestia.pes import aller, ormc, retour, schema
from hestia.pes.schema import PesError

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'pes'
# The DGFiP's own files, outside the repository (.ci/run points at them).
SHARED = pathlib.Path(os.environ.get('HESTIA_REFERENCE_XSD', '/nonexistent'))


def golden(name):
    return (GOLDEN / name).read_bytes()


def test_schemas_are_the_shared_ones():
    "The copy Hestia ships is byte for byte the DGFiP's set"
    if not SHARED.exists():
        pytest.skip("HESTIA_REFERENCE_XSD ne désigne pas les schémas de la "
            "DGFiP")
    shipped = schema.XSD
    for path in SHARED.rglob('*.xsd'):
        assert (shipped / path.relative_to(SHARED)).read_bytes() \
            == path.read_bytes(), path


def test_minimal_golden_file_is_valid():
    "The hand-written minimal PES_Aller passes the official schema"
    root = schema.check(golden('pes_aller_minimal.xml'))
    assert etree.QName(root).localname == 'PES_Aller'
    if SHARED.exists():
        official = etree.XMLSchema(etree.parse(
                str(SHARED / 'PES_V2' / 'Rev0' / 'PES_Aller.xsd')))
        assert official.validate(root.getroottree())


@pytest.mark.parametrize('old, new, expected', [
    (b'<MtHT V="21.35"/>', b'<MtHT V="21,35"/>',
        "ligne 47, élément MtHT : « 21,35 » n'est pas une valeur valide"),
    (b'<MtHT V="21.35"/>', b'<MtHT V="0.00"/>',
        "ligne 47, élément MtHT : « 0.00 » doit être supérieur à 0"),
    (b'<MtHT V="21.35"/>', b'<MtHT V="21.355"/>',
        "ligne 47, élément MtHT : « 21.355 » a plus de 2 décimales"),
    (b'<Nom V="MARTIN"/>', b'<Nom V="' + b'X' * 40 + b'"/>',
        "élément Nom : « " + 'X' * 40 + " » a 40 caractères, 38 au plus"),
    (b'<TypBord V="01"/>', b'<TypBord V="09"/>',
        "élément TypBord : le code « 09 » n'est pas permis"),
    (b'<CodProdLoc V="CANT"/>', b'',
        "élément Nature : élément inattendu à cet endroit ; attendu : "
        "ObjLignePce, CodProdLoc"),
    (b'<IdColl V="21690100000017"/>', b'<IdColl V="2169A"/>',
        "élément IdColl : « 2169A » n'a pas la forme attendue ([0-9]*)"),
    (b'<Majo V="0"/>', b'<Majo/>',
        "élément Majo : l'attribut V (la valeur) est obligatoire"),
    ])
def test_validator_names_element_and_reason_in_french(old, new, expected):
    "Each broken golden file is refused with its line and element"
    data = golden('pes_aller_minimal.xml')
    assert old in data
    with pytest.raises(PesError) as info:
        schema.check(data.replace(old, new, 1))
    assert "n'est pas conforme au schéma PES Aller" in info.value.message
    assert any(expected in e for e in info.value.errors), info.value.errors


def test_default_namespace_and_foreign_files_are_refused():
    "The namespace is on n:PES_Aller only; other XML is not a PES"
    data = golden('pes_aller_minimal.xml').replace(
        b'<n:PES_Aller xmlns:n=', b'<PES_Aller xmlns=').replace(
        b'</n:PES_Aller>', b'</PES_Aller>')
    with pytest.raises(PesError) as info:
        schema.check(data)
    assert "élément Enveloppe : élément inattendu" in str(info.value)
    with pytest.raises(PesError) as info:
        schema.check(b'<facture/>')
    assert "ni un PES Aller" in info.value.message
    with pytest.raises(PesError) as info:
        schema.check(b'PK\x03\x04 not xml')
    assert info.value.message == "Le fichier n'est pas un XML lisible."
    with pytest.raises(PesError) as info:
        schema.check(golden('pes_aller_minimal.xml'), {'retour'})
    assert info.value.message == (
        "Ce fichier est un PES Aller, pas un PES Retour.")


PDF = b'%PDF-1.4\n% avis des sommes a payer F2026-000041\n%%EOF\n'


def martin_bordereau(**changes):
    header = aller.Header(id_post='069045', id_coll='21690000110000',
        cod_col='287', cod_bud='00',
        label="RILLIEUX-LA-PAPE BUDGET PRINCIPAL",
        date=datetime.date(2026, 11, 5))
    tiers = aller.Tiers(name='MARTIN', first_name='Hélène',
        civility='Mme', street='12 rue des Lilas', zip='69140',
        city='RILLIEUX-LA-PAPE', birth_date=datetime.date(1985, 3, 14),
        fiscal_id='3023217600053', reference='P000123')
    title = aller.Title(number=41, reference='F2026-000041',
        label='Facture F2026-000041 octobre 2026', tiers=tiers,
        start=datetime.date(2026, 10, 1), end=datetime.date(2026, 10, 31),
        lines=[aller.Line("Restauration scolaire", 'REST', '7067',
                D('21.35')),
            aller.Line("Accueil périscolaire", 'PERI', '7066', D('10'))],
        debit=aller.Debit(sequence='RCUR', mandate='RUM-2025-0042',
            signed=datetime.date(2025, 9, 1),
            date=datetime.date(2026, 11, 15), amount=D('31.35')),
        pdf=PDF)
    bordereau = aller.Bordereau(kind='title', exercise=2026, number=3,
        date=datetime.date(2026, 11, 5), titles=[title], asap=True,
        label="Factures familles octobre 2026")
    for name, value in changes.items():
        setattr(bordereau, name, value)
    return header, bordereau


def canonical(data):
    "The document with the PDF's content blanked, for comparison."
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True,
            remove_comments=True))
    for file_ in root.iter('Fichier'):
        file_.text = None
    return etree.tostring(root, method='c14n')


def test_title_with_debit_and_pdf_equals_golden_file():
    "An individual title as written by hand from the schema"
    data = aller.write(*martin_bordereau())
    assert data.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    assert 'Hélène'.encode('iso-8859-1') in data
    assert canonical(data) == canonical(golden('pes_aller_title_sepa.xml'))
    root = etree.fromstring(data)
    content = root.find('PES_PJ/PJ/Contenu/Fichier')
    assert content.get('MIMEType') == 'application/pdf'
    assert gzip.decompress(base64.b64decode(content.text)) == PDF
    assert b'IdTiers' not in data


def test_fiscal_identifier_sent_when_the_budget_says_so():
    "IdTiers carries the payer's fiscal identifier on request"
    data = aller.write(*martin_bordereau(send_fiscal_id=True))
    assert data.count(b'<IdTiers V="3023217600053"/>') == 2


def test_reduction_title_points_to_the_title_it_reduces():
    "A credit note: bordereau 02, NatPce 06, RattachPiece to title 41"
    header, bordereau = martin_bordereau(kind='reduction', asap=False)
    title = bordereau.titles[0]
    title.debit = title.pdf = None
    title.origin = (2026, 41)
    title.lines = title.lines[1:]
    root = etree.fromstring(aller.write(header, bordereau))
    block = root.find('PES_RecetteAller/Bordereau/BlocBordereau')
    assert block.find('TypBord').get('V') == '02'
    assert block.find('MtBordHt').get('V') == '10.00'
    piece = root.find('PES_RecetteAller/Bordereau/Piece')
    assert piece.find('BlocPiece/NatPce').get('V') == '06'
    attach = piece.find('LigneDePiece/BlocLignePiece/RattachPiece')
    assert [e.get('V') for e in attach] == ['01', '2026', '41']


def test_ormc_article_carries_debt_and_keys():
    "An ORMC roll: TypBord 06, TypPce 15, NumDette, Per, Cle1, Cle2"
    header, bordereau = martin_bordereau(kind='ormc')
    title = bordereau.titles[0]
    title.debt, title.period = 41, 1
    title.keys = (ormc.cle1('287', '01', 2026, 1, 41),
        ormc.cle2(2026, 1, 41))
    root = etree.fromstring(aller.write(header, bordereau))
    block = root.find('PES_RecetteAller/Bordereau/Piece/BlocPiece')
    values = {e.tag: e.get('V') for e in block}
    assert values['TypPce'] == '15'
    assert (values['NumDette'], values['Per']) == ('41', '1')
    assert (values['Cle1'], values['Cle2']) == (
        str(title.keys[0]), title.keys[1])


def test_ormc_keys():
    "Keys worked by hand from the module's stated method"
    # 287 01 26 1 41 → digits 2870126141, weights 2..7 from the right:
    # 1*2+4*3+1*4+6*5+2*6+1*7+0*2+7*3+8*4+2*5 = 130; 130 % 11 = 9 → 2
    assert ormc.cle1('287', '01', 2026, 1, 41) == 2
    # 2610041 % 23 = 2610041 - 23*113480 = 1 → 'B'
    assert ormc.cle2(2026, 1, 41) == 'B'
    # Letters count as in a RIB: A → 1, S → 2.
    assert ormc.cle1('A', '', 2000, 0, 0) == ormc.cle1('1', '', 2000, 0, 0)
    assert ormc.cle1('S', '', 2000, 0, 0) == ormc.cle1('2', '', 2000, 0, 0)


def test_data_that_does_not_fit_names_the_title():
    "A 45-character street or a 4-digit postcode: no file, a clear list"
    header, bordereau = martin_bordereau()
    bordereau.titles[0].tiers.street = 'X' * 45
    bordereau.titles[0].tiers.zip = '6914'
    with pytest.raises(PesError) as info:
        aller.write(header, bordereau)
    assert info.value.errors == [
        "titre 41 (F2026-000041), adresse (voie) : « " + 'X' * 45
        + " » a 45 caractères, 38 au plus",
        "titre 41 (F2026-000041) : code postal « 6914 » du tiers MARTIN : "
        "5 chiffres attendus",
        ] * 2


def test_acquit_rejecting_a_bordereau_in_french():
    "Acquit V2: bordereau 3 refused, its reasons in French"
    header, (ack,) = retour.read_acquit(golden('acquit_v2_rejected.xml'))
    assert (header.id_coll, header.cod_col, header.cod_bud) == (
        '21690000110000', '287', '00')
    assert (ack.accepted, ack.exercise, ack.bordereau) == (False, 2026, 3)
    assert ack.errors == [
        "le total du bordereau n'est pas la somme de ses titres — "
        "MtBordHt différent de la somme des MtHT",
        "titre 41 : titre déjà reçu (doublon)"]
    header, (ack,) = retour.read_acquit(golden('acquit_accepted.xml'))
    assert (ack.accepted, ack.bordereau, ack.errors) == (True, 3, [])


def test_retour_reads_payments_and_identifiers():
    "PES Retour recettes: title 41 paid at the Trésorerie, 42 not"
    header, pieces = retour.read_retour(golden('retour_recette.xml'))
    assert header.cod_col == '287'
    paid, unpaid = pieces
    assert (paid.bordereau, paid.number, paid.state) == (3, 41, '02')
    (payment,) = paid.payments
    assert (payment.date, payment.amount, payment.reference) == (
        datetime.date(2026, 11, 20), D('31.35'), '900001')
    assert paid.fiscal_ids == [('3023217600053', '', 'MARTIN')]
    assert (unpaid.number, unpaid.payments) == (42, [])


def test_retour_against_its_schema():
    "A Retour with a title in an unknown state is refused, in French"
    data = golden('retour_recette.xml').replace(
        b'<EtatPce V="02"/>', b'<EtatPce V="09"/>', 1)
    with pytest.raises(PesError) as info:
        retour.read_retour(data)
    assert any("élément EtatPce : le code « 09 » n'est pas permis" in e
        for e in info.value.errors)
    with pytest.raises(PesError):
        retour.read_acquit(golden('retour_recette.xml'))
