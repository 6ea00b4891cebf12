# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The integration report learns the providers' files (client list,
interventions) and SALSA's invoice log; a provider's file names its
provider."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

KINDS = [
    ('tg-clients', "Provider client list"),
    ('tg-interventions', "Provider interventions (flux 15/11)"),
    ('log-facture', "SALSA invoice log"),
    ]
SAD_KINDS = {'tg-clients', 'tg-interventions'}


class Report(metaclass=PoolMeta):
    __name__ = 'dases.integration.report'

    sad = fields.Many2One('dases.sad', "Provider", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + KINDS

    @classmethod
    def importers(cls):
        from .client import ClientImport
        from .exchange import LogImport
        from .intervention_import import InterventionImport
        return dict(super().importers(), **{
                'tg-clients': ClientImport,
                'tg-interventions': InterventionImport,
                'log-facture': LogImport})


class ImportStart(metaclass=PoolMeta):
    __name__ = 'dases.integration.import.start'

    sad = fields.Many2One('dases.sad', "Provider",
        states={
            'invisible': ~Eval('kind').in_(list(SAD_KINDS)),
            'required': Eval('kind').in_(list(SAD_KINDS)),
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + KINDS


class Import(metaclass=PoolMeta):
    __name__ = 'dases.integration.import'

    def import_options(self):
        options = super().import_options()
        if self.start.kind in SAD_KINDS:
            options['sad'] = self.start.sad
        return options
