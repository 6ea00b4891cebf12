# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The child's schooling over the years, from its file (spec 003 §2.1.2
« historique des écoles et des classes fréquentées »)."""
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    school_enrolments = fields.One2Many(
        'sitiv.school.enrolment', 'child', "Schooling", readonly=True,
        order=[('year.start_date', 'DESC'), ('id', 'DESC')])
