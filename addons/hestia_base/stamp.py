# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""When something happened, to the minute: « 05/12/2026 09:42 », as
agents read a time, not « 09:42:17 ». A stamp field declares
`format=MINUTE` (sao shows hours and minutes) and is written with
`to_the_minute()`: the framework refuses a value its format cannot show."""
import datetime

MINUTE = '%H:%M'


def to_the_minute(value=None):
    "`value` (now by default) without its seconds."
    value = value or datetime.datetime.now()
    return value.replace(second=0, microsecond=0)
