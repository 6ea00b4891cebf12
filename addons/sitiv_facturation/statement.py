# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Attendance statements (§2.1.4 « états de présence mensuels,
trimestriels, annuels »): for a city, a month, a quarter or a year, and
one activity or all, a spreadsheet with a line per child and activity —
days reserved, present, excused, unexcused, present not billed, late
pick-ups — and a sheet per activity with the days of each child."""
import datetime
import io
from collections import OrderedDict

import xlsxwriter
from dateutil.relativedelta import relativedelta

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.wizard import Button, StateReport, StateView, Wizard
from hestia_base.security import check_company, context_company

from sitiv_activite.attendance import STATES

COUNTED = [s for s, _ in STATES if s != 'cancelled']
LABELS = {
    'reserved': "Réservé", 'present': "Présent",
    'absent_excused': "Absent justifié",
    'absent_unexcused': "Absent non justifié",
    'present_unbilled': "Présent non facturé",
    }
SPANS = {'month': 1, 'quarter': 3, 'year': 12}


def statement_rows(company_id, start, end, activity_id=None):
    "[(activity, child, household, {state: days}, late pick-ups)]."
    Attendance = Pool().get('sitiv.attendance')
    domain = [
        ('activity.company', '=', company_id),
        ('date', '>=', start),
        ('date', '<=', end),
        ('state', 'in', COUNTED),
        ]
    if activity_id:
        domain.append(('activity', '=', activity_id))
    rows = OrderedDict()
    for attendance in Attendance.search(domain, order=[
                ('activity.name', 'ASC'), ('child.name', 'ASC'),
                ('date', 'ASC')]):
        key = (attendance.activity, attendance.child, attendance.household)
        counts, late = rows.get(key, ({s: 0 for s in COUNTED}, 0))
        counts[attendance.state] += 1
        rows[key] = (counts, late + (1 if attendance.overtime else 0))
    return [(a, c, h, counts, late)
        for (a, c, h), (counts, late) in rows.items()]


class AttendanceStatement(Report):
    "Attendance Statement"
    __name__ = 'sitiv.attendance.statement'

    @classmethod
    def execute(cls, ids, data):
        pool = Pool()
        Company = pool.get('company.company')
        ActionReport = pool.get('ir.action.report')
        action, = ActionReport.search(
            [('report_name', '=', cls.__name__)], limit=1)
        cls.check_access(action, None, [])
        start = datetime.date.fromisoformat(data['start'])
        end = datetime.date.fromisoformat(data['end'])
        company = Company(data['company'])
        rows = statement_rows(company.id, start, end, data.get('activity'))
        content = cls.workbook(company, start, end, rows)
        name = (f"Etat des presences {start.strftime('%d-%m-%Y')} "
            f"au {end.strftime('%d-%m-%Y')}")
        return 'xlsx', content, False, name

    @staticmethod
    def workbook(company, start, end, rows):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {'in_memory': True})
        bold = book.add_format({'bold': True})
        title = book.add_format({'bold': True, 'font_size': 14})
        sheet = book.add_worksheet("Synthèse")
        sheet.write(0, 0, f"{company.rec_name} — état des présences du "
            f"{start.strftime('%d/%m/%Y')} au {end.strftime('%d/%m/%Y')}",
            title)
        heads = ["Activité", "Enfant", "Dossier"] + [
            LABELS[s] for s in COUNTED] + ["Dépassements horaires"]
        sheet.write_row(2, 0, heads, bold)
        for i, (activity, child, household, counts, late) in enumerate(
                rows, 3):
            sheet.write_row(i, 0, [activity.name, child.rec_name,
                    household.number if household else ''] + [
                    counts[s] for s in COUNTED] + [late])
        totals = [sum(r[3][s] for r in rows) for s in COUNTED] + [
            sum(r[4] for r in rows)]
        sheet.write(3 + len(rows), 0, "Total", bold)
        sheet.write_row(3 + len(rows), 3, totals, bold)
        sheet.set_column(0, 1, 30)
        sheet.set_column(2, len(heads), 14)
        book.close()
        return output.getvalue()


class StatementStart(ModelView):
    "Attendance Statement"
    __name__ = 'sitiv.attendance.statement.start'
    company = fields.Many2One('company.company', "City", readonly=True)
    span = fields.Selection([
            ('month', "Month"),
            ('quarter', "Quarter"),
            ('year', "Year"),
            ], "Period", required=True)
    start_date = fields.Date("From", required=True,
        help="The first day of the month, quarter or year.")
    activity = fields.Many2One(
        'sitiv.activity', "Activity",
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: every activity.")


class PrintStatement(Wizard):
    "Attendance Statement"
    __name__ = 'sitiv.attendance.statement.print'
    start = StateView('sitiv.attendance.statement.start',
        'sitiv_facturation.attendance_statement_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Print", 'print_', 'tryton-print', default=True),
            ])
    print_ = StateReport('sitiv.attendance.statement')

    def default_start(self, fields):
        today = Pool().get('ir.date').today()
        return {
            'company': context_company().id,
            'span': 'month',
            'start_date': today + relativedelta(months=-1, day=1),
            }

    def do_print_(self, action):
        start = self.start.start_date
        end = start + relativedelta(months=SPANS[self.start.span], days=-1)
        return action, {
            'company': check_company(self.start.company).id,
            'start': start.isoformat(), 'end': end.isoformat(),
            'activity': (self.start.activity.id
                if self.start.activity else None),
            }
