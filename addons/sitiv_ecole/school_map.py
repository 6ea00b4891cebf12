# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The school map (spec 003 §2.1.3.3 « carte scolaire », « intégration du
fichier des rues (BAN) », « saisie des périmètres scolaires »): the city's
streets read from the national address base, perimeters as a street and a
range of numbers (odd, even or all) given to a school, and an address
resolved to its sector school for a level."""
import csv
import io
import re

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from sitiv_famille.common import normalize_name

PARITIES = [
    ('all', "All Numbers"),
    ('odd', "Odd Numbers"),
    ('even', "Even Numbers"),
    ]
PROJECTS = [
    (None, "In Force"),
    ('add', "Added by the Project"),
    ('remove', "Removed by the Project"),
    ]
# The BAN's CSV (adresse.data.gouv.fr, « adresses-<département>.csv »):
# the columns Hestia reads.
BAN_COLUMNS = ['id', 'numero', 'nom_voie', 'code_postal', 'code_insee',
    'nom_commune']
# « 12 bis, rue des Lilas » → number 12, street « rue des Lilas ».
ADDRESS = re.compile(
    r'^\s*(\d+)\s*(?:bis|ter|quater|[a-d])?\b[\s,]*(.+)$', re.IGNORECASE)


class Street(ModelSQL, ModelView):
    "Street"
    __name__ = 'sitiv.school.street'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    normalized_name = fields.Char("Normalized Name", readonly=True)
    postal_code = fields.Char("Postal Code")
    ban_id = fields.Char(
        "BAN Identifier", readonly=True,
        help="The street's key in the national address base.")
    numbers = fields.Integer(
        "Numbers", readonly=True, help="Addresses of the street in the BAN.")
    perimeters = fields.One2Many(
        'sitiv.school.perimeter', 'street', "Perimeters")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('ban_uniq', Unique(t, t.company, t.ban_id),
                'sitiv_ecole.msg_street_ban_unique'),
            ]
        cls._order = [('normalized_name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if 'name' in values:
            values['normalized_name'] = normalize_name(values['name'])
        return values

    @classmethod
    def import_ban(cls, company, data):
        """The city's streets from the département's BAN file (`data`,
        bytes): one street per BAN street key of the city's INSEE code,
        with its number of addresses. Created or updated in batches;
        importing the same file again changes nothing. Returns the counts
        {'lines', 'created', 'updated', 'unchanged'}."""
        if not company.sitiv_insee_code:
            raise ValidationError(gettext('sitiv_ecole.msg_ban_no_insee',
                    city=company.rec_name))
        text = data.decode('utf-8-sig')
        reader = csv.DictReader(io.StringIO(text), delimiter=';')
        missing = [c for c in BAN_COLUMNS
            if c not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(gettext('sitiv_ecole.msg_ban_columns',
                    columns=', '.join(missing)))
        streets, lines = {}, 0
        for line, row in enumerate(reader, 2):
            lines += 1
            if row['code_insee'] != company.sitiv_insee_code:
                continue
            for column in ['id', 'nom_voie']:
                if not (row[column] or '').strip():
                    raise ValidationError(gettext(
                            'sitiv_ecole.msg_ban_empty', line=line,
                            column=column))
            # « 69286_0420_00012_bis »: the city, the street, the number.
            key = '_'.join(row['id'].split('_')[:2])
            street = streets.setdefault(key, {'company': company.id,
                    'ban_id': key, 'name': row['nom_voie'],
                    'postal_code': row['code_postal'], 'numbers': 0})
            street['numbers'] += 1
        existing = {s.ban_id: s for s in cls.search([
                    ('company', '=', company.id),
                    ('ban_id', 'in', list(streets))])}
        to_create, to_write, unchanged = [], [], 0
        for key, values in streets.items():
            street = existing.get(key)
            if not street:
                to_create.append(values)
            elif any(getattr(street, f) != values[f]
                    for f in ['name', 'postal_code', 'numbers']):
                to_write.extend(([street], {f: values[f]
                            for f in ['name', 'postal_code', 'numbers']}))
            else:
                unchanged += 1
        if to_create:
            cls.create(to_create)
        if to_write:
            cls.write(*to_write)
        return {'lines': lines, 'created': len(to_create),
            'updated': len(to_write) // 2, 'unchanged': unchanged}

    @classmethod
    def find(cls, company, text):
        """(street, number) of an address written « 12 rue des Lilas »
        in `company`, or (None, None) when no street of the city has that
        name."""
        match = ADDRESS.match(text or '')
        if not match:
            return None, None
        number, name = int(match.group(1)), match.group(2)
        streets = cls.search([('company', '=', company.id),
                ('normalized_name', '=', normalize_name(name))], limit=1)
        return (streets[0], number) if streets else (None, None)


class Perimeter(ModelSQL, ModelView):
    "School Perimeter"
    __name__ = 'sitiv.school.perimeter'

    street = fields.Many2One(
        'sitiv.school.street', "Street", required=True, ondelete='CASCADE')
    company = fields.Function(
        fields.Many2One('company.company', "City"),
        'on_change_with_company', searcher='search_company')
    parity = fields.Selection(PARITIES, "Numbers", required=True)
    number_from = fields.Integer("From", help="Empty: from the first.")
    number_to = fields.Integer(
        "To", help="Empty: to the last.",
        domain=[If(Eval('number_to') & Eval('number_from'),
                ('number_to', '>=', Eval('number_from')), ())])
    school = fields.Many2One(
        'sitiv.school', "School", required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    project = fields.Selection(PROJECTS, "Map Project",
        help="A change of the map being studied: simulated first, in "
        "force once the project is applied.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('street')

    @staticmethod
    def default_parity():
        return 'all'

    @fields.depends('street', '_parent_street.company')
    def on_change_with_company(self, name=None):
        return self.street.company if self.street else None

    @classmethod
    def search_company(cls, name, clause):
        return [('street.company',) + tuple(clause[1:])]

    def covers(self, number):
        return ((self.number_from is None or self.number_from <= number)
            and (self.number_to is None or number <= self.number_to)
            and (self.parity == 'all'
                or (number % 2 == 1) == (self.parity == 'odd')))

    @classmethod
    def sector_school(cls, street, number, level):
        """The school whose perimeter takes number `number` of `street` for
        `level`, or None (outside the map, or a level no school there
        teaches)."""
        for perimeter in cls.search([('street', '=', street.id),
                    ('project', 'in', [None, 'remove'])],
                order=[('id', 'ASC')]):
            if perimeter.covers(number) and level in perimeter.school.levels:
                return perimeter.school

    @classmethod
    def apply_project(cls, company):
        "The project becomes the map: removed perimeters go, added stay."
        cls.delete(cls.search([('street.company', '=', company.id),
                    ('project', '=', 'remove')]))
        cls.write(cls.search([('street.company', '=', company.id),
                    ('project', '=', 'add')]), {'project': None})

    @classmethod
    def simulate_project(cls, company, year):
        """Who would change sector school if the project applied (§2.1.3.3
        « simulation d'un changement de carte »): the year's enrolled and
        pre-enrolled children, their sector school now and with the
        project, and the counts per school before and after (the school
        they are in now, the school of the project's sector for those
        whose sector changes).  Returns {'changes': [(enrolment, before,
        after)], 'counts': {school: [before, after]}}."""
        Enrolment = Pool().get('sitiv.school.enrolment')
        today, projected = SchoolMap(company), SchoolMap(company, True)
        changes, counts = [], {}
        for enrolment in Enrolment.search([
                    ('company', '=', company.id), ('year', '=', year.id),
                    ('state', 'in', ['draft', 'enrolled'])],
                order=[('school', 'ASC'), ('id', 'ASC')]):
            address = enrolment.household.residence_street
            before = today.sector_school(address, enrolment.level)
            after = projected.sector_school(address, enrolment.level)
            now = enrolment.school
            then = (after if before != after and not enrolment.derogation
                else now)
            if now:
                counts.setdefault(now, [0, 0])[0] += 1
            if then:
                counts.setdefault(then, [0, 0])[1] += 1
            if before != after:
                changes.append((enrolment, before, after))
        return {'changes': changes, 'counts': counts}


class SchoolMap:
    """The city's streets and perimeters read once, for resolving many
    addresses in memory (the year's roll-over): same answers as
    `Street.find` and `Perimeter.sector_school`."""

    def __init__(self, company, project=False):
        pool = Pool()
        Street = pool.get('sitiv.school.street')
        Perimeter = pool.get('sitiv.school.perimeter')
        self.streets = {}
        for street in Street.search([('company', '=', company.id)],
                order=[('id', 'ASC')]):
            self.streets.setdefault(street.normalized_name, street)
        self.taught = {}  # school id: ids of the levels it teaches
        self.perimeters = {}
        # The map in force, or as the project would make it.
        for perimeter in Perimeter.search([
                    ('street.company', '=', company.id),
                    ('project', 'in',
                        [None, 'add' if project else 'remove'])],
                order=[('id', 'ASC')]):
            self.perimeters.setdefault(perimeter.street.id, []).append(
                perimeter)

    def sector_school(self, address, level):
        match = ADDRESS.match(address or '')
        if not match:
            return None
        street = self.streets.get(normalize_name(match.group(2)))
        if not street:
            return None
        number = int(match.group(1))
        for perimeter in self.perimeters.get(street.id, []):
            school = perimeter.school
            if school.id not in self.taught:
                self.taught[school.id] = {l.id for l in school.levels}
            if perimeter.covers(number) and level.id in self.taught[
                    school.id]:
                return school


class ApplyProjectStart(ModelView):
    "Apply the Map Project"
    __name__ = 'sitiv.school.map_project.start'

    added = fields.Integer("Perimeters Added", readonly=True)
    removed = fields.Integer("Perimeters Removed", readonly=True)


class ApplyProject(Wizard):
    """Apply the map project (after its simulation): what it removes goes,
    what it adds is in force."""
    __name__ = 'sitiv.school.map_project.apply'

    start = StateView('sitiv.school.map_project.start',
        'sitiv_ecole.map_project_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Apply", 'apply', 'tryton-ok', default=True),
            ])
    apply = StateTransition()

    def default_start(self, fields):
        Perimeter = Pool().get('sitiv.school.perimeter')
        company = Transaction().context.get('company')
        return {kind: Perimeter.search_count([
                    ('street.company', '=', company),
                    ('project', '=', project)])
            for kind, project in [('added', 'add'), ('removed', 'remove')]}

    def transition_apply(self):
        pool = Pool()
        Perimeter = pool.get('sitiv.school.perimeter')
        Company = pool.get('company.company')
        Perimeter.apply_project(Company(Transaction().context['company']))
        return 'end'
