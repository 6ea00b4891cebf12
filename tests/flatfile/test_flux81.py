# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 8.1 (spec 002 Annexe 1, C11): CESU consumed to the CNCESU."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux81

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux81' / \
    'consommes_ok.txt'


@pytest.fixture
def lines():
    return GOLDEN.read_bytes().decode('ascii').split('\r\n')[:-1]


def data(lines):
    return ('\r\n'.join(lines) + '\r\n').encode('ascii')


def test_golden_details(lines):
    dupuis, konate = flux81.read(data(lines))
    assert (dupuis['departement'], dupuis['beneficiary_id'],
        dupuis['service_index'], dupuis['month'], dupuis['hours_direct'],
        dupuis['amount_direct'], dupuis['amount_other']) == (
        '075', '004512', '000002', datetime.date(2026, 11, 1), D('10'),
        D('110.00'), D('0'))
    assert (konate['hours_other'], konate['amount_other']) == (
        D('5'), D('110.00'))


def test_writer_reproduces_the_golden_file(lines):
    details = flux81.read(data(lines))
    header = {'issuer': 'ACCO', 'created': datetime.date(2026, 12, 1),
        'sequence': 1}
    keep = ['departement', 'beneficiary_id', 'service_index', 'month',
        'hours_direct', 'hours_other', 'amount_direct', 'amount_other']
    assert flux81.write(header, [{k: d[k] for k in keep}
            for d in details]) == GOLDEN.read_bytes().decode('ascii')


@pytest.mark.parametrize('index, start, end, new, message', [
    (3, 24, 32, '00000003',
        "ligne 4 : FIN annonce 3 enregistrements pour 4"),
    (2, 19, 24, '00002',
        "ligne 3 : numéro d'ordre 2, ni celui du fichier \\(1\\) ni celui de "
        "l'enregistrement \\(3\\)"),
    (1, 91, 97, '202613', "ligne 2, champ « Mois de référence des titres "
        "remboursés » : « 202613 » n'est pas une date valide"),
    (1, 24, 27, '   ',
        "ligne 2, champ « Code département » : champ obligatoire vide"),
    ])
def test_bad_input_refuses_the_file(lines, index, start, end, new,
        message):
    lines[index] = lines[index][:start] + new + lines[index][end:]
    with pytest.raises(FileRefused, match=message):
        flux81.read(data(lines))


def test_line_too_long(lines):
    lines[1] += 'X'
    with pytest.raises(FileRefused, match="ligne 2 : enregistrement DET de "
            "130 caractères, 129 attendus"):
        flux81.read(data(lines))
