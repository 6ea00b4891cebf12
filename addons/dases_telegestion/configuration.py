# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Télégestion settings of the Département: thresholds of B10, F7-F14."
from decimal import Decimal

from trytond.model import fields
from trytond.pool import PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'dases.configuration'

    correction_threshold = fields.Numeric("Correction Threshold (%)",
        digits=(5, 2), required=True,
        help="Above this monthly rate of corrected interventions, a "
        "provider's corrections are excluded from billing (B10).")
    under_consumption_rate = fields.Numeric("Under-Consumption Rate (%)",
        digits=(5, 2), required=True,
        help="A beneficiary whose clocked hours of last month are below this "
        "share of the plan is listed (F7, F8).")
    ending_days = fields.Integer("Plans Ending Within (days)",
        required=True, help="F13, G1.")
    revised_days = fields.Integer("Plans Revised Since (days)",
        required=True, help="F14, G2.")

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
