# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Names sorted as a French reader expects: « BARBIER Éloïse » before
« BARBIER Théo », not after Z as the bytes of « É » would put it.

PostgreSQL sorts with its ICU French collation (« fr-x-icu ») when the
server has ICU, whatever locale the cluster was made with (CI's is
C.UTF-8). SQLite sorts on a key without accents nor case, then on the
name itself so the order stays total; the key is a function registered on
every connection."""
import functools
import unicodedata

from sql import Collate
from sql.functions import Function

from trytond import backend
from trytond.transaction import Transaction


def french_key(value):
    "« éloïse » → « eloise\\x00Éloïse »: accents and case second."
    if value is None:
        return None
    plain = ''.join(c for c in unicodedata.normalize('NFKD', value)
        if not unicodedata.combining(c)).casefold()
    return f'{plain}\x00{value}'


class FrenchKey(Function):
    __slots__ = ()
    _function = 'HESTIA_FRENCH_KEY'


_collations = {}


def _postgresql_collation():
    "« fr-x-icu » when the server knows it, else None (once per database)."
    database = Transaction().database
    name = database.name
    if name not in _collations:
        cursor = Transaction().connection.cursor()
        cursor.execute("SELECT collname FROM pg_collation "
            "WHERE collname IN ('fr-FR-x-icu', 'fr-x-icu') "
            "ORDER BY collname")
        rows = cursor.fetchall()
        _collations[name] = rows[0][0] if rows else None
    return _collations[name]


def french_order(column):
    "An ORDER BY expression that sorts `column` in French."
    if backend.name == 'sqlite':
        # On the transaction's connection, whenever it was opened.
        Transaction().connection.create_function('hestia_french_key', 1,
            french_key, deterministic=True)
        return FrenchKey(column)
    collation = _postgresql_collation()
    return Collate(column, collation) if collation else column
