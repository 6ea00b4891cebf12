# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The way back from Hélios: PES Acquit (the file was taken or refused)
and PES Retour recettes (what became of each title: paid, in dispute …).

Both are checked against their schema first (`schema.check`), then read
into plain data. Nothing here touches the database."""
import dataclasses
import datetime
from decimal import Decimal
from typing import List, Optional

from . import schema

# NumAnoAck (CommunAck.xsd) in French.
ACK_ERRORS = {
    'ERREUR_CONNECTION_IMPOSSIBLE_A_LA_BASE':
        "Hélios n'a pas pu enregistrer le flux (base indisponible)",
    'ERREUR_ENCODING': "encodage du fichier refusé",
    'ERREUR_FLUX_VIDE': "flux vide",
    'ERREUR_SCHEMA_INCOMPLET': "fichier non conforme au schéma PES",
    'ERREUR_CODIFICATION': "codification refusée",
    'ERREUR_CODIQUE': "poste comptable (IdPost) inconnu",
    'ERREUR_SIRET': "SIRET de la collectivité (IdColl) inconnu",
    'ERREUR_CODE_COLLECTIVITE_BUDGET':
        "code collectivité ou code budget inconnu",
    'ERREUR_VERSION_PES': "version du PES refusée",
    'ERREUR_VERSION_PJ': "version des pièces jointes refusée",
    'ERREUR_SIGNATURE_INVALIDE': "signature invalide",
    'ERREUR_SIGNATURE_ILLISIBLE': "signature illisible",
    'ERREUR_SIGNATURE_INCOMPLETE': "signature incomplète",
    'ERREUR_DOUBLON_BORDEREAU': "bordereau déjà reçu (doublon)",
    'ERREUR_DOUBLON_PIECE': "titre déjà reçu (doublon)",
    'ERREUR_DOUBLON_LIGNE': "ligne de titre déjà reçue (doublon)",
    'ERREUR_DOUBLON_PJ': "pièce jointe déjà reçue (doublon)",
    'ERREUR_PES_PARAM': "paramètres du PES refusés",
    'ERREUR_PES_SIGNATURE': "signature du PES refusée",
    'ERREUR_PES_PARAM_SIGNATURE': "paramètres de signature refusés",
    'ERREUR_CERTIFICAT': "certificat refusé",
    'ERREUR_TIMEOUT': "délai dépassé dans Hélios",
    'ERREUR_TAILLE_BORDEREAUX': "bordereau trop volumineux",
    'ERREUR_TAILLE_PIECE': "titre trop volumineux",
    'ERREUR_TAILLE_LIGNE': "ligne trop volumineuse",
    'ERREUR_PJ_SIGNEE': "pièce jointe signée refusée",
    'ERREUR_SIGNATURE_EXTERNE': "signature externe refusée",
    'ERREUR_AUTRE': "autre erreur",
    'ERREUR_SIGNATURE_BORDEREAU_INVALIDE':
        "signature du bordereau invalide",
    'ERREUR_SIGNATURE_BORDEREAU_ILLISIBLE':
        "signature du bordereau illisible",
    'ERREUR_SIGNATURE_BORDEREAU_INCOMPLETE':
        "signature du bordereau incomplète",
    'ERREUR_MONTANT_TVA_ZERO_NEGATIF': "montant nul ou négatif",
    'ERREUR_PJ': "pièce jointe refusée",
    'ERREUR_CUMUL_MONTANTS':
        "le total du bordereau n'est pas la somme de ses titres",
    }
# EtatPce of a title in the PES Retour (CommunRecette_Retour.xsd).
PIECE_STATES = {'01': "intégré", '02': "pris en charge", '03': "rejeté",
    '04': "mis en instance", '05': "régularisé"}


@dataclasses.dataclass
class Header:
    id_coll: str
    cod_col: str
    cod_bud: str
    file_name: str


@dataclasses.dataclass
class Acknowledgement:
    "One ElementACQUIT: a bordereau (or the whole file) taken or refused."
    domain: str
    accepted: bool
    exercise: Optional[int]
    bordereau: Optional[int]
    errors: List[str]          # French, « titre 12 : doublon … »


@dataclasses.dataclass
class Payment:
    date: datetime.date
    amount: Decimal
    reference: str             # IdEncaissement
    mode: str                  # ModRegl


@dataclasses.dataclass
class Piece:
    exercise: int
    bordereau: int
    kind: str                  # TypBord
    number: int                # IdPce
    state: str                 # EtatPce
    note: str
    payments: List[Payment]
    fiscal_ids: List[tuple]    # (IdTiers, NatIdTiers or '', name)


def _v(element, path):
    found = element.find(path)
    return found.get('V') if found is not None else None


def _int(text):
    return int(text) if text not in (None, '') else None


def header(root):
    head = root.find('EnTetePES')
    return Header(id_coll=_v(head, 'IdColl'),
        cod_col=_v(head, 'CodCol') or _v(head, 'CodColl'),
        cod_bud=_v(head, 'CodBud') or '',
        file_name=_v(root, 'Enveloppe/Parametres/NomFic') or '')


def _error(element, where=''):
    code = _v(element, 'NumAnoAck')
    label = _v(element, 'LibelleAnoAck')
    text = ACK_ERRORS.get(code, code) if code else ''
    if label:
        text = f"{text} — {label}" if text else label
    return f"{where}{text or 'refus sans motif'}"


def read_acquit(data):
    "(Header, [Acknowledgement]) of a PES Acquit, either format."
    root = schema.check(data, {'acquit', 'acquit_v2'})
    acks = []
    for element in root.iterfind('ACQUIT/ElementACQUIT'):
        errors = []
        if _v(element, 'NumAnoAck') or _v(element, 'LibelleAnoAck'):
            # The flat format: one error, perhaps on one title or line.
            where = ''
            if _v(element, 'NumPiece'):
                where = f"titre {_v(element, 'NumPiece')}"
                if _v(element, 'NumLigne'):
                    where += f", ligne {_v(element, 'NumLigne')}"
                where += " : "
            errors.append(_error(element, where))
        for error in element.iterfind('Erreur'):
            errors.append(_error(error))
        for piece in element.iterfind('DetailPiece'):
            number = piece.find('NumPiece').get('V')
            for error in piece.iterfind('Erreur'):
                errors.append(_error(error, f"titre {number} : "))
            for line in piece.iterfind('DetailLigne'):
                where = (f"titre {number}, ligne "
                    f"{line.find('NumLigne').get('V')} : ")
                for error in line.iterfind('Erreur'):
                    errors.append(_error(error, where))
        acks.append(Acknowledgement(
                domain=_v(element, 'DomaineAck'),
                accepted=_v(element, 'EtatAck') == '1',
                exercise=_int(_v(element, 'ExerciceBord')),
                bordereau=_int(_v(element, 'NumBord')),
                errors=errors))
    return header(root), acks


def read_retour(data):
    "(Header, [Piece]) of a PES Retour recettes."
    root = schema.check(data, {'retour'})
    pieces = []
    for bordereau in root.iterfind('PES_RecetteRetour/Bordereau'):
        block = bordereau.find('BlocBordereau')
        exercise = int(_v(block, 'Exer'))
        number = int(_v(block, 'IdBord'))
        kind = _v(block, 'TypBord')
        for piece in bordereau.iterfind('Piece'):
            bloc = piece.find('BlocPiece')
            payments, fiscal_ids = [], []
            for line in piece.iterfind('LigneDePiece'):
                for reco in line.iterfind('Recouvrement'):
                    payments.append(Payment(
                            date=datetime.date.fromisoformat(
                                _v(reco, 'DteReco')),
                            amount=Decimal(_v(reco, 'MtReco')),
                            reference=_v(reco, 'IdEncaissement'),
                            mode=_v(reco, 'ModRegl')))
                for tiers in line.iterfind('Tiers'):
                    info = tiers.find('InfoTiers')
                    if _v(info, 'IdTiers'):
                        fiscal_ids.append((_v(info, 'IdTiers'),
                                _v(info, 'NatIdTiers') or '',
                                _v(info, 'Nom')))
            pieces.append(Piece(exercise=exercise, bordereau=number,
                    kind=kind, number=int(_v(bloc, 'IdPce')),
                    state=_v(bloc, 'EtatPce'),
                    note=_v(bloc, 'ObsEtat') or '',
                    payments=payments, fiscal_ids=fiscal_ids))
    return header(root), pieces
