# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What sitiv_creche's tests build: a city with its canteen (billing's test
city) and the crèche « Les Lucioles » (Monday to Friday, 7:30–18:30), a
family with its dated resources, PSU contracts and clocked days."""
import datetime
from decimal import Decimal as D

from trytond.pool import Pool

from sitiv_activite.tests.tools import household, person
from sitiv_facturation.tests.tools import city


def date(day, month=11, year=2026):
    return datetime.date(year, month, day)


def time(text):
    hour, minute = text.split(':')
    return datetime.time(int(hour), int(minute))


def creche_city():
    "Billing's test city and its crèche « Les Lucioles »."
    Structure = Pool().get('sitiv.creche.structure')
    company, canteen, club = city()
    structure, = Structure.create([{'company': company.id,
                'name': "Les Lucioles", 'code': 'LUC',
                'kind': 'multi_accueil', 'agrement_places': 40,
                'sections': [('create', [
                            {'name': "Bébés", 'age_max': 18, 'places': 12},
                            {'name': "Grands", 'age_min': 18,
                                'places': 28}])],
                }])
    return company, canteen, structure


def family(company, name, children, annual_resources, dependent=None,
        disabled=False, start=date(1, 1)):
    """A household of one parent and `children` ((first name, birth
    date)) with its resources from `start`."""
    Quotient = Pool().get('sitiv.quotient_familial')
    parent = person(name, "Claire", datetime.date(1990, 3, 4))
    kids = [person(name, first, birth) for first, birth in children]
    record = household(company, name, [parent], kids)
    Quotient.create([{'household': record.id, 'start_date': start,
                'quotient': 700, 'annual_resources': annual_resources,
                'dependent_children': dependent,
                'disabled_child': disabled}])
    return record, kids


def contract(household, child, structure, days, start, end, **values):
    """A PSU contract with `days`: [(weekday, 'HH:MM', 'HH:MM')] in week A
    (or (week, weekday, start, end)), priced."""
    Contract = Pool().get('sitiv.creche.contract')
    lines = []
    for day in days:
        week, weekday, arrival, departure = (
            day if len(day) == 4 else ('A',) + tuple(day))
        lines.append({'week': week, 'weekday': str(weekday),
                'start_time': time(arrival), 'end_time': time(departure)})
    record, = Contract.create([dict({'company': household.company.id,
                    'household': household.id, 'child': child.id,
                    'structure': structure.id, 'start_date': start,
                    'end_date': end, 'days': [('create', lines)]},
                **values)])
    return record


def clock(contract, days, adaptation=False):
    "`days`: {date: ('HH:MM', 'HH:MM')} clocked in and out."
    Presence = Pool().get('sitiv.creche.presence')
    return Presence.create([{'contract': contract.id, 'date': d,
                'company': contract.company.id, 'state': 'left',
                'arrival': time(a), 'departure': time(b),
                'adaptation': adaptation}
            for d, (a, b) in sorted(days.items())])


def proof(household, name="Bulletin d'hospitalisation"):
    pool = Pool()
    Document = pool.get('sitiv.document')
    Type = pool.get('sitiv.document.type')
    kind, = Type.search([('code', '=', 'CERTMED')])
    document, = Document.create([{'household': household.id,
                'type': kind.id, 'filename': name,
                'received_date': date(9)}])
    return document


def martin(company):
    "MARTIN: two children, 42 000 € a year (3 500 € a month)."
    household, (emma, lucas) = family(company, "MARTIN", [
            ("Emma", datetime.date(2025, 3, 1)),
            ("Lucas", datetime.date(2019, 5, 10))], D('42000'))
    return household, emma, lucas


def emma_contract(company, structure):
    """Emma, 4 days × 9 h × 45 weeks over 12 months from 1 September:
    36 h × 45 ÷ 12 = 135 h a month at 3 500 × 0,0516 % = 1,806 → 1,81 €:
    244,35 € a month."""
    Contract = Pool().get('sitiv.creche.contract')
    household, emma, lucas = martin(company)
    record = contract(household, emma, structure, FOUR_DAYS,
        date(1, 9), date(31, 8, 2027), weeks=D('45'))
    Contract.start([record])
    return record, household, emma, lucas


FOUR_DAYS = [(0, '08:30', '17:30'), (1, '08:30', '17:30'),
    (3, '08:30', '17:30'), (4, '08:30', '17:30')]

