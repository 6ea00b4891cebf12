# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Helpers for batched writes (ARCHITECTURE §4.3).

trytond's ModelStorage checks each instance against the whole list it was
built from, so one call on thousands of records grows quadratically: work
in chunks of a few hundred."""


def chunks(values, size=200):
    "Consecutive slices of `values` of at most `size` items."
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def reserve_party_codes(Party, vlist):
    """Fill the missing `code` of party values from the party sequence in
    one call (the party module draws one number per record otherwise)."""
    missing = [v for v in vlist if not v.get('code')]
    if len(missing) > 1 and (sequence := Party._code_sequence()):
        for values, code in zip(missing, sequence.get_many(len(missing))):
            values['code'] = code
    return vlist
