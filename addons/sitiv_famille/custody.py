# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Custody of a child between households (§2.1.1: garde alternée ou partagée
à l'heure, par jour, familles recomposées) and the billing attachment rule
that sitiv_facturation applies."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pyson import Eval, If

MODES = [
    ('full', "Exclusive residence"),
    ('alternate_weeks', "Alternating weeks"),
    ('days', "Given days of the week"),
    ('hours', "Hourly schedule"),
    ]
BILLING_RULES = [
    ('enrolling', "Parent who enrols"),
    ('custody', "Parent in custody on the day"),
    ('resources', "Resources of one parent"),
    ('third_party', "Third party"),
    ('split', "Percentage split"),
    ]
WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday',
    'saturday', 'sunday']


class Custody(ModelSQL, ModelView):
    "Custody Arrangement"
    __name__ = 'sitiv.custody'
    _history = True

    child = fields.Many2One(
        'party.party', "Child", required=True, ondelete='CASCADE',
        domain=[('is_person', '=', True)])
    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='CASCADE',
        domain=[('members.party', '=', Eval('child', -1))],
        help="The household where the child lives during the periods below.")
    start_date = fields.Date("Start Date")
    end_date = fields.Date(
        "End Date",
        domain=[If(Eval('start_date') & Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    mode = fields.Selection(MODES, "Custody Mode", required=True)
    week_parity = fields.Selection([
            (None, ''),
            ('even', "Even weeks"),
            ('odd', "Odd weeks"),
            ], "Weeks",
        states={
            'invisible': Eval('mode') != 'alternate_weeks',
            'required': Eval('mode') == 'alternate_weeks',
            },
        help="ISO week numbers spent in this household.")
    monday = fields.Boolean("Monday")
    tuesday = fields.Boolean("Tuesday")
    wednesday = fields.Boolean("Wednesday")
    thursday = fields.Boolean("Thursday")
    friday = fields.Boolean("Friday")
    saturday = fields.Boolean("Saturday")
    sunday = fields.Boolean("Sunday")
    start_time = fields.Time(
        "From", states={'invisible': Eval('mode') != 'hours'})
    end_time = fields.Time(
        "To", states={'invisible': Eval('mode') != 'hours'})
    billing_rule = fields.Selection(
        BILLING_RULES, "Billing Attachment", required=True)
    billing_party = fields.Many2One(
        'party.party', "Billed Party",
        states={
            'required': Eval('billing_rule').in_(['third_party', 'resources']),
            'invisible': ~Eval('billing_rule').in_(
                ['third_party', 'resources']),
            },
        help="The third party billed, or the parent whose resources set "
        "the tariff.")
    billing_percentage = fields.Numeric(
        "Billed Share (%)", digits=(5, 2),
        states={
            'required': Eval('billing_rule') == 'split',
            'invisible': Eval('billing_rule') != 'split',
            })
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('child', 'ASC'), ('start_date', 'DESC'), ('id', 'DESC')]
        for day in WEEKDAYS:
            getattr(cls, day).states = {
                'invisible': ~Eval('mode').in_(['days', 'hours']),
                }

    @staticmethod
    def default_mode():
        return 'full'

    @staticmethod
    def default_billing_rule():
        return 'custody'

    def applies_on(self, date):
        "Whether the child is in this household on `date`."
        if self.start_date and date < self.start_date:
            return False
        if self.end_date and date > self.end_date:
            return False
        if self.mode == 'full':
            return True
        if self.mode == 'alternate_weeks':
            even = date.isocalendar()[1] % 2 == 0
            return even == (self.week_parity == 'even')
        return bool(getattr(self, WEEKDAYS[date.weekday()]))

    @classmethod
    def households_on(cls, child, date):
        "Households of the child on `date` according to its custody."
        custodies = cls.search([('child', '=', child.id)])
        return [c.household for c in custodies if c.applies_on(date)]

    def get_rec_name(self, name):
        return '%s — %s' % (self.child.rec_name, self.household.rec_name)

    @classmethod
    def validate_fields(cls, custodies, field_names):
        super().validate_fields(custodies, field_names)
        for custody in custodies:
            percentage = custody.billing_percentage
            if percentage is not None and not (
                    Decimal(0) <= percentage <= Decimal(100)):
                raise ValidationError(gettext(
                        'sitiv_famille.msg_custody_percentage',
                        child=custody.child.rec_name))
            if custody.mode in {'days', 'hours'} and not any(
                    getattr(custody, d) for d in WEEKDAYS):
                raise ValidationError(gettext(
                        'sitiv_famille.msg_custody_no_day',
                        child=custody.child.rec_name))
