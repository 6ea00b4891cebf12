# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Payroll variables of the assistantes maternelles (spec 003 §2.1.3.2):
what the city's HR software needs each month for the assistantes it
employs (crèche familiale) — hours planned and done, days of care (the
maintenance allowances), children, meals, days of absence — written by
Hestia and read back when HR corrects them. One line per assistante and
month, found by her employee number. « ; », UTF-8, CRLF, a first line
naming the columns, the month as MM/AAAA, decimals with a comma."""
from ..header import HeaderLayout
from ..layout import Field as F
from ..types import Char, Decimal, Integer

ENCODING = 'utf-8'

PAYROLL = HeaderLayout("de variables de paie des assistantes maternelles", [
        F(1, 'employee_number', "Matricule", Char(20), True),
        F(2, 'name', "Nom", Char(100)),
        F(3, 'month', "Mois", Char(7), True),
        F(4, 'planned_hours', "Heures prévues", Decimal(4, 2, ','), True),
        F(5, 'hours', "Heures réalisées", Decimal(4, 2, ','), True),
        F(6, 'days', "Jours d'accueil", Integer(2), True),
        F(7, 'children', "Enfants accueillis", Integer(2), True),
        F(8, 'meals', "Repas", Integer(3), True),
        F(9, 'absence_days', "Jours d'absence", Integer(2), True),
        ])


def write(records):
    return PAYROLL.write(records).encode(ENCODING)


def read(data):
    "(records, line errors); FileRefused when the columns are missing."
    result = PAYROLL.read(data)
    return result.records, list(result.errors)
