# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""FILOUE (« Fichier localisé des enfants usagers d'EAJE », issue 20,
spec 003 §2.1.14.4): what a crèche under the PSU sends the CNAF once a
year — one line per child and crèche: the household's allocataire number
and regime, where it lives, the child's birth date, the care, the hours
billed and attended and what the family paid.

Written from the CNAF's description of FILOUE as published to managers
(no network here to check the current technical notice: the column table
below is the one place to adjust on the CAF's first return). A CSV with
« ; », UTF-8, CRLF, a first line naming the columns, dates JJ/MM/AAAA,
decimals with a comma. A family that objects to the transmission is sent
without its allocataire number: the hours still count for the PSU."""
from ..header import HeaderLayout
from ..layout import Field as F
from ..types import Char, Date, Decimal, Integer

ENCODING = 'utf-8'

CHILDREN = HeaderLayout("FILOUE", [
        F(1, 'year', "ANNEE", Integer(4), True),
        F(2, 'caf_number', "NUMERO_EQUIPEMENT", Char(20), True),
        F(3, 'structure', "NOM_EQUIPEMENT", Char(100), True),
        F(4, 'allocataire', "NUMERO_ALLOCATAIRE", Char(20)),
        F(5, 'regime', "REGIME", Char(5), True),
        F(6, 'postal_code', "CODE_POSTAL", Char(5)),
        F(7, 'city', "COMMUNE", Char(100)),
        F(8, 'birth_date', "DATE_NAISSANCE", Date('JJ/MM/AAAA'), True),
        F(9, 'kind', "TYPE_ACCUEIL", Char(10), True),
        F(10, 'children', "NOMBRE_ENFANTS_A_CHARGE", Integer(2), True),
        F(11, 'hourly_rate', "PARTICIPATION_HORAIRE", Decimal(4, 2, ','),
            True),
        F(12, 'billed_hours', "HEURES_FACTUREES", Decimal(6, 2, ','), True),
        F(13, 'attended_hours', "HEURES_REALISEES", Decimal(6, 2, ','),
            True),
        F(14, 'amount', "MONTANT_FACTURE", Decimal(7, 2, ','), True),
        ])
# TYPE_ACCUEIL and REGIME as the file writes them.
KINDS = {'regular': 'REGULIER', 'occasional': 'OCCASION',
    'emergency': 'URGENCE'}
REGIMES = {'caf': 'CAF', 'msa': 'MSA', 'other': 'AUTRE', None: 'INCON'}


def write(records):
    "Bytes of the FILOUE file of `records` (dicts of the table's names)."
    return CHILDREN.write(records).encode(ENCODING)
