# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Settings of the Département's file chain."
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Département Settings"
    __name__ = 'dases.configuration'

    history_days = fields.Integer("Flux 1 History (days)", required=True,
        help="Depth of history of the weekly complete care plan file (A4).")

    withdraw_share = fields.Integer("Withdrawal Threshold (%)", required=True,
        domain=[('withdraw_share', '>=', 0), ('withdraw_share', '<=', 100)],
        help="A flux 1 that would mark more than this share of the active "
        "care plans as no longer transmitted waits for an agent to confirm "
        "it.")

    @staticmethod
    def default_history_days():
        return 300

    @staticmethod
    def default_withdraw_share():
        return 10
