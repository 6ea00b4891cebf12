# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 8.1 — CESU consommés, opérateur → CNCESU (spec 002, Annexe 1).

Monthly; DEB, one DET per beneficiary and prestation of the order, FIN.

The table gives neither types nor lengths nor positions. Decisions:
* Fixed width like its sibling flux 8.2 (same CNCESU application family):
  the five common fields keep 8.2's lengths (type 3, application 4,
  « ACCO » issuer 4, date AAAAMMJJ 8, sequence 5).
* Code département 3 (« 075 »), identifiant 32 and index prestation 32
  (as in 8.2), reference month AAAAMM, hours in hundredths on 7 (as 8.2
  and flux 6), amounts in cents on 9 (the table's own example
  « 000154500 » for 1 545,00 €).
* A DET is therefore 129 characters; DEB and FIN are filled with blanks
  to the same length. FIN counts every record, DEB and FIN included."""
from . import cncesu
from ..hierarchy import HierarchicalLayout
from ..layout import Field as F
from ..layout import FixedWidthLayout
from ..types import Cents, Char, Date, Digits, Hours, Integer

RECORD_LENGTH = 129
APPLICATION = 'ECPF'


def _common():
    return cncesu.envelope('issuer', "Code émetteur")


START = FixedWidthLayout("début de fichier", _common() + [
        F(6, 'filler', "Filler", Char(105), False, 25, RECORD_LENGTH)])
DETAIL = FixedWidthLayout("détail titres CESU encaissés", _common() + [
        F(6, 'departement', "Code département", Digits(3), True, 25, 27),
        F(7, 'beneficiary_id', "Identifiant du bénéficiaire", Char(32),
            True, 28, 59),
        F(8, 'service_index', "Index prestation", Char(32), False, 60, 91),
        F(9, 'month', "Mois de référence des titres remboursés",
            Date('AAAAMM'), True, 92, 97),
        F(10, 'hours_direct', "Nombre d'heures consommées « Emploi "
            "direct »", Hours(7), False, 98, 104),
        F(11, 'hours_other', "Nombre d'heures consommées « Autres »",
            Hours(7), False, 105, 111),
        F(12, 'amount_direct', "Montant des encaissements « Emploi "
            "direct »", Cents(9), False, 112, 120),
        F(13, 'amount_other', "Montant des encaissements « Autres »",
            Cents(9), False, 121, 129),
        ])
END = FixedWidthLayout("fin de fichier", _common() + [
        F(6, 'records', "Nombre total d'enregistrements", Integer(8), True,
            25, 32),
        F(7, 'filler', "Filler", Char(97), False, 33, RECORD_LENGTH)])

LAYOUT = HierarchicalLayout("flux 8.1 (CESU consommés)",
    {'DEB': START, 'DET': DETAIL, 'FIN': END},
    {None: {'DEB'}, 'DEB': {'DET', 'FIN'}, 'DET': {'DET', 'FIN'},
        'FIN': set()},
    code_length=3)


def read(data):
    "Detail records of a flux 8.1; structure, envelope and count checked."
    return [r.values for r in cncesu.read(LAYOUT, data, APPLICATION,
            'issuer', "émetteur") if r['_code'] == 'DET']


def write(header, details):
    "Text of a flux 8.1 (`header`: issuer, created, sequence)."
    return cncesu.write(LAYOUT, APPLICATION, header, details)
