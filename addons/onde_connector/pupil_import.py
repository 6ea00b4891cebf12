# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""An ONDE pupil extraction read into the city's school enrolments (spec
003 §2.1.14.4): each pupil is matched with a child of the city's family
files on last name (or usage name), first name and birth date, compared
without accents, case, hyphens or spaces.  One child: the enrolment of
that year in the school is created or completed (level, class,
admission, radiation).  None, several, or a child the city enrolled in
another school: the line is listed for an agent (`onde.review`), never
guessed.  Everything is read in a few queries per file and written in
batches; the same file again changes nothing."""
from hestia.flatfile import LineError
from hestia.flatfile.layouts import onde
from hestia_base.batch import chunks
from sitiv_famille.common import normalize_name

from trytond.pool import Pool


def level_index():
    """{normalized code or label: level} of ONDE's levels (the layout's
    table, not the translated names of the levels)."""
    Level = Pool().get('sitiv.school.level')
    index = {}
    for level in Level.search([('code', 'in', list(onde.LEVELS))]):
        for text in [level.code, onde.LEVELS[level.code]]:
            index[normalize_name(text)] = level
    return index


def match(company, records):
    """{line: [(child, household)]}: the city's children each record may
    be, by name and birth date (one query per batch of dates); among
    homonyms, the one whose household has the record's first guardian."""
    Member = Pool().get('sitiv.household.member')
    dates = {r['birth_date'] for r in records}
    found = {}
    for sub in chunks(dates, 1000):
        for member in Member.search([
                    ('household.company', '=', company.id),
                    ('role', '=', 'child'),
                    ('party.birth_date', 'in', list(sub))],
                order=[('household', 'ASC'), ('id', 'ASC')]):
            party = member.party
            key = (normalize_name(party.last_name),
                normalize_name(party.first_name), party.birth_date)
            found.setdefault(key, {}).setdefault(party, member.household)
    result = {}
    for record in records:
        candidates = {}
        for last in [record['last_name'], record['usage_name']]:
            key = (normalize_name(last), normalize_name(record['first_name']),
                record['birth_date'])
            if last and key in found:
                candidates.update(found[key])
        if len(candidates) > 1:
            candidates = by_guardian(record, candidates) or candidates
        result[record.line] = list(candidates.items())
    return result


def by_guardian(record, candidates):
    """The candidates whose household has « Responsable 1 » of the record
    among its heads (homonyms told apart by a parent, not guessed)."""
    last = normalize_name(record['guardian_last_name'])
    first = normalize_name(record['guardian_first_name'])
    if not (last and first):
        return {}
    return {child: household for child, household in candidates.items()
        if any(m.role == 'head'
            and normalize_name(m.party.last_name) == last
            and normalize_name(m.party.first_name) == first
            for m in household.members)}


def review_values(record, reason, candidates=()):
    "Values of the `onde.review` listing `record` for an agent."
    return {
        'line': record.line,
        'last_name': record['last_name'],
        'first_name': record['first_name'],
        'birth_date': record['birth_date'],
        'level_name': record['level'],
        'class_name': record['class_name'],
        'enrolled': record['enrolled'],
        'admitted': record['admitted'],
        'radiated': record['radiated'],
        'reason': reason,
        'candidates': '\n'.join(
            f"{c.rec_name} — {h.rec_name}" for c, h in candidates) or None,
        }


