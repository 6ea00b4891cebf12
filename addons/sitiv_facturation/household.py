# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The payer of a household and how it wants its invoices (§2.1.5.2)."
from trytond.model import fields
from trytond.pool import PoolMeta
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

    def get_payer(self):
        if self.payer:
            return self.payer
        heads = sorted((m for m in self.members if m.role == 'head'),
            key=lambda m: m.id)
        return heads[0].party if heads else None
