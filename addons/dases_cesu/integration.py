# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The integration report learns the CESU files (flux 4, CRCESU pivot,
flux 6), and the drop folder: a scheduled task imports what arrives in the
inbox and archives it (the transport, PeSIT or FTPS, stays outside)."""
import logging
import os
import shutil

from hestia.flatfile import FileRefused, decode, split_lines
from hestia.flatfile.layouts import crcesu

from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction
from hestia_base.security import check_company

logger = logging.getLogger(__name__)

KINDS = [
    ('flux4', "Flux 4 — CESU order"),
    ('crcesu', "CRCESU — CESU consumed (pivot)"),
    ('flux6', "Flux 6 — CNCESU charges"),
    ]


def detect(data):
    "The kind of a file from its first line, or None."
    try:
        lines = split_lines(decode(data))
    except FileRefused:
        return None
    first = lines[0].lstrip('\ufeff') if lines else ''
    if first.lower().startswith(crcesu.HEADER.split(';')[0] + ';'):
        return 'crcesu'
    if first.startswith('DEB;'):
        return 'flux6'
    if (first.startswith('1') and len(first.rstrip()) <= 39
            and len(lines) > 1 and lines[1].startswith('2')):
        return 'flux4'
    if '|' in first:
        return 'flux1'
    return None


class Report(metaclass=PoolMeta):
    __name__ = 'dases.integration.report'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + KINDS

    @classmethod
    def importers(cls):
        from .charge import Flux6Import
        from .consumption import CrcesuImport
        from .flux4 import Flux4Import
        return dict(super().importers(), flux4=Flux4Import,
            crcesu=CrcesuImport, flux6=Flux6Import)

    @classmethod
    def process_drop_folder(cls, today=None, commit=True):
        """Import every file of the inbox for the cron's company, then move
        it to archive/AAAA-MM/ (refused/ when it is not recognised).

        Each file is committed before it is moved: a failure later loses
        nothing, and a file imported twice changes nothing."""
        pool = Pool()
        Configuration = pool.get('dases.configuration')
        Company = pool.get('company.company')
        configuration = Configuration(1)
        company_id = Transaction().context.get('company')
        if not company_id:
            return []
        company = Company(check_company(company_id))
        inbox = configuration.get_multivalue('drop_inbox',
            company=company.id)
        if not inbox or not os.path.isdir(inbox):
            return []
        today = today or Pool().get('ir.date').today()
        archive = configuration.get_multivalue('drop_archive',
            company=company.id) or os.path.join(inbox, 'archive')
        reports = []
        for name in sorted(os.listdir(inbox)):
            path = os.path.join(inbox, name)
            if not os.path.isfile(path) or name.startswith('.'):
                continue
            with open(path, 'rb') as file:
                data = file.read()
            kind = detect(data)
            folder = os.path.join(archive, today.strftime('%Y-%m'))
            if kind is None:
                logger.warning("drop folder: %s not recognised", name)
                folder = os.path.join(folder, 'refused')
            else:
                reports.append(cls.import_file(kind, company, name, data,
                        today=today))
                if commit:
                    Transaction().commit()
            os.makedirs(folder, exist_ok=True)
            shutil.move(path, os.path.join(folder, name))
        return reports


class ImportStart(metaclass=PoolMeta):
    __name__ = 'dases.integration.import.start'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + KINDS


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('dases.integration.report|process_drop_folder',
                "Import the CESU and care-plan drop folder"))