def integrate(company, school, year, rows):
    """Apply `rows` — (record, child, household) with `record` a Record or
    a dict-like with a `line` — to the enrolments of `year` in `school`.
    Returns (counts, line errors, review values)."""
    pool = Pool()
    Enrolment = pool.get('sitiv.school.enrolment')
    SchoolClass = pool.get('sitiv.school.class')
    levels = level_index()
    taught = {l.id for l in school.levels}
    counts = dict.fromkeys(['created', 'updated', 'unchanged'], 0)
    errors, reviews = [], []
    existing = {}
    for sub in chunks({c.id for _, c, _ in rows}, 1000):
        for enrolment in Enrolment.search([
                    ('child', 'in', list(sub)), ('year', '=', year.id),
                    ('company', '=', company.id),
                    ('state', '!=', 'refused')],
                order=[('id', 'ASC')]):
            existing.setdefault(enrolment.child.id, enrolment)
    classes = {c.name: c for c in SchoolClass.search([
                ('school', '=', school.id), ('year', '=', year.id)])}
    to_create, to_write = [], []
    class_levels = {}
    for record, child, household in rows:
        level = levels.get(normalize_name(record['level']))
        if not level:
            errors.append(LineError(record.line, "Niveau",
                    f"niveau « {record['level']} » inconnu"))
            continue
        if level.id not in taught:
            errors.append(LineError(record.line, "Niveau",
                    f"l'école {school.name} n'a pas de {level.name}"))
            continue
        name = record['class_name']
        if name:
            class_levels.setdefault(name, set()).add(level)
        admitted = (record['admitted'] or record['enrolled']
            or year.start_date)
        values = {'level': level.id, 'school': school.id,
            '_class': name, 'radiation_date': record['radiated']}
        enrolment = existing.get(child.id)
        if enrolment and enrolment.school and enrolment.school != school:
            reviews.append(review_values(record, 'other_school',
                    [(child, enrolment.household)]))
            continue
        if not enrolment:
            to_create.append(dict(values, company=company.id,
                    year=year.id, child=child.id, household=household.id,
                    request_date=record['enrolled'] or admitted,
                    enrolment_date=admitted, state='enrolled'))
            counts['created'] += 1
            continue
        changes = {}
        if enrolment.state == 'draft':
            changes.update(state='enrolled', enrolment_date=admitted,
                school=school.id)
        if enrolment.level != level and enrolment.state == 'draft':
            changes['level'] = level.id
        if name and (not enrolment.school_class
                or enrolment.school_class.name != name):
            changes['_class'] = name
        if (record['radiated']
                and enrolment.radiation_date != record['radiated']):
            changes['radiation_date'] = record['radiated']
        if changes:
            to_write.append((enrolment, changes))
            counts['updated'] += 1
        else:
            counts['unchanged'] += 1
    # The classes of the file: created, or given the levels their pupils
    # have (ONDE's class composition).
    new_classes = [{'school': school.id, 'year': year.id, 'name': name,
            'levels': [('add', [l.id for l in sorted(lv,
                                key=lambda l: l.age)][:3])]}
        for name, lv in class_levels.items() if name not in classes]
    for school_class in SchoolClass.create(new_classes):
        classes[school_class.name] = school_class
    for name, lv in class_levels.items():
        school_class = classes[name]
        missing = [l.id for l in lv if l not in school_class.levels]
        room = 3 - len(school_class.levels)
        if missing and room > 0:
            SchoolClass.write([school_class],
                {'levels': [('add', missing[:room])]})

    def resolve(values):
        name = values.pop('_class', None)
        if name:
            values['school_class'] = classes[name].id
        return values
    created = Enrolment.create([resolve(v) for v in to_create])
    # A pupil admitted out of the sector school is a dérogation.
    derogations = [e for e in created
        if e.sector_school and e.sector_school != e.school]
    if derogations:
        Enrolment.write(derogations, {'derogation': True})
    args = []
    for enrolment, changes in to_write:
        args.extend([[enrolment], resolve(changes)])
    if args:
        Enrolment.write(*args)
    to_radiate = [e for e in created + [e for e, _ in to_write]
        if e.radiation_date and e.state == 'enrolled']
    if to_radiate:
        Enrolment.radiate(to_radiate)
    return counts, errors, reviews


def import_pupils(company, school, year, records):
    """Match then integrate the records of a file: (counts, line errors,
    review values)."""
    matches = match(company, records)
    rows, reviews = [], []
    for record in records:
        candidates = matches[record.line]
        if len(candidates) == 1:
            child, household = candidates[0]
            rows.append((record, child, household))
        else:
            reviews.append(review_values(record,
                    'ambiguous' if candidates else 'unknown', candidates))
    counts, errors, more = integrate(company, school, year, rows)
    return counts, errors, reviews + more

