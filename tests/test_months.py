# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"hestia.months: the one place months are counted (billing, flux, alerts)."
import datetime

from hestia import months

D = datetime.date


def test_bounds_of_february_and_december():
    assert months.bounds(D(2028, 2, 15)) == (D(2028, 2, 1), D(2028, 2, 29))
    assert months.bounds(D(2026, 2, 1)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert months.end(D(2026, 12, 31)) == D(2026, 12, 31)


def test_previous_month_crosses_the_year():
    assert months.previous(D(2027, 1, 3)) == (D(2026, 12, 1), D(2026, 12, 31))
    assert months.previous(D(2026, 3, 31)) == (D(2026, 2, 1), D(2026, 2, 28))
