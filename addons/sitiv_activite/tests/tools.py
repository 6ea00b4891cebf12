# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What sitiv_activite's tests build, and the modules on top of it
(sitiv_facturation, pes_asap): people, a household, a city's canteen and
after-school club, enrolments and attendance."""
import datetime

from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.transaction import Transaction

OCT = datetime.date(2026, 10, 1)


def date(day, month=10, year=2026):
    return datetime.date(year, month, day)


def person(last, first, birth):
    """A person; the homonym warning (sitiv_famille's tests) is skipped: a
    billing test must not fail on a namesake another test left behind."""
    Party = Pool().get('party.party')
    with Transaction().set_context(_skip_warnings=True):
        party, = Party.create([{'is_person': True, 'last_name': last,
                    'first_name': first, 'birth_date': birth}])
    return party


def household(company, name, heads, children, city="Rillieux-la-Pape",
        quotients=()):
    Household = Pool().get('sitiv.household')
    record, = Household.create([{
                'name': name, 'company': company.id,
                'residence_street': "3 rue des Lilas",
                'residence_postal_code': '69140',
                'residence_city': city,
                'members': [('create',
                        [{'party': h.id, 'role': 'head',
                                'legal_guardian': True} for h in heads]
                        + [{'party': c.id, 'role': 'child'}
                            for c in children])],
                'quotients': [('create', [{
                                'start_date': s, 'end_date': e,
                                'quotient': q} for s, e, q in quotients])],
                }])
    return record


def activities(name="Ville de Rillieux-la-Pape"):
    "A city with its canteen and its after-school club, without billing."
    Activity = Pool().get('sitiv.activity')
    company = create_company(name)
    canteen, club = Activity.create([{
                'company': company.id, 'name': "Restauration scolaire",
                'code': 'CANT', 'domain': 'restauration', 'unit': 'meal',
                'calendar': 'school',
                }, {
                'company': company.id, 'name': "Accueil du soir",
                'code': 'SOIR', 'domain': 'periscolaire', 'unit': 'day',
                'calendar': 'school',
                }])
    return company, canteen, club


def enrol(household, child, activity, start=OCT, **values):
    Enrolment = Pool().get('sitiv.enrolment')
    enrolment, = Enrolment.create([dict({
                    'household': household.id, 'child': child.id,
                    'activity': activity.id, 'start_date': start,
                    }, **values)])
    Enrolment.enrol([enrolment])
    return enrolment


def attend(enrolment, days):
    "`days`: {date: state}."
    Attendance = Pool().get('sitiv.attendance')
    return Attendance.create([{'enrolment': enrolment.id, 'date': d,
                'state': s} for d, s in sorted(days.items())])


def martin(company):
    "Léa (2017) and Tom (2019); QF 800 until 8 October, then 1,200."
    lea = person("MARTIN", "Léa", date(3, 4, 2017))
    tom = person("MARTIN", "Tom", date(9, 9, 2019))
    parent = person("MARTIN", "Claire", date(1, 2, 1985))
    family = household(company, "MARTIN", [parent], [lea, tom],
        quotients=[(date(1, 1), date(8, 10), 800), (date(9, 10), None, 1200)])
    return family, parent, lea, tom
