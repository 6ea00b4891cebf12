# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Availability of the crèches for monenfant.fr (spec 003 §2.1.14.4, « quand
elle sera mise à disposition »): the CNAF's site shows families the places
free in each crèche. Until it offers an interface, the city uploads this
file: one line per crèche and opening day with the places free that day
(places agreed less the regular contracts and the places offered), the
hours and the kind. « ; », UTF-8, CRLF, a first line naming the columns."""
from ..header import HeaderLayout
from ..layout import Field as F
from ..types import Char, Date, Integer

ENCODING = 'utf-8'

AVAILABILITY = HeaderLayout("disponibilités monenfant.fr", [
        F(1, 'caf_number', "Numéro équipement CAF", Char(20), True),
        F(2, 'structure', "Nom de la structure", Char(100), True),
        F(3, 'kind', "Type d'accueil", Char(40), True),
        F(4, 'street', "Adresse", Char(200)),
        F(5, 'date', "Date", Date('JJ/MM/AAAA'), True),
        F(6, 'opening', "Ouverture", Char(5), True),
        F(7, 'closing', "Fermeture", Char(5), True),
        F(8, 'places', "Places agréées", Integer(4), True),
        F(9, 'free', "Places disponibles", Integer(4), True),
        ])


def write(records):
    return AVAILABILITY.write(records).encode(ENCODING)
