# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 6 — charges à payer au CNCESU, CNCESU → opérateur → SALSA
(spec 002, Annexe 1, need C12).

Monthly, one file per aid type; fields separated by « ; »: DEB, DET…,
FIC (recapitulation), FIN.

Decisions where the table is silent:
* Numbers are written with leading zeros to the table's length (the
  CNCESU's fixed-length habit); the reader accepts them with or without.
* Every record repeats application « FTCG », Département, date and
  sequence of the DEB: the reader checks it.
* FIC totals are checked against the DET lines of its prestation type:
  count of DET, hours and amount of nature 1, count of natures 2 and 3,
  hours and amounts of natures 2 and 3, and total = 9 + 12 − 14. FIN counts
  every record, DEB, FIC and FIN included. One FIC per prestation type;
  a DET whose type has no FIC is an error.
* Two DET with the same beneficiary, prestation, employment month and
  nature are a duplicated line: the CNCESU bills one line per period.
* Any disagreement refuses the file whole: it is an invoice."""
from . import cncesu
from ..hierarchy import HierarchicalLayout
from ..layout import DelimitedLayout
from ..layout import Field as F
from ..types import Cents, Char, Date, Digits, Hours, Integer

APPLICATION = 'FTCG'
NATURES = {'1': "cotisation", '2': "régularisation débitrice",
    '3': "régularisation créditrice"}
PRESTATIONS = {'1': "APA", '2': "PCH", '3': "PCH enfant"}


def _layout(name, fields):
    return DelimitedLayout(name, cncesu.envelope(fixed=False) + fields,
        separator=';', pad=True)


START = _layout("début de fichier", [])
DETAIL = _layout("détail facturation", [
        F(6, 'beneficiary_id', "Identifiant du bénéficiaire", Char(32),
            True),
        F(7, 'service_index', "Index prestation", Char(32)),
        F(8, 'employer_number', "Numéro employeur", Char(14), True),
        F(9, 'prestation_type', "Type de prestation", Digits(1), True),
        F(10, 'period', "Période d'emploi", Date('AAAAMM'), True),
        F(11, 'hours_financed', "Nombre d'heures du plan d'aide financées "
            "par le CG", Hours(7), True),
        F(12, 'monthly_charges', "Montant mensuel de prise en charge CG des "
            "cotisations", Cents(7), True),
        F(13, 'hours', "Nombre d'heures impactées", Hours(7), True),
        F(14, 'amount', "Montant de la prise en charge impactée", Cents(7),
            True),
        F(15, 'nature', "Nature du mouvement", Digits(1), True),
        F(16, 'billing_month', "Mois de facturation", Date('AAAAMM'), True),
        ])
SUMMARY = _layout("récapitulatif", [
        F(6, 'prestation_type', "Type de prestation", Digits(1), True),
        F(7, 'periods', "Nombre total de périodes d'emploi traitées",
            Integer(9), True),
        F(8, 'hours', "Nombre total d'heures facturées", Hours(9), True),
        F(9, 'amount', "Montant total de la prise en charge", Cents(11),
            True),
        F(10, 'regularisations', "Nombre total de régularisations",
            Integer(9)),
        F(11, 'debit_hours', "Nombre total d'heures régularisations "
            "débitrices", Hours(9)),
        F(12, 'debit_amount', "Montant total des régularisations à "
            "facturer", Cents(11)),
        F(13, 'credit_hours', "Nombre total d'heures régularisations "
            "créditrices", Hours(9)),
        F(14, 'credit_amount', "Montant total des régularisations à "
            "déduire", Cents(11)),
        F(15, 'total', "Montant total facturé", Cents(11), True),
        F(16, 'transfer_deadline', "Date limite de réception du virement",
            Date('AAAAMMJJ'), True),
        ])
END = _layout("fin de fichier", [
        F(6, 'records', "Nombre total d'enregistrements", Integer(8), True),
        ])

LAYOUT = HierarchicalLayout("flux 6 (charges CNCESU)",
    {'DEB': START, 'DET': DETAIL, 'FIC': SUMMARY, 'FIN': END},
    {None: {'DEB'}, 'DEB': {'DET', 'FIC'}, 'DET': {'DET', 'FIC'},
        'FIC': {'FIC', 'FIN'}, 'FIN': set()},
    separator=';')


def totals(prestation_type, details):
    "The FIC values the DET lines of `prestation_type` add up to."
    lines = [d for d in details if d['prestation_type'] == prestation_type]

    def total(name, nature):
        return sum((d[name] for d in lines if d['nature'] == nature), 0)
    amount, debit, credit = (total('amount', n) for n in '123')
    return {
        'prestation_type': prestation_type,
        'periods': len(lines),
        'hours': total('hours', '1'),
        'amount': amount,
        'regularisations': sum(1 for d in lines if d['nature'] in '23'),
        'debit_hours': total('hours', '2'),
        'debit_amount': debit,
        'credit_hours': total('hours', '3'),
        'credit_amount': credit,
        'total': amount + debit - credit,
        }


def read(data):
    """(header, details, summaries) of a flux 6, every total checked;
    FileRefused lists every error."""
    records = cncesu.read(LAYOUT, data, APPLICATION, check=_check)
    details = [r.values for r in records if r['_code'] == 'DET']
    summaries = [r.values for r in records if r['_code'] == 'FIC']
    return records[0].values, details, summaries


def _check(records):
    details = [r for r in records if r['_code'] == 'DET']
    summaries = [r for r in records if r['_code'] == 'FIC']
    errors, seen = [], {}
    for record in details:
        key = (record['beneficiary_id'], record['service_index'],
            record['period'], record['nature'])
        if key in seen:
            errors.append(f"ligne {record.line} : ligne en double de la "
                f"ligne {seen[key]}")
        seen.setdefault(key, record.line)
        if record['nature'] not in NATURES:
            errors.append(f"ligne {record.line} : nature du mouvement "
                f"« {record['nature']} » inconnue (1, 2 ou 3)")
    return errors + _check_summaries(details, summaries)


def _check_summaries(details, summaries):
    errors = []
    labels = {f.name: f.label for f in SUMMARY.fields}
    types = {s['prestation_type'] for s in summaries}
    for record in details:
        if record['prestation_type'] not in types:
            errors.append(f"ligne {record.line} : type de prestation "
                f"{record['prestation_type']} sans enregistrement FIC")
    for summary in summaries:
        expected = totals(summary['prestation_type'], details)
        for name, value in expected.items():
            announced = summary[name] or 0
            if announced != value:
                errors.append(f"ligne {summary.line} : « {labels[name]} » "
                    f"annonce {_show(announced)} pour {_show(value)} "
                    "détaillés")
    return errors


def _show(value):
    return str(value) if isinstance(value, int) else f'{value:.2f}'


def write(header, details, deadline):
    """Text of a flux 6 (`header`: departement, created, sequence); a FIC
    per prestation type and the FIN are computed here."""
    summaries = [dict(totals(type_, details), transfer_deadline=deadline)
        for type_ in sorted({d['prestation_type'] for d in details})]
    return cncesu.write(LAYOUT, APPLICATION, header, details, summaries)
