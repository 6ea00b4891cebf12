# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Small helpers shared by the family-file models."
import re
import unicodedata

_NOT_ALNUM = re.compile(r'[^A-Z0-9]')


def normalize_name(value):
    """Key used to compare names: LEFEVRE-ELOY == Lefèvre Éloy.

    Accents, case, hyphens, apostrophes and spaces are ignored."""
    if not value:
        return ''
    decomposed = unicodedata.normalize('NFKD', value)
    ascii_ = ''.join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub('', ascii_.upper().replace('Œ', 'OE').replace('Æ', 'AE'))


def format_date(date):
    "French date as users read it (dd/mm/yyyy)."
    return date.strftime('%d/%m/%Y') if date else ''
