# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Log d'intégration / rejet des factures, SALSA → opérateur (spec 002,
Annexe 2, needs B6-B8).

One line per invoice (type 1: integrated « OK » or rejected « KO »), and
for a rejected invoice one line per rejected beneficiary (type 2).

Decisions where the table is silent:
* CSV separated by « ; » (the « .csv » of the Annexe), UTF-8 or
  Windows-1252; an optional first line of column titles is skipped.
* « Au format Salsa » dates are JJ/MM/AAAA, as in flux 1.
* Mandatory fields are checked per record type: the table's « Oui » on
  the end date, aid type and OK/KO applies to type 1, on the SALSA key and
  first name to type 2 (the table says they are empty otherwise).
* Amounts with « , » or « . ».
* A type 2 line must follow the type 1 line of its invoice, marked KO:
  a beneficiary cannot be rejected from an integrated invoice."""
from ..layout import DelimitedLayout
from ..layout import Field as F
from ..layout import FileRefused, LineError, decode, split_lines
from ..types import Char, Date, Decimal, Integer

STATUSES = {'OK': True, 'KO': False}

LAYOUT = DelimitedLayout("log d'intégration des factures", [
        F(1, 'code', "Type d'enregistrement", Integer(1), True),
        F(2, 'integration_date', "Date d'intégration de la facture",
            Date('JJ/MM/AAAA')),
        F(3, 'edition_date', "Date d'édition de la facture",
            Date('JJ/MM/AAAA')),
        F(4, 'invoice', "Numéro de facture", Char(15), True),
        F(5, 'tiers_label', "Libelle tiers", Char(50)),
        F(6, 'period_start', "Date de début facturation",
            Date('JJ/MM/AAAA')),
        F(7, 'period_end', "Date de fin facturation", Date('JJ/MM/AAAA')),
        F(8, 'aid_type', "Type d'aide", Char(10)),
        F(9, 'status', "Facture intégrée", Char(2)),
        F(10, 'salsa_id', "Clef individu Salsa", Char(6)),
        F(11, 'last_name', "Nom", Char(50)),
        F(12, 'first_name', "Prénom", Char(50)),
        F(13, 'reason', "Motif rejet", Char(255)),
        F(14, 'hours', "Nombre d'heures", Decimal(5, 2)),
        F(15, 'amount', "Montant Domiphone", Decimal(7, 2)),
        F(16, 'expected_amount', "Montant Salsa attendu", Decimal(7, 2)),
        ], separator=';')
MANDATORY = {
    1: ['period_end', 'aid_type', 'status'],
    2: ['salsa_id', 'first_name'],
    }


def read(data):
    """(invoices, line errors): invoices is a list of the type 1 records,
    each with its rejected beneficiaries under 'rejects'.

    FileRefused when the file is empty or not a log at all."""
    lines = split_lines(decode(data))
    if lines and lines[0].lstrip('\ufeff')[:2] not in ('1;', '2;'):
        lines[0] = ''  # the column titles; keeps line numbers
    text = '\n'.join(lines)
    if not text.strip():
        raise FileRefused("le fichier est vide")
    result = LAYOUT.read(text)
    errors = list(result.errors)
    invoices, current = [], None
    for record in result.records:
        code = record['code']
        if code not in MANDATORY:
            errors.append(LineError(record.line, "Type d'enregistrement",
                    f"« {code} » n'est ni 1 ni 2"))
            continue
        missing = [f for f in LAYOUT.fields
            if f.name in MANDATORY[code] and record[f.name] is None]
        if missing:
            errors.extend(LineError(record.line, f.label,
                    "champ obligatoire vide") for f in missing)
            continue
        if code == 1:
            status = record['status'].upper()
            if status not in STATUSES:
                errors.append(LineError(record.line, "Facture intégrée",
                        f"« {record['status']} » n'est ni OK ni KO"))
                current = None
                continue
            current = dict(record.values, line=record.line,
                accepted=STATUSES[status], rejects=[])
            invoices.append(current)
        elif (current is None or current['accepted']
                or current['invoice'] != record['invoice']):
            errors.append(LineError(record.line, "Numéro de facture",
                    f"bénéficiaire rejeté de la facture « "
                    f"{record['invoice']} » sans ligne de facture KO "
                    "juste avant"))
        else:
            current['rejects'].append(dict(record.values, line=record.line))
    return invoices, errors
