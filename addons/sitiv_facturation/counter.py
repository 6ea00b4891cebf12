# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The counter (§2.1.5.3 « encaissement rapide »): one form for a queue
of families — type the family number or a name, the amount due is
proposed, choose the mode, « Encaisser ».  The receipt prints when the
régie always gives one or the agent ticks it, and the form comes back
empty for the next family, on the same régie."""
from decimal import Decimal

from hestia.french import euro

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateReport, StateTransition, StateView, \
    Wizard
from hestia_base.security import check_company, context_company

from .regie import COUNTER_MODES, MODES

ZERO = Decimal('0.00')


class CounterStart(ModelView):
    "Counter Payment"
    __name__ = 'sitiv.payment.counter.start'

    company = fields.Many2One('company.company', "City", readonly=True)
    regie = fields.Many2One(
        'sitiv.regie', "Régie", required=True,
        domain=[('company', '=', Eval('company', -1))])
    regie_modes = fields.MultiSelection(MODES, "Modes of the Régie")
    household = fields.Many2One(
        'sitiv.household', "Family", required=True,
        domain=[('company', '=', Eval('company', -1))],
        help="Family number or a name.")
    party = fields.Many2One('party.party', "Payer", required=True)
    invoices = fields.Many2Many(
        'account.invoice', None, None, "Open Invoices", readonly=True)
    amount_due = fields.Numeric("Amount Due", digits=(16, 2), readonly=True)
    credit = fields.Numeric(
        "Advance Available", digits=(16, 2), readonly=True)
    mode = fields.Selection(
        [m for m in MODES if m[0] in COUNTER_MODES], "Mode", required=True,
        domain=[('mode', 'in', Eval('regie_modes', []))])
    amount = fields.Numeric(
        "Amount Received", digits=(16, 2), required=True,
        domain=[('amount', '>', 0)])
    reference = fields.Char(
        "Reference", help="Cheque number or terminal authorisation.")
    bank = fields.Char(
        "Drawee Bank", states={'invisible': Eval('mode') != 'cheque'})
    receipt = fields.Boolean("Print a Receipt")
    last = fields.Char("Last Payment", readonly=True)

    @fields.depends('regie')
    def on_change_with_regie_modes(self):
        return list(self.regie.modes or []) if self.regie else []

    @fields.depends('regie', 'receipt')
    def on_change_regie(self):
        if self.regie:
            self.receipt = self.regie.receipt == 'always'

    @fields.depends('household', 'party', 'amount', 'invoices',
        'amount_due', 'credit')
    def on_change_household(self):
        self.party = self.household.get_payer() if self.household else None
        self.on_change_party()

    @fields.depends('household', 'party', 'amount', 'invoices',
        'amount_due', 'credit')
    def on_change_party(self):
        Payment = Pool().get('sitiv.payment')
        if not self.household or not self.party:
            self.invoices, self.amount_due, self.credit = [], None, None
            return
        payment = Payment(household=self.household, party=self.party,
            kind='receipt')
        invoices = payment.open_invoices()
        self.invoices = invoices
        self.amount_due = sum((i.amount_to_pay for i in invoices), ZERO)
        self.credit = Payment.household_credit(self.household, self.party)
        self.amount = self.amount_due or None


class Counter(Wizard):
    "Counter"
    __name__ = 'sitiv.payment.counter'
    start = StateView('sitiv.payment.counter.start',
        'sitiv_facturation.payment_counter_start_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Take Payment", 'pay', 'tryton-ok', default=True),
            ])
    pay = StateTransition()
    receipt = StateReport('sitiv.payment.receipt')

    def default_start(self, fields):
        Regie = Pool().get('sitiv.regie')
        company = context_company().id
        regie = Regie.of_user(company)
        values = {
            'company': company,
            'regie': regie.id if regie else None,
            'regie_modes': list(regie.modes or []) if regie else [],
            'receipt': bool(regie and regie.receipt == 'always'),
            }
        values.update(self._from_invoice(company))
        return values

    def _from_invoice(self, company):
        """Opened from a family invoice (« Encaisser »): its family, its
        payer and what they owe, as if the agent had typed the number."""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Start = pool.get('sitiv.payment.counter.start')
        context = Transaction().context
        if (context.get('active_model') != 'account.invoice'
                or not context.get('active_id')):
            return {}
        invoice = Invoice(context['active_id'])
        if (invoice.company.id != company or not invoice.sitiv_household
                or invoice.state != 'posted'):
            return {}
        start = Start(household=invoice.sitiv_household,
            party=invoice.party, amount=None, invoices=[],
            amount_due=None, credit=None)
        start.on_change_party()
        return {
            'household': start.household.id,
            'party': start.party.id,
            'invoices': [i.id for i in start.invoices],
            'amount_due': start.amount_due,
            'credit': start.credit,
            'amount': start.amount,
            }

    def value_start(self, fields):
        "Back for the next family: the régie and what was just taken."
        start = self.start
        if not getattr(start, 'last', None):
            return {}
        return {
            'last': start.last,
            'regie': start.regie.id,
            'regie_modes': list(start.regie.modes or []),
            'receipt': start.regie.receipt == 'always',
            }

    def transition_pay(self):
        Payment = Pool().get('sitiv.payment')
        start = self.start
        payment = Payment(
            company=check_company(start.company), regie=start.regie,
            kind='receipt',
            household=start.household, party=start.party,
            date=Payment.default_date(), mode=start.mode,
            amount=start.amount, reference=start.reference, bank=start.bank,
            agent=Transaction().user)
        payment.save()
        Payment.post([payment])
        self.payment_id = payment.id
        receipt = start.receipt
        # The next family: same régie, empty form, what was just done.
        start.last = f"{payment.number} — {payment.household.name} — " \
            f"{euro(payment.amount)}"
        for name in ['household', 'party', 'mode', 'amount', 'reference',
                'bank', 'amount_due', 'credit']:
            setattr(start, name, None)
        start.invoices = []
        start.receipt = start.regie.receipt == 'always'
        return 'receipt' if receipt else 'start'

    def do_receipt(self, action):
        return action, {'ids': [self.payment_id], 'id': self.payment_id,
            'model': 'sitiv.payment'}

    def transition_receipt(self):
        return 'start'
