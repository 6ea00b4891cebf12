# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Resources and quotient familial with validity periods (§2.1.1)."
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pyson import Eval, If

SOURCES = [
    ('caf', "CAF (CDAP)"),
    ('msa', "MSA"),
    ('tax_notice', "Tax notice"),
    ('declared', "Declared by the family"),
    ('default', "Default (no proof)"),
    ]


class QuotientFamilial(ModelSQL, ModelView):
    "Quotient Familial"
    __name__ = 'sitiv.quotient_familial'
    _history = True

    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='CASCADE')
    allocataire = fields.Many2One(
        'party.party', "Allocataire",
        domain=[('household_members.household', '=', Eval('household', -1))],
        help="The parent whose resources are taken (separated parents).")
    start_date = fields.Date("Valid From", required=True)
    end_date = fields.Date(
        "Valid Until",
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    annual_resources = fields.Numeric(
        "Annual Resources (€)", digits=(16, 2))
    parts = fields.Numeric("Tax Parts", digits=(4, 2))
    quotient = fields.Integer("Quotient Familial", required=True)
    source = fields.Selection(SOURCES, "Source", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('household', 'ASC'), ('start_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_source():
        return 'caf'

    @fields.depends('annual_resources', 'parts', 'quotient')
    def on_change_with_quotient(self):
        # CAF formula: monthly resources divided by the number of parts.
        if self.annual_resources and self.parts:
            return int(self.annual_resources / 12 / self.parts)
        return self.quotient

    @classmethod
    def quotient_on(cls, household, date):
        "The quotient in force for `household` on `date`, or None."
        records = cls.search([
                ('household', '=', household.id),
                ('start_date', '<=', date),
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ], order=[('start_date', 'DESC')], limit=1)
        return records[0] if records else None

    @classmethod
    def validate_fields(cls, quotients, field_names):
        super().validate_fields(quotients, field_names)
        households = set()
        for quotient in quotients:
            if quotient.quotient < 0:
                raise ValidationError(gettext(
                        'sitiv_famille.msg_quotient_negative',
                        household=quotient.household.rec_name))
            households.add(quotient.household.id)
        # One query for every household of the batch.
        periods = {}
        for quotient in cls.search([('household', 'in', list(households))],
                order=[('household', 'ASC'), ('start_date', 'ASC')]):
            periods.setdefault(quotient.household, []).append(quotient)
        for household, records in periods.items():
            for before, after in zip(records, records[1:]):
                if before.end_date is None or (
                        before.end_date >= after.start_date):
                    raise ValidationError(gettext(
                            'sitiv_famille.msg_quotient_overlap',
                            household=household.rec_name))
