# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The school year's roll-over (sitiv_ecole, issue 19): every pupil of a
city moved to the next school year — batched path vs per-record ORM.

    python bench/bench_school_rollover.py [--pupils 20000] [--sample 500]

Builds households of four children each (one city, born 2016 to 2023 so
that every level from PS to CM2 has pupils), a school map of their
streets (a nursery and a primary school per ten streets), enrols every
child, then times `sitiv.school.enrolment.roll_over` on all of them and the
plain per-record path (search the next level, find the street, the
perimeter, create one enrolment) on a sample, in a transaction rolled
back. Checks the new year's enrolments before printing a rate. Runs on
the backend it is given (make bench: PostgreSQL). Goal: under a minute for
20,000 pupils on PostgreSQL."""
import argparse
import datetime
import time

import _setup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--pupils', type=int, default=20000)
    parser.add_argument('--sample', type=int, default=500)
    options = parser.parse_args()
    from hestia.bootstrap import DEMO_CITIES
    name = _setup.database('bench_ecole', ['sitiv_ecole'],
        cities=[DEMO_CITIES[0][0]])
    from hestia.database import run_in_transaction
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    start = time.perf_counter()
    # The families, in transactions of 2,000 pupils (the household
    # creation of the demo generator is the slow part on PostgreSQL,
    # issue 23; this bench measures the roll-over).
    for first in range(0, options.pupils, 2000):
        run_in_transaction(name, _setup.in_company(
                lambda company: families(company, first,
                    min(2000, options.pupils - first))))
    pupils = run_in_transaction(name, _setup.in_company(set_up))
    print(f"mise en place : {pupils} élèves inscrits en 2026-2027 en "
        f"{time.perf_counter() - start:.0f} s", flush=True)

    def roll(company):
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Year = pool.get('sitiv.school.year')
        this, = Year.search([('name', '=', '2026-2027')])
        following, = Year.search([('name', '=', '2027-2028')])
        counts = Enrolment.roll_over(this, following, company)
        return counts['moved'] + counts['repeating'] + counts['left']
    rate = _setup.Timer(name, width=14)("montée", roll, "élèves")
    _setup.check(name, "contrôle", check)

    def one_by_one(company):
        count = per_record(company, options.sample)
        Transaction().rollback()
        return count
    single = _setup.Timer(name, width=14)("par enregistrement", one_by_one,
        "élèves")
    print(f"rapport       : {rate / single:.1f}x", flush=True)


CHILDREN = 4
STREETS = 200


def families(company, first, count):
    """`count` children from number `first`, four to a household, with
    names no one shares (no homonym to warn about)."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Party = pool.get('party.party')
    Household = pool.get('sitiv.household')
    with Transaction().set_context(_skip_warnings=True):
        homes = range(first // CHILDREN, (first + count) // CHILDREN)
        parents = Party.create([{'is_person': True,
                    'last_name': f"FAMILLE{h:06d}", 'first_name': "Alex",
                    'birth_date': datetime.date(1985, 1, 1)} for h in homes])
        children = Party.create([{'is_person': True,
                    'last_name': f"FAMILLE{h:06d}",
                    'first_name': f"Enfant{k}",
                    'birth_date': datetime.date(2016 + (h + 2 * k) % 8,
                        1 + k, 15)}
                for h in homes for k in range(CHILDREN)])
        Household.create([{'company': company.id,
                    'name': f"FAMILLE{h:06d}",
                    'residence_street': f"{h % 97 + 1} rue "
                    f"{h % STREETS:03d} des Écoles",
                    'members': [('create', [{'party': parent.id,
                                    'role': 'head', 'legal_guardian': True}]
                            + [{'party': c.id, 'role': 'child'} for c in
                                children[i * CHILDREN:(i + 1) * CHILDREN]])],
                    } for i, (h, parent) in enumerate(zip(homes, parents))])
    return count


def set_up(company):
    "Years, a school map of the households' streets, every child enrolled."
    from trytond.pool import Pool
    pool = Pool()
    Year = pool.get('sitiv.school.year')
    Level = pool.get('sitiv.school.level')
    School = pool.get('sitiv.school')
    Street = pool.get('sitiv.school.street')
    Perimeter = pool.get('sitiv.school.perimeter')
    Household = pool.get('sitiv.household')
    Enrolment = pool.get('sitiv.school.enrolment')
    from sitiv_ecole.school_map import ADDRESS
    this, _ = Year.create([
            {'name': '2026-2027', 'start_date': datetime.date(2026, 9, 1),
                'end_date': datetime.date(2027, 7, 3)},
            {'name': '2027-2028', 'start_date': datetime.date(2027, 9, 1),
                'end_date': datetime.date(2028, 7, 1)}])
    levels = Level.search([])
    nursery = [l for l in levels if l.cycle == 'maternelle']
    primary = [l for l in levels if l.cycle == 'elementaire']
    households = Household.search([('company', '=', company.id)])
    names = sorted({m.group(2) for h in households
            if (m := ADDRESS.match(h.residence_street or ''))})
    streets = Street.create([{'company': company.id, 'name': n,
                'ban_id': f'bench_{i}'} for i, n in enumerate(names)])
    schools = School.create([{'company': company.id,
                'name': f"{kind} {i // 10}", 'kind': kind,
                'levels': [('add', [l.id for l in cycle])]}
            for i in range(0, len(streets), 10)
            for kind, cycle in [('maternelle', nursery),
                ('elementaire', primary)]])
    Perimeter.create([{'street': s.id,
                'school': schools[2 * (i // 10) + k].id}
            for i, s in enumerate(streets) for k in [0, 1]])
    by_age = {l.age: l for l in levels}
    vlist = []
    for household in households:
        for member in household.members:
            child = member.party
            if member.role != 'child' or not child.birth_date:
                continue
            level = by_age.get(2026 - child.birth_date.year)
            if not level:
                continue
            vlist.append({'company': company.id, 'year': this.id,
                    'child': child.id, 'household': household.id,
                    'level': level.id, 'state': 'enrolled',
                    'request_date': datetime.date(2026, 5, 1),
                    'enrolment_date': datetime.date(2026, 9, 1)})
    created = Enrolment.create(vlist)
    return len(created)


def per_record(company, count):
    """The plain ORM path on `count` pupils: for each, the next level, the
    street and its perimeters searched, one enrolment created."""
    from trytond.pool import Pool
    pool = Pool()
    Enrolment = pool.get('sitiv.school.enrolment')
    Year = pool.get('sitiv.school.year')
    Street = pool.get('sitiv.school.street')
    Perimeter = pool.get('sitiv.school.perimeter')
    this, = Year.search([('name', '=', '2026-2027')])
    following, = Year.search([('name', '=', '2027-2028')])
    moved = 0
    for enrolment in Enrolment.search([('year', '=', this.id)],
            limit=count):
        level = enrolment.level.next()
        if level:
            school = enrolment.school
            if level not in school.levels:
                street, number = Street.find(company,
                    enrolment.household.residence_street)
                school = (Perimeter.sector_school(street, number, level)
                    if street else None)
            Enrolment.create([{'company': company.id,
                        'year': following.id, 'child': enrolment.child.id,
                        'household': enrolment.household.id,
                        'level': level.id,
                        'school': school.id if school else None,
                        'state': 'enrolled' if school else 'draft'}])
        moved += 1
    return moved


def check(company):
    """Counted apart from the roll-over: every pupil below CM2 moved once,
    one level up; those leaving CM2 not moved; GS pupils in a primary
    school."""
    from trytond.pool import Pool
    pool = Pool()
    Enrolment = pool.get('sitiv.school.enrolment')
    Year = pool.get('sitiv.school.year')
    this, = Year.search([('name', '=', '2026-2027')])
    following, = Year.search([('name', '=', '2027-2028')])
    before = Enrolment.search([('year', '=', this.id)])
    new = Enrolment.search([('year', '=', following.id)])
    staying = [e for e in before if e.level.code != 'CM2']
    previous = {e.previous_enrolment.id for e in new}
    assert len(new) == len(staying) == len(previous), (len(new),
        len(staying), len(previous))
    assert previous == {e.id for e in staying}
    assert all(e.level.age == e.previous_enrolment.level.age + 1
        for e in new)
    cp = [e for e in new if e.level.code == 'CP']
    assert cp and all(e.school.kind == 'elementaire' for e in cp)
    return (f"{len(new)} inscriptions en 2027-2028 pour {len(before)} "
        f"élèves ({len(before) - len(staying)} quittent le CM2), dont "
        f"{len(cp)} de GS en CP dans l'école élémentaire de leur secteur")


if __name__ == '__main__':
    main()
