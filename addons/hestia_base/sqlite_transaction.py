# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""An SQLite transaction stays a transaction when the framework's cache
talks to the database.

trytond's cache synchronisation (at the start of a transaction, once per
`[cache] clean_timeout`, 5 minutes by default) and its commit ask the
database for an autocommit connection. SQLite has one connection per
database object, the transaction's own: it is left in autocommit mode, so
the rest of that transaction writes for good and a rollback undoes nothing.
On the demo server a request failing halfway every five minutes kept its
half; in the tests, data a test rolled back stayed for the next ones.
PostgreSQL takes another connection from its pool and is not concerned."""
import functools

from trytond import backend
from trytond.cache import MemoryCache


def _keeping_isolation(method):
    @functools.wraps(method)
    def wrapper(cls, transaction, *args, **kwargs):
        connection = getattr(transaction, 'connection', None)
        if backend.name != 'sqlite' or connection is None:
            return method(cls, transaction, *args, **kwargs)
        level = connection.isolation_level
        try:
            return method(cls, transaction, *args, **kwargs)
        finally:
            if connection.isolation_level != level:
                connection.isolation_level = level
    wrapper.hestia_keeps_isolation = True
    return classmethod(wrapper)


def keep_sqlite_transactions():
    for name in ['sync', 'commit']:
        method = getattr(MemoryCache, name)
        if not getattr(method, 'hestia_keeps_isolation', False):
            setattr(MemoryCache, name, _keeping_isolation(method.__func__))
