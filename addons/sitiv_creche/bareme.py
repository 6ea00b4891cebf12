# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The CNAF barème of the PSU as dated data (issue 20): for each period its
floor and ceiling of monthly resources and the taux d'effort per hour by
number of dependent children, in two tables — collective care, and family,
parental and micro-crèche care. The hourly rate of a family is its monthly
resources, held between the floor and the ceiling, times its taux d'effort;
a dependent child with a disability (AEEH) counts as one more child. The
periods shipped (barème.xml) cite the CNAF circulars they come from; a new
circular is a new period an administrator enters, not a code change."""
from decimal import ROUND_HALF_UP, Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pyson import Eval, If

CENT = Decimal('0.01')
TABLES = [
    ('collective', "Collective care"),
    ('familial', "Family, parental care and micro-crèche"),
    ]


class BaremeError(ValidationError):
    pass


class Bareme(ModelSQL, ModelView):
    "CNAF PSU Barème"
    __name__ = 'sitiv.creche.bareme'
    _history = True

    name = fields.Char("Name", required=True)
    start_date = fields.Date("Valid From", required=True)
    end_date = fields.Date(
        "Valid Until",
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    floor = fields.Numeric("Monthly Resources Floor (€)", digits=(16, 2),
        required=True)
    ceiling = fields.Numeric("Monthly Resources Ceiling (€)", digits=(16, 2),
        required=True)
    reference = fields.Text("Source",
        help="The CNAF circular the figures come from.")
    rates = fields.One2Many('sitiv.creche.bareme.rate', 'bareme',
        "Effort Rates")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def validate_fields(cls, baremes, field_names):
        super().validate_fields(baremes, field_names)
        for bareme in baremes:
            if bareme.ceiling < bareme.floor:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_bareme_ceiling',
                        bareme=bareme.rec_name))
            domain = [('id', '!=', bareme.id),
                ['OR', ('end_date', '=', None),
                    ('end_date', '>=', bareme.start_date)]]
            if bareme.end_date:
                domain.append(('start_date', '<=', bareme.end_date))
            others = cls.search(domain, limit=1)
            if others:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_bareme_overlap',
                        bareme=bareme.rec_name, other=others[0].rec_name))

    @classmethod
    def find(cls, date):
        "The barème in force on `date`; a French error when none is."
        baremes = cls.search([
                ('start_date', '<=', date),
                ['OR', ('end_date', '=', None), ('end_date', '>=', date)],
                ], limit=1)
        if not baremes:
            raise BaremeError(gettext('sitiv_creche.msg_bareme_missing',
                    date=date.strftime('%d/%m/%Y')))
        return baremes[0]

    def rate(self, table, children):
        "The taux d'effort (%) per hour for `children` dependent children."
        children = max(children or 1, 1)
        for line in self.rates:
            if line.table == table and line.children_min <= children and (
                    line.children_max is None
                    or children <= line.children_max):
                return line.rate
        raise BaremeError(gettext('sitiv_creche.msg_bareme_no_rate',
                bareme=self.rec_name, children=children))

    def resources(self, monthly_resources):
        """The resources the rate applies to: held between the floor and
        the ceiling; unknown resources are taken at the ceiling."""
        if monthly_resources is None:
            return self.ceiling
        return min(max(monthly_resources, self.floor), self.ceiling)

    def hourly_rate(self, table, monthly_resources, children, disabled=False):
        """The family's price of an hour, to the cent: resources × taux
        d'effort; a child with a disability counts as one more child."""
        children = (children or 1) + (1 if disabled else 0)
        rate = self.rate(table, children)
        return (self.resources(monthly_resources) * rate / Decimal(100)
            ).quantize(CENT, rounding=ROUND_HALF_UP)


class BaremeRate(ModelSQL, ModelView):
    "CNAF PSU Effort Rate"
    __name__ = 'sitiv.creche.bareme.rate'
    _history = True

    bareme = fields.Many2One('sitiv.creche.bareme', "Barème", required=True,
        ondelete='CASCADE')
    table = fields.Selection(TABLES, "Table", required=True)
    children_min = fields.Integer("Children From", required=True,
        domain=[('children_min', '>=', 1)])
    children_max = fields.Integer("Children To",
        help="Empty: and more.")
    rate = fields.Numeric("Effort Rate per Hour (%)", digits=(8, 4),
        required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('bareme')
        cls._order = [('bareme', 'ASC'), ('table', 'ASC'),
            ('children_min', 'ASC'), ('id', 'ASC')]
