# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The payer of a household and how it wants its invoices (§2.1.5.2)."
from sql import Null

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.pyson import Eval


class Household(metaclass=PoolMeta):
    __name__ = 'sitiv.household'

    payer = fields.Many2One(
        'party.party', "Payer", ondelete='RESTRICT',
        domain=[('id', 'in', Eval('heads', []))],
        help="The head billed for the household; empty: the first head.")
    invoice_channel = fields.Selection([
            ('paper', "Paper"),
            ('email', "Email"),
            ('both', "Paper and email"),
            ], "Invoice Channel", required=True)
    invoices = fields.One2Many(
        'account.invoice', 'sitiv_household', "Invoices", readonly=True)

    @staticmethod
    def default_invoice_channel():
        return 'paper'

    @classmethod
    def payers_of(cls, ids):
        """{household id: payer party id} as `get_payer` gives them, read
        in SQL for a billing run's thousands of households."""
        Member = Pool().get('sitiv.household.member')
        household = cls.__table__()
        member = Member.__table__()
        cursor = Transaction().connection.cursor()
        payers = {}
        for sub_ids in grouped_slice(ids, 1000):
            sub_ids = list(sub_ids)
            cursor.execute(*member.select(member.household, member.party,
                    where=member.household.in_(sub_ids)
                    & (member.role == 'head'),
                    order_by=[member.id.desc]))
            payers.update(cursor)  # the first head wins
            cursor.execute(*household.select(household.id, household.payer,
                    where=household.id.in_(sub_ids)
                    & (household.payer != Null)))
            payers.update(cursor)
        return payers

    def get_payer(self):
        if self.payer:
            return self.payer
        heads = sorted((m for m in self.members if m.role == 'head'),
            key=lambda m: m.id)
        return heads[0].party if heads else None
