# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Financial aids (§2.1.5.2 « aides financières », « prises en charge par
des organismes »): a share of a household's services billed to an
organism — CCAS, Département, works council — instead of the family."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.pyson import Eval, If
from trytond.transaction import Transaction


class FinancialAid(ModelSQL, ModelView):
    "Financial Aid"
    __name__ = 'sitiv.financial_aid'
    _history = True

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT')
    organism = fields.Many2One(
        'party.party', "Organism", required=True, ondelete='RESTRICT',
        help="The third party billed for its share.")
    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    child = fields.Many2One(
        'party.party', "Child", ondelete='CASCADE',
        domain=[('id', 'in', Eval('household_children', []))],
        help="Empty: every child of the household.")
    household_children = fields.Function(fields.Many2Many(
            'party.party', None, None, "Children of the Household"),
        'on_change_with_household_children')
    activity = fields.Many2One(
        'sitiv.activity', "Activity", ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: every activity.")
    percentage = fields.Numeric(
        "Share (%)", digits=(5, 2), required=True,
        domain=[('percentage', '>', 0), ('percentage', '<=', 100)])
    start_date = fields.Date("Valid From", required=True)
    end_date = fields.Date(
        "Valid Until",
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @fields.depends('household')
    def on_change_with_household_children(self, name=None):
        if not self.household:
            return []
        return [m.party.id for m in self.household.members
            if m.role == 'child']

    def applies(self, household_id, child_id, activity_id, date):
        return (self.household.id == household_id
            and (not self.child or self.child.id == child_id)
            and (not self.activity or self.activity.id == activity_id)
            and self.start_date <= date
            and (not self.end_date or date <= self.end_date))
