# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Headcount tables and simulations (spec 003 §2.1.3.3 « tableaux des
effectifs par école, niveau, classe, âge », « simulations : prévision
d'effectifs, montée de classe, changement de carte scolaire, tableau de
rentrée »), as spreadsheets an agent sorts and sends on: the year's
counts; the forecast of the next rentrée (the roll-over computed without
writing anything, plus the pre-enrolments already made); the map project
(who would change school, counts before and after)."""
import io

import xlsxwriter

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.transaction import Transaction
from trytond.wizard import Button, StateReport, StateView, Wizard

from .school import HOLDING

KINDS = [
    ('year', "Headcount of the Year"),
    ('rollover', "Forecast of the Next Rentrée"),
    ('map', "Simulation of the Map Project"),
    ]


def pupils(company, year, date):
    "The enrolments holding a place of `year` on `date` (none radiated)."
    Enrolment = Pool().get('sitiv.school.enrolment')
    return Enrolment.search([
            ('company', '=', company.id), ('year', '=', year.id),
            ('state', 'in', HOLDING),
            ['OR', ('radiation_date', '=', None),
                ('radiation_date', '>', date)]],
        order=[('school', 'ASC'), ('id', 'ASC')])


class Headcount(Report):
    "School Headcount"
    __name__ = 'sitiv.school.headcount'

    @classmethod
    def execute(cls, ids, data):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        Company = pool.get('company.company')
        Year = pool.get('sitiv.school.year')
        action, = ActionReport.search(
            [('report_name', '=', cls.__name__)], limit=1)
        cls.check_access(action, None, [])
        company = Company(data['company'])
        year = Year(data['year'])
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {'in_memory': True})
        styles = {'bold': book.add_format({'bold': True}),
            'title': book.add_format({'bold': True, 'font_size': 14})}
        kind = data.get('kind', 'year')
        if kind == 'rollover':
            next_year = Year(data['next_year'])
            cls.forecast(book, styles, company, year, next_year)
            name = f"Prevision rentree {next_year.name}"
        elif kind == 'map':
            cls.map_project(book, styles, company, year)
            name = f"Simulation carte scolaire {year.name}"
        else:
            cls.year(book, styles, company, year)
            name = f"Effectifs {year.name}"
        book.close()
        return 'xlsx', output.getvalue(), False, name

    @staticmethod
    def table(sheet, styles, title, heads, rows, widths=None):
        sheet.write(0, 0, title, styles['title'])
        sheet.write_row(2, 0, heads, styles['bold'])
        for i, row in enumerate(rows, 3):
            sheet.write_row(i, 0, row)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, len(heads), 14)
        for column, width in (widths or {}).items():
            sheet.set_column(column, column, width)

    @classmethod
    def year(cls, book, styles, company, year):
        """Three sheets: per school and level (places, pupils, free,
        pre-enrolments), per class, per school and year of birth."""
        pool = Pool()
        Date = pool.get('ir.date')
        Enrolment = pool.get('sitiv.school.enrolment')
        School = pool.get('sitiv.school')
        SchoolClass = pool.get('sitiv.school.class')
        today = Date.today()
        counts, births = {}, {}
        for enrolment in pupils(company, year, today):
            key = (enrolment.school.id, enrolment.level.id)
            counts[key] = counts.get(key, 0) + 1
            birth = enrolment.child.birth_date
            key = (enrolment.school.id, birth.year if birth else None)
            births[key] = births.get(key, 0) + 1
        drafts = {}
        for enrolment in Enrolment.search([
                    ('company', '=', company.id), ('year', '=', year.id),
                    ('state', '=', 'draft')]):
            key = (enrolment.school.id if enrolment.school else None,
                enrolment.level.id)
            drafts[key] = drafts.get(key, 0) + 1
        schools = School.search([('company', '=', company.id)],
            order=[('name', 'ASC')])
        rows = []
        for school in schools:
            capacity = {c.level.id: c.capacity for c in school.capacities}
            for level in sorted(school.levels, key=lambda l: l.age):
                places = capacity.get(level.id)
                taken = counts.get((school.id, level.id), 0)
                rows.append([school.name, level.name,
                        places if places is not None else "sans limite",
                        taken,
                        max(places - taken, 0) if places is not None
                        else "", drafts.get((school.id, level.id), 0)])
        cls.table(book.add_worksheet("Écoles et niveaux"), styles,
            f"{company.rec_name} — effectifs {year.name} au "
            f"{today.strftime('%d/%m/%Y')}",
            ["École", "Niveau", "Places", "Élèves", "Places libres",
                "Préinscriptions"], rows)
        rows = [[c.school.name, c.name,
                " / ".join(l.code for l in sorted(c.levels,
                        key=lambda l: l.age)), c.specific or "",
                c.capacity if c.capacity is not None else "",
                c.pupils, c.places_left if c.places_left is not None
                else ""]
            for c in SchoolClass.search([
                    ('school.company', '=', company.id),
                    ('year', '=', year.id)],
                order=[('school.name', 'ASC'), ('name', 'ASC')])]
        cls.table(book.add_worksheet("Classes"), styles,
            f"Classes {year.name}",
            ["École", "Classe", "Niveaux", "Dispositif", "Places",
                "Élèves", "Places libres"], rows)
        years = sorted({y for _, y in births if y})
        rows = [[school.name] + [births.get((school.id, y), 0)
                for y in years] for school in schools]
        cls.table(book.add_worksheet("Âges"), styles,
            f"Élèves par année de naissance — {year.name}",
            ["École"] + [f"Nés en {y}" for y in years], rows)

    @classmethod
    def forecast(cls, book, styles, company, year, next_year):
        """The next rentrée per school and level: the pupils the roll-over
        would move (nothing written), the pre-enrolments and enrolments
        already made for that year, against the places."""
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        School = pool.get('sitiv.school')
        vlist, totals = Enrolment.roll_over_values(year, next_year, company)
        moved, made = {}, {}
        for values in vlist:
            key = (values['school'], values['level'])
            moved[key] = moved.get(key, 0) + 1
        for enrolment in Enrolment.search([
                    ('company', '=', company.id),
                    ('year', '=', next_year.id),
                    ('state', 'in', ['draft', 'enrolled'])]):
            key = (enrolment.school.id if enrolment.school else None,
                enrolment.level.id)
            made[key] = made.get(key, 0) + 1
        rows = []
        for school in School.search([('company', '=', company.id)],
                order=[('name', 'ASC')]):
            capacity = {c.level.id: c.capacity for c in school.capacities}
            for level in sorted(school.levels, key=lambda l: l.age):
                key = (school.id, level.id)
                total = moved.get(key, 0) + made.get(key, 0)
                places = capacity.get(level.id)
                rows.append([school.name, level.name, moved.get(key, 0),
                        made.get(key, 0), total,
                        places if places is not None else "sans limite",
                        places - total if places is not None else ""])
        rows.append([])
        rows.append(["Montent d'un niveau", totals['moved']])
        rows.append(["Redoublent", totals['repeating']])
        rows.append(["Quittent le CM2", totals['left']])
        rows.append(["Sans école de secteur (à placer)", totals['to_place']])
        cls.table(book.add_worksheet("Prévision"), styles,
            f"{company.rec_name} — prévision de la rentrée {next_year.name}",
            ["École", "Niveau", "Montée de niveau", "Déjà inscrits",
                "Total prévu", "Places", "Écart"], rows)

    @classmethod
    def map_project(cls, book, styles, company, year):
        "Counts before and after the project, and who changes school."
        Perimeter = Pool().get('sitiv.school.perimeter')
        result = Perimeter.simulate_project(company, year)
        rows = [[school.name, before, after, after - before]
            for school, (before, after) in sorted(
                result['counts'].items(), key=lambda i: i[0].name)]
        cls.table(book.add_worksheet("Effectifs avant et après"), styles,
            f"{company.rec_name} — projet de carte scolaire, {year.name}",
            ["École", "Aujourd'hui", "Avec le projet", "Écart"], rows)
        rows = [[e.child.rec_name, e.level.name,
                e.household.residence_full or "",
                before.name if before else "hors carte",
                after.name if after else "hors carte",
                "dérogation : reste" if e.derogation else ""]
            for e, before, after in result['changes']]
        cls.table(book.add_worksheet("Élèves qui changent"), styles,
            f"Élèves dont l'école de secteur change — {year.name}",
            ["Enfant", "Niveau", "Adresse", "Secteur aujourd'hui",
                "Secteur du projet", "Note"], rows, {2: 40})


class HeadcountStart(ModelView):
    "School Headcount and Simulations"
    __name__ = 'sitiv.school.headcount.start'

    kind = fields.Selection(KINDS, "Table", required=True)
    year = fields.Many2One('sitiv.school.year', "School Year", required=True)
    next_year = fields.Many2One(
        'sitiv.school.year', "Next School Year",
        domain=[('start_date', '>', Eval('year.start_date', None))],
        states={
            'invisible': Eval('kind') != 'rollover',
            'required': Eval('kind') == 'rollover',
            })

    @staticmethod
    def default_kind():
        return 'year'


class PrintHeadcount(Wizard):
    "School Headcount and Simulations"
    __name__ = 'sitiv.school.headcount.print'

    start = StateView('sitiv.school.headcount.start',
        'sitiv_ecole.headcount_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Print", 'print_', 'tryton-print', default=True),
            ])
    print_ = StateReport('sitiv.school.headcount')

    def do_print_(self, action):
        return action, {
            'company': Transaction().context['company'],
            'kind': self.start.kind,
            'year': self.start.year.id,
            'next_year': (self.start.next_year.id
                if self.start.next_year else None),
            }
