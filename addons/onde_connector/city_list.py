# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The city's list for a school director (spec 003 §2.1.14.4, issue 19):
the enrolments and radiations the city decided for one school and one
school year, in the file layout `hestia.flatfile.layouts.onde.CITY_LIST`,
for the director to enter in ONDE instead of re-typing the city's
letters."""
from hestia.flatfile.layouts import onde

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.wizard import Button, StateTransition, StateView, Wizard

GENDERS = {'male': 'M', 'female': 'F'}


def city_list(school, year):
    """Bytes of the list: one « I » line per pupil enrolled (the admission
    date), one « R » line per radiation (the last day), by name."""
    Enrolment = Pool().get('sitiv.school.enrolment')
    records = []
    for enrolment in Enrolment.search([
                ('school', '=', school.id), ('year', '=', year.id),
                ('state', 'in', ['enrolled', 'radiated'])]):
        child, household = enrolment.child, enrolment.household
        heads = [m.party for m in household.members if m.role == 'head']
        head = heads[0] if heads else None
        radiated = enrolment.state == 'radiated'
        records.append({
                'uai': school.uai or '', 'school': school.name,
                'year': year.name, 'kind': 'R' if radiated else 'I',
                'date': (enrolment.radiation_date if radiated
                    else enrolment.enrolment_date),
                'number': enrolment.number,
                'last_name': child.last_name, 'first_name': child.first_name,
                'birth_date': child.birth_date,
                'gender': GENDERS.get(child.gender),
                'level': enrolment.level.code,
                'derogation': bool(enrolment.derogation),
                'guardian_last_name': head.last_name if head else None,
                'guardian_first_name': head.first_name if head else None,
                'address': ' '.join((household.residence_street
                        or '').split()) or None,
                'postal_code': household.residence_postal_code,
                'city': household.residence_city,
                'reason': enrolment.radiation_reason if radiated else None,
                })
    records.sort(key=lambda r: (r['last_name'] or '', r['first_name'] or '',
            r['kind']))
    return onde.write_city_list(records)


class CityListStart(ModelView):
    "City List for ONDE"
    __name__ = 'onde.city_list.start'

    school = fields.Many2One('sitiv.school', "School", required=True)
    year = fields.Many2One('sitiv.school.year', "School Year", required=True)


class CityListResult(ModelView):
    "City List for ONDE"
    __name__ = 'onde.city_list.result'

    file = fields.Binary("File", filename='filename', readonly=True)
    filename = fields.Char("File Name", readonly=True)


class CityList(Wizard):
    "City List for ONDE"
    __name__ = 'onde.city_list'

    start = StateView('onde.city_list.start',
        'onde_connector.city_list_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Write", 'make', 'tryton-ok', default=True),
            ])
    make = StateTransition()
    result = StateView('onde.city_list.result',
        'onde_connector.city_list_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_make(self):
        school, year = self.start.school, self.start.year
        self.result.file = city_list(school, year)
        self.result.filename = (
            f"liste_mairie_{school.uai or school.id}_{year.name}.csv")
        return 'result'

    def default_result(self, fields):
        return {'file': self.result.file, 'filename': self.result.filename}
