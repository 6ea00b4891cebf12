# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 6 (spec 002 Annexe 1, C12): CNCESU charges, « ; », FIC/FIN totals."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux6

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux6' / \
    'charges_apa_ok.txt'


@pytest.fixture
def lines():
    return GOLDEN.read_bytes().decode('ascii').split('\r\n')[:-1]


def data(lines):
    return ('\r\n'.join(lines) + '\r\n').encode('ascii')


def test_golden_charges(lines):
    header, details, (summary,) = flux6.read(data(lines))
    assert (header['departement'], header['created'], header['sequence']) \
        == ('CG75', datetime.date(2026, 12, 15), 1)
    first, debit, credit = details
    assert (first['beneficiary_id'], first['service_index'],
        first['employer_number'], first['period'], first['hours_financed'],
        first['monthly_charges'], first['hours'], first['amount'],
        first['nature']) == ('004512', '000002', '12345678901234',
        datetime.date(2026, 11, 1), D('20'), D('42.00'), D('10'),
        D('21.00'), '1')
    assert (debit['nature'], credit['nature']) == ('2', '3')
    assert summary['total'] == D('22.90')
    assert summary['transfer_deadline'] == datetime.date(2027, 1, 15)


def test_writer_reproduces_the_golden_file(lines):
    header, details, (summary,) = flux6.read(data(lines))
    keep = [f.name for f in flux6.DETAIL.fields[5:]]
    assert flux6.write(
        {k: header[k] for k in ['departement', 'created', 'sequence']},
        [{k: d[k] for k in keep} for d in details],
        summary['transfer_deadline']) == GOLDEN.read_bytes().decode('ascii')


def test_sequence_numbering_the_records_is_read_too(lines):
    "« N° ordre : Séquence » may number the records instead of the file"
    numbered = [line.replace(';20261215;00001;', f';20261215;{n:05d};', 1)
        for n, line in enumerate(lines, 1)]
    assert numbered != lines
    header, details, (summary,) = flux6.read(data(numbered))
    assert (header['sequence'], len(details)) == (1, 3)


def test_sequence_mixing_both_readings_is_refused(lines):
    lines[1] = lines[1].replace(';20261215;00001;', ';20261215;00002;', 1)
    with pytest.raises(FileRefused, match="numéros d'ordre mêlant celui du "
            "fichier et ceux des enregistrements"):
        flux6.read(data(lines))


def test_numbers_without_leading_zeros_are_read(lines):
    lines[1] = lines[1].replace(';0002100;', ';2100;')
    _, details, _ = flux6.read(data(lines))
    assert details[0]['amount'] == D('21.00')


@pytest.mark.parametrize('index, old, new, message', [
    (4, ';00000002290;', ';00000002291;',
        "ligne 5 : « Montant total facturé » annonce 22.91 pour 22.90"),
    (4, ';000000003;', ';000000004;', "ligne 5 : « Nombre total de "
        "périodes d'emploi traitées » annonce 4 pour 3"),
    (1, ';0002100;1;', ';0002100;4;',
        "ligne 2 : nature du mouvement « 4 » inconnue"),
    (5, ';00000006', ';00000007',
        "ligne 6 : FIN annonce 7 enregistrements pour 6"),
    (2, ';202610;', ';202610',
        "ligne 3 : enregistrement DET : 16 champs attendus, 15 trouvés"),
    (1, ';202611;', ';2026XX;', "ligne 2, champ « Période d'emploi » : "
        "« 2026XX » n'est pas une date valide"),
    (1, ';0001000;', ';10 h;', "ligne 2, champ « Nombre d'heures "
        "impactées » : « 10 h » n'est pas un nombre entier"),
    (1, ';12345678901234;', ';;',
        "ligne 2, champ « Numéro employeur » : champ obligatoire vide"),
    (3, 'DET;FTCG;CG75;20261215;00001', 'DET;FTCG;CG75;20261216;00001',
        "ligne 4 : application, Département ou date différent"),
    (3, 'DET;FTCG;CG75;20261215;00001', 'DET;FTCG;CG75;20261215;00007',
        "ligne 4 : numéro d'ordre 7, ni celui du fichier \\(1\\) ni celui "
        "de l'enregistrement \\(4\\)"),
    ])
def test_bad_input_refuses_the_file(lines, index, old, new, message):
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new)
    with pytest.raises(FileRefused, match=message):
        flux6.read(data(lines))


def test_not_a_flux6(lines):
    with pytest.raises(FileRefused, match="le fichier est vide"):
        flux6.read(b'')
    with pytest.raises(FileRefused,
            match="ce n'est pas un fichier flux 6"):
        flux6.read(b'1|2|3\r\n')
    with pytest.raises(FileRefused, match="fichier incomplet"):
        flux6.read(data(lines[:-1]))


def test_cp1252_is_read(lines):
    lines[1] = lines[1].replace(';000002;', ';PRESTATION É;')
    _, details, _ = flux6.read(('\r\n'.join(lines) + '\r\n').encode(
            'cp1252'))
    assert details[0]['service_index'] == 'PRESTATION É'


def test_duplicated_line_and_unreadable_encoding(lines):
    lines.insert(2, lines[1])
    lines[5] = lines[5].replace(';000000003;', ';000000004;').replace(
        ';000001000;00000002100;', ';000002000;00000004200;').replace(
        ';00000002290;', ';00000004390;')
    lines[6] = lines[6].replace(';00000006', ';00000007')
    with pytest.raises(FileRefused) as error:
        flux6.read(data(lines))
    assert str(error.value) == (
        "fichier refusé : ligne 3 : ligne en double de la ligne 2")
    with pytest.raises(FileRefused, match="encodage illisible"):
        flux6.read(data(lines[:1]) + b'DET;\x81\x8d\r\n')
