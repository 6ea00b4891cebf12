# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Calendar months as billing, pre-invoicing and the flux count them."
import calendar
import datetime


def bounds(day):
    "First and last day of `day`'s month."
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def end(day):
    "Last day of `day`'s month."
    return bounds(day)[1]


def previous(today):
    "First and last day of the month before `today`'s."
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return last.replace(day=1), last
