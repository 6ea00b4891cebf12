# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A city's or Département's look on its portal (§2.1.9: per-city theme,
no code change): its colour and a welcome text."""
import re

from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import ValidationError
from trytond.pool import PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    portal_colour = fields.Char(
        "Portal Colour", help="#RRGGBB; dark enough for white text on it.")
    portal_welcome = fields.Text(
        "Portal Welcome Text", help="Shown on the portal's login page.")

    @classmethod
    def validate_fields(cls, companies, field_names):
        super().validate_fields(companies, field_names)
        for company in companies:
            colour = company.portal_colour
            if colour and (not re.fullmatch(r'#[0-9a-fA-F]{6}', colour)
                    or contrast_with_white(colour) < 4.5):
                raise ValidationError(gettext('portal.msg_colour',
                        colour=colour))


def contrast_with_white(colour):
    "WCAG contrast ratio of white text on `colour` (RGAA AA asks 4.5)."
    def linear(channel):
        c = int(channel, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)
