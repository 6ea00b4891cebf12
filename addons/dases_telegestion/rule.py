# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Record rules per provider: a provider's users see its own records, a
platform's users (CASVP) those of its sections too; they see the
beneficiaries whose plans name them (G4)."""
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


def user_sads():
    "(ids, codes) of the providers of the current user, sections included."
    pool = Pool()
    SadUser = pool.get('dases.sad-res.user')
    Sad = pool.get('dases.sad')
    user = Transaction().user
    if not user:
        return (), ()
    link, sad = SadUser.__table__(), Sad.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*sad.join(link, 'LEFT',
            condition=(link.sad == sad.id) | (link.sad == sad.platform)
            ).select(sad.id, sad.code, where=link.user == user,
            order_by=[sad.id]))
    rows = sorted(set(cursor))
    return tuple(r[0] for r in rows), tuple(r[1] for r in rows)


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        context = super()._get_context(model_name)
        ids, codes = user_sads()
        context['sads'] = list(ids)
        context['sad_codes'] = list(codes)
        return context

    @classmethod
    def _get_cache_key(cls, model_names):
        return super()._get_cache_key(model_names) + user_sads()
