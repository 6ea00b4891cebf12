# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a city's activities need of it: the zone of its school holidays,
which decides the days a weekly reservation books (§2.1.3.4)."""
from trytond.model import fields
from trytond.pool import PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    sitiv_school_zone = fields.Selection(
        [('A', "Zone A"), ('B', "Zone B"), ('C', "Zone C")],
        "School Holidays Zone")

    @classmethod
    def default_sitiv_school_zone(cls):
        return 'A'
