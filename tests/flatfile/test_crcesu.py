# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The CRCESU pivot (need C10): the format Hestia defines for the returns."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import crcesu

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'crcesu' / \
    'remboursements_ok.csv'


@pytest.fixture
def lines():
    return GOLDEN.read_bytes().decode('ascii').split('\r\n')[:-1]


def data(lines):
    return ('\r\n'.join(lines) + '\r\n').encode('utf-8')


def test_golden_returns(lines):
    records, errors = crcesu.read(data(lines))
    assert errors == []
    first, second = records
    assert (first['identifier'], first['payment_date'], first['order_ref'],
        first['book'], first['consumption_month'], first['count'],
        first['unit_value'], first['amount'], first['hours'],
        first['affiliate_code'], first['affiliate_name']) == (
        'CR2026120001', datetime.date(2026, 12, 3), 'COMMANDE 11/2026',
        '0001', datetime.date(2026, 11, 1), 10, D('11'), D('110'), D('10'),
        '123456789', 'SAP DUVAL')
    # « . » is read as well as « , »; the optional tail may be empty.
    assert (second['unit_value'], second['hours'],
        second['affiliate_code']) == (D('15'), None, None)


@pytest.mark.parametrize('index, old, new, field, message', [
    (1, '03/12/2026', '31/11/2026', 'date_remboursement',
        "« 31/11/2026 » n'est pas une date valide (JJ/MM/AAAA)"),
    (1, ';10;11,00;', ';dix;11,00;', 'nombre_titres',
        "« dix » n'est pas un nombre entier"),
    (1, 'CR2026120001;', ';', 'identifiant', "champ obligatoire vide"),
    (1, ';110,00;', ';111,00;', 'montant',
        "111.00 € au lieu de 10 × 11.00 €"),
    (2, ';202610;', ';', '', "11 champs attendus, 10 trouvés"),
    ])
def test_bad_lines_are_rejected_the_others_kept(lines, index, old, new,
        field, message):
    lines[index] = lines[index].replace(old, new, 1)
    records, errors = crcesu.read(data(lines))
    assert len(records) == 1
    error, = errors
    assert (error.line, error.field, error.message) == (
        index + 1, field, message)


def test_files_that_are_not_a_pivot(lines):
    with pytest.raises(FileRefused, match="le fichier est vide"):
        crcesu.read(b'')
    with pytest.raises(FileRefused, match="ce n'est pas un fichier pivot "
            "CRCESU : la première ligne doit être « identifiant;"):
        crcesu.read(data(lines[1:]))
    with pytest.raises(FileRefused, match="encodage illisible"):
        crcesu.read(data(lines[:1]) + b'\x81\x8d;\r\n')
    assert crcesu.read(data(lines[:1])) == ([], [])


def test_cp1252_and_bom_are_read(lines):
    lines[1] = lines[1].replace('SAP DUVAL', 'SAP HÉLÈNE')
    records, _ = crcesu.read(('\ufeff' + '\r\n'.join(lines)).encode(
            'utf-8'))
    assert records[0]['affiliate_name'] == 'SAP HÉLÈNE'
    records, _ = crcesu.read('\r\n'.join(lines).encode('cp1252'))
    assert records[0]['affiliate_name'] == 'SAP HÉLÈNE'


def test_writer_round_trip(lines):
    "The writer (demo data) writes decimals with « , » as a French user."
    records, _ = crcesu.read(data(lines))
    text = crcesu.write([r.values for r in records])
    assert text.splitlines()[2] == (
        'CR2026120002;04/12/2026;COMMANDE 11/2026;0002;202610;5;15,00;'
        '75,00;;;')
    assert [r.values for r in crcesu.read(text.encode())[0]] == [
        r.values for r in records]
