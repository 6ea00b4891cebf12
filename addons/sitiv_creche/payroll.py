# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The payroll variables of the assistantes maternelles, exported to the
HR software and imported back (spec 003 §2.1.3.2). The import is one
transaction: a line in error (unknown employee number, a month that is not
MM/AAAA, a number that is not one) refuses the whole file with every line
named, and nothing of it is written; the same file imported twice changes
nothing the second time. Each file is archived with its report."""
import datetime

from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import ram_paie
from hestia_base.integration import ImportReportMixin
from hestia_base.security import check_company, context_company

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

VALUES = ['planned_hours', 'hours', 'days', 'children', 'meals',
    'absence_days']
COUNTS = ['lines', 'created', 'updated', 'unchanged']


def parse_month(text):
    "The first day of 'MM/AAAA'; ValueError in French otherwise."
    try:
        month, year = text.split('/')
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"« {text} » n'est pas un mois MM/AAAA")


class PayrollImport(ImportReportMixin, ModelSQL, ModelView):
    "Payroll Variables Import"
    __name__ = 'sitiv.ram.payroll.import'
    _counts = COUNTS

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    state = fields.Selection([
            ('done', "Processed"),
            ('refused', "Refused"),
            ], "State", readonly=True)
    lines = fields.Integer("Lines Read", readonly=True)
    created = fields.Integer("Created", readonly=True)
    updated = fields.Integer("Updated", readonly=True)
    unchanged = fields.Integer("Unchanged", readonly=True)

    @classmethod
    def import_file(cls, company, filename, data):
        "Import the payroll variables of `data`; returns the report."
        def work():
            counts = cls.integrate(company, data)
            return cls.store(company, filename, data, state='done',
                **counts)
        return cls.import_guarded(company, filename, data, work,
            refused=(FileRefused,))

    @classmethod
    def integrate(cls, company, data):
        pool = Pool()
        Assistant = pool.get('sitiv.ram.assistant')
        Payroll = pool.get('sitiv.ram.payroll')
        records, errors = ram_paie.read(data)
        assistants = {a.employee_number: a for a in Assistant.search([
                    ('company', '=', company.id),
                    ('employee_number', '!=', None)])}
        problems = [f"ligne {e.line}, « {e.field} » : {e.message}"
            if e.field else f"ligne {e.line} : {e.message}" for e in errors]
        rows = []
        for record in records:
            values = record.values
            assistant = assistants.get(values['employee_number'])
            if not assistant:
                problems.append(f"ligne {record.line}, « Matricule » : "
                    f"aucune assistante maternelle de la commune n'a le "
                    f"matricule {values['employee_number']}")
                continue
            try:
                month = parse_month(values['month'])
            except ValueError as error:
                problems.append(f"ligne {record.line}, « Mois » : {error}")
                continue
            rows.append((assistant, month, values))
        if problems:
            raise FileRefused("fichier refusé, rien n'a été enregistré :\n"
                + '\n'.join(problems))
        existing = {(p.assistant.id, p.month): p for p in Payroll.search([
                    ('company', '=', company.id),
                    ('month', 'in', list({m for _, m, _ in rows})),
                    ])}
        counts = dict.fromkeys(COUNTS, 0)
        counts['lines'] = len(rows)
        to_create, to_write = [], []
        for assistant, month, values in rows:
            new = {n: values[n] for n in VALUES}
            line = existing.get((assistant.id, month))
            if line is None:
                to_create.append(dict(new, company=company.id,
                        assistant=assistant.id, month=month,
                        source='imported'))
                counts['created'] += 1
            elif all(getattr(line, n) == v for n, v in new.items()):
                counts['unchanged'] += 1
            else:
                to_write.extend(([line], dict(new, source='imported')))
                counts['updated'] += 1
        if to_write:
            Payroll.write(*to_write)
        Payroll.create(to_create)
        return counts


class ExportStart(ModelView):
    "Payroll Variables"
    __name__ = 'sitiv.ram.payroll.export.start'

    month = fields.Date("Month", required=True,
        help="Any day of the month.")

    @staticmethod
    def default_month():
        today = Pool().get('ir.date').today()
        return (today.replace(day=1) - datetime.timedelta(days=1)).replace(
            day=1)


class ExportResult(ModelView):
    "Payroll Variables File"
    __name__ = 'sitiv.ram.payroll.export.result'

    file = fields.Binary("File", filename='filename', readonly=True)
    filename = fields.Char("File Name", readonly=True)


class Export(Wizard):
    "Compute the month's payroll variables and write the file for HR."
    __name__ = 'sitiv.ram.payroll.export'
    start = StateView('sitiv.ram.payroll.export.start',
        'sitiv_creche.payroll_export_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Write the File", 'export', 'tryton-ok', default=True),
            ])
    export = StateTransition()
    result = StateView('sitiv.ram.payroll.export.result',
        'sitiv_creche.payroll_export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_export(self):
        Payroll = Pool().get('sitiv.ram.payroll')
        company = check_company(context_company())
        lines = Payroll.compute(company, self.start.month)
        self.result.file = ram_paie.write([dict(
                    {n: getattr(l, n) for n in VALUES},
                    employee_number=l.assistant.employee_number or '',
                    name=l.assistant.rec_name,
                    month=l.month.strftime('%m/%Y'))
                for l in lines])
        self.result.filename = (
            f"variables_paie_{self.start.month:%Y%m}.csv")
        return 'result'

    def default_result(self, fields):
        return {'file': self.result.file, 'filename': self.result.filename}


class ImportStart(ModelView):
    "Import Payroll Variables"
    __name__ = 'sitiv.ram.payroll.import.start'

    data = fields.Binary("File", filename='filename', required=True)
    filename = fields.Char("File Name")


class Import(Wizard):
    "Import the payroll variables HR sends back."
    __name__ = 'sitiv.ram.payroll.import.wizard'
    start = StateView('sitiv.ram.payroll.import.start',
        'sitiv_creche.payroll_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateAction('sitiv_creche.act_payroll_import')

    def do_import_(self, action):
        Report = Pool().get('sitiv.ram.payroll.import')
        company = check_company(context_company())
        # Granted to the crèche group only (XML); the report and its
        # archive are written as the system does.
        with without_check_access():
            report = Report.import_file(company,
                self.start.filename or 'variables_paie.csv', self.start.data)
        action['res_id'] = [report.id]
        action['views'].reverse()
        return action, {}
