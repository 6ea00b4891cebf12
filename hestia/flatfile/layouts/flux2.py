# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 2 — factures télégestion, opérateur → SALSA (spec 002, Annexe 1,
needs B6, B9).

Daily, one file per invoice, « | » separated: one header record (type 1)
then one detail record (type 2) per beneficiary and prestation.

Decisions where the table is silent:
* « Type tiers » is « P » (prestataire): only service providers are paid
  on télégestion invoices.
* « Référence facture » is the invoice number, at most 15 characters, the
  length the integration log gives it (Annexe 2, field 4).
* « Libellé tiers » is cut to 50 characters, the log's length.
* Dates of creation are written AAAAMMJJ like the other dates.
* « Code nomenclature prestation » (« Entier(999) ») is the flux 1
  nomenclature code, letters included (« AMP »): text of 3 characters.
* Decimals with « . » as flux 1; « Montant » = quantity × unit amount for
  the Département, rounded to the cent.
* « Type de mouvement »: « N » for an invoice of the month, « C » for a
  complementary invoice (B7, B9).
* No footer: the SALSA table has none; the reader checks that every
  detail's period lies within the header's."""
from ..hierarchy import HierarchicalLayout
from ..layout import DelimitedLayout
from ..layout import Field as F
from ..layout import FileRefused, LineError
from ..types import Char, Date, Decimal, Digits, Integer

TIERS_TYPE = 'P'
MOVEMENTS = {'N': "facture du mois", 'C': "facture complémentaire"}

HEADER = DelimitedLayout("entête de facture", [
        F(1, 'code', "Type enregistrement", Integer(1), True),
        F(2, 'tiers_code', "Code tiers", Digits(6), True),
        F(3, 'tiers_type', "Type tiers", Char(1), True),
        F(4, 'tiers_label', "Libelle tiers", Char(50)),
        F(5, 'reference', "Référence facture", Char(15)),
        F(6, 'creation_date', "Date de création du fichier",
            Date('AAAAMMJJ')),
        F(7, 'period_start', "Date début période", Date('AAAAMMJJ'), True),
        F(8, 'period_end', "Date fin période", Date('AAAAMMJJ'), True),
        F(9, 'financier_code', "Code financeur", Char(10), True),
        F(10, 'aid_nature', "Nature aide", Integer(3)),
        ])
DETAIL = DelimitedLayout("détail de facture", [
        F(1, 'code', "Type enregistrement", Integer(1), True),
        F(2, 'salsa_id', "Clef individu Salsa", Digits(6), True),
        F(3, 'last_name', "Nom", Char(50), True),
        F(4, 'first_name', "Prénom", Char(50), True),
        F(5, 'birth_date', "Date naissance", Date('AAAAMMJJ')),
        F(6, 'nomenclature', "Code nomenclature prestation", Char(3), True),
        F(7, 'label', "Libelle prestation", Char(60)),
        F(8, 'start', "Date début paiement", Date('AAAAMMJJ'), True),
        F(9, 'end', "Date fin paiement", Date('AAAAMMJJ'), True),
        F(10, 'quantity', "Quantité", Decimal(5, 2), True),
        F(11, 'amount', "Montant", Decimal(7, 2), True),
        F(12, 'movement', "Type de mouvement", Char(1)),
        F(13, 'unit_amount', "Montant unitaire", Decimal(5, 2)),
        ])

LAYOUT = HierarchicalLayout("flux 2 (facture télégestion)",
    {'1': HEADER, '2': DETAIL},
    {None: {'1'}, '1': {'2'}, '2': {'2', None}},
    separator='|')


def write(header, details):
    "Text of one invoice file: `header` and `details` are dicts."
    return LAYOUT.write([dict(header, _code='1', tiers_type=TIERS_TYPE)]
        + [dict(d, _code='2') for d in details])


def read(data):
    """(header, details) of one invoice file; FileRefused lists every
    error (an invoice is taken whole or not at all)."""
    result = LAYOUT.read(data)
    errors = list(result.errors)
    records = result.records
    header = records[0].values if records and records[0]['_code'] == '1' \
        else None
    details = [r for r in records if r['_code'] == '2']
    if header:
        for detail in details:
            if (detail['start'] < header['period_start']
                    or detail['end'] > header['period_end']
                    or detail['start'] > detail['end']):
                errors.append(LineError(detail.line, "Date début paiement",
                        "période hors de celle de la facture"))
            if detail['movement'] and detail['movement'] not in MOVEMENTS:
                errors.append(LineError(detail.line, "Type de mouvement",
                        f"« {detail['movement']} » n'est ni N ni C"))
    if errors:
        raise FileRefused('; '.join(str(e) for e in sorted(
                    errors, key=lambda e: e.line)))
    return header, [d.values for d in details]
