# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A family's payment (§2.1.5.3): money taken at a régie or received
directly (SEPA, PayFiP, TIP, titre de recette), allocated to the
household's open invoices — partially if it does not cover them — and
posted as one accounting move that pays them in account_invoice.  What is
paid above the invoices is an advance (4191): the mode « Avance
utilisée » spends it on later invoices, or a refund pays it back.  A refund is the same record in the other direction: it pays back a
credit note or an advance.  Once posted a payment only changes by its
buttons; once on a deposit slip it is locked."""
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .regie import COUNTER_MODES, MODES
from .terminal import TerminalError, driver

ZERO = Decimal('0.00')
# What the buttons write on a posted payment.
WORKFLOW_FIELDS = {'state', 'deposit', 'number', 'move', 'reference'}


class Payment(Workflow, ModelSQL, ModelView):
    "Family Payment"
    __name__ = 'sitiv.payment'
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT',
        states=_states)
    number = fields.Char("Number", readonly=True)
    kind = fields.Selection([
            ('receipt', "Receipt"),
            ('refund', "Refund"),
            ], "Kind", required=True, states=_states)
    regie = fields.Many2One(
        'sitiv.regie', "Régie", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('mode').in_(list(COUNTER_MODES)),
            })
    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=_states)
    party = fields.Many2One(
        'party.party', "Payer", required=True, ondelete='RESTRICT',
        states=_states)
    date = fields.Date("Date", required=True, states=_states)
    mode = fields.Selection(MODES, "Mode", required=True, states=_states)
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True, states=_states,
        domain=[('amount', '>', 0)])
    reference = fields.Char(
        "Reference", states=_states,
        help="Cheque number, terminal authorisation, PayFiP operation …")
    bank = fields.Char(
        "Drawee Bank", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('mode') != 'cheque',
            })
    allocations = fields.One2Many(
        'sitiv.payment.allocation', 'payment', "Invoices Paid",
        states=_states,
        help="Empty: the household's oldest open invoices first.")
    advance = fields.Function(fields.Numeric(
            "Advance", digits=(16, 2),
            help="Paid above the invoices, kept to the payer's credit."),
        'get_advance')
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ('deposited', "Deposited"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    move = fields.Many2One('account.move', "Move", readonly=True)
    deposit = fields.Many2One(
        'sitiv.payment.deposit', "Deposit Slip", readonly=True,
        ondelete='RESTRICT')
    agent = fields.Many2One(
        'res.user', "Agent", readonly=True,
        help="The agent who took the payment.")
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            ('posted', 'deposited'),
            ('posted', 'cancelled'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'posted',
                    'depends': ['state'],
                    },
                'print_receipt': {
                    'invisible': ~Eval('state').in_(['posted', 'deposited']),
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'receipt'

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_agent():
        # None for what the system records (an online payment, an import):
        # a receipt never names the technical user.
        return Transaction().user or None

    @fields.depends('household', 'party')
    def on_change_household(self):
        if self.household and not self.party:
            self.party = self.household.get_payer()

    @property
    def signed_amount(self):
        return self.amount if self.kind == 'receipt' else -self.amount

    def get_advance(self, name):
        return self.unallocated()

    def unallocated(self):
        "From the allocations in hand: they may not be saved yet."
        return self.amount - sum(
            (a.amount for a in self.allocations or []), ZERO)

    @classmethod
    def write(cls, *args):
        for payments, values in zip(args[::2], args[1::2]):
            if set(values) - WORKFLOW_FIELDS:
                for payment in payments:
                    if payment.state != 'draft':
                        raise AccessError(gettext(
                                'sitiv_facturation.msg_payment_locked',
                                payment=payment.rec_name))
        super().write(*args)

    @classmethod
    def delete(cls, payments):
        for payment in payments:
            if payment.state != 'draft':
                raise AccessError(gettext(
                        'sitiv_facturation.msg_payment_delete',
                        payment=payment.rec_name))
        super().delete(payments)

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default else {}
        for name in ['number', 'move', 'deposit', 'agent']:
            default.setdefault(name, None)
        default.setdefault('allocations', None)
        return super().copy(payments, default=default)

    # Posting ---------------------------------------------------------------

    def open_invoices(self):
        "The payer's invoices of the household this payment can settle."
        Invoice = Pool().get('account.invoice')
        sign = 1 if self.kind == 'receipt' else -1
        # What is due is read in the accounts, which régie agents do not
        # open themselves.
        with without_check_access():
            invoices = Invoice.search([
                    ('sitiv_household', '=', self.household.id),
                    ('party', '=', self.party.id),
                    ('state', '=', 'posted'),
                    ], order=[('invoice_date', 'ASC'), ('id', 'ASC')])
            return [i for i in invoices if sign * i.amount_to_pay > 0]

    def allocate(self):
        "Allocations to the oldest open invoices first."
        Allocation = Pool().get('sitiv.payment.allocation')
        left, allocations = self.amount, []
        sign = 1 if self.kind == 'receipt' else -1
        for invoice in self.open_invoices():
            if left <= 0:
                break
            amount = min(left, sign * invoice.amount_to_pay)
            allocations.append(Allocation(invoice=invoice, amount=amount))
            left -= amount
        self.allocations = allocations

    def allocate_all(self):
        "Allocations covering every open invoice: the amount follows."
        Allocation = Pool().get('sitiv.payment.allocation')
        sign = 1 if self.kind == 'receipt' else -1
        self.allocations = [
            Allocation(invoice=i, amount=sign * i.amount_to_pay)
            for i in self.open_invoices()]
        self.amount = sum((a.amount for a in self.allocations), ZERO)

    def check_allocations(self):
        Invoice = Pool().get('account.invoice')
        sign = 1 if self.kind == 'receipt' else -1
        # What is unpaid in the accounts, direct debits in progress
        # included: the debit that succeeds is itself allocated.
        with Transaction().set_context(with_payment=False):
            invoices = Invoice.browse([a.invoice.id for a in self.allocations])
        for allocation, invoice in zip(self.allocations, invoices):
            due = sign * invoice.amount_to_pay
            if allocation.amount > due or invoice.state != 'posted':
                raise UserError(gettext(
                        'sitiv_facturation.msg_payment_allocation_too_much',
                        payment=self.rec_name,
                        invoice=allocation.invoice.rec_name))
        if self.unallocated() < 0:
            raise UserError(gettext(
                    'sitiv_facturation.msg_payment_allocated_above',
                    payment=self.rec_name))
        if self.mode == 'advance' and (self.kind != 'receipt'
                or self.unallocated()):
            raise UserError(gettext(
                    'sitiv_facturation.msg_advance_on_invoices',
                    payment=self.rec_name))
        if (self.mode == 'advance'
                and self.amount > self.household_credit(
                    self.household, self.party)):
            raise UserError(gettext(
                    'sitiv_facturation.msg_advance_above_credit',
                    payment=self.rec_name))
        if self.kind == 'refund' and self.unallocated() > 0:
            credit = self.household_credit(self.household, self.party)
            if self.unallocated() > credit:
                raise UserError(gettext(
                        'sitiv_facturation.msg_refund_above_credit',
                        payment=self.rec_name))

    @staticmethod
    def household_credit(household, party):
        "The payer's advance (4191) not yet used or refunded."
        Line = Pool().get('account.move.line')
        with without_check_access():
            account = household.company.sitiv_account('4191')
            if not account:
                return ZERO
            lines = Line.search([
                    ('account', '=', account.id),
                    ('party', '=', party.id),
                    ('move.state', '=', 'posted'),
                    ])
            return sum((l.credit - l.debit for l in lines), ZERO)

    def cash_account(self):
        """The régie's account for counter modes, the payer's advances when
        one is used, the Trésor's otherwise."""
        if self.mode == 'advance':
            code = '4191'
        elif self.mode in COUNTER_MODES:
            code = '5411'
        else:
            code = '515'
        return self.company.sitiv_account(code)

    def get_move(self):
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        Period = pool.get('account.period')
        Journal = pool.get('account.journal')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        receipt = self.kind == 'receipt'

        def line(account, amount, party=None):
            return Line(account=account, party=party,
                debit=amount if receipt else ZERO,
                credit=ZERO if receipt else amount)

        lines = [line(self.cash_account(), self.amount,
                self.party if self.mode == 'advance' else None)]
        for allocation in self.allocations:
            lines.append(line(allocation.invoice.account, -allocation.amount,
                    allocation.invoice.party))
        advance = self.unallocated()
        if advance:
            lines.append(line(self.company.sitiv_account('4191'),
                    -advance, self.party))
        for l in lines:
            # A negative debit is a credit.
            if l.debit < 0:
                l.debit, l.credit = ZERO, -l.debit
            if l.credit < 0:
                l.credit, l.debit = ZERO, -l.credit
        return Move(
            journal=journal, company=self.company, date=self.date,
            period=Period.find(self.company, date=self.date),
            origin=self, description=self.describe(), lines=lines)

    def describe(self):
        Mode = self.__class__
        mode = dict(Mode.fields_get(['mode'])['mode']['selection'])[self.mode]
        return f"{mode} — {self.household.rec_name}"

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, payments):
        # The agent may post the payments; the moves and reconciliations
        # that follow are the accounts', which régie agents do not edit.
        with without_check_access():
            cls._post(payments)

    @classmethod
    def _post(cls, payments):
        pool = Pool()
        Move = pool.get('account.move')
        Invoice = pool.get('account.invoice')
        Line = pool.get('account.move.line')
        for payment in payments:
            payment.company.sitiv_ensure_fiscalyear(payment.date)
            if not payment.allocations:
                payment.allocate()
            payment.check_allocations()
            if payment.mode == 'card' and payment.kind == 'receipt':
                try:
                    payment.reference = driver(
                        payment.regie.terminal).charge(
                        payment.amount, payment.reference)
                except TerminalError as exception:
                    raise UserError(gettext(
                            'sitiv_facturation.msg_terminal_refused',
                            payment=payment.rec_name,
                            reason=str(exception))) from exception
        cls.save(payments)
        moves = [p.get_move() for p in payments]
        Move.save(moves)
        Move.post(moves)
        to_add, to_reconcile = {}, []
        for payment, move in zip(payments, moves):
            payment.move = move
            by_account = [l for l in move.lines if l.account.type.receivable
                and l.account.code != '4191']
            for allocation in payment.allocations:
                invoice = allocation.invoice
                amount = allocation.amount
                line = next(l for l in by_account
                    if abs(l.debit - l.credit) == amount)
                by_account.remove(line)
                to_add.setdefault(invoice, []).append(line)
        Invoice.add_payment_lines(to_add)
        paid = []
        with Transaction().set_context(with_payment=False):
            invoices = Invoice.browse([i.id for i in to_add])
        for invoice in invoices:
            if invoice.amount_to_pay == 0:
                to_reconcile.append(list(invoice.lines_to_pay) + [
                        l for l in invoice.payment_lines
                        if not l.reconciliation])
                paid.append(invoice)
        if to_reconcile:
            Line.reconcile(*to_reconcile)
            Invoice.process(paid)
        for payment in payments:
            if not payment.number:
                payment.number = payment.get_number()
        cls.save(payments)

    def get_number(self):
        if self.regie:
            return self.regie.next_number()
        return f"DIR-{self.id:06d}"

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, payments):
        """Undo a posted payment that is not deposited: its invoices are
        open again and a reversing move keeps the accounting history."""
        with without_check_access():
            cls._cancel(payments)

    @classmethod
    def _cancel(cls, payments):
        pool = Pool()
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        Invoice = pool.get('account.invoice')
        Reconciliation = pool.get('account.move.reconciliation')
        lines = [l for p in payments if p.move for l in p.move.lines]
        reconciliations = {l.reconciliation for l in lines
            if l.reconciliation}
        invoices = Invoice.search([('payment_lines', 'in',
                    [l.id for l in lines])])
        if reconciliations:
            Reconciliation.delete(list(reconciliations))
            Invoice.process(invoices)
        Invoice.remove_payment_lines(lines)
        # Off the slip not yet confirmed, if it was on one.
        cls.write(payments, {'deposit': None})
        for payment in payments:
            if not payment.move:
                continue
            reverse = payment.move.cancel(reversal=True)
            Move.post([reverse])
            for line in payment.move.lines:
                if line.account.reconcile:
                    twin = [r for r in reverse.lines
                        if r.account == line.account
                        and r.party == line.party
                        and (r.debit, r.credit) == (line.credit, line.debit)
                        and not r.reconciliation]
                    Line.reconcile([line, twin[0]])

    @classmethod
    @ModelView.button_action('sitiv_facturation.report_payment_receipt')
    def print_receipt(cls, payments):
        pass


class PaymentAllocation(ModelSQL, ModelView):
    "Payment Allocation"
    __name__ = 'sitiv.payment.allocation'
    payment = fields.Many2One(
        'sitiv.payment', "Payment", required=True, ondelete='CASCADE')
    invoice = fields.Many2One(
        'account.invoice', "Invoice", required=True, ondelete='RESTRICT',
        domain=[('state', 'in', ['posted', 'paid'])])
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True,
        domain=[('amount', '>', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('payment')


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['sitiv.payment']
