# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Pivot file of the CRCESU's daily consumption returns (need C10).

The specification gives no format for what the CRCESU (the centre that
reimburses the cheques) sends back each day, so Hestia defines this
pivot: the CRCESU extract, whatever its shape, is converted to it before
import. Decisions:
* CSV with « ; », UTF-8 (Windows-1252 accepted), a header line naming the
  columns below, in this order; decimals with « , » or « . ».
* One line per reimbursement, identified by the CRCESU's own
  « identifiant »: importing the same line twice changes nothing.
* A cheque is found by the order reference and chequebook code printed on
  it (flux 4); the chequebook gives beneficiary, prestation, employment
  type and month of the titles.
* « montant » must equal « nombre_titres » × « valeur_unitaire »;
  « heures » (hours worked, declared by the employer) is optional."""
from ..layout import DelimitedLayout
from ..layout import Field as F
from ..layout import FileRefused, LineError, decode, split_lines
from ..types import Char, Date, Decimal, Digits, Integer

LAYOUT = DelimitedLayout("pivot CRCESU", [
        F(1, 'identifier', "identifiant", Char(30), True),
        F(2, 'payment_date', "date_remboursement", Date('JJ/MM/AAAA'),
            True),
        F(3, 'order_ref', "reference_commande", Char(20), True),
        F(4, 'book', "code_carnet", Char(10), True),
        F(5, 'consumption_month', "mois_consommation", Date('AAAAMM'),
            True),
        F(6, 'count', "nombre_titres", Integer(5), True),
        F(7, 'unit_value', "valeur_unitaire", Decimal(4, 2, ','), True),
        F(8, 'amount', "montant", Decimal(7, 2, ','), True),
        F(9, 'hours', "heures", Decimal(5, 2, ','), False),
        F(10, 'affiliate_code', "code_affilie", Digits(9), False),
        F(11, 'affiliate_name', "nom_affilie", Char(38), False),
        ], separator=';')
HEADER = ';'.join(f.label for f in LAYOUT.fields)


def read(data):
    """(records, line errors) of a pivot file; FileRefused if it is not
    one (empty, unreadable, wrong header)."""
    lines = split_lines(decode(data))
    if not lines or not lines[0].strip():
        raise FileRefused("le fichier est vide")
    header = lines[0].strip().lstrip('\ufeff').lower()
    if header != HEADER:
        raise FileRefused("ce n'est pas un fichier pivot CRCESU : la "
            f"première ligne doit être « {HEADER} »")
    body = '\n'.join([''] + lines[1:])  # keep line numbers
    if not body.strip():
        return [], []
    result = LAYOUT.read(body)
    errors = list(result.errors)
    records = []
    for record in result.records:
        if record['count'] * record['unit_value'] != record['amount']:
            errors.append(LineError(record.line, "montant",
                    f"{record['amount']:.2f} € au lieu de "
                    f"{record['count']} × {record['unit_value']:.2f} €"))
        else:
            records.append(record)
    return records, errors


def write(records):
    "Text of a pivot file (demo data, tests of the importer)."
    return HEADER + '\r\n' + LAYOUT.write(records)
