# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""ONDE files (Éducation nationale's base of pupils, spec 003 §2.1.14.4).

**Extraction élèves** (read): what a school director exports from ONDE
(« Élèves › Extractions »), one school per file: a CSV with « ; », in
Windows-1252 (UTF-8 accepted), a first line naming the columns, dates
JJ/MM/AAAA.  The director ticks the columns to extract, so Hestia reads
them by their name, in any order, and ignores the others; only the
pupil's identity and level are required.  The class label gives the
class composition; « Responsable 1 » the first legal guardian.  Levels are
ONDE's codes or labels (« CP », « Petite section » …).

**Liste mairie** (written): the city's decisions for one school and one
school year, for the director to enter in ONDE: each enrolment (« I ») and
each radiation (« R ») with its date, the pupil's identity, level,
dérogation, and the first guardian's name and address; same conventions
as the extraction (« ; », Windows-1252, CRLF, JJ/MM/AAAA) so that the
tools directors use to read ONDE's files read this one.

Both tables give the column names as the header line carries them."""
from ..header import HeaderLayout
from ..layout import Field as F
from ..types import Boolean, Char, Date

ENCODING = 'cp1252'


PUPILS = HeaderLayout("d'extraction élèves ONDE", [
        F(1, 'last_name', "Nom élève", Char(100), True),
        F(2, 'usage_name', "Nom d'usage élève", Char(100)),
        F(3, 'first_name', "Prénom élève", Char(100), True),
        F(4, 'birth_date', "Date naissance", Date('JJ/MM/AAAA'), True),
        F(5, 'gender', "Sexe", Char(1)),
        F(6, 'ine', "INE", Char(11)),
        F(7, 'level', "Niveau", Char(30), True),
        F(8, 'class_name', "Libellé classe", Char(100)),
        F(9, 'enrolled', "Date inscription", Date('JJ/MM/AAAA')),
        F(10, 'admitted', "Date admission", Date('JJ/MM/AAAA')),
        F(11, 'radiated', "Date radiation", Date('JJ/MM/AAAA')),
        F(12, 'guardian_last_name', "Nom responsable 1", Char(100)),
        F(13, 'guardian_first_name', "Prénom responsable 1", Char(100)),
        F(14, 'address', "Adresse", Char(200)),
        F(15, 'postal_code', "CP", Char(5)),
        F(16, 'city', "Commune", Char(100)),
        ])

CITY_LIST = HeaderLayout("liste mairie ONDE", [
        F(1, 'uai', "UAI école", Char(8), True),
        F(2, 'school', "École", Char(100), True),
        F(3, 'year', "Année scolaire", Char(9), True),
        F(4, 'kind', "Décision", Char(1), True),
        F(5, 'date', "Date décision", Date('JJ/MM/AAAA'), True),
        F(6, 'number', "N° inscription mairie", Char(20), True),
        F(7, 'last_name', "Nom élève", Char(100), True),
        F(8, 'first_name', "Prénom élève", Char(100), True),
        F(9, 'birth_date', "Date naissance", Date('JJ/MM/AAAA'), True),
        F(10, 'gender', "Sexe", Char(1)),
        F(11, 'level', "Niveau", Char(3), True),
        F(12, 'derogation', "Dérogation", Boolean('O', 'N'), True),
        F(13, 'guardian_last_name', "Nom responsable 1", Char(100)),
        F(14, 'guardian_first_name', "Prénom responsable 1", Char(100)),
        F(15, 'address', "Adresse", Char(200)),
        F(16, 'postal_code', "CP", Char(5)),
        F(17, 'city', "Commune", Char(100)),
        F(18, 'reason', "Motif radiation", Char(100)),
        ])
# ONDE's levels: codes, or their labels written in full.
LEVELS = {
    'TPS': "Toute petite section", 'PS': "Petite section",
    'MS': "Moyenne section", 'GS': "Grande section",
    'CP': "Cours préparatoire", 'CE1': "Cours élémentaire 1re année",
    'CE2': "Cours élémentaire 2e année", 'CM1': "Cours moyen 1re année",
    'CM2': "Cours moyen 2e année",
    }
# « Décision »: I an enrolment (its admission date), R a radiation (its
# last day).
KINDS = {'I': "inscription", 'R': "radiation"}


def read_pupils(data):
    "(records, line errors) of an ONDE pupil extraction."
    result = PUPILS.read(data)
    return result.records, list(result.errors)


def write_city_list(records):
    "Bytes of the city's list (Windows-1252)."
    text = CITY_LIST.write(records)
    try:
        return text.encode(ENCODING)
    except UnicodeEncodeError as error:
        bad = text[error.start:error.end]
        raise ValueError(f"« {bad} » ne s'écrit pas en Windows-1252")
