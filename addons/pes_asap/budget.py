# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A city's budget as Hélios knows it (§2.1.5.2, PES ASAP): the poste
comptable, the collectivity's SIRET and codes, and for each activity the
product code and revenue nature its title lines carry."""
import re

from stdnum.fr import siret

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pyson import Eval
from trytond.transaction import Transaction


class Budget(ModelSQL, ModelView):
    "PES Budget"
    __name__ = 'pes.budget'

    company = fields.Many2One('company.company', "City", required=True,
        ondelete='CASCADE')
    name = fields.Char("Label", required=True,
        help="LibelleColBud: the collectivity and budget, 38 characters.")
    id_post = fields.Char("Poste Comptable (IdPost)", required=True,
        size=7, help="The Trésorerie's code (codique), 6 or 7 characters.")
    id_coll = fields.Char("SIRET (IdColl)", required=True, size=14)
    cod_col = fields.Char("Collectivity Code (CodCol)", required=True,
        size=3)
    cod_bud = fields.Char("Budget Code (CodBud)", required=True, size=2)
    asap = fields.Boolean("ASAP Printed by the DGFiP",
        help="Edition 01: the DGFiP prints and posts each title's avis des "
        "sommes à payer from the PDF attached to it.")
    send_fiscal_id = fields.Boolean("Send the Fiscal Identifier",
        help="Write the payer's fiscal identifier (SPI) in IdTiers. The "
        "v471 schema has no NatIdTiers code for it: tick only once your "
        "Trésorerie accepts it.")
    retour_payments = fields.Boolean("Record Trésorerie Payments",
        help="A payment in the PES Retour marks the invoice paid (revenue "
        "title), without any receipt in the régie.")
    ormc_period = fields.Integer("ORMC Period (Per)", required=True,
        domain=[('ormc_period', '>=', 0), ('ormc_period', '<=', 9)])
    default_product = fields.Char("Default Product Code", size=4,
        help="CodProdLoc of lines that belong to no activity.")
    default_nature = fields.Char("Default Nature", size=12)
    products = fields.One2Many('pes.budget.product', 'budget',
        "Products per Activity")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('company', 'ASC'), ('cod_bud', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_ormc_period():
        return 1

    @staticmethod
    def default_asap():
        return True

    @classmethod
    def validate_fields(cls, budgets, field_names):
        super().validate_fields(budgets, field_names)
        for budget in budgets:
            budget.check_codes()

    def check_codes(self):
        if not siret.is_valid(self.id_coll or ''):
            raise ValidationError(gettext('pes_asap.msg_budget_siret',
                    budget=self.rec_name, value=self.id_coll))
        for name in ['cod_col', 'cod_bud', 'default_product']:
            value = getattr(self, name)
            if value and not re.fullmatch(r'[0-9A-Za-z]+', value):
                raise ValidationError(gettext('pes_asap.msg_budget_code',
                        budget=self.rec_name, value=value,
                        field=self.__class__.fields_get([name])[name][
                            'string']))
        if self.default_nature and not self.default_nature.isdigit():
            raise ValidationError(gettext('pes_asap.msg_budget_nature',
                    value=self.default_nature))

    def product_of(self, activity):
        "(CodProdLoc, Nature) of the lines of `activity` (None: default)."
        for product in self.products:
            if product.activity == activity:
                return product.code, product.nature
        if self.default_product and self.default_nature:
            return self.default_product, self.default_nature
        return None

    @classmethod
    def of_invoice(cls, invoice, budgets=None):
        """The budget of the invoice's activities, else its city's first;
        `budgets`: the city's, when the caller read them once for many."""
        if budgets is None:
            budgets = cls.search([('company', '=', invoice.company.id)])
        for line in invoice.lines:
            activity = getattr(line, 'sitiv_activity', None)
            for budget in budgets:
                if activity and any(p.activity == activity
                        for p in budget.products):
                    return budget
        return budgets[0] if budgets else None

    def header(self, date):
        from hestia.pes import aller
        return aller.Header(id_post=self.id_post, id_coll=self.id_coll,
            cod_col=self.cod_col, cod_bud=self.cod_bud, label=self.name,
            date=date)


class BudgetProduct(ModelSQL, ModelView):
    "PES Product of an Activity"
    __name__ = 'pes.budget.product'

    budget = fields.Many2One('pes.budget', "Budget", required=True,
        ondelete='CASCADE')
    activity = fields.Many2One('sitiv.activity', "Activity", required=True,
        domain=[('company', '=', Eval('_parent_budget.company', -1))])
    code = fields.Char("Product Code (CodProdLoc)", required=True, size=4)
    nature = fields.Char("Nature", required=True, size=12,
        help="The revenue account of the M57 chart (7066, 7067 …).")

    @fields.depends('activity', 'nature')
    def on_change_activity(self):
        account = (self.activity.get_revenue_account() if self.activity
            else None)
        if account and not self.nature:
            self.nature = account.code

    @classmethod
    def validate_fields(cls, products, field_names):
        super().validate_fields(products, field_names)
        for product in products:
            if not re.fullmatch(r'[0-9A-Za-z]+', product.code or ''):
                raise ValidationError(gettext('pes_asap.msg_budget_code',
                        budget=product.budget.rec_name, value=product.code,
                        field=cls.fields_get(['code'])['code']['string']))
            if not (product.nature or '').isdigit():
                raise ValidationError(gettext('pes_asap.msg_budget_nature',
                        value=product.nature))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Seen and changed with its budget, under the budget's rules.
        cls.__access__.add('budget')
