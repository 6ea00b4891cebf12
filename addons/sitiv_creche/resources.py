# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the PSU barème needs from the household's dated resources (the
quotient record of sitiv_famille: N-2 annual resources, entered by an agent
now, read from CDAP / API Particulier later): the number of dependent
children and whether one of them has a disability (AEEH)."""
from trytond.model import fields
from trytond.pool import PoolMeta


class QuotientFamilial(metaclass=PoolMeta):
    __name__ = 'sitiv.quotient_familial'

    dependent_children = fields.Integer(
        "Dependent Children",
        domain=['OR', ('dependent_children', '=', None),
            ('dependent_children', '>=', 1)],
        help="As the CAF counts them; the household's children when empty.")
    disabled_child = fields.Boolean(
        "Child with a Disability (AEEH)",
        help="A dependent child receives the AEEH: the crèche rate of one "
        "more child applies.")
