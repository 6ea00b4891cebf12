# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The envelope the CNCESU files share (flux 8.2, 8.1, 6): every record
opens with its type (DEB, DET, FIC, FIN), the application, the issuer (the
Département's « CG75 », or « ACCO » for flux 8.1), the creation date and
the sequence of the DEB; FIN counts every record, DEB and FIN included.

The tables describe « N° ordre » only as « Séquence », which reads two
ways: the number of the file, repeated on every record, or the number of
each record in the file. Hestia writes the first; a file it receives may
use either (every record the DEB's number, or consecutive numbers from the
DEB's), and is refused only when it follows neither."""
from ..layout import Field as F
from ..layout import FileRefused
from ..types import Char, Date, Integer


def envelope(issuer='departement', label="Code Conseil Départemental",
        fixed=True):
    "The five opening fields; with positions for the fixed-width files."
    def at(start, end):
        return (start, end) if fixed else ()
    return [
        F(1, 'code', "Type d'enregistrement", Char(3), True, *at(1, 3)),
        F(2, 'application', "Code application", Char(4), True, *at(4, 7)),
        F(3, issuer, label, Char(4), True, *at(8, 11)),
        F(4, 'created', "Date de création fichier", Date('AAAAMMJJ'), True,
            *at(12, 19)),
        F(5, 'sequence', "N° ordre", Integer(5), True, *at(20, 24)),
        ]


def read(layout, data, application, issuer='departement',
        issuer_label="Département", check=None):
    """Records of `data`, the envelope checked, then `check(records)`'s
    errors; FileRefused lists every error."""
    result = layout.read(data)
    errors = [str(e) for e in result.errors]
    if not errors:
        records = result.records
        start, end = records[0], records[-1]
        keys = ['application', issuer, 'created']
        for record in records:
            if [record[k] for k in keys] != [start[k] for k in keys]:
                errors.append(f"ligne {record.line} : application, "
                    f"{issuer_label} ou date différent de l'enregistrement "
                    "DEB")
        errors += _sequence_errors(records)
        if start['application'] != application:
            errors.append(f"ligne 1 : code application "
                f"« {start['application']} » au lieu de « {application} »")
        if check:
            errors += check(records)
        if end['records'] != len(records):
            errors.append(f"ligne {end.line} : FIN annonce "
                f"{end['records']} enregistrements pour {len(records)}")
    if errors:
        raise FileRefused("fichier refusé : " + ' ; '.join(errors))
    return result.records


def _sequence_errors(records):
    "The « N° ordre » read either way (see the module's docstring)."
    first = records[0]['sequence']
    numbers = [r['sequence'] for r in records]
    if numbers in ([first] * len(numbers),
            list(range(first, first + len(numbers)))):
        return []
    for index, record in enumerate(records):
        if record['sequence'] not in {first, first + index}:
            return [f"ligne {record.line} : numéro d'ordre "
                f"{record['sequence']}, ni celui du fichier ({first}) ni "
                f"celui de l'enregistrement ({first + index})"]
    # Each number fits one reading or the other, but not all the same one.
    return [f"ligne {records[-1].line} : numéros d'ordre mêlant celui du "
        "fichier et ceux des enregistrements"]

def write(layout, application, header, details, summaries=()):
    """Text of a file: `header` gives issuer, created and sequence; record
    codes, application and the FIN count are computed here."""
    common = dict(header, application=application)
    records = [dict(common, _code='DEB')]
    records += [dict(common, **d, _code='DET') for d in details]
    records += [dict(common, **s, _code='FIC') for s in summaries]
    records.append(dict(common, _code='FIN', records=len(records) + 1))
    return layout.write(records)
