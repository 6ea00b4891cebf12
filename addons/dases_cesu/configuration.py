# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""CESU settings of each Département: codes of the CNCESU files and the drop
folders (hestia_base.configuration)."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'dases.configuration'

    cncesu_departement = fields.MultiValue(fields.Char(
            "CNCESU Département Code", size=4, required=True,
            help="« Code Conseil Départemental » of flux 8.2 and 6: CG "
            "followed by the département number."))
    departement_number = fields.MultiValue(fields.Char(
            "Département Number", size=3, required=True,
            help="« Code département » of flux 8.1."))
    cncesu_issuer = fields.MultiValue(fields.Char(
            "CNCESU Issuer Code", size=4, required=True,
            help="« Code émetteur » of flux 8.1."))
    drop_inbox = fields.MultiValue(fields.Char("Inbox Folder",
            help="Files put here are imported by the scheduled task."))
    drop_outbox = fields.MultiValue(fields.Char("Outbox Folder",
            help="Every generated export is also written here."))
    drop_archive = fields.MultiValue(fields.Char("Archive Folder",
            help="Processed files are moved here, by month."))

    @classmethod
    def default_cncesu_departement(cls, **pattern):
        return Pool().get(cls._company_model).default_cncesu_departement()

    @classmethod
    def default_departement_number(cls, **pattern):
        return Pool().get(cls._company_model).default_departement_number()

    @classmethod
    def default_cncesu_issuer(cls, **pattern):
        return Pool().get(cls._company_model).default_cncesu_issuer()


class ConfigurationCompany(metaclass=PoolMeta):
    __name__ = 'dases.configuration.company'

    cncesu_departement = fields.Char("CNCESU Département Code", size=4,
        required=True)
    departement_number = fields.Char("Département Number", size=3,
        required=True)
    cncesu_issuer = fields.Char("CNCESU Issuer Code", size=4, required=True)
    drop_inbox = fields.Char("Inbox Folder")
    drop_outbox = fields.Char("Outbox Folder")
    drop_archive = fields.Char("Archive Folder")

    @staticmethod
    def default_cncesu_departement():
        return 'CG75'

    @staticmethod
    def default_departement_number():
        return '075'

    @staticmethod
    def default_cncesu_issuer():
        return 'ACCO'
