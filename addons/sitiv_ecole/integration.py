# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The school service's imported files (ARCHITECTURE §4.2): the BAN's
streets here, ONDE's extractions in onde_connector.  Each file gets a
report — counts, rejected lines in French — and is archived as its
attachment; a file refused whole leaves nothing of it in the database."""
from hestia.flatfile import FileRefused
from hestia_base.integration import ImportReportMixin
from hestia_base.security import context_company

from trytond.model import ModelSQL, ModelView, fields
from trytond.exceptions import UserError
from trytond.pool import Pool
from trytond.transaction import without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard

KINDS = [
    ('ban', "BAN — streets of the city"),
    ]
COUNTS = ['lines', 'created', 'updated', 'unchanged', 'rejected']


class SchoolImport(ImportReportMixin, ModelSQL, ModelView):
    "School Integration Report"
    __name__ = 'sitiv.school.import'
    _counts = COUNTS

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    kind = fields.Selection(KINDS, "File", required=True, readonly=True)
    state = fields.Selection([
            ('done', "Processed"),
            ('refused', "Refused"),
            ], "State", readonly=True)
    lines = fields.Integer("Lines Read", readonly=True)
    created = fields.Integer("Created", readonly=True)
    updated = fields.Integer("Updated", readonly=True)
    unchanged = fields.Integer("Unchanged", readonly=True)
    rejected = fields.Integer("Rejected", readonly=True)
    rejects = fields.One2Many(
        'sitiv.school.import.reject', 'report', "Rejected Lines",
        readonly=True)

    @classmethod
    def importers(cls):
        """{kind: function(company, data, **options) → (counts, line
        errors, values of the report)}; raising FileRefused refuses the
        whole file."""
        return {'ban': cls.import_ban}

    @staticmethod
    def import_ban(company, data, **options):
        "The BAN's streets; a refusal of Street.import_ban refuses the file."
        Street = Pool().get('sitiv.school.street')
        try:
            return Street.import_ban(company, data), [], {}
        except UserError as error:
            raise FileRefused(error.message)

    @classmethod
    def import_file(cls, kind, company, filename, data, **options):
        """Import `data` as a file of `kind`; returns its report.
        `options` go to the importer and, those that are fields of the
        report (the school of an ONDE file …), to the report."""
        importer = cls.importers()[kind]
        kept = {k: getattr(v, 'id', v) for k, v in options.items()
            if k in cls._fields}

        def work():
            counts, errors, values = importer(company, data, **options)
            return cls.store(company, filename, data, kind=kind,
                state='done', rejected=len(errors), **counts, **kept,
                **values,
                rejects=[('create', [{'line': e.line, 'field': e.field,
                                'message': e.message} for e in errors])])
        return cls.import_guarded(company, filename, data, work,
            refused=(FileRefused,), kind=kind, **kept)

    def summary(self):
        "The JSON `hestia flux import` prints (ARCHITECTURE §5)."
        return {
            'report': self.id, 'file': self.filename, 'state': self.state,
            'message': self.message,
            **{name: getattr(self, name) for name in COUNTS
                if name != 'rejected'},
            'rejected': [{'line': r.line, 'field': r.field,
                    'message': r.message} for r in self.rejects],
            }


class SchoolImportReject(ModelSQL, ModelView):
    "Rejected Line"
    __name__ = 'sitiv.school.import.reject'

    report = fields.Many2One(
        'sitiv.school.import', "Report", required=True, ondelete='CASCADE')
    line = fields.Integer("Line")
    field = fields.Char("Field")
    message = fields.Char("Reason")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('report')
        cls._order = [('report', 'DESC'), ('line', 'ASC'), ('id', 'ASC')]


class ImportStart(ModelView):
    "Import a File"
    __name__ = 'sitiv.school.import.start'

    kind = fields.Selection(KINDS, "File", required=True)
    data = fields.Binary("File", filename='filename', required=True)
    filename = fields.Char("File Name")

    @staticmethod
    def default_kind():
        return 'ban'


class Import(Wizard):
    "Import a File"
    __name__ = 'sitiv.school.import.wizard'

    start = StateView('sitiv.school.import.start',
        'sitiv_ecole.import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateAction('sitiv_ecole.act_import')

    def import_options(self):
        "Options of the importer; other modules add theirs."
        return {}

    def do_import_(self, action):
        Report = Pool().get('sitiv.school.import')
        company = context_company()
        # The wizard is granted to the family groups only (XML); the import
        # writes its report and archive as the system does.
        with without_check_access():
            report = Report.import_file(self.start.kind, company,
                self.start.filename or 'fichier.csv', self.start.data,
                **self.import_options())
        action['res_id'] = [report.id]
        action['views'].reverse()
        return action, {}
