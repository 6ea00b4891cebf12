# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The child's crèche contracts, on the child's file."
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    creche_contracts = fields.One2Many(
        'sitiv.creche.contract', 'child', "Crèche", readonly=True)
