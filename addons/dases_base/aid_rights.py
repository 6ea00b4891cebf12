# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Rights by aid type (D8): an agent given aid types (APA75, PCH75 …) sees
only the care plans of those aids and the beneficiaries who have one; an
agent without reads every aid of their Département. Imports run without
access checks and never see less than the whole file's plans."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


def user_aid_codes():
    "The financier codes the current user is restricted to, () for all."
    user = Transaction().user
    if not user:
        return ()
    User = Pool().get('res.user')
    table = User.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*table.select(table.dases_aid_types,
            where=table.id == user))
    row = cursor.fetchone()
    codes = (row[0] if row else None) or ''
    return tuple(sorted(set(codes.upper().split())))


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    dases_aid_types = fields.Char("Aids Seen",
        help="Financier codes of the aids the agent handles (APA75 PCH75 "
        "PCHE75 …), separated by spaces; empty: every aid of the "
        "Département.")


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        context['dases_aid_codes'] = list(user_aid_codes())
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        return super()._get_cache_key(model_names) + (user_aid_codes(),)
