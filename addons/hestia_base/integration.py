# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every imported file goes through (ARCHITECTURE §4.2), whichever
product reads it: a report stored with the file archived as its
attachment, a file refused whole on a bad file or on a bug of Hestia
(nothing it wrote is kept), and importers that read, refuse or apply.

`ImportReportMixin` is the report's common part (DASES integration
reports, the Trésorerie's PES files); `Importer` the common steps of an
importer (seven of them in DASES). A model using the mixin defines its
`company` (labelled for its users) and its `state` selection with
'done' and 'refused'."""
import logging

from hestia.flatfile import FileRefused, decode, split_lines

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool

from .savepoint import SIGNALS, savepoint
from .stamp import MINUTE, to_the_minute

logger = logging.getLogger(__name__)


def unexpected(error):
    "The report's message of a file refused on an error of Hestia itself."
    return gettext('hestia_base.msg_import_unexpected',
        error=type(error).__name__)


class ImportReportMixin:
    "The report of one imported file, with the file archived."
    __slots__ = ()
    _counts = ()  # integer fields a refused file stores as 0, not empty
    filename = fields.Char("File", readonly=True)
    date = fields.DateTime("Date", readonly=True, format=MINUTE)
    message = fields.Text("Message", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('date'):
            values['date'] = to_the_minute(values['date'])
        return values

    @classmethod
    def store(cls, company, filename, data, **values):
        "Create the report of `data` and archive the file as its attachment."
        Attachment = Pool().get('ir.attachment')
        values = dict(dict.fromkeys(cls._counts, 0), **values)
        report, = cls.create([dict(values, company=company.id,
                    filename=filename, date=to_the_minute())])
        Attachment.create([{
                    'name': filename,
                    'resource': str(report),
                    'type': 'data',
                    'data': data if isinstance(data, bytes)
                    else data.encode('utf-8'),
                    }])
        return report

    @classmethod
    def import_guarded(cls, company, filename, data, work, refused=(),
            **values):
        """The report `work()` returns. When it raises one of `refused`
        (the file's fault: `refuse_values` tells why) or fails on a bug,
        everything it wrote is undone and the file is refused and
        archived; `values`: fields of such a report (its kind …)."""
        try:
            with savepoint():
                return work()
        except SIGNALS:
            raise
        except Exception as error:
            if isinstance(error, refused):
                problem = cls.refuse_values(error)
            else:
                # A bug must not leave half a file imported nor lose it.
                logger.exception("import %s (%s)", filename, cls.__name__)
                problem = {'message': unexpected(error)}
            return cls.store(company, filename, data, state='refused',
                **values, **problem)

    @classmethod
    def refuse_values(cls, error):
        "Values of the report of a file refused by `error`."
        return {'message': str(error)}


class Importer:
    """One kind of file read into the database for a company.

    `run` reads the file (`read`: a FileRefused refuses it whole, nothing
    is written) then integrates what was read (`integrate`, which returns
    the report). Subclasses set `kind` and implement both; `report` stores the
    report through the report model's `record(company, kind, filename,
    data, **values)`. Modules map a kind to its importer in their report
    model's `importers()`, where another module can put a subclass."""
    kind = None
    report_model = 'dases.integration.report'

    def __init__(self, company, today=None, **options):
        self.company = company
        self.today = today or Pool().get('ir.date').today()
        self.options = options
        self.Report = Pool().get(self.report_model)

    def run(self, filename, data):
        "Import `data`; returns its report."
        try:
            read = self.read(data)
        except FileRefused as error:
            return self.report(filename, data, state='refused',
                message=str(error))
        return self.integrate(filename, data, read)

    def read(self, data):
        "What the file holds; FileRefused when it is unreadable."
        raise NotImplementedError

    def integrate(self, filename, data, read):
        "Store what was read; returns the report."
        raise NotImplementedError

    def report(self, filename, data, **values):
        "Record the report of the file (the options it keeps added)."
        return self.Report.record(self.company, self.kind, filename, data,
            **self.report_options(), **values)

    def report_options(self):
        "Fields of the report among the options (a file's provider …)."
        return {k: v for k, v in self.options.items()
            if k in self.Report._fields}

    @staticmethod
    def line_count(data):
        "Lines of the file, as an agent counts them in an editor."
        return len(split_lines(decode(data)))
