# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Tariff simulation (§2.1.5.1 « simulation de coûts d'activité sur une
semaine type »): a weekly pattern over a month, priced with the grid,
quotient and residence the billing run would use. The family portal
calls `simulate` too."""
import datetime

from hestia.french import WEEKDAYS as FRENCH_WEEKDAYS, euro, french_date, \
    month_name

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.report import Report
from trytond.wizard import Button, StateReport, StateTransition, StateView, \
    Wizard

from sitiv_famille.custody import WEEKDAYS

from .invoice_report import FamilyInvoice
from .tariff import RESIDENCES

def simulate(activity, month, weekdays, **criteria):
    """{days, unit_price, total} of booking `weekdays` (0 = Monday) of the
    month starting on `month`, or None when the grid has no price: the
    billing pricing's own `simulate` (sitiv.billing.pricing)."""
    Pricing = Pool().get('sitiv.billing.pricing')
    return Pricing.simulate(activity, month, weekdays, **criteria)


class Quote(Report):
    """The simulation printed for the family (§2.1.5.1 « devis »): the
    days booked, the unit price and the month's total, not binding."""
    __name__ = 'sitiv.tariff.quote'

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        Household = pool.get('sitiv.household')
        context = super().get_context(records, header, data)
        activity = Activity(data['activity'])
        month = datetime.date.fromisoformat(data['month'])
        estimate = simulate(activity, month, set(data['weekdays']),
            quotient=data.get('quotient'), residence=data['residence'],
            rank=data.get('rank') or 1)
        context.update({
                'activity': activity,
                'company': activity.company,
                'household': (Household(data['household'])
                    if data.get('household') else None),
                'month': month_name(month),
                'weekdays': ', '.join(FRENCH_WEEKDAYS[d]
                    for d in data['weekdays']),
                'quotient': data.get('quotient'),
                'estimate': estimate,
                'euro': euro,
                'french_date': french_date,
                'today': Pool().get('ir.date').today(),
                'address': FamilyInvoice.address,
                })
        return context


class SimulateStart(ModelView):
    "Tariff Simulation"
    __name__ = 'sitiv.tariff.simulate.start'

    activity = fields.Many2One('sitiv.activity', "Activity", required=True)
    household = fields.Many2One(
        'sitiv.household', "Household",
        help="Empty: enter the quotient and the residence.")
    month = fields.Date("Month", required=True)
    quotient = fields.Integer("Quotient Familial")
    residence = fields.Selection(RESIDENCES[1:], "Residence", required=True)
    rank = fields.Integer("Child's Rank", required=True,
        help="1 for the eldest child enrolled in the domain.")
    monday = fields.Boolean("Monday")
    tuesday = fields.Boolean("Tuesday")
    wednesday = fields.Boolean("Wednesday")
    thursday = fields.Boolean("Thursday")
    friday = fields.Boolean("Friday")
    saturday = fields.Boolean("Saturday")
    sunday = fields.Boolean("Sunday")
    result = fields.Text("Estimate", readonly=True)

    @fields.depends('household', 'month', 'activity')
    def on_change_household(self):
        pool = Pool()
        Quotient = pool.get('sitiv.quotient_familial')
        if self.household and self.month:
            quotient = Quotient.quotient_on(self.household, self.month)
            self.quotient = quotient.quotient if quotient else None
            self.residence = self.household.company.residence_category(
                self.household.residence_city)

class Simulate(Wizard):
    "Simulate what a weekly pattern costs in a month."
    __name__ = 'sitiv.tariff.simulate'
    start = StateView('sitiv.tariff.simulate.start',
        'sitiv_facturation.tariff_simulate_start_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Print the Quote", 'quote', 'tryton-print'),
            Button("Simulate", 'compute', 'tryton-ok', default=True),
            ])
    compute = StateTransition()
    quote = StateReport('sitiv.tariff.quote')

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        today = Date.today()
        month = (today.replace(day=28) + datetime.timedelta(days=4)
            ).replace(day=1)
        values = {'month': month, 'residence': 'resident', 'rank': 1,
            'monday': True, 'tuesday': True, 'thursday': True,
            'friday': True}
        return values

    def value_start(self, fields):
        "After a simulation the form keeps what was entered, and the result."
        start = self.start
        if not getattr(start, 'result', None):
            return {}
        values = {name: getattr(start, name) for name in ['month',
                'quotient', 'residence', 'rank', 'result'] + WEEKDAYS}
        values['activity'] = start.activity.id
        values['household'] = start.household.id if start.household else None
        return values

    def weekdays(self):
        weekdays = {i for i, day in enumerate(WEEKDAYS)
            if getattr(self.start, day)}
        if not weekdays:
            raise ValidationError(gettext(
                    'sitiv_activite.msg_reserve_no_day'))
        return weekdays

    def do_quote(self, action):
        self.transition_compute()
        start = self.start
        return action, {
            'activity': start.activity.id,
            'household': start.household.id if start.household else None,
            'month': start.month.isoformat(),
            'weekdays': sorted(self.weekdays()),
            'quotient': start.quotient, 'residence': start.residence,
            'rank': start.rank or 1,
            }

    def transition_quote(self):
        return 'start'

    def transition_compute(self):
        start = self.start
        weekdays = self.weekdays()
        estimate = simulate(start.activity, start.month, weekdays,
            quotient=start.quotient, residence=start.residence,
            rank=start.rank or 1)
        if estimate is None:
            start.result = gettext('sitiv_facturation.msg_simulation_none',
                activity=start.activity.rec_name)
        else:
            start.result = gettext('sitiv_facturation.msg_simulation',
                days=estimate['days'],
                unit_price=euro(estimate['unit_price']),
                total=euro(estimate['total']),
                month=start.month.strftime('%m/%Y'))
        return 'start'
