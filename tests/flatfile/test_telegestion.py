# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Providers' pivot files (spec 002 Annexe 2, B2, B4): clients, flux 15/11."
import datetime
import pathlib

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import telegestion

FOLDER = pathlib.Path(__file__).parents[1] / 'golden' / 'telegestion'


def test_clients():
    records, errors = telegestion.read_clients(
        (FOLDER / 'clients_ok.csv').read_bytes())
    assert errors == []
    assert [(r['code'], r['last_name'], r['birth_name'], r['department'])
        for r in records] == [('C0001', 'DUPUIS', 'MARTIN', True),
        ('C0002', 'Konate', None, True), ('C0003', 'BERNARD', None, False)]
    assert records[0]['birth_date'] == datetime.date(1936, 3, 14)


def test_interventions():
    records, errors = telegestion.read_interventions(
        (FOLDER / 'interventions_ok.csv').read_bytes())
    assert errors == []
    first, corrected, mobile, other = records
    assert first['raw_start'] == datetime.datetime(2026, 10, 1, 8, 2)
    assert (first['start'], first['reason']) == (None, None)
    assert (corrected['raw_end'], corrected['end'], corrected['reason']) == (
        datetime.datetime(2026, 10, 2, 8, 5),
        datetime.datetime(2026, 10, 2, 10, 0), 'OUB')
    assert (mobile['source'], mobile['incompatible_phone'],
        mobile['extra_minutes']) == ('M', True, 15)
    assert other['payer'] == 'A'


def test_bad_interventions_named():
    records, errors = telegestion.read_interventions(
        (FOLDER / 'interventions_bad.csv').read_bytes())
    assert records == []
    assert [(e.line, e.field) for e in errors] == [
        (2, 'arrivee_brute'), (3, 'depart_brut'), (4, 'motif_correction'),
        (5, 'source'), (6, ''), (7, 'code_client'), (8, 'motif_correction')]
    messages = [e.message for e in errors]
    assert "n'est pas une date et heure valide" in messages[0]
    assert "départ avant" in messages[1]
    assert "doit être motivée" in messages[2]
    assert "ni F (fixe)" in messages[3]
    assert "14 champs attendus, 15 trouvés" in messages[4]
    assert "champ obligatoire vide" in messages[5]
    assert "inconnu" in messages[6]


def test_wrong_header_refused():
    with pytest.raises(FileRefused) as info:
        telegestion.read_interventions(
            (FOLDER / 'clients_ok.csv').read_bytes())
    assert 'première ligne' in str(info.value)
