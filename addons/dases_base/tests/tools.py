# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the DASES modules' tests share: the golden files written by hand
from the spec's annexes (tests/golden) and importing one of them."""
import pathlib

from trytond.pool import Pool

GOLDEN = pathlib.Path(__file__).resolve().parents[3] / 'tests' / 'golden'
FLUX1 = (GOLDEN / 'flux1' / 'plans_ok.txt').read_bytes()
FLUX4 = (GOLDEN / 'flux4' / 'commande_ok.txt').read_bytes()


def import_file(company, kind, data, filename='fichier.txt', **options):
    "The file imported as an agent or the CLI does; its report."
    Report = Pool().get('dases.integration.report')
    return Report.import_file(kind, company, filename, data, **options)
