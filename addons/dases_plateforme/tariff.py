# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A provider's administrator sets its hourly prices on the platform (H5)
within the ceiling the Département agreed per tariff: a new price applies
from a date, the current line ends the day before (the pre-invoices of
past months keep the price of their dates)."""
import datetime
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import ValidationError
from trytond.pool import PoolMeta


class Tariff(metaclass=PoolMeta):
    __name__ = 'dases.sad.tariff'

    max_price = fields.Numeric("Ceiling Agreed (€)", digits=(7, 2),
        help="The highest hourly price the provider may set itself on the "
        "platform; empty: only the Département changes this tariff.")

    def platform_change_price(self, price, start):
        """`price` from `start` on: the tariff of those dates, split at
        `start` unless it begins then. Checked against the ceiling."""
        if self.max_price is None:
            raise ValidationError(gettext(
                    'dases_plateforme.msg_tariff_closed',
                    tariff=self.nomenclature))
        if not (Decimal(0) < price <= self.max_price):
            raise ValidationError(gettext(
                    'dases_plateforme.msg_tariff_ceiling',
                    ceiling=f'{self.max_price:.2f}'.replace('.', ',')))
        if self.end_date and start > self.end_date:
            raise ValidationError(gettext(
                    'dases_plateforme.msg_tariff_after_end',
                    end=self.end_date.strftime('%d/%m/%Y')))
        if self.start_date and start <= self.start_date:
            self.unit_price = price
            self.save()
            return self
        new, = self.copy([self], default={'unit_price': price,
                'start_date': start, 'end_date': self.end_date})
        self.end_date = start - datetime.timedelta(days=1)
        self.save()
        return new
