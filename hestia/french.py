# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"French formats of reports and messages: amounts in euros, dd/mm/yyyy."
import datetime


def euro(value):
    "1 234,50 € (French grouping with a narrow no-break space)."
    text = f'{value or 0:,.2f}'.replace(',', '\u202f').replace('.', ',')
    return f'{text} €'


def price(value):
    "A unit price: 4,33 € ; 0,4525 € when the tariff has more decimals."
    value = value or 0
    if round(value, 2) == value:
        return euro(value)
    return number(value) + ' €'


def period(start, end):
    "« novembre 2026 » for a whole month, else « du 03/11/2026 au … »."
    if not start or not end:
        return ''
    following = end + datetime.timedelta(days=1)
    if start.day == 1 and following.day == 1 and (
            start.year, start.month) == (end.year, end.month):
        return month_name(start)
    return f"du {french_date(start)} au {french_date(end)}"


def french_date(value, pattern='%d/%m/%Y'):
    return value.strftime(pattern) if value else ''


MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre"]


WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche"]


def month_name(date):
    "octobre 2026"
    return f"{MONTHS[date.month - 1]} {date.year}"


def hours(value):
    "12,50 h"
    return f'{value or 0:.2f}'.replace('.', ',') + ' h'


def duration(value):
    "2 h 05 for 2.08 hours: how people read a time at home."
    minutes = round(float(value or 0) * 60)
    return f'{minutes // 60} h {minutes % 60:02d}'


def number(value):
    "3 ; 1,5 ; 12,25 — no useless zero."
    text = f'{value or 0:.4f}'.rstrip('0').rstrip('.')
    return text.replace('.', ',')
