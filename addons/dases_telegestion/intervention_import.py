# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The daily intervention file of a provider (flux 15 and 11, B4, B11)."""
import datetime

from hestia_base.batch import chunks
from hestia.flatfile import LineError
from hestia.flatfile.layouts import telegestion as layout

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction
from hestia_base.integration import Importer

from .intervention import hours


class InterventionImport(Importer):
    """The daily intervention file of one provider (flux 15 and 11):
    valid lines stored, bad ones rejected with their reason, a line sent
    again unchanged, corrections logged (B4, B11). Rows are inserted with
    one query per few hundred lines: the file holds a whole Département's
    day (bench/bench_telegestion.py)."""
    kind = 'tg-interventions'
    compared = ['nomenclature', 'department', 'start', 'end',
        'correction_reason', 'source', 'incompatible_phone', 'worker']

    def __init__(self, company, today=None, sad=None):
        super().__init__(company, today=today, sad=sad)
        self.sad = sad
        pool = Pool()
        self.Intervention = pool.get('dases.intervention')
        self.Correction = pool.get('dases.intervention.correction')
        self.Client = pool.get('dases.sad.client')
        self.Worker = pool.get('dases.sad.worker')

    def read(self, data):
        return layout.read_interventions(data)

    def integrate(self, filename, data, read):
        records, errors = read
        clients = {row['code']: row for row in self.Client.search_read([
                    ('sad', '=', self.sad.id)], fields_names=[
                    'code', 'beneficiary', 'extra_minutes_allowed'])}
        records = self.known_clients(records, clients, errors)
        workers = self.workers(records)
        stored = self.stored(records)
        new, changed, seen, unchanged = [], [], {}, 0
        for record in records:
            identifier = record['identifier']
            if identifier in seen:
                errors.append(LineError(record.line, "identifiant",
                        gettext('dases_telegestion.msg_intervention_duplicate',
                            identifier=identifier, line=seen[identifier])))
                continue
            seen[identifier] = record.line
            values = self.values(record, clients[record['client']], workers)
            old = stored.get(identifier)
            if old is None:
                new.append((record.line, values))
                continue
            if (old['raw_start'], old['raw_end'], old['client']) != (
                    values['raw_start'], values['raw_end'],
                    values['client']):
                errors.append(LineError(record.line, "arrivee_brute",
                        gettext('dases_telegestion.'
                            'msg_intervention_raw_changed',
                            identifier=identifier)))
            elif all(old[f] == values[f] for f in self.compared):
                unchanged += 1
            elif old['invoice_line']:
                errors.append(LineError(record.line, "identifiant",
                        gettext('dases_telegestion.'
                            'msg_import_intervention_invoiced',
                            identifier=identifier)))
            else:
                changed.append((old, values))
        errors.sort(key=lambda e: e.line)
        report = self.report(filename, data, errors=errors, counts={
                'lines': self.line_count(data),
                'created': len(new), 'updated': len(changed),
                'unchanged': unchanged})
        self.insert([v for _, v in new], report, filename)
        self.update(changed, report, filename)
        return report

    def known_clients(self, records, clients, errors):
        result = []
        for record in records:
            if record['client'] in clients:
                result.append(record)
            else:
                errors.append(LineError(record.line, "code_client",
                        gettext('dases_telegestion.msg_intervention_client',
                            client=record['client'], sad=self.sad.name)))
        return result

    def workers(self, records):
        "{code: id} of the file's workers, the new ones created."
        result = {row['code']: row['id'] for row in self.Worker.search_read(
                [('sad', '=', self.sad.id)], fields_names=['code'])}
        new = {}
        for record in records:
            if record['worker_code'] not in result:
                new.setdefault(record['worker_code'], record['worker_name'])
        for chunk in chunks(sorted(new.items())):
            for worker in self.Worker.create([{'sad': self.sad.id,
                            'code': code, 'name': name}
                        for code, name in chunk]):
                result[worker.code] = worker.id
        return result

    def stored(self, records):
        "{identifier: values} of the interventions already received."
        table = self.Intervention.__table__()
        cursor = Transaction().connection.cursor()
        columns = ['id', 'identifier', 'client', 'raw_start', 'raw_end',
            'invoice_line'] + self.compared
        result = {}
        for chunk in chunks([r['identifier'] for r in records], 500):
            cursor.execute(*table.select(
                    *[getattr(table, c) for c in columns],
                    where=(table.sad == self.sad.id)
                    & table.identifier.in_(chunk)))
            for row in cursor:
                values = dict(zip(columns, row))
                for name in ('raw_start', 'raw_end', 'start', 'end'):
                    if isinstance(values[name], str):  # SQLite
                        values[name] = datetime.datetime.fromisoformat(
                            values[name])
                for name in ('department', 'incompatible_phone'):
                    values[name] = bool(values[name])
                result[values['identifier']] = values
        return result

    def values(self, record, client, workers):
        corrected = record['start'] is not None
        extra = min(record['extra_minutes'] or 0,
            client['extra_minutes_allowed'] or 0)
        return {
            'company': self.company.id,
            'sad': self.sad.id,
            'identifier': record['identifier'],
            'client': client['id'],
            'beneficiary': client['beneficiary'],
            'worker': workers[record['worker_code']],
            'nomenclature': record['nomenclature'],
            'department': layout.PAYERS[record['payer']],
            'date': record['raw_start'].date(),
            'raw_start': record['raw_start'],
            'raw_end': record['raw_end'],
            'start': record['start'],
            'end': record['end'],
            'correction_reason': record['reason'],
            'corrected': corrected,
            'source': layout.SOURCES[record['source']],
            'incompatible_phone': bool(record['incompatible_phone']),
            'extra_minutes': record['extra_minutes'] or 0,
            'raw_hours': hours(record['raw_start'], record['raw_end']),
            'hours': hours(record['start'] if corrected
                else record['raw_start'],
                record['end'] if corrected else record['raw_end'], extra),
            }

    def insert(self, vlist, report, filename):
        "New interventions and their corrections, a few hundred a query."
        if not vlist:
            return
        table = self.Intervention.__table__()
        cursor = Transaction().connection.cursor()
        now = datetime.datetime.now()
        user = Transaction().user
        names = list(vlist[0])
        columns = [getattr(table, n) for n in names] + [
            table.report, table.create_uid, table.create_date]
        for chunk in chunks(vlist, 300):
            cursor.execute(*table.insert(columns,
                    [[v[n] for n in names] + [report.id, user, now]
                        for v in chunk]))
        corrected = [v for v in vlist if v['corrected']]
        ids = {}
        for chunk in chunks([v['identifier'] for v in corrected], 500):
            cursor.execute(*table.select(table.identifier, table.id,
                    where=(table.sad == self.sad.id)
                    & table.identifier.in_(chunk)))
            ids.update(cursor)
        self.log([(ids[v['identifier']], None, None, v) for v in corrected],
            filename)

    def update(self, changed, report, filename):
        "Interventions sent again with other corrected values or flags."
        corrections = []
        to_write = []
        for old, values in changed:
            to_write.extend(([self.Intervention(old['id'])], dict(
                        {f: values[f] for f in self.compared},
                        hours=values['hours'], corrected=values['corrected'],
                        report=report.id)))
            if (old['start'], old['end']) != (values['start'],
                    values['end']) and values['corrected']:
                corrections.append((old['id'], old['start'], old['end'],
                        values))
        if to_write:
            with Transaction().set_context(_intervention_correction=True):
                self.Intervention.write(*to_write)
        self.log(corrections, filename)

    def log(self, corrections, filename):
        "One correction line per corrected timestamp (B11)."
        for chunk in chunks(corrections, 300):
            self.Correction.create([{
                        'intervention': id_,
                        'author': None,
                        'origin': filename,
                        'previous_start': previous_start,
                        'previous_end': previous_end,
                        'start': v['start'], 'end': v['end'],
                        'reason': v['correction_reason'],
                        } for id_, previous_start, previous_end, v in chunk])
