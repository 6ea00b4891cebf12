# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the family file, set by each city's administrateur
fonctionnel for itself (hestia_base.configuration)."""
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.pool import Pool
from trytond.pyson import Id

from hestia_base.configuration import CompanySettingsMixin


def _household_sequence():
    "The sequence every city numbers its households with by default."
    ModelData = Pool().get('ir.model.data')
    try:
        return ModelData.get_id('sitiv_famille', 'sequence_household')
    except KeyError:
        return None


class Configuration(
        CompanySettingsMixin, ModelSingleton, ModelSQL, ModelView):
    "Family File Settings"
    __name__ = 'sitiv.configuration'
    _company_model = 'sitiv.configuration.company'

    household_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Household Number Sequence", required=True,
            domain=[
                ('sequence_type', '=',
                    Id('sitiv_famille', 'sequence_type_household')),
                ]))
    document_warning_days = fields.MultiValue(fields.Integer(
            "Document Expiry Warning (days)", required=True,
            help="Documents whose validity ends within this many days are "
            "listed as expiring."))

    @classmethod
    def default_household_sequence(cls, **pattern):
        return _household_sequence()

    @classmethod
    def default_document_warning_days(cls, **pattern):
        return Pool().get(cls._company_model).default_document_warning_days()

    @classmethod
    def next_household_numbers(cls, company, count):
        "Reserve `count` household numbers of `company` in one go."
        sequence = cls(1).get_multivalue('household_sequence',
            company=company)
        return sequence.get_many(count)

    @classmethod
    def warning_days(cls, company):
        "Days before its end a document of `company` is « expiring »."
        return cls(1).get_multivalue('document_warning_days',
            company=company) or 0


class ConfigurationCompany(CompanyValueMixin, ModelSQL):
    "Family File Settings of a City"
    __name__ = 'sitiv.configuration.company'

    household_sequence = fields.Many2One(
        'ir.sequence', "Household Number Sequence",
        domain=[
            ('sequence_type', '=',
                Id('sitiv_famille', 'sequence_type_household')),
            ])
    document_warning_days = fields.Integer(
        "Document Expiry Warning (days)")

    @staticmethod
    def default_household_sequence():
        return _household_sequence()

    @staticmethod
    def default_document_warning_days():
        return 30
