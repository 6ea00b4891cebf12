# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Rows read as dictionaries name their columns once per query.

trytond's `cursor_dict` asks the cursor for its description for every
row; psycopg 3 builds it anew on each call (a column object per column):
on a billing run, 23,000 rows read cost 1.5 s of that alone. The names are
the same for every row of a result."""
import trytond.model.modelsql
import trytond.tools


def cursor_dict(cursor, size=None):
    size = cursor.arraysize if size is None else size
    names = None
    while True:
        rows = cursor.fetchmany(size)
        if not rows:
            break
        if names is None:
            names = [d[0] for d in cursor.description]
        for row in rows:
            yield dict(zip(names, row))


def name_columns_once():
    for module in [trytond.tools, trytond.model.modelsql]:
        module.cursor_dict = cursor_dict
