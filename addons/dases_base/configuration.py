# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Settings of the Département's file chain."
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Département Settings"
    __name__ = 'dases.configuration'

    history_days = fields.Integer("Flux 1 History (days)", required=True,
        help="Depth of history of the weekly complete care plan file (A4).")

    @staticmethod
    def default_history_days():
        return 300
