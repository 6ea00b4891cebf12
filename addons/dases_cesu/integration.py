# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The integration report learns flux 4."
from trytond.pool import PoolMeta


FLUX4 = ('flux4', "Flux 4 — CESU order")


class Report(metaclass=PoolMeta):
    __name__ = 'dases.integration.report'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + [FLUX4]

    @classmethod
    def importers(cls):
        from .flux4 import Flux4Import
        return dict(super().importers(), flux4=Flux4Import)


class ImportStart(metaclass=PoolMeta):
    __name__ = 'dases.integration.import.start'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection = cls.kind.selection + [FLUX4]
