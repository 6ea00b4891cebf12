# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Régies de recettes (§2.1.5.3): a city's counters that collect payments
for some of its activities, with the modes they accept, their card
terminal and the agents (régisseur, mandataires) who work them."""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .terminal import drivers

MODES = [
    ('cash', "Cash"),
    ('cheque', "Cheque"),
    ('card', "Card"),
    ('sepa', "SEPA Direct Debit"),
    ('payfip', "PayFiP"),
    ('tip', "TIP"),
    ('ancv', "ANCV Holiday Vouchers"),
    ('cesu', "CESU"),
    ('free_time', "Free-Time Tickets"),
    ('title', "Revenue Title"),
    ('transfer', "Bank Transfer"),
    ('advance', "Advance Used"),
    ]
# Collected by a régie and handed to the Trésorerie with a deposit slip;
# the other modes reach the Trésor account directly.
COUNTER_MODES = {'cash', 'cheque', 'card', 'ancv', 'cesu', 'free_time'}


class Regie(DeactivableMixin, ModelSQL, ModelView):
    "Régie"
    __name__ = 'sitiv.regie'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    code = fields.Char(
        "Code", required=True, size=8,
        help="Prefix of the receipt and deposit slip numbers.")
    modes = fields.MultiSelection(
        [m for m in MODES if m[0] in COUNTER_MODES], "Accepted Modes")
    activities = fields.One2Many('sitiv.activity', 'regie', "Activities")
    users = fields.Many2Many(
        'sitiv.regie-res.user', 'regie', 'user', "Agents",
        help="The régisseur and the mandataires who take payments.")
    receipt = fields.Selection([
            ('always', "Always"),
            ('on_demand', "On Demand"),
            ], "Receipt", required=True)
    terminal = fields.Selection('get_terminals', "Card Terminal")
    sequence = fields.Many2One(
        'ir.sequence', "Receipt Numbering", readonly=True,
        help="Created with the first receipt.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_modes():
        return ['cash', 'cheque', 'card']

    @staticmethod
    def default_receipt():
        return 'on_demand'

    @staticmethod
    def default_terminal():
        return 'manual'

    @classmethod
    def get_terminals(cls):
        return [(None, '')] + [(name, driver.label)
            for name, driver in sorted(drivers().items())]

    def next_number(self):
        "The next receipt number of the régie, numbering created once."
        pool = Pool()
        Sequence = pool.get('ir.sequence')
        ModelData = pool.get('ir.model.data')
        with without_check_access():
            if not self.sequence:
                self.sequence = Sequence(
                    name=f"Reçus — {self.name}", company=self.company,
                    sequence_type=ModelData.get_id(
                        'sitiv_facturation', 'sequence_type_regie'),
                    prefix=f"{self.code}-", padding=6)
                self.sequence.save()
                self.save()
            return self.sequence.get()

    @classmethod
    def of_user(cls, company_id):
        "The régie the current user works at, if one."
        regies = cls.search([
                ('company', '=', company_id),
                ('users', '=', Transaction().user),
                ], limit=1)
        return regies[0] if regies else None


class RegieUser(ModelSQL):
    "Régie - User"
    __name__ = 'sitiv.regie-res.user'
    regie = fields.Many2One(
        'sitiv.regie', "Régie", required=True, ondelete='CASCADE')
    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Seen and changed with its regie, under the regie's rules.
        cls.__access__.add('regie')
