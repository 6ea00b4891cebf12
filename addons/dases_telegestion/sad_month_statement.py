# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The month's interventions of a provider, in PDF (F6, G3): for each
client, every timestamp raw and corrected, its reason and the hours
billed (raw ones when the corrections are excluded, B10)."""

from hestia import months
from hestia.french import french_date, hours, month_name

from trytond.pool import Pool
from trytond.report import Report

from .intervention import CORRECTION_REASONS

REASONS = dict(CORRECTION_REASONS)


def rows(month):
    "The statement's lines of a provider month, client by client."
    Intervention = Pool().get('dases.intervention')
    result = []
    for row in Intervention.search_read([
                ('sad', '=', month.sad.id),
                ('date', '>=', month.month),
                ('date', '<=', months.end(month.month)),
                ('department', '=', True),
                ], order=[('client', 'ASC'), ('raw_start', 'ASC'),
                ('id', 'ASC')],
            fields_names=['client.last_name', 'client.first_name',
                'client.code', 'date', 'nomenclature', 'raw_start',
                'raw_end', 'start', 'end', 'correction_reason', 'hours',
                'raw_hours']):
        client = row['client.']
        result.append({
                'client': f"{client['last_name']} {client['first_name']} "
                f"({client['code']})",
                'date': french_date(row['date']),
                'nomenclature': row['nomenclature'],
                'raw': f"{row['raw_start']:%H:%M} – {row['raw_end']:%H:%M}",
                'corrected': f"{row['start']:%H:%M} – {row['end']:%H:%M}"
                if row['start'] else '',
                'reason': REASONS.get(row['correction_reason']) or '',
                'billed': row['raw_hours'] if month.excluded
                else row['hours'],
                })
    for row in result:
        row['hours'] = hours(row['billed'])
    return result


class SadMonthStatement(Report):
    "Interventions Statement"
    __name__ = 'dases.sad.month.statement'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['rows'] = rows
        context['total'] = lambda month: sum(
            (r['billed'] for r in rows(month)), 0)
        context['hours'] = hours
        context['percent'] = lambda value: (
            f'{value or 0:.2f}'.replace('.', ',') + ' %')
        context['month_label'] = lambda month: month_name(month.month)
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        return context
