# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Tryton's accounting settings hold a value per company (receivable
account, dunning procedure …): like Hestia's own settings, a user writes
only the values of the companies they belong to."""
from trytond.pool import PoolMeta

from hestia_base.configuration import check_settings_company


class AccountConfiguration(metaclass=PoolMeta):
    __name__ = 'account.configuration'

    @classmethod
    def create(cls, vlist):
        check_settings_company()
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        check_settings_company()
        super().write(*args)
