# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The school calendar (§2.1.3.4, §2.1.3.5): school holidays of a zone and
French public holidays, so that a weekly reservation pattern books school
days only, or holiday days only for the holiday centres."""
import datetime
import functools

from dateutil.easter import easter

from trytond.model import ModelSQL, ModelView, fields
from trytond.pyson import Eval

ZONES = [('A', "Zone A"), ('B', "Zone B"), ('C', "Zone C")]


@functools.lru_cache(maxsize=64)
def public_holidays(year):
    "The eleven French public holidays of `year`."
    monday = easter(year) + datetime.timedelta(days=1)
    return frozenset({
        datetime.date(year, 1, 1), monday,
        datetime.date(year, 5, 1), datetime.date(year, 5, 8),
        monday + datetime.timedelta(days=38),  # Ascension
        monday + datetime.timedelta(days=49),  # Pentecost Monday
        datetime.date(year, 7, 14), datetime.date(year, 8, 15),
        datetime.date(year, 11, 1), datetime.date(year, 11, 11),
        datetime.date(year, 12, 25),
        })


class SchoolHoliday(ModelSQL, ModelView):
    "School Holidays"
    __name__ = 'sitiv.school_holiday'

    name = fields.Char("Name", required=True)
    zone = fields.Selection(ZONES, "Zone", required=True)
    start_date = fields.Date("First Day", required=True)
    end_date = fields.Date(
        "Last Day", required=True,
        domain=[('end_date', '>=', Eval('start_date'))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_zone():
        return 'A'

    @classmethod
    def holiday_days(cls, start, end, zone='A'):
        "The school-holiday days between `start` and `end`."
        days = set()
        for holiday in cls.search([
                    ('zone', '=', zone),
                    ('start_date', '<=', end),
                    ('end_date', '>=', start),
                    ]):
            day = max(holiday.start_date, start)
            while day <= min(holiday.end_date, end):
                days.add(day)
                day += datetime.timedelta(days=1)
        return days
