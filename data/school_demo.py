# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""School demo (sitiv_ecole) for each demo city: the 2026-2027 and
2027-2028 school years, two groupes scolaires of a nursery and a primary
school each, the city's streets (those of its families) on the school map
— odd numbers to the first group, even ones to the second — places per
level, a class per level, and every child of school age enrolled in their
sector school and the class of their level; the youngest of them wait as
pre-enrolments, two of them asking for a dérogation that the December
commission has on its agenda."""
import datetime

# INSEE codes of the demo cities (the BAN's lines of each).
INSEE = {"Ville de Rillieux-la-Pape": '69286',
    "Ville de Vaulx-en-Velin": '69256'}
SCHOOLS = [("Groupe scolaire Jean Moulin", "Jean Moulin"),
    ("Groupe scolaire Paul Éluard", "Paul Éluard")]


def uai(number):
    "A UAI of the Rhône with its key letter (the number modulo 23)."
    from sitiv_ecole.school import UAI_KEYS
    return f'{number:07d}{UAI_KEYS[number % 23]}'


def generate(companies):
    from trytond.pool import Pool
    pool = Pool()
    try:
        Year = pool.get('sitiv.school.year')
    except KeyError:
        return  # sitiv_ecole is not activated
    if Year.search([], limit=1):
        return
    this, _ = Year.create([
            {'name': '2026-2027', 'start_date': datetime.date(2026, 9, 1),
                'end_date': datetime.date(2027, 7, 3)},
            {'name': '2027-2028', 'start_date': datetime.date(2027, 9, 1),
                'end_date': datetime.date(2028, 7, 1)}])
    for index, company in enumerate(companies):
        city(company, this, 690100 + 20 * index)


def city(company, year, first_uai):
    from trytond.pool import Pool
    from sitiv_ecole.school_map import ADDRESS, SchoolMap
    pool = Pool()
    Level = pool.get('sitiv.school.level')
    Group = pool.get('sitiv.school.group')
    School = pool.get('sitiv.school')
    Class = pool.get('sitiv.school.class')
    Street = pool.get('sitiv.school.street')
    Perimeter = pool.get('sitiv.school.perimeter')
    Household = pool.get('sitiv.household')
    Enrolment = pool.get('sitiv.school.enrolment')
    Wish = pool.get('sitiv.school.wish')
    Commission = pool.get('sitiv.school.commission')
    company.sitiv_insee_code = INSEE.get(company.rec_name)
    company.save()
    levels = Level.search([('code', '!=', 'TPS')])
    cycles = {c: [l for l in levels if l.cycle == c]
        for c in ['maternelle', 'elementaire']}
    groups = Group.create([{'company': company.id, 'name': name}
            for name, _ in SCHOOLS])
    schools = School.create([{'company': company.id, 'group': group.id,
                'name': f"École {kind_name} {short}",
                'uai': uai(first_uai + 2 * i + k), 'kind': kind,
                'city': company.party.rec_name.replace('Ville de ', ''),
                'levels': [('add', [l.id for l in cycles[kind]])],
                'capacities': [('create', [{'level': l.id, 'capacity': 60}
                                for l in cycles[kind]])],
                'derogation_capacity': 4}
            for i, (group, (_, short)) in enumerate(zip(groups, SCHOOLS))
            for k, (kind, kind_name) in enumerate([
                    ('maternelle', "maternelle"),
                    ('elementaire', "élémentaire")])])
    Class.create([{'school': s.id, 'year': year.id,
                'name': f"{l.code} {s.name.split()[-1]}", 'capacity': 28,
                'levels': [('add', [l.id])]}
            for s in schools for l in cycles[s.kind]])
    households = Household.search([('company', '=', company.id)],
        order=[('id', 'ASC')])
    names = sorted({m.group(2) for h in households
            if (m := ADDRESS.match(h.residence_street or ''))})
    streets = Street.create([{'company': company.id, 'name': n,
                'postal_code': households[0].residence_postal_code
                if households else None,
                'ban_id': f'{company.sitiv_insee_code}_{i:04d}'}
            for i, n in enumerate(names)])
    Perimeter.create([{'street': street.id, 'parity': parity,
                'school': schools[2 * g + k].id}
            for street in streets
            for g, parity in enumerate(['odd', 'even'])
            for k in range(2)])
    # Level and sector school as the enrolment proposes them, the map read
    # once.
    school_map = SchoolMap(company)
    by_age = {l.age: l for l in levels}
    vlist = []
    for household in households:
        for member in household.members:
            child = member.party
            level = by_age.get(year.start_date.year - child.birth_date.year
                if child.birth_date else None)
            if member.role != 'child' or not level:
                continue
            sector = school_map.sector_school(household.residence_street,
                level)
            vlist.append({'company': company.id, 'year': year.id,
                    'child': child.id, 'household': household.id,
                    'level': level.id,
                    'sector_school': sector.id if sector else None,
                    'school': sector.id if sector else None,
                    'request_date': datetime.date(2026, 3, 15)})
    enrolments = Enrolment.create(vlist)
    # The sector school takes them; the youngest stay pre-enrolled.
    Enrolment.write([e for e in enrolments if e.school], {
            'state': 'enrolled',
            'enrolment_date': datetime.date(2026, 6, 1)})
    drafts = [e for e in enrolments
        if e.school and e.level.code == 'PS'][-5:]
    Enrolment.write(drafts, {'state': 'draft', 'enrolment_date': None})
    # Each pupil in the class of their level.
    Enrolment.assign_class([e for e in enrolments if e.state == 'enrolled'])
    # Two families (one in a small demo) ask for the other group's
    # nursery school, the first pre-enrolment asks for nothing: the
    # dérogation commission of December has them on its agenda.
    other = {s: next(o for o in schools
            if o.kind == s.kind and o != s) for s in schools}
    Wish.create([{'enrolment': e.id, 'school': other[e.school].id,
                'reason': reason}
            for e, reason in zip(drafts[1:3], ['work', 'childminder'])])
    commission, = Commission.create([{'company': company.id,
                'name': "Commission des dérogations de décembre",
                'date': datetime.date(2026, 12, 10), 'year': year.id,
                'members': "L'adjointe aux affaires scolaires, la "
                "responsable du service, les directrices des maternelles"}])
    Commission.fill([commission])
