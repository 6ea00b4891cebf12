# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Télégestion settings of each Département: thresholds of B10, F7-F14
(hestia_base.configuration)."""
from decimal import Decimal

from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'dases.configuration'

    correction_threshold = fields.MultiValue(fields.Numeric(
            "Correction Threshold (%)", digits=(5, 2), required=True,
            help="Above this monthly rate of corrected interventions, a "
            "provider's corrections are excluded from billing."))
    under_consumption_rate = fields.MultiValue(fields.Numeric(
            "Under-Consumption Rate (%)", digits=(5, 2), required=True,
            help="A beneficiary whose clocked hours of last month are below "
            "this share of the plan is listed (F7, F8)."))
    ending_days = fields.MultiValue(fields.Integer(
            "Plans Ending Within (days)", required=True, help="F13, G1."))
    revised_days = fields.MultiValue(fields.Integer(
            "Plans Revised Since (days)", required=True, help="F14, G2."))

    @classmethod
    def default_correction_threshold(cls, **pattern):
        return Pool().get(cls._company_model).default_correction_threshold()

    @classmethod
    def default_under_consumption_rate(cls, **pattern):
        return Pool().get(
            cls._company_model).default_under_consumption_rate()

    @classmethod
    def default_ending_days(cls, **pattern):
        return Pool().get(cls._company_model).default_ending_days()

    @classmethod
    def default_revised_days(cls, **pattern):
        return Pool().get(cls._company_model).default_revised_days()


class ConfigurationCompany(metaclass=PoolMeta):
    __name__ = 'dases.configuration.company'

    correction_threshold = fields.Numeric("Correction Threshold (%)",
        digits=(5, 2), required=True)
    under_consumption_rate = fields.Numeric("Under-Consumption Rate (%)",
        digits=(5, 2), required=True)
    ending_days = fields.Integer("Plans Ending Within (days)", required=True)
    revised_days = fields.Integer("Plans Revised Since (days)",
        required=True)

    @staticmethod
    def default_correction_threshold():
        return Decimal(20)

    @staticmethod
    def default_under_consumption_rate():
        return Decimal(50)

    @staticmethod
    def default_ending_days():
        return 90

    @staticmethod
    def default_revised_days():
        return 30
