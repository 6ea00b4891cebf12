# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 1 (spec 002 Annexe 1) against a golden file written by hand."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux1

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux1'


@pytest.fixture
def golden():
    return (GOLDEN / 'plans_ok.txt').read_bytes()


def test_golden_file_reads_typed_records(golden):
    result = flux1.read(golden)
    assert result.errors == []
    assert result.lines == 3
    first, second, third = result.records
    assert (first['salsa_id'], first['request_index'],
        first['service_index']) == ('004512', '000871', '000001')
    assert first['first_name'] == 'Geneviève'
    assert first['birth_date'] == datetime.date(1936, 3, 14)
    assert first['quantity'] == D('45.50')
    assert first['ticket_percentage'] == D('12.50')
    assert first['derogation'] is False
    assert first['postal_code'] == '75011'
    assert first['gir'] == 3
    assert first['tutor_name'] is None
    assert second['last_name'] == 'KONATÉ'
    assert second['management_mode'] == 'M'
    assert second['tutor_name'] == 'UDAF DE PARIS'
    assert second['event_type'] == '02'
    assert second['event_id'] == '000452'
    assert second['event_start'] == datetime.date(2026, 11, 10)
    assert third['quantity'] == D('20.00')  # written with a comma
    assert third['tiers_code'] is None
    assert third['line_number'] == 3


def test_writer_reproduces_the_golden_lines(golden):
    lines = golden.decode('utf-8').split('\r\n')
    records = flux1.read(golden).records
    written = flux1.LAYOUT.write([r.values for r in records[:2]])
    assert written == lines[0] + '\r\n' + lines[1] + '\r\n'


def test_cp1252_file_and_lf_line_ends(golden):
    text = golden.decode('utf-8').replace('\r\n', '\n')
    result = flux1.read(text.encode('cp1252'))
    assert not result.errors
    assert result.records[1]['last_name'] == 'KONATÉ'


def test_line_number_may_be_absent(golden):
    line = golden.decode('utf-8').split('\r\n')[0]
    result = flux1.read(line.rsplit('|', 1)[0] + '\r\n')
    assert not result.errors
    assert result.records[0]['line_number'] is None


def _with(golden, line, order, value):
    "The golden file with field `order` of `line` (1-based) replaced."
    lines = golden.decode('utf-8').split('\r\n')
    fields = lines[line - 1].split('|')
    fields[order - 1] = value
    lines[line - 1] = '|'.join(fields)
    return '\r\n'.join(lines).encode('utf-8')


@pytest.mark.parametrize('line, order, value, expected', [
    (2, 26, '31/02/1958', "ligne 2, champ « Date de naissance du "
        "bénéficiaire » : « 31/02/1958 » n'est pas une date valide "
        "(JJ/MM/AAAA)"),
    (1, 12, 'beaucoup', "ligne 1, champ « Quantité prise en charge » : "
        "« beaucoup » n'est pas un nombre décimal"),
    (3, 24, '', "ligne 3, champ « Nom du bénéficiaire » : champ "
        "obligatoire vide"),
    (1, 22, 'X', "ligne 1, champ « Mode de gestion » : « X » inconnu "
        "(P, M ou E attendu)"),
    (2, 11, '01/01/2026', "ligne 2, champ « Date de fin de prise en charge "
        "(prestation) » : antérieure à la date de début"),
    ])
def test_bad_field_rejects_the_line_only(golden, line, order, value,
        expected):
    result = flux1.read(_with(golden, line, order, value))
    assert [str(e) for e in result.errors] == [expected]
    assert len(result.records) == 2


def test_wrong_field_count(golden):
    text = golden.decode('utf-8').replace('|0140360000|0612345678|', '|', 1)
    result = flux1.read(text.encode('utf-8'))
    assert [str(e) for e in result.errors] == [
        "ligne 2 : 74 champs attendus, 72 trouvés"]
    assert [r.line for r in result.records] == [1, 3]


def test_missing_field_in_the_middle_is_named(golden):
    # 73 fields also means "line number absent": the reader cannot tell,
    # so the shifted values are rejected by the fields they land in.
    text = golden.decode('utf-8').replace('|0612345678|', '|', 1)
    result = flux1.read(text.encode('utf-8'))
    assert {e.line for e in result.errors} == {2}
    assert str(result.errors[0]) == (
        "ligne 2, champ « Type attributaire du Paiement » : « 000452 » "
        "dépasse 1 caractères (6)")


@pytest.mark.parametrize('data, message', [
    (b'', "le fichier est vide"),
    (b'\r\n  \r\n', "le fichier est vide"),
    (b'nom;prenom;date\r\nDUPONT;Jean;01/01/1950\r\n',
        "ce n'est pas un fichier flux 1"),
    (b'\x00\x01\x02', "octets nuls"),
    ])
def test_file_refused_whole(data, message):
    with pytest.raises(FileRefused, match=message):
        flux1.read(data)
