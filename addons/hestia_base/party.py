# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Parties created in batches are stored in one statement.

The party module computes `code_alnum` and `code_digit` after creating the
parties and writes them back one UPDATE per party (each code differs): an
import of 30,000 persons made 30,000 more statements, slower as the table
grew. They are computed with the values on creation instead, by the same
rule, and written afterwards only when they changed."""
import re

from trytond.pool import PoolMeta

from .collation import french_order


def code_values(code):
    "The party module's compute_fields for `code`."
    try:
        digit = int(re.sub(r'\D', '', code or '')[-18:])
    except ValueError:
        digit = None
    return {
        'code_alnum': (re.sub(r'[\W_]', '', code)
            if code is not None else None),
        'code_digit': digit,
        }


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @staticmethod
    def order_name(tables):
        "In French: « BARBIER Éloïse » before « BARBIER Théo »."
        table, _ = tables[None]
        return [french_order(table.name)]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            values.update(code_values(values.get('code')))
        return values

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        return {name: value for name, value in values.items()
            if getattr(self, name) != value}
