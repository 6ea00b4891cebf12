# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""ONDE's pupil extraction among the school service's imported files: the
report names the school and the school year of the file, and lists the
lines an agent must look at."""
from hestia.flatfile import FileRefused
from hestia.flatfile.layouts import onde

from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .pupil_import import import_pupils

KIND = ('onde-eleves', "ONDE — pupil extraction of a school")


class SchoolImport(metaclass=PoolMeta):
    __name__ = 'sitiv.school.import'

    school = fields.Many2One('sitiv.school', "School", readonly=True)
    year = fields.Many2One('sitiv.school.year', "School Year", readonly=True)
    reviews = fields.One2Many(
        'onde.review', 'report', "To Review", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + [KIND]

    @classmethod
    def importers(cls):
        return dict(super().importers(), **{KIND[0]: cls.import_onde})

    @classmethod
    def import_onde(cls, company, data, school=None, year=None, **options):
        "The pupils of `school` in `year` as ONDE has them."
        if not school or not year or school.company != company:
            # The wizard runs without access checks: a school of another
            # city is refused here, whatever the client sent.
            raise FileRefused(f"l'école de l'extraction n'est pas une école "
                f"de {company.rec_name}")
        records, unread = onde.read_pupils(data)
        counts, errors, reviews = import_pupils(company, school, year,
            records)
        lines = len(records) + len({e.line for e in unread})
        errors = sorted(unread + errors, key=lambda e: e.line)
        return dict(counts, lines=lines), errors, {
            'reviews': [('create', reviews)]}


    def summary(self):
        summary = super().summary()
        if self.kind == KIND[0]:
            summary['to_review'] = [{'line': r.line,
                    'pupil': f'{r.last_name} {r.first_name}',
                    'reason': r.reason} for r in self.reviews]
        return summary


class ImportStart(metaclass=PoolMeta):
    __name__ = 'sitiv.school.import.start'

    school = fields.Many2One('sitiv.school', "School",
        domain=[('company', '=', Eval('context', {}).get('company', -1))],
        states={
            'invisible': Eval('kind') != KIND[0],
            'required': Eval('kind') == KIND[0],
            })
    year = fields.Many2One('sitiv.school.year', "School Year",
        states={
            'invisible': Eval('kind') != KIND[0],
            'required': Eval('kind') == KIND[0],
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + [KIND]


class Import(metaclass=PoolMeta):
    __name__ = 'sitiv.school.import.wizard'

    def import_options(self):
        options = super().import_options()
        if self.start.kind == KIND[0]:
            options.update(school=self.start.school, year=self.start.year)
        return options
