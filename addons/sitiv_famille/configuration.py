# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Settings of the family file, set by the administrateur fonctionnel."
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Id


class Configuration(ModelSingleton, ModelSQL, ModelView):
    "Family File Settings"
    __name__ = 'sitiv.configuration'

    household_sequence = fields.Many2One(
        'ir.sequence', "Household Number Sequence", required=True,
        domain=[
            ('sequence_type', '=',
                Id('sitiv_famille', 'sequence_type_household')),
            ])
    document_warning_days = fields.Integer(
        "Document Expiry Warning (days)", required=True,
        help="Documents whose validity ends within this many days are "
        "listed as expiring.")

    @classmethod
    def default_household_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id(
                'sitiv_famille', 'sequence_household')
        except KeyError:
            return None

    @staticmethod
    def default_document_warning_days():
        return 30

    def next_household_numbers(self, count):
        "Reserve `count` household numbers in one go."
        return self.household_sequence.get_many(count)
