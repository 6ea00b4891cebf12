# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Refunds (§2.1.5.3 « remboursements unitaires ou en masse »): what the
city owes the selected families — their advances and open credit notes —
is paid back in one go, as refund payments, and the list to sign and hand
to the Trésorerie is printed."""
from decimal import Decimal

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.wizard import Button, StateReport, StateTransition, StateView, \
    Wizard
from hestia_base.security import context_company

from .regie import COUNTER_MODES

ZERO = Decimal('0.00')
REFUND_MODES = [('transfer', "Bank Transfer"), ('cheque', "Cheque"),
    ('cash', "Cash")]


class RefundStart(ModelView):
    "Refund Families"
    __name__ = 'sitiv.payment.refund.start'
    company = fields.Many2One('company.company', "City", readonly=True)
    date = fields.Date("Date", required=True)
    mode = fields.Selection(REFUND_MODES, "Mode", required=True)
    regie = fields.Many2One(
        'sitiv.regie', "Régie",
        domain=[('company', '=', Eval('company', -1))],
        states={'required': Eval('mode').in_(list(COUNTER_MODES))})


class Refund(Wizard):
    "Refund Families"
    __name__ = 'sitiv.payment.refund'
    start = StateView('sitiv.payment.refund.start',
        'sitiv_facturation.payment_refund_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Refund", 'refund', 'tryton-ok', default=True),
            ])
    refund = StateTransition()
    document = StateReport('sitiv.payment.journal')

    def default_start(self, fields):
        Regie = Pool().get('sitiv.regie')
        company = context_company().id
        regie = Regie.of_user(company)
        return {
            'company': company,
            'date': Pool().get('ir.date').today(),
            'mode': 'transfer',
            'regie': regie.id if regie else None,
            }

    def transition_refund(self):
        Payment = Pool().get('sitiv.payment')
        refunds = []
        for household in self.records:
            party = household.get_payer()
            if not party:
                continue
            refund = Payment(company=household.company, kind='refund',
                household=household, party=party, date=self.start.date,
                mode=self.start.mode, regie=self.start.regie,
                amount=ZERO)
            refund.allocate_all()
            refund.amount += Payment.household_credit(household, party)
            if refund.amount > 0:
                refunds.append(refund)
        if not refunds:
            raise UserError(gettext('sitiv_facturation.msg_refund_nothing'))
        Payment.save(refunds)
        Payment.post(refunds)
        self.refund_ids = [r.id for r in refunds]
        return 'document'

    def do_document(self, action):
        return action, {'ids': self.refund_ids, 'id': self.refund_ids[0],
            'model': 'sitiv.payment'}
