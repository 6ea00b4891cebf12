# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Every label, menu and message a module shows exists in French."
import pathlib

import pytest

from hestia import authorisation
from hestia.po import framework_strings, translated

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODULES = sorted(p.parent.name for p in ROOT.glob('addons/*/tryton.cfg'))


@pytest.fixture(scope='module')
def exported():
    """What the framework exports for French, per module: read once on the
    cached base of every module (English), rolled back."""
    from trytond.pool import Pool
    from trytond.tests.test_tryton import DB_NAME, activate_module
    from trytond.transaction import Transaction
    activate_module(authorisation.MODULES)
    with Transaction().start(DB_NAME, 0) as transaction:
        Pool().init()
        strings = framework_strings(MODULES)
        transaction.rollback()
    return strings


def test_every_module_is_checked():
    assert set(MODULES) <= set(authorisation.MODULES)


@pytest.mark.parametrize('module', MODULES)
def test_french_translation_complete(module, exported):
    assert exported[module], f"{module} : rien d'exporté"
    gaps = sorted(exported[module] - translated(module), key=str)
    assert not gaps, "Chaînes sans traduction française :\n" + '\n'.join(
        f'{context} {msgid}' for context, msgid in gaps)


@pytest.mark.parametrize('module', MODULES)
def test_no_fuzzy_translation(module):
    "The framework ignores a fuzzy entry: its label would show in English."
    import polib
    path = ROOT / 'addons' / module / 'locale' / 'fr.po'
    fuzzy = [e.msgid for e in polib.pofile(str(path)) if 'fuzzy' in e.flags]
    assert not fuzzy, "Traductions marquées fuzzy : " + ', '.join(fuzzy)


@pytest.mark.parametrize('module', MODULES)
def test_no_specification_code_on_screen(module):
    """Labels and helps speak the agents' words: the specification's need
    numbers (B4, F9 …) belong in the code and the READMEs (issue 22)."""
    import re

    import polib
    code = re.compile(r'\(([A-I]\d{1,2})\)')
    path = ROOT / 'addons' / module / 'locale' / 'fr.po'
    coded = [e.msgstr for e in polib.pofile(str(path))
        if code.search(e.msgstr)]
    assert not coded, "Codes de la spécification à l'écran : " + ', '.join(
        coded)
