# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Integration reports (A5, A6): every imported file, archived, counted and
with its rejected lines in French (ARCHITECTURE §4.2)."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.integration import ImportReportMixin
from hestia_base.security import check_company, context_company

# What one report keeps of its rejected lines.
REJECTS_CAP = 10000
FIELD_CAP = 100
MESSAGE_CAP = 500


def _cap(text, size):
    text = text or ''
    return text if len(text) <= size else text[:size - 1] + '…'

KINDS = [
    ('flux1', "Flux 1 — care plans"),
    ]


COUNTS = ['lines', 'created', 'updated', 'unchanged', 'rejected', 'withdrawn']


class Report(ImportReportMixin, ModelSQL, ModelView):
    "Integration Report"
    __name__ = 'dases.integration.report'
    _counts = COUNTS

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    kind = fields.Selection(KINDS, "Flux", required=True, readonly=True)
    state = fields.Selection([
            ('done', "Processed"),
            ('refused', "Refused"),
            ('waiting', "To Confirm"),
            ('confirmed', "Confirmed"),
            ], "State", readonly=True)
    lines = fields.Integer("Lines Read", readonly=True)
    created = fields.Integer("Created", readonly=True)
    updated = fields.Integer("Updated", readonly=True)
    unchanged = fields.Integer("Unchanged", readonly=True)
    rejected = fields.Integer("Rejected", readonly=True)
    withdrawn = fields.Integer("No Longer Transmitted", readonly=True)
    rejects = fields.One2Many('dases.integration.reject', 'report',
        "Rejected Lines", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'waiting',
                    'depends': ['state'],
                    },
                })

    @classmethod
    @ModelView.button
    def confirm(cls, reports):
        """Import again, confirmed, the archived file of reports waiting
        for an agent (a flux 1 that withdraws many plans)."""
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        for report in reports:
            if report.state != 'waiting':
                continue
            check_company(report.company)
            archive, = Attachment.search(
                [('resource', '=', str(report))], limit=1)
            with without_check_access():
                new = cls.import_file(report.kind, report.company,
                    report.filename, archive.data, force=True)
            cls.write([report], {
                    'state': 'confirmed',
                    'message': (report.message or '') + '\n' + gettext(
                        'dases_base.msg_report_confirmed', report=new.id),
                    })

    @classmethod
    def record(cls, company, kind, filename, data, state='done', message=None,
            counts=None, errors=(), **extra):
        """Store the report and archive the original file as its attachment;
        `extra`: values of fields other modules add (the provider …)."""
        return cls.store(company, filename, data, kind=kind, state=state,
            message=message, **(counts or {}), rejected=len(errors),
            rejects=[('create', cls.reject_values(errors))],
            **{k: getattr(v, 'id', v) for k, v in extra.items()})

    @staticmethod
    def reject_values(errors):
        """Values of the rejected lines, capped: a huge bad line is
        archived with the file, not copied into its rejection."""
        values = [{
                'line': e.line,
                'field': _cap(e.field, FIELD_CAP),
                'message': _cap(e.message, MESSAGE_CAP),
                } for e in errors[:REJECTS_CAP]]
        if len(errors) > REJECTS_CAP:
            values.append({
                    'line': errors[REJECTS_CAP].line, 'field': '',
                    'message': gettext('dases_base.msg_more_rejects',
                        count=len(errors) - REJECTS_CAP)})
        return values

    @classmethod
    def importers(cls):
        "{kind: importer class}; other modules add theirs."
        from .flux1 import Flux1Import
        return {'flux1': Flux1Import}

    @classmethod
    def import_file(cls, kind, company, filename, data, today=None,
            **options):
        """Import `data` as a file of `kind`; returns its report. `options`
        go to the importer (the provider of a télégestion file …)."""
        importer = cls.importers()[kind](company, today=today, **options)
        return cls.import_guarded(company, filename, data,
            lambda: importer.run(filename, data), kind=kind,
            **{k: getattr(v, 'id', v)
                for k, v in importer.report_options().items()})

    def summary(self):
        "The JSON the CLI prints (ARCHITECTURE §5)."
        return {
            'report': self.id,
            'file': self.filename,
            'state': self.state,
            'message': self.message,
            'lines': self.lines,
            'created': self.created,
            'updated': self.updated,
            'unchanged': self.unchanged,
            'withdrawn': self.withdrawn,
            'rejected': [{'line': r.line, 'field': r.field,
                    'message': r.message} for r in self.rejects],
            }


class Reject(ModelSQL, ModelView):
    "Rejected Line"
    __name__ = 'dases.integration.reject'

    report = fields.Many2One('dases.integration.report', "Report",
        required=True, ondelete='CASCADE')
    line = fields.Integer("Line")
    field = fields.Char("Field")
    message = fields.Char("Reason")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('report', 'DESC'), ('line', 'ASC'), ('id', 'ASC')]


class ImportStart(ModelView):
    "Import a File"
    __name__ = 'dases.integration.import.start'

    kind = fields.Selection(KINDS, "Flux", required=True)
    data = fields.Binary("File", filename='filename', required=True)
    filename = fields.Char("File Name")

    @staticmethod
    def default_kind():
        return 'flux1'


class Import(Wizard):
    "Import a File"
    __name__ = 'dases.integration.import'

    start = StateView('dases.integration.import.start',
        'dases_base.import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateAction('dases_base.act_report')

    def import_options(self):
        "Options of the importer; other modules add theirs."
        return {}

    def do_import_(self, action):
        pool = Pool()
        Report = pool.get('dases.integration.report')
        company = context_company()
        # The wizard is granted to the DASES groups only (XML); the import
        # itself writes reports and archives as the system does.
        with without_check_access():
            report = Report.import_file(self.start.kind, company,
                self.start.filename or 'fichier.txt', self.start.data,
                **self.import_options())
        action['res_id'] = [report.id]
        action['views'].reverse()  # open the report's form first
        return action, {}
