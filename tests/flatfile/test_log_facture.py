# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Invoice integration log (spec 002 Annexe 2, B6-B8), CSV « ; »."
import datetime
import pathlib
from decimal import Decimal as D

import pytest

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import log_facture

GOLDEN = pathlib.Path(__file__).parents[1] / 'golden' / 'log_facture' / \
    'log_ok.csv'


def golden():
    return GOLDEN.read_bytes().decode('utf-8')


def test_read_golden():
    invoices, errors = log_facture.read(golden().encode('utf-8'))
    assert errors == []
    accepted, rejected = invoices
    assert (accepted['invoice'], accepted['accepted'], accepted['rejects']) \
        == ('TG2610-0001', True, [])
    assert accepted['integration_date'] == datetime.date(2026, 11, 5)
    assert accepted['aid_type'] == 'APA75'
    assert rejected['accepted'] is False
    reject, = rejected['rejects']
    assert (reject['salsa_id'], reject['first_name'], reject['hours'],
        reject['amount'], reject['expected_amount']) == (
        '100512', 'Paulette', D('18.00'), D('423.00'), D('0.00'))
    assert reject['reason'].startswith('Droits clos')


def test_without_title_line():
    text = golden().split('\r\n', 1)[1]
    invoices, errors = log_facture.read(text.encode('cp1252'))
    assert len(invoices) == 2 and errors == []


@pytest.mark.parametrize('change, line, field, reason', [
        (lambda t: t.replace(';APA75;OK;', ';APA75;NO;'), 2,
            "Facture intégrée", "ni OK ni KO"),
        (lambda t: t.replace(';APA75;OK;', ';;OK;'), 2, "Type d'aide",
            "champ obligatoire vide"),
        (lambda t: t.replace('2;;;TG2610-0002', '2;;;TG2610-0001'), 4,
            "Numéro de facture", "sans ligne de facture KO"),
        (lambda t: t.replace(';100512;', ';;'), 4, "Clef individu Salsa",
            "champ obligatoire vide"),
        (lambda t: t.replace('05/11/2026;03/11/2026;TG2610-0001',
                '35/11/2026;03/11/2026;TG2610-0001'), 2,
            "Date d'intégration de la facture", "n'est pas une date"),
        (lambda t: t.replace(';18,00;', ';dix-huit;'), 4, "Nombre d'heures",
            "n'est pas un nombre"),
        ])
def test_bad_lines_named(change, line, field, reason):
    invoices, errors = log_facture.read(change(golden()).encode('utf-8'))
    error, = errors
    assert (error.line, error.field) == (line, field)
    assert reason in error.message


def test_empty_log_refused():
    with pytest.raises(FileRefused):
        log_facture.read(b'')
