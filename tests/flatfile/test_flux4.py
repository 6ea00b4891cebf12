# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 4 (spec 002 Annexe 1): hierarchical fixed width with checked footers."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux4

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux4' / \
    'commande_ok.txt'


@pytest.fixture
def lines():
    return GOLDEN.read_bytes().decode('ascii').split('\r\n')[:-1]


def data(lines):
    return ('\r\n'.join(lines) + '\r\n').encode('ascii')


def test_golden_order(lines):
    order, = flux4.read(data(lines))
    assert (order['client'], order['name'], order['external_ref']) == (
        '75001', 'DEPARTEMENT DE PARIS', 'COMMANDE 11/2026')
    assert order['order_date'] == datetime.date(2026, 11, 1)
    branch, = order['branches']
    dupuis, konate = branch['books']
    assert (dupuis['book'], dupuis['salsa_id'], dupuis['last_name'],
        dupuis['birth_date'], dupuis['service_index']) == (
        '0001', '004512', 'DUPUIS', datetime.date(1936, 3, 14), '000002')
    assert dupuis['dematerialised'] is False
    assert [(t['count'], t['unit_value']) for t in dupuis['titles']] == [
        (10, D('11.00')), (5, D('22.00'))]
    title = dupuis['titles'][0]
    assert title['validity'] == datetime.date(2026, 12, 31)
    assert title['month'] == datetime.date(2026, 11, 1)
    assert konate['tutor_name'] == 'UDAF DE PARIS'
    assert konate['tutor_postal_code'] == '75009'


def test_writer_reproduces_the_golden_file(lines):
    records = flux4.LAYOUT.read(data(lines)).records
    assert flux4.LAYOUT.write([r.values for r in records]) == \
        GOLDEN.read_bytes().decode('ascii')


def test_trimmed_trailing_blanks_are_accepted(lines):
    order, = flux4.read(data([line.rstrip() for line in lines]))
    assert len(order['branches'][0]['books']) == 2


@pytest.mark.parametrize('index, old, new, message', [
    (6, '6000001500000022000', '6000001400000022000',
        "ligne 7 : pied de carnet annonçant 14 titres pour 15 détaillés"),
    (9, '6000002000000030000', '6000002000000029999',
        "ligne 10 : pied de carnet annonçant 299.99 € pour 300.00 € "
        "détaillés"),
    (10, '000000002', '000000003',
        "ligne 11 : pied de succursale annonçant 3 carnets pour 2"),
    (11, '80000035', '80000036',
        "ligne 12 : pied de commande annonçant 36 titres pour 35 détaillés"),
    (12, '90000013', '90000012',
        "ligne 13 : fin de fichier annonçant 12 lignes pour 13"),
    ])
def test_wrong_footer_refuses_the_file(lines, index, old, new, message):
    assert lines[index].startswith(old) or old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    with pytest.raises(FileRefused) as info:
        flux4.read(data(lines))
    assert message in str(info.value)
    assert str(info.value).startswith("commande refusée : ")


def test_structure_errors(lines):
    without_footer = lines[:6] + lines[7:]
    with pytest.raises(FileRefused, match="ligne 7 : enregistrement 4 "
            r"inattendu après un enregistrement 5 \(attendu : 5, 6\)"):
        flux4.read(data(without_footer))
    with pytest.raises(FileRefused, match="fichier incomplet : il se termine "
            "par un enregistrement 8"):
        flux4.read(data(lines[:-1]))
    unknown = lines[:4] + ['X' + lines[4][1:]] + lines[5:]
    with pytest.raises(FileRefused,
            match="ligne 5 : code d'enregistrement « X » inconnu"):
        flux4.read(data(unknown))


def test_bad_field_refuses_the_file(lines):
    lines[3] = lines[3][:98] + '31021936' + lines[3][106:]
    with pytest.raises(FileRefused, match="ligne 4, champ « Date de "
            "naissance » : « 31021936 » n'est pas une date valide"):
        flux4.read(data(lines))
    lines[4] = lines[4][:15] + '0A100' + lines[4][20:]
    with pytest.raises(FileRefused, match="« Valeur unitaire des titres » "
            ": « 0A100 » n'est pas un nombre entier"):
        flux4.read(data(lines))


@pytest.mark.parametrize('content, message', [
    (b'', "le fichier est vide"),
    ((pathlib.Path(__file__).parents[1] / 'golden' / 'flux1'
            / 'plans_ok.txt').read_bytes(),
        "ce n'est pas un fichier flux 4 .* la première ligne fait 408 "
        "caractères, l'entête de fichier en compte 39"),
    ])
def test_not_a_flux4(content, message):
    # A flux 1 line starts with its third-party code, here « 100234 »: the
    # first character alone does not tell the files apart.
    with pytest.raises(FileRefused, match=message):
        flux4.read(content)
