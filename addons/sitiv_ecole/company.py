# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The city's INSEE code: which lines of the département's BAN are its own."
from trytond.model import fields
from trytond.pool import PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    sitiv_insee_code = fields.Char(
        "INSEE Code", size=5,
        help="The city's code in the national address base (BAN): the "
        "streets imported are those of this code.")
