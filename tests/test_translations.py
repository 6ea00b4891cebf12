# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Every label, menu and message a module shows exists in French."
import pathlib

import pytest

from hestia.po import missing

MODULES = sorted(p.parent.name for p in pathlib.Path(__file__).resolve()
    .parents[1].glob('addons/*/tryton.cfg'))


@pytest.mark.parametrize('module', MODULES)
def test_french_translation_complete(module):
    gaps = missing(module)
    assert not gaps, "Chaînes sans traduction française :\n" + '\n'.join(
        f'{context} {msgid}' for context, msgid in gaps)


@pytest.mark.parametrize('module', MODULES)
def test_no_fuzzy_translation(module):
    "The framework ignores a fuzzy entry: its label would show in English."
    import polib
    path = pathlib.Path(__file__).resolve().parents[1] / 'addons' / module \
        / 'locale' / 'fr.po'
    fuzzy = [e.msgid for e in polib.pofile(str(path)) if 'fuzzy' in e.flags]
    assert not fuzzy, "Traductions marquées fuzzy : " + ', '.join(fuzzy)
