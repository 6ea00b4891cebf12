# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What billing adds to an activity: the revenue account its invoice
lines go to (§2.1.5.2 « comptes budgétaires »), the régie that collects
it, its tariffs, when it is billed (after the period or ahead), what an
unexcused absence and a late pick-up cost (§2.1.4); and the city's
accounting, set up with its first activity."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

# M57 revenue account of each domain, when the activity names none.
DOMAIN_ACCOUNTS = {
    'periscolaire': '7067', 'restauration': '7067',
    'mercredi': '70632', 'alsh': '70632', 'sejour': '70632',
    'sport': '70631', 'culture': '7062',
    'seniors': '7066', 'portage': '7066', 'creche': '7066',
    'other': '70688',
    }


class Activity(metaclass=PoolMeta):
    __name__ = 'sitiv.activity'

    revenue_account = fields.Many2One(
        'account.account', "Revenue Account",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('type.revenue', '=', True),
            ],
        help="Empty: the M57 account of the domain.")
    regie = fields.Many2One(
        'sitiv.regie', "Régie", ondelete='SET NULL',
        domain=[('company', '=', Eval('company', -1))],
        help="The régie that collects this activity's payments.")
    tariffs = fields.One2Many('sitiv.tariff', 'activity', "Tariffs")
    billing_mode = fields.Selection([
            ('post', "Post-billing (attendance of the period)"),
            ('pre', "Pre-billing (reservations of the next period)"),
            ], "Billing Mode", required=True)
    bill_unexcused_absence = fields.Boolean(
        "Bill Unexcused Absences",
        help="An absence on a planned day is unexcused by default and "
        "billed (§2.1.4).")
    overtime_penalty = fields.Numeric(
        "Overtime Penalty", digits=(16, 2),
        help="Amount billed for each late pick-up.")

    @staticmethod
    def default_billing_mode():
        return 'post'

    @staticmethod
    def default_bill_unexcused_absence():
        return True

    @classmethod
    def create(cls, vlist):
        activities = super().create(vlist)
        # A city's first activity is when its accounting is set up.
        Company = Pool().get('company.company')
        Company.sitiv_setup_accounting(list({a.company for a in activities}))
        return activities

    def get_revenue_account(self):
        "The account the activity's invoice lines are credited to."
        return (self.revenue_account
            or self.company.sitiv_account(DOMAIN_ACCOUNTS[self.domain]))
