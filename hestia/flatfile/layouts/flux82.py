# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 8.2 — bénéficiaires ayant fait l'objet d'une commande CESU,
opérateur → CNCESU (spec 002, Annexe 1, §4.6).

Monthly; fixed width, 658 characters per record: DEB, then one DET per
beneficiary and prestation, then FIN.

Decisions where the table is silent or inconsistent:
* Type N fields that are codes (civility, employment type, declaration
  mode, prestation type) stay text; the others are integers, dates
  AAAAMMJJ / AAAAMM, hours in hundredths (0001025 = 10h15), amounts in
  cents, the rate in hundredths of a percent (07550 = 75,50 %).
* FIN counts every record, DEB and FIN included (as the table says); every
  record repeats the application, Département, date and sequence of DEB,
  and the reader checks it.
* « Nom d'époux » replaces the birth name at the CNCESU: both are kept."""
from . import cncesu
from ..hierarchy import HierarchicalLayout
from ..layout import Field as F
from ..layout import FixedWidthLayout
from ..types import Boolean, Cents, Char, Date, Digits, Hours, Integer

RECORD_LENGTH = 658


def _common():
    return cncesu.envelope()


START = FixedWidthLayout("début de fichier", _common() + [
        F(6, 'filler', "Filler", Char(634), False, 25, 658)])
DETAIL = FixedWidthLayout("détail bénéficiaire et plan d'aide",
    _common() + [
        F(6, 'beneficiary_id', "Identifiant du bénéficiaire", Char(32),
            True, 25, 56),
        F(7, 'service_index', "Index prestation", Char(32), False, 57, 88),
        F(8, 'employer_number', "Numéro employeur", Char(14), False,
            89, 102),
        F(9, 'civility', "Civilité", Digits(1), True, 103, 103),
        F(10, 'birth_name', "Nom de naissance", Char(30), False, 104, 133),
        F(11, 'married_name', "Nom d'époux", Char(30), False, 134, 163),
        F(12, 'first_name', "Prénom", Char(30), True, 164, 193),
        F(13, 'birth_date', "Date de naissance", Date('AAAAMMJJ'), True,
            194, 201),
        F(14, 'birth_place', "Lieu de naissance", Char(30), False, 202, 231),
        F(15, 'nir', "NIR", Char(15), False, 232, 246),
        F(16, 'address1', "Ligne d'adresse n° 1", Char(38), False, 247, 284),
        F(17, 'address2', "Ligne d'adresse n° 2", Char(38), False, 285, 322),
        F(18, 'address3', "Ligne d'adresse n° 3", Char(38), False, 323, 360),
        F(19, 'postal_code', "Code postal", Char(5), True, 361, 365),
        F(20, 'city', "Ville", Char(32), True, 366, 397),
        F(21, 'correspondent', "Nom du correspondant - tuteur - "
            "représentant légal", Char(38), False, 398, 435),
        F(22, 'correspondent_address1', "Adresse de correspondance n° 1",
            Char(38), False, 436, 473),
        F(23, 'correspondent_address2', "Adresse de correspondance n° 2",
            Char(38), False, 474, 511),
        F(24, 'correspondent_address3', "Adresse de correspondance n° 3",
            Char(38), False, 512, 549),
        F(25, 'correspondent_postal_code', "CP adresse de correspondance",
            Char(5), False, 550, 554),
        F(26, 'correspondent_city', "Ville adresse de correspondance",
            Char(32), False, 555, 586),
        F(27, 'third_party_payment', "Indicateur Tiers-payant",
            Boolean('O', 'N'), True, 587, 587),
        F(28, 'month', "Mois de référence", Date('AAAAMM'), False, 588, 593),
        F(29, 'employment_type', "Code type d'emploi", Digits(1), True,
            594, 594),
        F(30, 'declaration_mode', "Code mode de déclaration", Digits(1),
            True, 595, 595),
        F(31, 'prestation_type', "Type de prestation", Digits(1), True,
            596, 596),
        F(32, 'effective_date', "Date d'effet de l'APA/PCH",
            Date('AAAAMMJJ'), True, 597, 604),
        F(33, 'prefinanced', "Indicateur Cesu préfinancés",
            Boolean('O', 'N'), True, 605, 605),
        F(34, 'hours_total', "Nombre d'heures total avant déduction MTP",
            Hours(7), False, 606, 612),
        F(35, 'hours_financed', "Nombre d'heures financées par le CG",
            Hours(7), False, 613, 619),
        F(36, 'hourly_wage', "Salaire horaire net prévu", Cents(5), False,
            620, 624),
        F(37, 'wage', "Salaire net prévu", Cents(7), False, 625, 631),
        F(38, 'rate', "Taux de prise en charge du CG", Cents(5), False,
            632, 636),
        F(39, 'monthly_wages', "Montant mensuel de prise en charge CG des "
            "salaires", Cents(7), False, 637, 643),
        F(40, 'monthly_charges', "Montant mensuel de prise en charge CG des "
            "cotisations", Cents(7), False, 644, 650),
        F(41, 'end_date', "Date de fin de l'APA/PCH", Date('AAAAMMJJ'),
            False, 651, 658),
        ])
END = FixedWidthLayout("fin de fichier", _common() + [
        F(6, 'records', "Nombre total d'enregistrements", Integer(8), True,
            25, 32),
        F(7, 'filler', "Filler", Char(626), False, 33, 658)])

LAYOUT = HierarchicalLayout("flux 8.2 (bénéficiaires CESU)",
    {'DEB': START, 'DET': DETAIL, 'FIN': END},
    {None: {'DEB'}, 'DEB': {'DET', 'FIN'}, 'DET': {'DET', 'FIN'},
        'FIN': set()},
    code_length=3)
APPLICATION = 'TPCG'


def read(data):
    "Detail records of a flux 8.2; structure, envelope and count checked."
    return [r for r in cncesu.read(LAYOUT, data, APPLICATION)
        if r['_code'] == 'DET']


def write(header, details):
    "Text of a flux 8.2 (`header`: departement, created, sequence)."
    return cncesu.write(LAYOUT, APPLICATION, header, details)
