# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""One run of pre-invoicing (B5, B9, B10): the month's interventions read in
one query, checked against the plans, grouped into lines per beneficiary
and prestation, stored, and linked to their line."""
import datetime
from collections import namedtuple
from decimal import Decimal

from sql import Null

from hestia import months
from hestia_base.batch import chunks, update_rows

from trytond.i18n import gettext
from trytond.model import Model
from trytond.pool import Pool
from trytond.transaction import Transaction


# Periodicity codes of flux 1 → hours of the month for one unit of the
# plan's quantity (days counted in `monthly_quantity`).
PERIODS_PER_MONTH = {'ME': 1, 'AN': Decimal(1) / 12, 'TR': Decimal(1) / 3}
CENT = Decimal('0.01')

# A clocked intervention to pre-invoice; `hours` are the raw ones for a
# provider whose corrections are excluded (B10).
Clocked = namedtuple('Clocked', ['sad', 'beneficiary', 'nomenclature',
        'client', 'date', 'hours', 'id'])


def monthly_quantity(plan, start, end):
    """Hours the plan allows between `start` and `end` (one month or part
    of it): monthly (ME), weekly (SE, HE), daily (JO), quarterly (TR) or
    yearly (AN) quantities, pro rata of the days covered."""
    days_in_month = months.end(start).day
    covered_start = max(start, plan['coverage_start'])
    covered_end = min(end, plan['coverage_end'])
    days = (covered_end - covered_start).days + 1
    if days <= 0:
        return Decimal(0)
    quantity = plan['quantity']
    periodicity = (plan['periodicity'] or 'ME').upper()
    if periodicity in ('SE', 'HE'):
        return (quantity * days / 7).quantize(CENT)
    if periodicity == 'JO':
        return (quantity * days).quantize(CENT)
    per_month = PERIODS_PER_MONTH.get(periodicity, 1)
    return (quantity * per_month * days / days_in_month).quantize(CENT)


class PreInvoicing(Model):
    """One run of pre-invoicing for a month: a draft of the month is
    rebuilt, a month already validated or sent gets its complementary
    invoice for the interventions received since (B9). Each step is a
    method other modules extend with `super()`."""
    __name__ = 'dases.preinvoicing'
    __no_slots__ = True  # holds the run's month and providers

    @classmethod
    def load(cls, company, month, sads=None):
        "The run for `company`'s `month`, every provider when `sads` is None."
        run = cls()
        run._load(company, month, sads)
        return run

    def _load(self, company, month, sads):
        pool = Pool()
        self.PreInvoice = pool.get('dases.preinvoice')
        self.Line = pool.get('dases.preinvoice.line')
        self.Anomaly = pool.get('dases.preinvoice.anomaly')
        self.Intervention = pool.get('dases.intervention')
        self.SadMonth = pool.get('dases.sad.month')
        Sad = pool.get('dases.sad')
        self.company = company
        self.month = month.replace(day=1)
        self.end = months.end(self.month)
        self.sads = sads if sads is not None else Sad.search([
                ('company', '=', company.id)])

    def run(self):
        # Numbering needs the table locked: take it before the work, not
        # in the middle of it (the transaction restarts to take it).
        self.PreInvoice.lock()
        drafts = self.PreInvoice.search([
                ('company', '=', self.company.id),
                ('month', '=', self.month),
                ('sad', 'in', [s.id for s in self.sads]),
                ('state', '=', 'draft'),
                ('kind', '=', 'normal')])
        self.PreInvoice.delete(drafts)
        months = self.SadMonth.compute(self.company, self.sads, self.month)
        self.Anomaly.delete(self.Anomaly.search([
                    ('sad_month', 'in', [m.id for m in months.values()])]))
        sent = {(i.sad.id, i.financier_code): i
            for i in self.PreInvoice.search([
                    ('company', '=', self.company.id),
                    ('month', '=', self.month),
                    ('kind', '=', 'normal'),
                    ('state', '!=', 'draft')])}
        rows = self.interventions(months)
        beneficiaries = {r.beneficiary for r in rows if r.beneficiary}
        plans = self.plans(beneficiaries)
        suspended = self.suspensions(beneficiaries)
        sads = {s.id: s for s in self.sads}
        groups = {}
        for row in rows:
            groups.setdefault(
                (row.sad, row.beneficiary, row.nomenclature), []).append(row)
        invoices, anomalies = {}, []
        for (sad_id, beneficiary, nomenclature), group in sorted(
                groups.items(), key=lambda i: tuple(
                    str(k) for k in i[0])):
            sad = sads[sad_id]
            self.bill(sad, months[sad_id], beneficiary, nomenclature, group,
                plans.get(beneficiary, []), suspended.get(beneficiary, []),
                sent, invoices, anomalies)
        return self.store(invoices, anomalies, months)

    def interventions(self, months):
        """[Clocked] of the month's interventions paid by the Département
        and not invoiced."""
        table = self.Intervention.__table__()
        cursor = Transaction().connection.cursor()
        excluded = {s for s, m in months.items() if m.excluded}
        rows = []
        for chunk in chunks([s.id for s in self.sads], 200):
            cursor.execute(*table.select(table.sad, table.beneficiary,
                    table.nomenclature, table.client, table.date,
                    table.hours, table.raw_hours, table.extra_minutes,
                    table.id,
                    where=(table.company == self.company.id)
                    & table.sad.in_(chunk)
                    & (table.date >= self.month) & (table.date <= self.end)
                    & (table.department == True)  # noqa: E712
                    & (table.invoice_line == Null),
                    order_by=[table.date, table.id]))
            for (sad, beneficiary, nomenclature, client, date, hours_,
                    raw_hours, extra, id_) in cursor:
                if isinstance(date, str):  # SQLite
                    date = datetime.date.fromisoformat(date)
                billed = Decimal(str(raw_hours if sad in excluded
                        else hours_))
                rows.append(Clocked(sad, beneficiary, nomenclature, client,
                        date, billed, id_))
        return rows

    def plans(self, beneficiaries):
        "{beneficiary: [plan values]} of the transmitted provider plans."
        CarePlan = Pool().get('dases.care_plan')
        result = {}
        for chunk in chunks(beneficiaries, 500):
            for row in CarePlan.search_read([
                        ('company', '=', self.company.id),
                        ('beneficiary', 'in', chunk),
                        ('transmitted', '=', True),
                        ('management_mode', '=', 'prestataire'),
                        ('coverage_start', '<=', self.end),
                        ('coverage_end', '>=', self.month),
                        ], fields_names=['beneficiary', 'tiers_code',
                        'financier_code', 'nomenclature', 'periodicity',
                        'quantity', 'coverage_start', 'coverage_end',
                        'unit_amount_department', 'unit_amount_beneficiary',
                        'beneficiary.salsa_id', 'beneficiary.last_name',
                        'beneficiary.first_name',
                        'beneficiary.birth_date']):
                result.setdefault(row['beneficiary'], []).append(row)
        return result

    def suspensions(self, beneficiaries):
        """{beneficiary: [(start, end)]}: the events SALSA transmits in
        flux 1 (hospitalisation, stay in an establishment …) suspend the
        plan between their dates."""
        Event = Pool().get('dases.beneficiary.event')
        result = {}
        for chunk in chunks(beneficiaries, 500):
            for row in Event.search_read([
                        ('beneficiary', 'in', chunk),
                        ('start_date', '<=', self.end),
                        ['OR', ('end_date', '=', None),
                            ('end_date', '>=', self.month)],
                        ], fields_names=['beneficiary', 'start_date',
                        'end_date']):
                result.setdefault(row['beneficiary'], []).append(
                    (row['start_date'], row['end_date'] or self.end))
        return result

    def bill(self, sad, sad_month, beneficiary, nomenclature, rows, plans,
            suspensions, sent, invoices, anomalies):
        "Add the line of one beneficiary and prestation, or its anomaly."
        clocked = sum(r.hours for r in rows)

        def anomaly(kind, message, hours=clocked, invoice=None, **values):
            anomalies.append({'sad_month': sad_month.id, 'kind': kind,
                    'beneficiary': beneficiary, 'client': rows[0].client,
                    'nomenclature': nomenclature, 'hours': hours,
                    'message': gettext('dases_telegestion.' + message,
                        **values),
                    '_invoice': invoice})

        if not beneficiary:
            anomaly('unmatched', 'msg_anomaly_unmatched')
            return
        plans = [p for p in plans if p['nomenclature'] == nomenclature]
        if not plans:
            anomaly('no_plan', 'msg_anomaly_no_plan',
                nomenclature=nomenclature)
            return
        own = [p for p in plans if p['tiers_code'] == sad.code]
        if not own:
            anomaly('sad_not_in_plan', 'msg_anomaly_sad_not_in_plan',
                sads=', '.join(sorted(
                        {p['tiers_code'] or '?' for p in plans})))
            return
        plan = max(own, key=lambda p: p['coverage_start'])
        if not sad.bills(plan['financier_code']):
            anomaly('inactive_aid_type', 'msg_anomaly_inactive_aid_type',
                aid_type=plan['financier_code'])
            return
        start = max(self.month, plan['coverage_start'])
        end = min(self.end, plan['coverage_end'])
        billable = [r for r in rows if start <= r.date <= end and not any(
                s <= r.date <= e for s, e in suspensions)]
        key = (sad.id, plan['financier_code'])
        invoice = invoices.setdefault(key, {'lines': [],
                'origin': sent.get(key)})
        left_out = clocked - sum(r.hours for r in billable)
        if left_out:
            anomaly('suspended', 'msg_anomaly_suspended', left_out, key)
        if not billable:
            return
        hours = sum(r.hours for r in billable)
        planned = monthly_quantity(plan, start, end)
        quantity = min(hours, planned)
        if hours > planned:
            anomaly('over_plan', 'msg_anomaly_over_plan', hours - planned,
                key, clocked=hours, planned=planned)
        unit = plan['unit_amount_department'] or Decimal(0)
        if not plan['unit_amount_department']:
            tariff = sad.tariff(plan['financier_code'], nomenclature, start)
            unit = tariff.unit_price if tariff else Decimal(0)
        share = plan['unit_amount_beneficiary'] or Decimal(0)
        invoice['lines'].append({
                'beneficiary': beneficiary,
                'care_plan': plan['id'],
                'salsa_id': plan['beneficiary.']['salsa_id'],
                'last_name': plan['beneficiary.']['last_name'],
                'first_name': plan['beneficiary.']['first_name'],
                'birth_date': plan['beneficiary.']['birth_date'],
                'nomenclature': nomenclature,
                'label': self.label(sad, plan, nomenclature, start),
                'start': start, 'end': end,
                'clocked': hours, 'planned': planned, 'quantity': quantity,
                'unit_amount': unit,
                'amount': (quantity * unit).quantize(CENT),
                'beneficiary_unit_amount': share,
                'beneficiary_amount': (quantity * share).quantize(CENT),
                'reference_intervention': billable[0].id
                if invoice['origin'] else None,
                '_interventions': [r.id for r in billable],
                })

    def label(self, sad, plan, nomenclature, date):
        "The line's label: the tariff's, else the prestation's code."
        tariff = sad.tariff(plan['financier_code'], nomenclature, date)
        return tariff.label if tariff and tariff.label else nomenclature

    def store(self, invoices, anomalies, months):
        "Create the invoices, lines and anomalies; link the interventions."
        keys = [k for k, v in sorted(invoices.items()) if v['lines']]
        by_key = {}
        new = [k for k in keys if not invoices[k]['origin']]
        for key in keys:
            if invoices[key]['origin']:
                by_key[key] = self.PreInvoice.complementary(
                    invoices[key]['origin'])
        numbers = self.PreInvoice.next_numbers(self.company, self.month,
            len(new))
        created = self.PreInvoice.create([{
                    'company': self.company.id, 'sad': sad,
                    'financier_code': financier, 'number': number,
                    'month': self.month, 'period_start': self.month,
                    'period_end': self.end,
                    'excluded_corrections': months[sad].excluded,
                    } for (sad, financier), number in zip(new, numbers)])
        self.PreInvoice.record_history(created,
            gettext('dases_telegestion.msg_preinvoice_computed'))
        by_key.update(zip(new, created))
        links = []
        for key in keys:
            vlist = invoices[key]['lines']
            for chunk in chunks(vlist):
                lines = self.Line.create([dict(
                            {k: v for k, v in values.items()
                                if not k.startswith('_')},
                            preinvoice=by_key[key].id) for values in chunk])
                links.extend((line.id, values['_interventions'])
                    for line, values in zip(lines, chunk))
        self.link(links)
        self.Anomaly.create([dict({k: v for k, v in a.items()
                        if not k.startswith('_')},
                    preinvoice=by_key[a['_invoice']].id
                    if a['_invoice'] in by_key else None)
                for a in anomalies])
        return [by_key[k] for k in keys]

    def link(self, links):
        "Each intervention on its line: [(line id, intervention ids)]."
        table = self.Intervention.__table__()
        for line, ids in links:
            update_rows(self.Intervention, table, ids,
                {'invoice_line': line})
