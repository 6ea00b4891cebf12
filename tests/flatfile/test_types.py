# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Field types of the flat-file engine (issue: DASES file chain §1)."
import datetime
from decimal import Decimal as D

import pytest

from hestia.flatfile import (
    Boolean, Cents, Char, Date, Decimal, Digits, Field, FileRefused,
    FixedWidthLayout, Hours, Integer, decode)


def test_decimal_reads_point_and_comma():
    assert Decimal(5, 2).parse('45,50') == D('45.50')
    assert Decimal(5, 2).parse(' 45.5 ') == D('45.5')
    assert Decimal(3, 2).parse('100.00') == D('100')
    assert Decimal(5, 2).parse('') is None


@pytest.mark.parametrize('text, reason', [
    ('12a', "n'est pas un nombre décimal"),
    ('1234567.1', "dépasse 5 chiffres avant la virgule"),
    ('1.234', "ou 2 après"),
    ])
def test_decimal_refuses(text, reason):
    with pytest.raises(ValueError, match=reason):
        Decimal(5, 2).parse(text)


def test_decimal_format_never_rounds_silently():
    assert Decimal(7, 2).format(D('962.78')) == '962.78'
    assert Decimal(7, 2, mark=',').format(D('5')) == '5,00'
    with pytest.raises(ValueError, match='plus de 2 décimales'):
        Decimal(7, 2).format(D('1.005'))
    with pytest.raises(ValueError, match='dépasse 3 chiffres'):
        Decimal(3, 2).format(D('1000'))


@pytest.mark.parametrize('notation, text, expected', [
    ('JJ/MM/AAAA', '29/02/2024', datetime.date(2024, 2, 29)),
    ('AAAAMMJJ', '20261123', datetime.date(2026, 11, 23)),
    ('JJMMAAAA', '01122026', datetime.date(2026, 12, 1)),
    ('AAAAMM', '202611', datetime.date(2026, 11, 1)),
    ])
def test_date_notations(notation, text, expected):
    assert Date(notation).parse(text) == expected
    if notation != 'AAAAMM':
        assert Date(notation).format(expected) == text


def test_impossible_date():
    with pytest.raises(ValueError,
            match="« 31/02/2026 » n'est pas une date valide"):
        Date().parse('31/02/2026')
    assert Date('AAAAMMJJ').parse('00000000') is None


def test_integer_char_boolean():
    assert Integer(6).parse('000452') == 452
    with pytest.raises(ValueError, match="n'est pas un nombre entier"):
        Integer(2).parse('deux')
    with pytest.raises(ValueError, match='dépasse 2 caractères'):
        Integer(2).parse('123')
    assert Char(5).parse('  MME ') == 'MME'
    with pytest.raises(ValueError, match='dépasse 3 caractères'):
        Char(3).format('ABCD')
    with pytest.raises(ValueError, match='séparateur'):
        Char(10).format('a|b')
    assert Boolean('O', 'N').parse('o') is True
    with pytest.raises(ValueError, match="ni 1 ni 0"):
        Boolean().parse('2')
    assert Digits(5).parse('01000') == '01000'


def test_cents_and_hours():
    assert Cents(9).parse('000012345') == D('123.45')
    assert Cents(9).format(D('123.45')) == '12345'
    with pytest.raises(ValueError, match='centimes'):
        Cents(9).format(D('1.005'))
    # 0001025 = 10,25 h = 10h15 (issue text).
    assert Hours(7).parse('0001025') == D('10.25')


LAYOUT = FixedWidthLayout("essai", [
        Field(1, 'code', "Code", Char(3), True, 1, 3),
        Field(2, 'amount', "Montant", Cents(7), True, 4, 10),
        Field(3, 'date', "Date", Date('AAAAMMJJ'), False, 12, 19),
        ])


def test_fixed_width_write_pads_and_read_back():
    text = LAYOUT.write([
            {'code': 'AB', 'amount': D('12.5'), 'date': None},
            {'code': 'XYZ', 'amount': D('0.07'),
                'date': datetime.date(2026, 1, 31)},
            ])
    assert text == ('AB 0001250         \r\n'
        'XYZ0000007 20260131\r\n')
    result = LAYOUT.read(text)
    assert not result.errors
    assert [r['amount'] for r in result.records] == [D('12.50'), D('0.07')]


def test_fixed_width_refuses_what_does_not_fit():
    with pytest.raises(ValueError,
            match="ligne 1, champ « Montant » : « 123456789 » dépasse 7"):
        LAYOUT.write([{'code': 'A', 'amount': D('1234567.89')}])
    with pytest.raises(ValueError, match="« Code » obligatoire"):
        LAYOUT.write([{'amount': D(1)}])


def test_fixed_width_line_errors():
    result = LAYOUT.read('AB 0001250         \r\nAB 00012\r\nAB 00X1250'
        '         \r\n')
    assert [str(e) for e in result.errors] == [
        "ligne 2 : 19 caractères attendus, 8 trouvés",
        "ligne 3, champ « Montant » : « 00X1250 » n'est pas un nombre "
        "entier",
        ]


def test_decode_encodings():
    assert decode('Évènement'.encode('cp1252')) == 'Évènement'
    assert decode('Évènement'.encode('utf-8')) == 'Évènement'
    with pytest.raises(FileRefused, match='octets nuls'):
        decode(b'abc\x00def')
    with pytest.raises(FileRefused, match='encodage illisible'):
        decode(b'\x81\x8d\x8f\x90\x9d\xff\xfe')
