# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""PES V2 « aller » recette files: a bordereau of titles (individual,
ORMC or reduction) with their tiers, direct-debit details and the PDF of
each avis des sommes à payer in PES_PJ.

Plain data in, ISO-8859-1 bytes out; `write` checks the result against
PES_Aller.xsd and raises PesError rather than return an invalid file."""
import base64
import dataclasses
import datetime
import gzip
import re
import unicodedata
from decimal import Decimal
from typing import List, Optional

from lxml import etree

from . import schema
from .schema import PesError

NS = schema.NAMESPACES['aller']
CENT = Decimal('0.01')

# (TypBord, TypPce, NatPce) per kind of bordereau (Class_TitreAller.xsd).
TRIPLETS = {
    'title': ('01', '01', '01'),      # titre ordinaire, fonctionnement
    'reduction': ('02', '02', '06'),  # annulation/réduction
    'ormc': ('06', '15', '01'),       # ORMC, titre ORMC
    }
SEQUENCES = {'OOFF': '01', 'FRST': '02', 'RCUR': '03', 'FNAL': '04'}


@dataclasses.dataclass
class Header:
    id_post: str
    id_coll: str
    cod_col: str
    cod_bud: str
    label: str
    date: datetime.date


@dataclasses.dataclass
class Tiers:
    name: str
    street: str
    zip: str
    city: str
    first_name: str = ''
    civility: str = ''
    complement: str = ''
    birth_date: Optional[datetime.date] = None
    fiscal_id: str = ''         # sent only when the budget says so
    reference: str = ''         # the payer's code in Hestia


@dataclasses.dataclass
class Line:
    label: str
    product: str               # CodProdLoc
    nature: str                # the revenue account (Nature)
    amount: Decimal


@dataclasses.dataclass
class Debit:
    "InfoPrelevementSEPA: the family pays this title by direct debit."
    sequence: str              # FRST, RCUR, FNAL, OOFF
    mandate: str               # RUM
    signed: datetime.date
    date: datetime.date
    amount: Decimal


@dataclasses.dataclass
class Title:
    number: int                # IdPce (the article's number in an ORMC)
    reference: str             # the invoice number, for messages
    label: str
    tiers: Tiers
    lines: List[Line]
    start: Optional[datetime.date] = None
    end: Optional[datetime.date] = None
    debit: Optional[Debit] = None
    pdf: Optional[bytes] = None
    origin: Optional[tuple] = None     # (exercise, IdPce) a reduction cuts
    debt: Optional[int] = None         # ORMC NumDette
    period: Optional[int] = None       # ORMC Per
    keys: Optional[tuple] = None       # ORMC (Cle1, Cle2)

    @property
    def amount(self):
        return sum((l.amount for l in self.lines), Decimal(0))


@dataclasses.dataclass
class Bordereau:
    kind: str                  # a key of TRIPLETS
    exercise: int
    number: int                # IdBord (the rôle number for an ORMC)
    date: datetime.date
    titles: List[Title]
    asap: bool = False         # Edition 01: the DGFiP prints the ASAP
    send_fiscal_id: bool = False
    label: str = ''

    @property
    def amount(self):
        return sum((t.amount for t in self.titles), Decimal(0))


def file_name(header, bordereau):
    return (f"PESALR2_{header.id_coll}_{bordereau.exercise}"
        f"_{bordereau.kind}_{bordereau.number:07d}.xml")


def pj_id(title):
    "IdUnique of a title's PDF: letters and digits only (Base_Alphanum50)."
    return re.sub(r'[^0-9A-Za-z]', '', title.reference)[:50]


def write(header, bordereau):
    """The PES_Aller of one bordereau as ISO-8859-1 bytes, checked against
    the DGFiP schema; PesError naming each title at fault otherwise."""
    writer = _Writer(bordereau)
    root = writer.document(header)
    if writer.faults:
        raise PesError("Des données des titres ne rentrent pas dans le "
            "format PES ; corrigez-les puis préparez l'envoi de nouveau.",
            writer.faults)
    data = etree.tostring(root, xml_declaration=True, encoding='ISO-8859-1',
        pretty_print=True)
    faults = schema.errors(root, 'aller')
    if faults:
        raise PesError("Le fichier produit n'est pas conforme au schéma "
            "PES_Aller de la DGFiP ; il n'est pas délivré.", faults)
    return data


def amount(value):
    "Amounts: > 0, a dot and exactly two decimals."
    return str(Decimal(value).quantize(CENT))


def latin1(text):
    """`text` with what ISO-8859-1 lacks spelt out (œ → oe, ’ → ')."""
    text = (text or '').replace('œ', 'oe').replace('Œ', 'OE').replace(
        '’', "'").replace('–', '-').replace('—', '-').replace('\n', ' ')
    out = []
    for char in text:
        try:
            char.encode('iso-8859-1')
        except UnicodeEncodeError:
            char = unicodedata.normalize('NFKD', char).encode(
                'iso-8859-1', 'ignore').decode('iso-8859-1')
        out.append(char)
    return ' '.join(''.join(out).split())


def sepa_text(text):
    "SEPA texts: the SEPA character set only (Base_Texte…SEPA)."
    text = unicodedata.normalize('NFKD', latin1(text)).encode(
        'ascii', 'ignore').decode('ascii')
    return re.sub(r"[^0-9a-zA-Z/?:()., \-+']", ' ', text)


class _Writer:

    def __init__(self, bordereau):
        self.bordereau = bordereau
        self.faults = []
        self.title = None

    def value(self, parent, tag, value, size=None, what=None):
        "<tag V=value/>, noting a value longer than the format allows."
        if value is None or value == '':
            return None
        if isinstance(value, datetime.date):
            value = value.isoformat()
        value = str(value)
        if size and len(value) > size:
            where = (f"titre {self.title.number} ({self.title.reference})"
                if self.title else "bordereau")
            self.faults.append(f"{where}, {what or tag} : « {value} » a "
                f"{len(value)} caractères, {size} au plus")
        element = etree.SubElement(parent, tag)
        element.set('V', value)
        return element

    def document(self, header):
        b = self.bordereau
        root = etree.Element(etree.QName(NS, 'PES_Aller'), nsmap={'n': NS})
        envelope = etree.SubElement(root, 'Enveloppe')
        parameters = etree.SubElement(envelope, 'Parametres')
        self.value(parameters, 'Version', 2)
        self.value(parameters, 'TypFic', 'PESALR2')
        self.value(parameters, 'NomFic', file_name(header, b), 100)
        head = etree.SubElement(root, 'EnTetePES')
        self.value(head, 'DteStr', header.date)
        self.value(head, 'IdPost', header.id_post, 7, "IdPost (poste)")
        self.value(head, 'IdColl', header.id_coll, 14, "IdColl (SIRET)")
        self.value(head, 'CodCol', header.cod_col, 3)
        self.value(head, 'CodBud', header.cod_bud, 2)
        self.value(head, 'LibelleColBud', latin1(header.label)[:38])
        recette = etree.SubElement(root, 'PES_RecetteAller')
        self.value(etree.SubElement(recette, 'EnTeteRecette'), 'IdVer', 2)
        bordereau = etree.SubElement(recette, 'Bordereau')
        block = etree.SubElement(bordereau, 'BlocBordereau')
        typ_bord, typ_pce, nat_pce = TRIPLETS[b.kind]
        self.value(block, 'Exer', b.exercise)
        self.value(block, 'IdBord', b.number)
        self.value(block, 'DteBordEm', b.date)
        self.value(block, 'TypBord', typ_bord)
        self.value(block, 'NbrPce', len(b.titles))
        self.value(block, 'MtBordHt', amount(b.amount))
        if b.kind == 'ormc' and b.asap:
            self.value(block, 'DteAsp', b.date)
        self.value(block, 'Objet', latin1(b.label)[:160])
        for title in b.titles:
            self.title = title
            self.piece(bordereau, title, typ_pce, nat_pce)
        self.title = None
        attached = [t for t in b.titles if t.pdf]
        if attached:
            self.attachments(root, attached)
        return root

    def piece(self, parent, title, typ_pce, nat_pce):
        b = self.bordereau
        piece = etree.SubElement(parent, 'Piece')
        block = etree.SubElement(piece, 'BlocPiece')
        self.value(block, 'IdPce', title.number)
        self.value(block, 'TypPce', typ_pce)
        self.value(block, 'NatPce', nat_pce)
        if b.asap:
            self.value(block, 'DteAsp', b.date)
            if title.pdf:
                self.value(block, 'Edition', '01')
        self.value(block, 'ObjPce', latin1(title.label)[:160])
        self.value(block, 'DebFact', title.start)
        self.value(block, 'FinFact', title.end)
        if b.kind == 'ormc':
            self.value(block, 'NumDette', title.debt)
            self.value(block, 'Per', title.period)
            self.value(block, 'Cle1', title.keys[0])
            self.value(block, 'Cle2', title.keys[1])
        if title.pdf:
            reference = etree.SubElement(block, 'PJRef')
            self.value(reference, 'Support', '01')
            self.value(reference, 'IdUnique', pj_id(title))
            self.value(reference, 'NomPJ', title.reference + '.pdf')
        for number, line in enumerate(title.lines, 1):
            self.line(piece, title, number, line)

    def line(self, piece, title, number, line):
        element = etree.SubElement(piece, 'LigneDePiece')
        block = etree.SubElement(element, 'BlocLignePiece')
        info = etree.SubElement(block, 'InfoLignePiece')
        self.value(info, 'IdLigne', number)
        self.value(info, 'ObjLignePce', latin1(line.label)[:160])
        self.value(info, 'CodProdLoc', line.product, 4,
            "code produit (CodProdLoc)")
        self.value(info, 'Nature', line.nature, 12, "nature (compte)")
        self.value(info, 'Majo', 0)
        self.value(info, 'TvaIntraCom', 0)
        self.value(info, 'MtHT', amount(line.amount))
        debit = title.debit
        if debit and number == 1:
            sepa = etree.SubElement(block, 'InfoPrelevementSEPA')
            self.value(sepa, 'NatPrel', '02')   # remis par l'ordonnateur
            self.value(sepa, 'PerPrel', '07')   # unique, per title
            self.value(sepa, 'DtePrel', debit.date)
            self.value(sepa, 'MtPrel', amount(debit.amount))
            self.value(sepa, 'SequencePres', SEQUENCES[debit.sequence])
            self.value(sepa, 'DateSignMandat', debit.signed)
            self.value(sepa, 'RefUniMdt', sepa_text(debit.mandate), 35,
                "référence du mandat (RUM)")
            self.value(sepa, 'LibPrel', sepa_text(title.label)[:140])
        if title.origin:
            attach = etree.SubElement(block, 'RattachPiece')
            self.value(attach, 'NatPceOrig', '01')
            self.value(attach, 'ExerRat', title.origin[0])
            self.value(attach, 'IdPceOrig', title.origin[1])
        self.tiers(element, title.tiers)

    def tiers(self, parent, tiers):
        element = etree.SubElement(parent, 'Tiers')
        info = etree.SubElement(element, 'InfoTiers')
        if self.bordereau.send_fiscal_id and tiers.fiscal_id:
            self.value(info, 'IdTiers', tiers.fiscal_id)
        self.value(info, 'DteNaissance', tiers.birth_date)
        self.value(info, 'RefTiers', tiers.reference, 30)
        self.value(info, 'CatTiers', '01')      # personne physique
        self.value(info, 'NatJur', '01')        # particulier
        self.value(info, 'TypTiers', '01')      # débiteur principal
        self.value(info, 'Civilite', latin1(tiers.civility), 10)
        self.value(info, 'Nom', latin1(tiers.name), 38, "nom du tiers")
        self.value(info, 'ComplNom', latin1(tiers.complement)[:38])
        self.value(info, 'Prenom', latin1(tiers.first_name), 38,
            "prénom du tiers")
        address = etree.SubElement(element, 'Adresse')
        self.value(address, 'TypAdr', 1)
        if not tiers.street:
            self.faults.append(f"titre {self.title.number} "
                f"({self.title.reference}) : le tiers {tiers.name} n'a pas "
                "d'adresse")
        self.value(address, 'Adr2', latin1(tiers.street) or '-', 38,
            "adresse (voie)")
        zip_ = (tiers.zip or '').replace(' ', '')
        if len(zip_) != 5:
            self.faults.append(f"titre {self.title.number} "
                f"({self.title.reference}) : code postal « {zip_} » du "
                f"tiers {tiers.name} : 5 chiffres attendus")
        self.value(address, 'CP', zip_)
        self.value(address, 'Ville', latin1(tiers.city), 38, "commune")
        self.value(address, 'CodRes', 0)

    def attachments(self, root, titles):
        b = self.bordereau
        pj = etree.SubElement(root, 'PES_PJ')
        self.value(etree.SubElement(pj, 'EnTetePES_PJ'), 'IdVer', 1)
        for title in titles:
            element = etree.SubElement(pj, 'PJ')
            content = etree.SubElement(element, 'Contenu')
            file_ = etree.SubElement(content, 'Fichier')
            file_.set('MIMEType', 'application/pdf')
            file_.text = base64.b64encode(
                gzip.compress(title.pdf, mtime=0)).decode('ascii')
            self.value(element, 'IdUnique', pj_id(title))
            self.value(element, 'NomPJ', title.reference + '.pdf')
            self.value(element, 'TypePJ', '002')
            self.value(element, 'Description', latin1(
                    f"Avis des sommes à payer {title.reference}"))
            ref = etree.SubElement(element, 'RefCompta')
            self.value(ref, 'Domaine', '02')
            self.value(ref, 'Exercice', b.exercise)
            self.value(ref, 'TypeObjet', '01')
            self.value(ref, 'Identifiant', title.number)
