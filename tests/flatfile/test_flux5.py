# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 5 (spec 002 Annexe 1, C10): CESU consumed, hierarchical fixed width."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux5

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux5' / \
    'consommes_ok.txt'


@pytest.fixture
def lines():
    return GOLDEN.read_bytes().decode('ascii').split('\r\n')[:-1]


def data(lines):
    return ('\r\n'.join(lines) + '\r\n').encode('ascii')


def test_golden_lines(lines):
    header, (scheme,) = flux5.read(data(lines))
    assert (header['start'], header['end']) == (
        datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert scheme['client'] == '75001'
    dupuis, konate = scheme['lines']
    assert (dupuis['salsa_id'], dupuis['order_ref'], dupuis['unit_value'],
        dupuis['quantity'], dupuis['amount'], dupuis['affiliate_code'],
        dupuis['affiliate_name'], dupuis['product']) == (
        '004512', 'COMMANDE 11/2026', D('11.00'), 10, D('110.00'),
        '123456789', 'SAP DUVAL', flux5.PAPER)
    assert (konate['consumption_month'], konate['consumption_year'],
        konate['affiliate_code'], konate['product']) == (
        10, 2026, None, flux5.DEMATERIALISED)


def test_writer_reproduces_the_golden_file(lines):
    header, schemes = flux5.read(data(lines))
    assert flux5.write(header['start'], header['end'], schemes) == \
        GOLDEN.read_bytes().decode('ascii')


def test_an_18_character_header_is_read(lines):
    "The spec's header ends at 18 for a date of 8 from 10 (decision)."
    lines[0] += ' '
    header, _ = flux5.read(data(lines))
    assert header['end'] == datetime.date(2026, 11, 30)


@pytest.mark.parametrize('index, start, end, new, message', [
    (4, 1, 8, '0000003',
        "ligne 5 : fin de dispositif annonçant 3 lignes pour 2"),
    (5, 1, 8, '0000005',
        "ligne 6 : enregistrement final annonçant 5 lignes pour 6"),
    (2, 36, 38, '13',
        "ligne 3 : mois 13 impossible"),
    (2, 55, 67, '00000001100A',
        "ligne 3, champ « Montant consommé » : « 00000001100A » n'est pas "
        "un nombre entier"),
    (3, 102, 104, '  ',
        "ligne 4, champ « Code produit » : champ obligatoire vide"),
    (0, 9, 17, '20261131',
        "ligne 1, champ « Date fin » : « 20261131 » n'est pas une date "
        "valide"),
    ])
def test_bad_input_refuses_the_file(lines, index, start, end, new,
        message):
    lines[index] = lines[index][:start] + new + lines[index][end:]
    with pytest.raises(FileRefused, match=message):
        flux5.read(data(lines))


def test_structure_errors(lines):
    with pytest.raises(FileRefused, match="le fichier est vide"):
        flux5.read(b'\r\n')
    with pytest.raises(FileRefused, match="ce n'est pas un fichier flux 5"):
        flux5.read(b'DEB;FTCG\r\n')
    del lines[4]
    with pytest.raises(FileRefused,
            match="ligne 5 : enregistrement 9 inattendu après un "
            "enregistrement 3"):
        flux5.read(data(lines))


def test_writer_refuses_what_does_not_fit(lines):
    header, schemes = flux5.read(data(lines))
    schemes[0]['lines'][0]['affiliate_name'] = 'SERVICE D AIDE A DOMICILE'
    with pytest.raises(ValueError, match="ligne 3, champ « Nom affilié » :"
            " « SERVICE D AIDE A DOMICILE » dépasse 20 caractères"):
        flux5.write(header['start'], header['end'], schemes)
