# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 5 — retour CESU consommés, opérateur → SALSA (spec 002, Annexe 1).

Monthly, one file; hierarchical fixed width: 1 entête › 2 dispositif
(client code) › 3 consumption lines › 8 fin de dispositif … 9 fin de
fichier.

Decisions where the table is silent or inconsistent:
* The table puts record 2 (client code) and record 3 (the consumption
  line, « Code enregistrement = 3 » at position 1) under one heading:
  they are two records, a 2 opening each dispositif followed by its 3s.
* Header « Date fin » : length 8 at 10-18 → 10-17 (a 17-character
  header); an 18th blank character is accepted when read.
* « VN unitaire émission » 5,2 at 43-48 and « Montant consommé » 11,2 at
  56-67 : the positions (6 and 12 characters) win; both are written in
  cents without a decimal mark (001500 = 15,00 €).
* Record 8 counts the 3 lines of its dispositif; record 9 counts every
  line of the file, itself included (as flux 1 and flux 4 do).
* « Code produit » : 01 for paper CESU, 02 for dematerialised CESU (C5).
* Months and years are numbers; the reader checks 1 ≤ month ≤ 12."""
from ..hierarchy import HierarchicalLayout
from ..layout import Field as F
from ..layout import FileRefused, FixedWidthLayout
from ..types import Cents, Char, Date, Digits, Integer

PAPER, DEMATERIALISED = '01', '02'


def code():
    return F(1, 'code', "Code enregistrement", Char(1), True, 1, 1)


HEADER = FixedWidthLayout("entête", [code(),
        F(2, 'start', "Date début", Date('AAAAMMJJ'), True, 2, 9),
        F(3, 'end', "Date fin", Date('AAAAMMJJ'), True, 10, 17),
        ])
SCHEME = FixedWidthLayout("dispositif", [code(),
        F(2, 'client', "Code client", Digits(5), True, 2, 6),
        ])
LINE = FixedWidthLayout("consommation", [code(),
        F(4, 'salsa_id', "Index individu bénéficiaire", Char(15), True,
            2, 16),
        F(5, 'order_ref', "Référence commande", Char(20), True, 17, 36),
        F(6, 'processing_month', "Mois de traitement", Integer(2), True,
            37, 38),
        F(7, 'processing_year', "Année de traitement", Integer(4), True,
            39, 42),
        F(8, 'unit_value', "VN unitaire émission", Cents(6), False, 43, 48),
        F(9, 'quantity', "Quantité consommée", Integer(7), False, 49, 55),
        F(10, 'amount', "Montant consommé", Cents(12), True, 56, 67),
        F(11, 'consumption_month', "Mois de consommation", Integer(2), True,
            68, 69),
        F(12, 'consumption_year', "Année de consommation", Integer(4), True,
            70, 73),
        F(13, 'affiliate_code', "Code affilié", Digits(9), False, 74, 82),
        F(14, 'affiliate_name', "Nom affilié", Char(20), False, 83, 102),
        F(15, 'product', "Code produit", Digits(2), True, 103, 104),
        ])
SCHEME_END = FixedWidthLayout("fin de dispositif", [code(),
        F(2, 'lines', "Nombre de lignes du dispositif", Integer(7), True,
            2, 8),
        ])
FILE_END = FixedWidthLayout("enregistrement final", [code(),
        F(2, 'lines', "Nombre de lignes du fichier", Integer(7), True, 2, 8),
        ])

LAYOUT = HierarchicalLayout("flux 5 (CESU consommés)", {
        '1': HEADER, '2': SCHEME, '3': LINE, '8': SCHEME_END, '9': FILE_END,
        }, {
        None: {'1'}, '1': {'2', '9'}, '2': {'3', '8'}, '3': {'3', '8'},
        '8': {'2', '9'}, '9': set(),
        })


def read(data):
    """(header, [{'client', 'lines': [...]}]) of a flux 5, every count and
    month checked; FileRefused lists every error."""
    result = LAYOUT.read(data)
    errors = [str(e) for e in result.errors]
    header, schemes = None, []
    if not errors:
        for record in result.records:
            code_ = record['_code']
            if code_ == '1':
                header = record.values
            elif code_ == '2':
                schemes.append({'client': record['client'], 'lines': []})
            elif code_ == '3':
                for name in ['processing_month', 'consumption_month']:
                    if not 1 <= record[name] <= 12:
                        errors.append(f"ligne {record.line} : mois "
                            f"{record[name]} impossible")
                schemes[-1]['lines'].append(record.values)
            elif code_ == '8':
                count = len(schemes[-1]['lines'])
                if record['lines'] != count:
                    errors.append(f"ligne {record.line} : fin de dispositif "
                        f"annonçant {record['lines']} lignes pour {count}")
            elif record['lines'] != record.line:
                errors.append(f"ligne {record.line} : enregistrement final "
                    f"annonçant {record['lines']} lignes pour {record.line}")
    if errors:
        raise FileRefused("fichier refusé : " + ' ; '.join(errors))
    return header, schemes


def write(start, end, schemes):
    """Text of a flux 5 for `schemes`: [{'client', 'lines': [dict]}]; the
    codes and counts are computed here."""
    records = [{'_code': '1', 'start': start, 'end': end}]
    for scheme in schemes:
        records.append({'_code': '2', 'client': scheme['client']})
        records += [dict(line, _code='3') for line in scheme['lines']]
        records.append({'_code': '8', 'lines': len(scheme['lines'])})
    records.append({'_code': '9', 'lines': len(records) + 1})
    return LAYOUT.write(records)
