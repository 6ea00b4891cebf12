# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of flux 1, the weekly complete file of care plans (A1-A6).

* Valid lines are kept, bad lines rejected with line, field and reason; a
  file that is not a flux 1 at all is refused whole (business data
  untouched, the refusal itself recorded as a report).
* Upsert by SALSA keys; a line identical to what is stored writes nothing,
  so importing the same file twice creates and updates nothing.
* A plan missing from the newer complete file is marked no longer
  transmitted, with the date, never deleted. Plans whose coverage ended
  before the file's history window (A4, `history_days`) are not expected
  in it and stay as they are.
* A file whose last line is cut (no line end, incomplete) is refused
  whole. A file that would withdraw more than the configured share of the
  active plans (10 % by default) writes nothing and waits for an agent to
  confirm it (report « À confirmer »; CLI `--force`).
* Batched: one search per chunk of keys, one create per model, writes only
  for what changed."""
import datetime

from hestia_base.batch import chunks, reserve_party_codes
from hestia.flatfile import LineError, decode, split_lines
from hestia.flatfile.layouts import flux1 as layout

from trytond.i18n import gettext
from trytond.pool import Pool
from hestia_base.integration import Importer

# Keys per search and records per create. The framework checks each
# instance it builds against the whole list, so lists stay moderate.
CHUNK = 500
CREATE_CHUNK = 200

BENEFICIARY_FIELDS = ['portal_id', 'file_number', 'civility', 'last_name',
    'birth_name', 'first_name', 'birth_date', 'gir', 'address1', 'address2',
    'postal_code', 'city', 'cedex', 'phone', 'mobile',
    'family_context_code', 'family_situation_code', 'sector1', 'sector2',
    'sector3', 'social_worker', 'instructor']
TUTOR_FIELDS = {
    'tutor_civility': 'civility', 'tutor_name': 'name',
    'tutor_first_name': 'first_name', 'tutor_birth_date': 'birth_date',
    'tutor_phone': 'phone', 'tutor_recipient': 'recipient',
    'tutor_address1': 'address1', 'tutor_address2': 'address2',
    'tutor_postal_code': 'postal_code', 'tutor_city': 'city',
    'tutor_cedex': 'cedex', 'tutelle_type_code': 'tutelle_type_code',
    'tutelle_contact': 'contact'}
PLAN_FIELDS = ['tiers_code', 'financier_code', 'module', 'right_start',
    'right_end', 'coverage_start', 'coverage_end', 'quantity',
    'total_quantity', 'participation', 'ticket_percentage', 'derogation',
    'overrun_amount', 'financial_amount', 'total_cost', 'nomenclature',
    'periodicity', 'payment_mode_code', 'recipient', 'decision_date',
    'notification_date', 'unit_amount_department',
    'unit_amount_beneficiary', 'quantity_without_overrun',
    'request_type_code', 'request_nature_code', 'tariff_tiers_code',
    'modalities']


def _key(record):
    return (record['salsa_id'], record['request_index'],
        record['service_index'])


def _raw_keys(text):
    "Plan keys of every line long enough, valid or not."
    keys = set()
    for line in split_lines(text):
        parts = line.split('|')
        if len(parts) >= 7:
            keys.add((parts[3].strip(), parts[5].strip(), parts[6].strip()))
    return keys


def _changes(stored, wanted):
    "The values of `wanted` that differ from `stored`."
    return {k: v for k, v in wanted.items() if stored.get(k) != v}


def _ids(Model, domain):
    "Ids matching `domain` without building instances."
    from trytond.transaction import Transaction
    cursor = Transaction().connection.cursor()
    cursor.execute(*Model.search(domain, order=[], query=True))
    return [id_ for id_, in cursor]


def _create(Model, vlist):
    "Create in moderate chunks; the created records in order."
    created = []
    for chunk in chunks(vlist, CREATE_CHUNK):
        created.extend(Model.create(chunk))
    return created


def _new_parties(Party, names):
    "Parties for `names`, their codes reserved in one sequence call."
    return _create(Party, reserve_party_codes(Party,
            [{'name': n} for n in names]))


def _existing(Model, domain, key_fields, names, key_values):
    "{key: row} of the records matching `domain` and keys, read at once."
    rows = {}
    first = key_fields[0]
    for chunk in chunks(key_values, CHUNK):
        ids = _ids(Model, domain + [(first, 'in', chunk)])
        for row in Model.read(ids, list(key_fields) + names):
            key = tuple(row[k] for k in key_fields)
            rows[key if len(key) > 1 else key[0]] = row
    return rows


def _write(Model, changes):
    "One write call for {id: values} (each record its own values)."
    args = []
    for id_, values in changes.items():
        args.extend(([Model(id_)], values))
    if args:
        Model.write(*args)


def truncated(text, result):
    """Whether the file's last line was cut: it has no line end and is
    incomplete (rejected, or fewer fields than the line before it)."""
    if not text or text.endswith(('\n', '\r')):
        return False
    lines = split_lines(text)
    last = lines[-1]
    if any(e.line == len(lines) for e in result.errors):
        return True
    before = [line for line in lines[:-1] if line.strip()]
    return bool(before) and last.count('|') < before[-1].count('|')


class Flux1Import(Importer):
    """SALSA's care plans (A1-A6): beneficiaries, tutors, events and plans
    created or updated; plans no longer transmitted withdrawn, above a
    share only once an agent confirms (`force`)."""
    kind = 'flux1'

    def __init__(self, company, today=None, force=False):
        super().__init__(company, today=today)
        self.force = force
        pool = Pool()
        self.Party = pool.get('party.party')
        self.Tutor = pool.get('dases.tutor')
        self.Beneficiary = pool.get('dases.beneficiary')
        self.Event = pool.get('dases.beneficiary.event')
        self.CarePlan = pool.get('dases.care_plan')

    def read(self, data):
        return layout.read(data)

    def integrate(self, filename, data, result):
        text = decode(data)
        if truncated(text, result):
            return self.report(filename, data, state='refused',
                message=gettext('dases_base.msg_flux1_truncated',
                    line=len(split_lines(text))))
        records, errors = self.drop_duplicates(result.records)
        errors = sorted(result.errors + errors, key=lambda e: e.line)
        withdrawn, active = self.to_withdraw(_raw_keys(text))
        share = self.withdraw_share()
        if (not self.force and active
                and len(withdrawn) * 100 > active * share):
            return self.report(filename, data, state='waiting', errors=errors,
                counts={'lines': result.lines, 'withdrawn': len(withdrawn)},
                message=gettext('dases_base.msg_flux1_withdraws_too_many',
                    withdrawn=len(withdrawn), active=active,
                    percentage=f'{len(withdrawn) * 100 / active:.0f}',
                    share=share))
        counts = self.apply(records)
        counts['withdrawn'] = self.withdraw(withdrawn)
        counts['lines'] = result.lines
        return self.report(filename, data, counts=counts, errors=errors)

    def withdraw_share(self):
        "Share (%) of active plans a file may withdraw without confirming."
        Configuration = Pool().get('dases.configuration')
        return Configuration(1).get_multivalue(
            'withdraw_share', company=self.company.id)

    @staticmethod
    def drop_duplicates(records):
        first = {}
        kept, errors = [], []
        for record in records:
            key = _key(record)
            if key in first:
                errors.append(LineError(record.line, "Index prestation Salsa",
                        gettext('dases_base.msg_flux1_duplicate',
                            line=first[key])))
            else:
                first[key] = record.line
                kept.append(record)
        return kept, errors

    def apply(self, records):
        changed = set()  # SALSA ids whose beneficiary data changed
        tutors = self.upsert_tutors(records, changed)
        beneficiaries = self.upsert_beneficiaries(records, tutors, changed)
        self.upsert_events(records, beneficiaries, changed)
        return self.upsert_plans(records, beneficiaries, changed)

    def upsert_tutors(self, records, changed):
        wanted, owners = {}, {}
        for record in records:
            if record['tutor_id'] and record['tutor_name']:
                wanted[record['tutor_id']] = {
                    target: record[source]
                    for source, target in TUTOR_FIELDS.items()}
                owners.setdefault(record['tutor_id'], set()).add(
                    record['salsa_id'])
        stored = _existing(self.Tutor, [('company', '=', self.company.id)],
            ['salsa_id'], list(TUTOR_FIELDS.values()), wanted)
        updates = {}
        for salsa_id, values in wanted.items():
            if salsa_id in stored:
                diff = _changes(stored[salsa_id], values)
                if diff:
                    updates[stored[salsa_id]['id']] = diff
                    changed |= owners[salsa_id]
        _write(self.Tutor, updates)
        new = [s for s in wanted if s not in stored]
        parties = _new_parties(self.Party, [' '.join(filter(None, [
                            wanted[s]['name'], wanted[s]['first_name']]))
                for s in new])
        created = _create(self.Tutor, [dict(wanted[s], salsa_id=s,
                    company=self.company.id, party=p.id)
                for s, p in zip(new, parties)])
        for salsa_id in new:
            changed |= owners[salsa_id]
        ids = {s: row['id'] for s, row in stored.items()}
        ids.update({t.salsa_id: t.id for t in created})
        return ids

    def upsert_beneficiaries(self, records, tutors, changed):
        wanted = {}
        for record in records:
            if record['salsa_id'] in wanted:
                continue
            values = {name: record[name] for name in BENEFICIARY_FIELDS}
            values['tutor'] = tutors.get(record['tutor_id'])
            wanted[record['salsa_id']] = values
        stored = _existing(self.Beneficiary,
            [('company', '=', self.company.id)], ['salsa_id'],
            BENEFICIARY_FIELDS + ['tutor', 'party'], wanted)
        updates, party_names = {}, {}
        for salsa_id, values in wanted.items():
            if salsa_id not in stored:
                continue
            row = stored[salsa_id]
            diff = _changes(row, values)
            if diff:
                updates[row['id']] = diff
                changed.add(salsa_id)
                if {'last_name', 'first_name'} & diff.keys() and row['party']:
                    party_names[row['party']] = {'name': self.party_name(
                            values)}
        _write(self.Beneficiary, updates)
        _write(self.Party, party_names)
        new = [s for s in wanted if s not in stored]
        parties = _new_parties(self.Party,
            [self.party_name(wanted[s]) for s in new])
        created = _create(self.Beneficiary, [dict(wanted[s], salsa_id=s,
                    company=self.company.id, party=p.id)
                for s, p in zip(new, parties)])
        changed.update(new)
        ids = {s: row['id'] for s, row in stored.items()}
        ids.update({b.salsa_id: b.id for b in created})
        return ids

    @staticmethod
    def party_name(values):
        return f"{values['last_name']} {values['first_name']}"

    def upsert_events(self, records, beneficiaries, changed):
        wanted = {}
        for record in records:
            if record['event_id']:
                wanted[(beneficiaries[record['salsa_id']],
                        record['event_id'])] = ({
                        'type_code': record['event_type'],
                        'start_date': record['event_start'],
                        'end_date': record['event_end'],
                        }, record['salsa_id'])
        stored = {}
        for chunk in chunks({b for b, _ in wanted}, CHUNK):
            ids = _ids(self.Event, [('beneficiary', 'in', chunk)])
            for row in self.Event.read(ids, [
                        'beneficiary', 'salsa_id', 'type_code', 'start_date',
                        'end_date']):
                stored[(row['beneficiary'], row['salsa_id'])] = row
        updates, new = {}, []
        for key, (values, salsa_id) in wanted.items():
            if key in stored:
                diff = _changes(stored[key], values)
                if diff:
                    updates[stored[key]['id']] = diff
                    changed.add(salsa_id)
            else:
                new.append(dict(values, beneficiary=key[0],
                        salsa_id=key[1]))
                changed.add(salsa_id)
        _write(self.Event, updates)
        _create(self.Event, new)

    def upsert_plans(self, records, beneficiaries, changed):
        counts = {'created': 0, 'updated': 0, 'unchanged': 0}
        wanted = {}
        for record in records:
            values = {name: record[name] for name in PLAN_FIELDS}
            values['management_mode'] = layout.MANAGEMENT_MODES[
                record['management_mode']]
            values['payee_type'] = layout.PAYEE_TYPES[record['payee_type']]
            values['transmitted'] = True
            values['withdrawn_date'] = None
            key = (beneficiaries[record['salsa_id']],
                record['request_index'], record['service_index'])
            wanted[key] = (values, record['salsa_id'])
        names = PLAN_FIELDS + ['management_mode', 'payee_type',
            'transmitted', 'withdrawn_date']
        stored = _existing(self.CarePlan,
            [('company', '=', self.company.id)],
            ['beneficiary', 'request_index', 'service_index'], names,
            {k[0] for k in wanted})
        updates, new = {}, []
        for key, (values, salsa_id) in wanted.items():
            if key in stored:
                diff = _changes(stored[key], values)
                if diff:
                    updates[stored[key]['id']] = diff
                if diff or salsa_id in changed:
                    counts['updated'] += 1
                else:
                    counts['unchanged'] += 1
            else:
                new.append(dict(values, company=self.company.id,
                        beneficiary=key[0], request_index=key[1],
                        service_index=key[2]))
        _write(self.CarePlan, updates)
        _create(self.CarePlan, new)
        counts['created'] = len(new)
        return counts

    def to_withdraw(self, keys_in_file):
        """Ids of the transmitted plans absent from this complete file, and
        the count of transmitted plans, both within the history window."""
        from sql import Null
        from trytond.transaction import Transaction
        Configuration = Pool().get('dases.configuration')
        window = self.today - datetime.timedelta(
            days=Configuration(1).get_multivalue(
                'history_days', company=self.company.id))
        # One join over every plan of the Département: the company is in
        # the query, the caller imports for that company only.
        plan = self.CarePlan.__table__()
        beneficiary = self.Beneficiary.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*plan.join(beneficiary,
                condition=plan.beneficiary == beneficiary.id).select(
                plan.id, beneficiary.salsa_id, plan.request_index,
                plan.service_index,
                where=(plan.company == self.company.id)
                & (plan.transmitted == True)  # noqa: E712
                & ((plan.coverage_end == Null)
                    | (plan.coverage_end >= window))))
        active = 0
        withdrawn = []
        for id_, *key in cursor:
            active += 1
            if tuple(key) not in keys_in_file:
                withdrawn.append(id_)
        return withdrawn, active

    def withdraw(self, ids):
        "Mark the plans `ids` no longer transmitted; returns how many."
        for chunk in chunks(ids, CHUNK):
            self.CarePlan.write(self.CarePlan.browse(chunk), {
                    'transmitted': False,
                    'withdrawn_date': self.today,
                    })
        return len(ids)
