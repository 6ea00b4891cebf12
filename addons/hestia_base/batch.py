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


def insert_rows(Model, vlist, defaults=True):
    """Insert the stored values of `vlist` (dicts) into Model's table and
    return the new ids in order: what ModelSQL.create stores, without its
    per-record validation. The caller answers for the values (ARCHITECTURE
    §4.3: hot paths only, checked against the ORM path by a test).

    Fields left out take Model's defaults, computed once for the list."""
    import datetime

    from sql import Column
    from trytond import backend
    from trytond.model import fields
    from trytond.transaction import Transaction

    if not vlist:
        return []
    transaction = Transaction()
    database = transaction.database
    cursor = transaction.connection.cursor()
    stored = {n: f for n, f in Model._fields.items()
        if not isinstance(f, (fields.Function, fields.One2Many,
                fields.Many2Many))
        and n not in {'id', 'create_uid', 'create_date', 'write_uid',
            'write_date'}}
    base = {}
    if defaults:
        base = {n: v for n, v in Model.default_get(
                list(stored), with_rec_name=False).items() if n in stored}
    names = sorted(set(base).union(*vlist))
    table = Model.__table__()
    columns = [Column(table, n) for n in names] + [
        table.create_uid, table.create_date]
    user, now = transaction.user, datetime.datetime.now()
    rows = [[stored[n].sql_format(v.get(n, base.get(n))) for n in names]
        + [user, now] for v in vlist]
    ids = []
    if backend.name == 'postgresql':
        # One array per column: the driver converts a few placeholders
        # instead of one per value (most of the time of multi-row INSERTs).
        types = [stored[n].sql_type().base for n in names] + [
            'INTEGER', 'TIMESTAMP', 'INTEGER']
        query = (f'INSERT INTO "{Model._table}" ('
            + ', '.join(f'"{c.name}"' for c in columns) + ', "id") '
            'SELECT * FROM unnest('
            + ', '.join(f'%s::{t}[]' for t in types) + ')')
        for chunk in chunks(rows, 10000):
            new_ids = database.nextid(
                transaction.connection, Model._table, count=len(chunk))
            if not isinstance(new_ids, list):  # one id
                new_ids = [new_ids]
            cursor.execute(query,
                [list(c) for c in zip(*chunk)] + [new_ids])
            ids.extend(new_ids)
    else:
        # SQLite draws ids at insert time: one row per query, in process,
        # as ModelSQL.create does there.
        for row in rows:
            cursor.execute(*table.insert(columns, [row]))
            ids.append(database.lastid(cursor))
    forget(Model)
    return ids


def update_rows(Model, table, ids, values, where=None):
    """UPDATE `values` ({column: value or SQL expression on `table`, read
    before the update}) of the records `ids` of Model (or of the rows
    matching `where` when `ids` is None), as ModelSQL.write stores them:
    the author and time of the change, and the history rows of a
    `_history` model. Hot paths only (ARCHITECTURE §4.3), checked against
    the ORM by sitiv_facturation's tests/test_update_rows.py."""
    from trytond.transaction import Transaction

    if ids is None and not Model._history:
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update(*_assignments(table, values),
                where=where))
        return
    if ids is None:  # the history needs the ids
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.id, where=where))
        ids = [i for i, in cursor]
    update_groups(Model, table, [(ids, values)])


def update_groups(Model, table, groups):
    """`update_rows` of many (ids, values) groups (a billing run marks
    thousands of them): one UPDATE per group and few hundred ids, the
    history rows inserted once for them all."""
    from trytond.transaction import Transaction

    cursor = Transaction().connection.cursor()
    written = []
    for ids, values in groups:
        columns, assigned = _assignments(table, values)
        for sub_ids in chunks(ids, 1000):
            cursor.execute(*table.update(columns, assigned,
                    where=table.id.in_(sub_ids)))
        written.extend(ids)
    if Model._history:
        for sub_ids in chunks(written, 1000):
            Model._insert_history(sub_ids)


def update_each(Model, table, rows, names, values=None):
    """UPDATE each record with its own values, a thousand records per
    statement (`UPDATE … FROM (VALUES …)`, arrays on PostgreSQL; a
    billing run marks tens of thousands of attendance lines, one UPDATE
    each was most of its queries). `rows` are (id, value of names[0],
    value of names[1], …); `values` ({column: value or SQL expression on
    `table`, read before the update}) are the same for every record.
    Author, time and history rows as `update_rows`."""
    from sql import Cast, Column, Select, Values
    from sql.functions import Function
    from trytond import backend
    from trytond.transaction import Transaction

    class Unnest(Function):  # python-sql has none
        __slots__ = ()
        _function = 'UNNEST'

    cursor = Transaction().connection.cursor()
    types = ['INTEGER'] + [Model._fields[n].sql_type().base for n in names]
    written = []
    for chunk in chunks(rows, 1000):
        if backend.name == 'postgresql':
            # One array per column: the driver converts a few placeholders
            # instead of one per value.
            given = Select([Unnest(Cast(list(column), f'{type_}[]')).as_(
                        f'column{index}')
                    for index, (column, type_) in enumerate(
                        zip(zip(*chunk), types), 1)])
        else:
            given = Values([list(row) for row in chunk])
        # Typed: a column of NULLs only would be text on PostgreSQL.
        own = {name: Cast(Column(given, f'column{index}'), type_)
            for index, (name, type_) in enumerate(
                zip(names, types[1:]), 2)}
        columns, assigned = _assignments(table, dict(values or {}, **own))
        cursor.execute(*table.update(columns, assigned, from_=[given],
                where=table.id == Column(given, 'column1')))
        written.extend(row[0] for row in chunk)
    if Model._history:
        for sub_ids in chunks(written, 1000):
            Model._insert_history(sub_ids)


def _assignments(table, values):
    "The columns and values of an UPDATE, with its author and time."
    from sql import Column
    from sql.functions import CurrentTimestamp
    from trytond.transaction import Transaction

    names = sorted(values)
    return ([Column(table, n) for n in names]
        + [table.write_uid, table.write_date],
        [values[n] for n in names]
        + [Transaction().user, CurrentTimestamp()])


def forget(Model):
    """Records of Model read before an SQL write keep none of their stale
    values: they read again."""
    from trytond.transaction import Transaction
    transaction = Transaction()
    transaction.counter += 1
    for cache in transaction.cache.values():
        cache.pop(Model.__name__, None)


def browse(Model, ids, size=100):
    """{id: record} for `ids`, browsed in slices: each record of a browse
    keeps (and the framework checks) the list it came from, so one browse
    of 10,000 ids costs 10,000² checks. Slices keep it linear while each
    slice is still read in one query."""
    records = {}
    for chunk in chunks(set(ids), size):
        records.update((r.id, r) for r in Model.browse(chunk))
    return records


def search(Model, domain, field, ids, size=100):
    "Records of Model matching `domain` and `field` in `ids`, sliced."
    for chunk in chunks(set(ids), size):
        yield from Model.search(domain + [(field, 'in', chunk)])
