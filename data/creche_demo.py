# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Crèche demo (sitiv_creche) for each demo city: a multi-accueil of 30
places with its « Bébés » and « Grands » sections, the CAF number and the
August closure; the demo families' children under three in it with a PSU
contract from the first day of last month to the 31 August (4 or 5 days a
week, the household's N-2 resources completed from its quotient), last
month clocked (a few late departures, a hospitalisation with its
certificate) and left for the agent to bill with the rest; today's
children expected and the staff on duty; three pre-registrations waiting
for the « Commission d'admission » of the month; a Relais petite enfance
with two assistantes maternelles, one with a child placed. Each city has
its crèche director, « creche.<ville> » (password hestia-demo)."""
import datetime
import random
from decimal import Decimal as D

from dateutil.relativedelta import relativedelta

SEED = 2027
NAMES = {"Ville de Rillieux-la-Pape": ("Multi-accueil Les Lucioles", 'LUC'),
    "Ville de Vaulx-en-Velin": ("Multi-accueil Les Petits Pas", 'PPA')}
MAX_CHILDREN = 24


def generate(companies, today=None):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    try:
        Structure = pool.get('sitiv.creche.structure')
    except KeyError:
        return  # sitiv_creche is not activated
    if Structure.search([], limit=1):
        return
    today = today or pool.get('ir.date').today()
    rng = random.Random(SEED)
    for index, company in enumerate(companies):
        with Transaction().set_context(company=company.id,
                companies=[company.id], _skip_warnings=True):
            _city(company, index, today, rng)
    _users(companies)


def _time(text):
    hour, minute = text.split(':')
    return datetime.time(int(hour), int(minute))


def _city(company, index, today, rng):
    from trytond.pool import Pool
    pool = Pool()
    Structure = pool.get('sitiv.creche.structure')
    Contract = pool.get('sitiv.creche.contract')
    Member = pool.get('sitiv.household.member')
    name, code = NAMES.get(company.rec_name,
        (f"Multi-accueil {company.rec_name}", f'MA{index}'))
    first = today + relativedelta(months=-1, day=1)
    end = datetime.date(first.year + (1 if first.month > 8 else 0), 8, 31)
    structure, = Structure.create([{'company': company.id, 'name': name,
                'code': code, 'kind': 'multi_accueil',
                'caf_number': f'69{index + 1:07d}',
                'street': "12 rue des Lilas", 'agrement_places': 30,
                'ratio_rule': 'walking',
                'sections': [('create', [
                            {'name': "Bébés", 'age_max': 18, 'places': 10},
                            {'name': "Grands", 'age_min': 18,
                                'places': 20}])],
                'capacities': [('create', [
                            {'start_time': _time('07:30'),
                                'end_time': _time('08:30'), 'places': 15},
                            {'start_time': _time('08:30'),
                                'end_time': _time('17:30'), 'places': 30},
                            {'start_time': _time('17:30'),
                                'end_time': _time('18:30'), 'places': 15}])],
                'closures': [('create', [{
                                'name': "Fermeture estivale",
                                'start_date': datetime.date(end.year, 8, 3),
                                'end_date': datetime.date(end.year, 8, 28),
                                }])],
                }])
    babies, big = structure.sections
    members = Member.search([
            ('household.company', '=', company.id),
            ('role', '=', 'child'),
            ('party.birth_date', '>', today - relativedelta(years=3)),
            ('party.birth_date', '<', first - relativedelta(months=3)),
            ], order=[('id', 'ASC')])
    seen, chosen = set(), []
    for member in members:
        if member.party.id not in seen and len(chosen) < MAX_CHILDREN + 3:
            seen.add(member.party.id)
            chosen.append(member)
    if len(chosen) < 4:  # a small demo: a family of babies of its own
        chosen += _babies(company, first, 4 - len(chosen))
    placed = chosen[:min(MAX_CHILDREN, len(chosen) - 1)]
    waiting = chosen[len(placed):]
    for member in placed + waiting:
        _resources(member.household, first)
    vlist = []
    for member in placed:
        child = member.party
        months = relativedelta(first, child.birth_date)
        age = months.years * 12 + months.months
        days = [0, 1, 3, 4] if rng.random() < 0.6 else [0, 1, 2, 3, 4]
        arrival = rng.choice(['08:00', '08:30', '09:00'])
        departure = rng.choice(['16:30', '17:00', '17:30'])
        vlist.append({'company': company.id,
                'household': member.household.id, 'child': child.id,
                'structure': structure.id,
                'section': (babies if age < 18 else big).id,
                'walks': age >= 14, 'start_date': first, 'end_date': end,
                'leave_weeks': D(rng.choice([3, 4, 5])),
                'days': [('create', [{'weekday': str(d),
                                'start_time': _time(arrival),
                                'end_time': _time(departure)}
                            for d in days])]})
    contracts = Contract.create(vlist)
    Contract.start(contracts)
    _clock(contracts, first, today, rng)
    _staff(structure, today)
    _applications(company, structure, waiting, today)
    _ram(company, rng, first)


def _babies(company, first, count):
    "Household members: `count` babies of a new demo family."
    from trytond.pool import Pool
    pool = Pool()
    Party = pool.get('party.party')
    Household = pool.get('sitiv.household')
    parent, *babies = Party.create([{'is_person': True,
                'last_name': "GARNIER", 'first_name': first_name,
                'birth_date': birth}
            for first_name, birth in [("Julie", datetime.date(1991, 4, 2))]
            + [(f"Bébé {i + 1}", first - relativedelta(months=6 + 4 * i))
                for i in range(count)]])
    household, = Household.create([{'company': company.id,
                'name': "GARNIER", 'residence_street': "4 rue des Lilas",
                'residence_postal_code': '69140',
                'residence_city': company.party.addresses[0].city
                if company.party.addresses else "Rillieux-la-Pape",
                'members': [('create', [{'party': parent.id, 'role': 'head',
                                'legal_guardian': True}]
                        + [{'party': b.id, 'role': 'child'} for b in babies])],
                'quotients': [('create', [{'start_date':
                                datetime.date(first.year - 1, 1, 1),
                                'quotient': 850}])],
                }])
    return [m for m in household.members if m.role == 'child']


def _resources(household, date):
    "The quotient in force completed with the N-2 resources it implies."
    from trytond.pool import Pool
    Quotient = Pool().get('sitiv.quotient_familial')
    quotient = Quotient.quotient_on(household, date)
    children = max(household.child_count or 1, 1)
    if quotient and quotient.annual_resources is None:
        parts = D(2) + D('0.5') * min(children, 2) + max(children - 2, 0)
        quotient.annual_resources = (D(quotient.quotient) * parts * 12
            ).quantize(D(1))
        quotient.dependent_children = children
        quotient.save()


def _clock(contracts, first, today, rng):
    """Last month clocked (some late departures), a hospitalisation with
    its certificate; today's children expected."""
    from trytond.pool import Pool
    pool = Pool()
    Presence = pool.get('sitiv.creche.presence')
    Deduction = pool.get('sitiv.creche.deduction')
    Document = pool.get('sitiv.document')
    Type = pool.get('sitiv.document.type')
    last = first + relativedelta(months=1, days=-1)
    vlist = []
    for contract in contracts:
        day = first
        while day <= last:
            slots = contract.slots(day) if contract.planned_hours(day) else []
            if slots and rng.random() < 0.93:
                start, end = slots[0]
                late = rng.random() < 0.08
                departure = (datetime.datetime.combine(day, end)
                    + datetime.timedelta(minutes=20 if late else -5)).time()
                vlist.append({'contract': contract.id, 'date': day,
                        'company': contract.company.id, 'state': 'left',
                        'arrival': start, 'departure': departure})
            day += datetime.timedelta(days=1)
    Presence.create(vlist)
    contract = contracts[0]
    kind, = Type.search([('code', '=', 'CERTMED')])
    certificate, = Document.create([{'household': contract.household.id,
                'person': contract.child.id, 'type': kind.id,
                'filename': "bulletin_hospitalisation.pdf",
                'received_date': first + datetime.timedelta(days=12)}])
    deduction, = Deduction.create([{'contract': contract.id,
                'reason': 'hospitalisation',
                'start_date': first + datetime.timedelta(days=7),
                'end_date': first + datetime.timedelta(days=9),
                'document': certificate.id}])
    Deduction.confirm([deduction])
    structure = contract.structure
    Presence.prepare(structure, today)


def _staff(structure, today):
    from trytond.pool import Pool
    Staff = Pool().get('sitiv.creche.staff')
    babies, big = structure.sections
    Staff.create([{'company': structure.company.id,
                'structure': structure.id, 'section': section.id,
                'name': name, 'date': today, 'start_time': _time(start),
                'end_time': _time(end)}
            for section, name, start, end in [
                (babies, "Nadia, auxiliaire de puériculture", '07:30',
                    '15:00'),
                (babies, "Inès, éducatrice de jeunes enfants", '10:30',
                    '18:30'),
                (big, "Camille, auxiliaire de puériculture", '07:30',
                    '15:00'),
                (big, "Sarah, CAP petite enfance", '08:30', '16:30'),
                (big, "Léa, éducatrice de jeunes enfants", '11:00',
                    '18:30')]])


def _applications(company, structure, members, today):
    from trytond.pool import Pool
    pool = Pool()
    Application = pool.get('sitiv.creche.application')
    Committee = pool.get('sitiv.creche.committee')
    wished = today + relativedelta(months=2, day=1)
    applications = Application.create([{'company': company.id,
                'household': m.household.id, 'child': m.party.id,
                'request_date': today - datetime.timedelta(days=40 * i + 10),
                'wished_date': wished,
                'social_priority': i == 2,
                'days': [('create', [{'weekday': str(d),
                                'start_time': _time('08:30'),
                                'end_time': _time('17:30')}
                            for d in range(4)])],
                'choices': [('create', [{'structure': structure.id}])],
                } for i, m in enumerate(members)])
    Application.submit(applications)
    committee, = Committee.create([{'company': company.id,
                'name': f"Commission d'admission de {_month(today)}",
                'date': today}])
    Committee.fill([committee])


def _month(date):
    from hestia.french import month_name
    return month_name(date)


def _ram(company, rng, first):
    from trytond.pool import Pool
    pool = Pool()
    Party = pool.get('party.party')
    Assistant = pool.get('sitiv.ram.assistant')
    Placement = pool.get('sitiv.ram.placement')
    people = Party.create([{'is_person': True, 'last_name': last,
                'first_name': first_name,
                'birth_date': datetime.date(1978 + i, 3, 12)}
            for i, (last, first_name) in enumerate([("BERNARD", "Sophie"),
                    ("NGUYEN", "Linh")])])
    start = datetime.date(first.year - 2, 9, 1)
    assistants = Assistant.create([{'company': company.id,
                'party': person.id, 'employee_number': f'AM{i + 40:03d}',
                'agrements': [('create', [{'kind': 'renewal',
                                'start_date': start,
                                'end_date': start + relativedelta(years=5,
                                    days=-1),
                                'places': 4, 'places_babies': 1 + i}])],
                } for i, person in enumerate(people)])
    child, = Party.create([{'is_person': True, 'last_name': "LEROY",
                'first_name': "Jules",
                'birth_date': first - relativedelta(months=14)}])
    Placement.create([{'assistant': assistants[0].id, 'child': child.id,
                'start_date': first,
                'days': [('create', [{'weekday': str(d),
                                'start_time': _time('08:00'),
                                'end_time': _time('17:00')}
                            for d in range(4)])]}])


def _users(companies):
    "A crèche director per city."
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    french, = Lang.search([('code', '=', 'fr')])
    group = ModelData.get_id('sitiv_creche', 'group_creche')
    users = []
    for company in companies:
        slug = company.party.name.split()[-1].split('-')[0].lower()
        users.append({'name': f"Directrice de crèche {company.party.name}",
                'login': f'creche.{slug}', 'password': 'hestia-demo',
                'language': french.id,
                'companies': [('add', [company.id])],
                'company': company.id, 'groups': [('add', [group])]})
    existing = {u.login for u in User.search([
                ('login', 'in', [u['login'] for u in users])])}
    User.create([u for u in users if u['login'] not in existing])
