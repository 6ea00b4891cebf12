# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the Département's file chain, each Département its own
(hestia_base.configuration)."""
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.pool import Pool

from hestia_base.configuration import CompanySettingsMixin


class Configuration(
        CompanySettingsMixin, ModelSingleton, ModelSQL, ModelView):
    "Département Settings"
    __name__ = 'dases.configuration'
    _company_model = 'dases.configuration.company'

    history_days = fields.MultiValue(fields.Integer(
            "Flux 1 History (days)", required=True,
            help="Depth of history of the weekly complete care plan "
            "file."))
    withdraw_share = fields.MultiValue(fields.Integer(
            "Withdrawal Threshold (%)", required=True,
            help="A flux 1 that would mark more than this share of the "
            "active care plans as no longer transmitted waits for an agent "
            "to confirm it."))

    @classmethod
    def default_history_days(cls, **pattern):
        return Pool().get(cls._company_model).default_history_days()

    @classmethod
    def default_withdraw_share(cls, **pattern):
        return Pool().get(cls._company_model).default_withdraw_share()


class ConfigurationCompany(CompanyValueMixin, ModelSQL):
    "Département Settings of a Département"
    __name__ = 'dases.configuration.company'

    history_days = fields.Integer("Flux 1 History (days)", required=True)
    withdraw_share = fields.Integer("Withdrawal Threshold (%)", required=True,
        domain=[('withdraw_share', '>=', 0), ('withdraw_share', '<=', 100)])

    @staticmethod
    def default_history_days():
        return 300

    @staticmethod
    def default_withdraw_share():
        return 10
