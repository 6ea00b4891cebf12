# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Tariff grids (§2.1.5.1): quotient-familial brackets or taux d'effort,
résident / intercommunalité / hors commune, cumulative criteria (the
« triple tarif »: family outside the city + child schooled in the city +
ULIS class) and sibling degressive rates. Every grid has validity dates
and grids of one activity never overlap: an invoice for March uses the
grid valid in March (historisation)."""
from decimal import ROUND_HALF_UP, Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.model.exceptions import ValidationError
from trytond.pyson import Eval, If

CENT = Decimal('0.01')
RESIDENCES = [
    (None, "Any"),
    ('resident', "Resident"),
    ('epci', "Intercommunality"),
    ('outside', "Outside"),
    ]
METHODS = [
    ('fixed', "Price per bracket"),
    ('effort', "Effort rate on resources"),
    ]
CRITERION = [
    (None, "Any"),
    ('yes', "Yes"),
    ('no', "No"),
    ]


class Tariff(ModelSQL, ModelView):
    "Tariff Grid"
    __name__ = 'sitiv.tariff'
    _history = True

    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    start_date = fields.Date("Valid From", required=True)
    end_date = fields.Date(
        "Valid Until",
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    method = fields.Selection(METHODS, "Method", required=True)
    sibling_rate_2 = fields.Numeric(
        "Second Child Discount (%)", digits=(5, 2),
        help="Discount for the second child of the household enrolled in "
        "the same domain (children ranked from the eldest).")
    sibling_rate_3 = fields.Numeric(
        "Third Child and More Discount (%)", digits=(5, 2))
    lines = fields.One2Many('sitiv.tariff.line', 'tariff', "Lines")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('activity', 'ASC'), ('start_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_method():
        return 'fixed'

    def covers(self, date):
        return (self.start_date <= date
            and (not self.end_date or date <= self.end_date))

    @classmethod
    def validate_fields(cls, tariffs, field_names):
        super().validate_fields(tariffs, field_names)
        if field_names & {'activity', 'start_date', 'end_date'}:
            cls.check_overlap(tariffs)

    @classmethod
    def check_overlap(cls, tariffs):
        for tariff in tariffs:
            others = cls.search([
                    ('id', '!=', tariff.id),
                    ('activity', '=', tariff.activity.id),
                    ['OR',
                        ('end_date', '=', None),
                        ('end_date', '>=', tariff.start_date)],
                    ] + ([('start_date', '<=', tariff.end_date)]
                    if tariff.end_date else []), limit=1)
            if others:
                raise ValidationError(gettext(
                        'sitiv_facturation.msg_tariff_overlap',
                        tariff=tariff.name, other=others[0].name,
                        activity=tariff.activity.rec_name))

    def sibling_rate(self, rank):
        if rank >= 3 and self.sibling_rate_3:
            return self.sibling_rate_3
        if rank >= 2 and self.sibling_rate_2:
            return self.sibling_rate_2
        return Decimal(0)

    def unit_price(self, quotient, monthly_resources, residence,
            school_city, ulis, rank=1):
        """The price of one unit, or None when no line applies.
        An unknown quotient is treated as above every bracket: the family
        pays the top price until it provides its resources."""
        for line in self.lines:
            if line.matches(quotient, residence, school_city, ulis):
                price = line.base_price(monthly_resources)
                discount = self.sibling_rate(rank)
                if discount:
                    price *= (Decimal(100) - discount) / Decimal(100)
                return price.quantize(CENT, rounding=ROUND_HALF_UP)


class TariffLine(sequence_ordered(), ModelSQL, ModelView):
    "Tariff Line"
    __name__ = 'sitiv.tariff.line'
    _history = True

    tariff = fields.Many2One(
        'sitiv.tariff', "Tariff", required=True, ondelete='CASCADE')
    method = fields.Function(
        fields.Selection(METHODS, "Method"), 'on_change_with_method')
    residence = fields.Selection(RESIDENCES, "Residence")
    school_city = fields.Selection(
        CRITERION, "Schooled in the City")
    ulis = fields.Selection(CRITERION, "ULIS Class")
    qf_min = fields.Integer("QF From")
    qf_max = fields.Integer("QF To")
    price = fields.Numeric(
        "Unit Price", digits=(16, 4),
        states={
            'invisible': Eval('method') != 'fixed',
            'required': Eval('method') == 'fixed',
            })
    rate = fields.Numeric(
        "Effort Rate (%)", digits=(8, 4),
        states={
            'invisible': Eval('method') != 'effort',
            'required': Eval('method') == 'effort',
            },
        help="Percentage of the household's monthly resources.")
    floor = fields.Numeric(
        "Floor", digits=(16, 4),
        states={'invisible': Eval('method') != 'effort'})
    ceiling = fields.Numeric(
        "Ceiling", digits=(16, 4),
        states={'invisible': Eval('method') != 'effort'},
        help="Also the price when the resources are unknown.")

    @fields.depends('tariff', '_parent_tariff.method')
    def on_change_with_method(self, name=None):
        return self.tariff.method if self.tariff else None

    def matches(self, quotient, residence, school_city, ulis):
        if self.residence and self.residence != residence:
            return False
        for criterion, value in [
                (self.school_city, school_city), (self.ulis, ulis)]:
            if criterion and (criterion == 'yes') != bool(value):
                return False
        if quotient is None:
            return self.qf_max is None
        if self.qf_min is not None and quotient < self.qf_min:
            return False
        if self.qf_max is not None and quotient > self.qf_max:
            return False
        return True

    def base_price(self, monthly_resources):
        if self.tariff.method == 'fixed':
            return self.price
        if monthly_resources is None:
            return self.ceiling or Decimal(0)
        price = monthly_resources * self.rate / Decimal(100)
        if self.floor is not None:
            price = max(price, self.floor)
        if self.ceiling is not None:
            price = min(price, self.ceiling)
        return price

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Seen and changed with its tariff, under the tariff's rules.
        cls.__access__.add('tariff')
