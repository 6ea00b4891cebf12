# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The persons of the Département's files: the record rules find a
beneficiary's or a tutor's Département through these links."""
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    dases_beneficiaries = fields.One2Many(
        'dases.beneficiary', 'party', "Home-Care Beneficiary", readonly=True)
    dases_tutors = fields.One2Many(
        'dases.tutor', 'party', "Home-Care Tutor", readonly=True)
