# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The history of a record's states, dated and signed: nothing is lost
(Annexe 2 of the Département's spec, the régie's bordereaux). A model
using `EventLogMixin` names the record it logs in `_log_of` (its
Many2One) and defines its `state` selection; the record's workflow calls
`log(records, state, message)`."""
import datetime

from trytond.model import fields
from trytond.transaction import Transaction


class EventLogMixin:
    "One dated and signed line of a record's history."
    __slots__ = ()
    _log_of = None  # the Many2One to the logged record
    date = fields.DateTime("Date", required=True, readonly=True)
    user = fields.Many2One('res.user', "By", readonly=True)
    message = fields.Text("Message", readonly=True)
    when = fields.Function(fields.Char("Date"), 'get_when')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def log(cls, records, state=None, message=None):
        """One line per record; `state`: the state it enters (its current
        one by default)."""
        now = datetime.datetime.now()
        user = Transaction().user
        return cls.create([{
                    cls._log_of: r.id,
                    'state': state or r.state,
                    'date': now,
                    'user': user,
                    'message': message,
                    } for r in records])

    def get_when(self, name):
        "The date as agents read it, without seconds."
        return f'{self.date:%d/%m/%Y %H:%M}' if self.date else None
