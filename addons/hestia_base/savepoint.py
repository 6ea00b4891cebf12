# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A savepoint: work that fails is undone whole, what the transaction did
before stays (an import that crashes leaves no partial write, and its
report is still recorded)."""
import contextlib
import itertools

from trytond import backend
from trytond.exceptions import TrytonException
from trytond.transaction import Transaction, TransactionError

_names = itertools.count()


@contextlib.contextmanager
def savepoint():
    connection = Transaction().connection
    cursor = connection.cursor()
    # SQLite (the sqlite3 module) opens its transaction on the first write
    # only; a savepoint outside one would commit on release.
    if getattr(connection, 'in_transaction', True) is False:
        cursor.execute('BEGIN')
    name = f'hestia_{next(_names)}'
    cursor.execute(f'SAVEPOINT {name}')
    try:
        yield
    except BaseException:
        cursor.execute(f'ROLLBACK TO SAVEPOINT {name}')
        cursor.execute(f'RELEASE SAVEPOINT {name}')
        # The records read or written since are cached with the values
        # just undone.
        for cache in Transaction().cache.values():
            cache.clear()
        raise
    else:
        cursor.execute(f'RELEASE SAVEPOINT {name}')


# What the framework raises on purpose — a message for the user, a
# transaction to restart with locks or after a conflict — and a safety
# net must let through.
SIGNALS = (TrytonException, TransactionError,
    backend.DatabaseOperationalError)
