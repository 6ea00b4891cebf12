# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Deposit slips (§2.1.5.3 « bordereaux de versement »): the régisseur
hands the payments collected to the Trésorerie, for every mode at once or
one mode per slip (cheques with their remittance, cash …).  Confirming the
slip moves the amount from the régie's account (5411) to the Trésor (515)
and locks its payments for good."""
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .regie import COUNTER_MODES, MODES


class Deposit(Workflow, ModelSQL, ModelView):
    "Deposit Slip"
    __name__ = 'sitiv.payment.deposit'
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}
    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='RESTRICT',
        states=_states)
    number = fields.Char("Number", readonly=True)
    regie = fields.Many2One(
        'sitiv.regie', "Régie", required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=_states)
    date = fields.Date("Date", required=True, states=_states)
    mode = fields.Selection(
        [(None, "Every mode")] + [m for m in MODES if m[0] in COUNTER_MODES],
        "Mode", states=_states, help="Empty: a global slip.")
    payments = fields.One2Many(
        'sitiv.payment', 'deposit', "Payments", readonly=True)
    count = fields.Function(fields.Integer("Payments"), 'get_totals')
    amount = fields.Function(
        fields.Numeric("Amount", digits=(16, 2)), 'get_totals')
    move = fields.Many2One('account.move', "Move", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('done', "Done"),
            ], "State", readonly=True, required=True, sort=False)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'done')}
        cls._buttons.update({
                'fill': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'done': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_state():
        return 'draft'

    @classmethod
    def get_totals(cls, deposits, names):
        result = {n: {} for n in names}
        for deposit in deposits:
            if 'count' in names:
                result['count'][deposit.id] = len(deposit.payments)
            if 'amount' in names:
                result['amount'][deposit.id] = sum(
                    (p.signed_amount for p in deposit.payments),
                    Decimal('0.00'))
        return result

    def next_number(self):
        "Slips are numbered per régie and year: ALSH-V2026-0003."
        year = self.date.year
        done = self.search([
                ('regie', '=', self.regie.id),
                ('state', '=', 'done'),
                ('number', 'like', f'%-V{year}-%'),
                ], count=True)
        return f"{self.regie.code}-V{year}-{done + 1:04d}"

    @classmethod
    def delete(cls, deposits):
        Payment = Pool().get('sitiv.payment')
        for deposit in deposits:
            if deposit.state == 'done':
                raise UserError(gettext(
                        'sitiv_facturation.msg_deposit_delete',
                        deposit=deposit.rec_name))
        Payment.write([p for d in deposits for p in d.payments],
            {'deposit': None})
        super().delete(deposits)

    @classmethod
    @ModelView.button
    def fill(cls, deposits):
        "Every posted payment of the régie (and mode) up to the slip's date."
        Payment = Pool().get('sitiv.payment')
        for deposit in deposits:
            domain = [
                ('regie', '=', deposit.regie.id),
                ('state', '=', 'posted'),
                ('deposit', '=', None),
                ('date', '<=', deposit.date),
                ('mode', 'in', list(COUNTER_MODES)),
                ]
            if deposit.mode:
                domain.append(('mode', '=', deposit.mode))
            Payment.write(Payment.search(domain), {'deposit': deposit.id})

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def done(cls, deposits):
        # The régisseur confirms; the move is the accounts'.
        with without_check_access():
            cls._done(deposits)

    @classmethod
    def _done(cls, deposits):
        pool = Pool()
        Payment = pool.get('sitiv.payment')
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        Period = pool.get('account.period')
        Journal = pool.get('account.journal')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        moves = []
        for deposit in deposits:
            if not deposit.payments:
                raise UserError(gettext(
                        'sitiv_facturation.msg_deposit_empty',
                        deposit=deposit.rec_name or deposit.regie.rec_name))
            company = deposit.company
            amount = deposit.amount
            debit, credit = (amount, 0) if amount >= 0 else (0, -amount)
            moves.append(Move(
                    journal=journal, company=company, date=deposit.date,
                    period=Period.find(company, date=deposit.date),
                    description=f"Versement {deposit.regie.name}",
                    lines=[
                        Line(account=company.sitiv_account('515'),
                            debit=debit, credit=credit),
                        Line(account=company.sitiv_account('5411'),
                            debit=credit, credit=debit),
                        ]))
        Move.save(moves)
        Move.post(moves)
        for deposit, move in zip(deposits, moves):
            deposit.move = move
            deposit.number = deposit.next_number()
            deposit.save()
        Payment.write([p for d in deposits for p in d.payments],
            {'state': 'deposited'})
