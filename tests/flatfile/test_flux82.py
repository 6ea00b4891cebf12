# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 8.2 (spec 002 Annexe 1): 658-character records DEB / DET / FIN."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux82

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux82' / \
    'beneficiaires_ok.txt'


@pytest.fixture
def lines():
    return GOLDEN.read_bytes().decode('ascii').split('\r\n')[:-1]


def data(lines):
    return ('\r\n'.join(lines) + '\r\n').encode('ascii')


def test_golden_details(lines):
    dupuis, konate = flux82.read(data(lines))
    assert (dupuis['beneficiary_id'], dupuis['service_index'],
        dupuis['married_name'], dupuis['birth_name']) == (
        '004512', '000002', 'DUPUIS', 'MARTIN')
    assert dupuis['birth_date'] == datetime.date(1936, 3, 14)
    assert dupuis['third_party_payment'] is False
    assert dupuis['prefinanced'] is True
    assert dupuis['employment_type'] == '2'
    assert dupuis['hours_financed'] == D('20')
    assert dupuis['hourly_wage'] == D('11.00')
    assert dupuis['rate'] == D('87.50')
    assert dupuis['monthly_wages'] == D('192.50')
    assert dupuis['month'] == datetime.date(2026, 11, 1)
    assert konate['correspondent'] == 'UDAF DE PARIS'
    assert konate['rate'] == D('100')


def test_writer_reproduces_the_golden_file(lines):
    records = flux82.LAYOUT.read(data(lines)).records
    assert flux82.LAYOUT.write([r.values for r in records]) == \
        GOLDEN.read_bytes().decode('ascii')


def test_fin_count_and_headers_checked(lines):
    lines[3] = lines[3][:24] + '00000005' + lines[3][32:]
    with pytest.raises(FileRefused,
            match="ligne 4 : FIN annonce 5 enregistrements pour 4"):
        flux82.read(data(lines))
    lines[3] = lines[3][:24] + '00000004' + lines[3][32:]
    lines[2] = lines[2][:19] + '00002' + lines[2][24:]
    with pytest.raises(FileRefused, match="ligne 3 : numéro d'ordre 2, ni "
            "celui du fichier \\(1\\) ni celui de l'enregistrement \\(3\\)"):
        flux82.read(data(lines))


def test_hours_over_their_width_are_refused(lines):
    records = flux82.LAYOUT.read(data(lines)).records
    values = [r.values for r in records]
    values[1]['hours_total'] = D('100000')
    with pytest.raises(ValueError, match="ligne 2, champ « Nombre d'heures "
            "total avant déduction MTP » : « 10000000 » dépasse 7"):
        flux82.LAYOUT.write(values)
