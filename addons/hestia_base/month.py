# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A list's « Mois » column as people say it: « novembre 2026 », not the
first day of the month (01/11/2026) the record stores. A model with a
`month` Date field adds `MonthLabelMixin` and shows `month_label` in its
lists; the column sorts by the month."""
from trytond.model import fields

from hestia.french import month_name


class MonthLabelMixin:
    __slots__ = ()
    month_label = fields.Function(fields.Char("Month"), 'get_month_label')

    def get_month_label(self, name):
        return month_name(self.month) if self.month else ''

    @staticmethod
    def order_month_label(tables):
        table, _ = tables[None]
        return [table.month]
