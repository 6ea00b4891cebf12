# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Flux 2 (spec 002 Annexe 1, B6): one télégestion invoice per file, « | »."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import flux2

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'flux2' / \
    'facture_ok.txt'

HEADER = {
    'tiers_code': '100004', 'tiers_label': "AIDE ET VIE A DOMICILE PARIS 11",
    'reference': 'TG2610-0001', 'creation_date': datetime.date(2026, 11, 3),
    'period_start': datetime.date(2026, 10, 1),
    'period_end': datetime.date(2026, 10, 31), 'financier_code': 'APA75',
    }
DETAILS = [{
        'salsa_id': '100234', 'last_name': 'DUPUIS',
        'first_name': 'Geneviève', 'birth_date': datetime.date(1936, 3, 14),
        'nomenclature': 'AMP', 'label': 'Aide ménagère prestataire',
        'start': datetime.date(2026, 10, 1),
        'end': datetime.date(2026, 10, 31), 'quantity': D('42.50'),
        'amount': D('998.75'), 'movement': 'N', 'unit_amount': D('23.50'),
        }, {
        'salsa_id': '100877', 'last_name': 'KONATÉ', 'first_name': 'Moussa',
        'birth_date': datetime.date(1958, 7, 2), 'nomenclature': 'AMP',
        'label': 'Aide ménagère prestataire',
        'start': datetime.date(2026, 10, 1),
        'end': datetime.date(2026, 10, 31), 'quantity': D('12.25'),
        'amount': D('287.88'), 'movement': 'N', 'unit_amount': D('23.50'),
        }]


def test_write_matches_golden():
    text = flux2.write(HEADER, DETAILS)
    assert text.encode('utf-8') == GOLDEN.read_bytes()


def test_read_golden():
    header, details = flux2.read(GOLDEN.read_bytes())
    assert header['tiers_type'] == 'P'
    assert header['reference'] == 'TG2610-0001'
    assert [d['salsa_id'] for d in details] == ['100234', '100877']
    assert details[1]['amount'] == D('287.88')


@pytest.mark.parametrize('change, reason', [
        (lambda t: t.replace('|20261031|42.50', '|20261131|42.50'),
            "n'est pas une date valide"),
        (lambda t: t.replace('42.50', '42,5x'), "n'est pas un nombre"),
        (lambda t: t.replace('|N|23.50\r\n2|100877', '|Z|23.50\r\n2|100877'),
            "n'est ni N ni C"),
        (lambda t: t.replace('|20261001|20261031|42.50',
                '|20260901|20261031|42.50'), "hors de celle de la facture"),
        (lambda t: t.split('\r\n', 1)[1], "la première ligne commence"),
        (lambda t: t.replace('|DUPUIS|', '||'), "champ obligatoire vide"),
        ])
def test_bad_invoice_refused(change, reason):
    text = change(GOLDEN.read_bytes().decode('utf-8'))
    with pytest.raises(FileRefused) as info:
        flux2.read(text.encode('utf-8'))
    assert reason in str(info.value)


def test_write_refuses_a_pipe_in_a_name():
    details = [dict(DETAILS[0], last_name='DUPUIS|MARTIN')]
    with pytest.raises(ValueError) as info:
        flux2.write(HEADER, details)
    assert 'ligne 2' in str(info.value)


def test_write_refuses_an_amount_too_large():
    details = [dict(DETAILS[0], amount=D('12345678.00'))]
    with pytest.raises(ValueError) as info:
        flux2.write(HEADER, details)
    assert 'Montant' in str(info.value)
