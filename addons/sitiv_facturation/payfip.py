# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Online payment of a family invoice with PayFiP (§2.1.5.3), the DGFiP's
card and one-off debit service, through eopayment's `payfip_ws` backend:
an operation asks PayFiP for an operation id (idop) and gives the family
the payment address; PayFiP then calls the notification address, and
Hestia asks PayFiP itself for the result — the notification carries only
the idop, so nothing a caller sends is trusted.  A paid operation becomes
a family payment of mode PayFiP; a notification received twice pays
once."""

import eopayment
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.protocols.wrappers import with_pool, with_transaction
from trytond.transaction import Transaction, without_check_access
from trytond.wsgi import app

STATES = [
    ('pending', "Pending"),
    ('paid', "Paid"),
    ('refused', "Refused"),
    ('cancelled', "Cancelled"),
    ('expired', "Expired"),
    ]
RESULTS = {
    eopayment.PAID: 'paid',
    eopayment.DENIED: 'refused',
    eopayment.CANCELLED: 'cancelled',
    eopayment.EXPIRED: 'expired',
    }


class Operation(ModelSQL, ModelView):
    "PayFiP Operation"
    __name__ = 'sitiv.payfip.operation'
    _rec_name = 'idop'

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    invoice = fields.Many2One(
        'account.invoice', "Invoice", required=True, readonly=True,
        ondelete='RESTRICT')
    date = fields.Date("Date", required=True, readonly=True)
    amount = fields.Numeric(
        "Amount", digits=(16, 2), required=True, readonly=True)
    email = fields.Char("Email", required=True, readonly=True)
    idop = fields.Char("Operation", readonly=True)
    url = fields.Char("Payment Address", readonly=True)
    state = fields.Selection(STATES, "State", required=True, readonly=True)
    detail = fields.Char("PayFiP Result", readonly=True)
    payment = fields.Many2One('sitiv.payment', "Payment", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls.__access__.add('invoice')

    @staticmethod
    def default_state():
        return 'pending'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def backend(company):
        if not company.sitiv_payfip_numcli:
            raise UserError(gettext('sitiv_facturation.msg_payfip_numcli',
                    city=company.rec_name))
        base = (company.sitiv_public_url or 'http://localhost:8000').rstrip(
            '/')
        database = Transaction().database.name
        return eopayment.Payment('payfip_ws', {
                'numcli': company.sitiv_payfip_numcli,
                'saisie': company.sitiv_payfip_saisie or 'T',
                'automatic_return_url':
                f'{base}/{database}/sitiv/payfip/notification',
                'normal_return_url': f'{base}/{database}/sitiv/payfip/return',
                })

    @classmethod
    def start(cls, invoice, email):
        "An operation for what is left to pay on the invoice."
        if invoice.state != 'posted' or invoice.amount_to_pay <= 0:
            raise UserError(gettext('sitiv_facturation.msg_payfip_nothing',
                    invoice=invoice.rec_name))
        backend = cls.backend(invoice.company)
        idop, _, url = backend.request(
            invoice.amount_to_pay, email=email,
            refdet=invoice.sitiv_payfip_reference(),
            exer=str(invoice.invoice_date.year),
            subject=f"Facture {invoice.number}")
        operation = cls(company=invoice.company, invoice=invoice,
            amount=invoice.amount_to_pay, email=email, idop=idop, url=url)
        operation.save()
        return operation

    @classmethod
    def notify(cls, idop):
        "PayFiP says the operation ended: ask it how, pay the invoice."
        pool = Pool()
        Payment = pool.get('sitiv.payment')
        Allocation = pool.get('sitiv.payment.allocation')
        operations = cls.search([('idop', '=', idop)], limit=1)
        if not operations:
            return None
        operation, = operations
        if operation.state == 'paid':
            return operation
        response = cls.backend(operation.company).response(f'idop={idop}')
        state = RESULTS.get(response.result)
        if not state:
            return operation  # still waiting
        operation.state = state
        operation.detail = response.bank_status
        if state == 'paid':
            invoice = operation.invoice
            amount = min(operation.amount, max(invoice.amount_to_pay, 0))
            payment = Payment(
                company=operation.company, kind='receipt',
                household=invoice.sitiv_household, party=invoice.party,
                date=Pool().get('ir.date').today(), mode='payfip',
                amount=operation.amount, reference=response.transaction_id,
                allocations=[Allocation(invoice=invoice, amount=amount)]
                if amount > 0 else [])
            payment.save()
            Payment.post([payment])
            operation.payment = payment
        operation.save()
        return operation


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'sitiv_pay_online': {
                    'invisible': (~Eval('sitiv_household')
                        | (Eval('state') != 'posted')),
                    'depends': ['sitiv_household', 'state'],
                    },
                })

    @classmethod
    @ModelView.button
    def sitiv_pay_online(cls, invoices):
        "Opens PayFiP's payment page for the invoice (at the counter)."
        Operation = Pool().get('sitiv.payfip.operation')
        if len(invoices) != 1:
            return
        invoice, = invoices
        email = invoice.party.email
        if not email:
            raise UserError(gettext('sitiv_facturation.msg_payfip_email',
                    party=invoice.party.rec_name))
        # The operation is PayFiP's record, not the agent's to edit.
        with without_check_access():
            operation = Operation.start(invoice, email)
        return {'type': 'ir.action.url', 'url': operation.url}


@app.route('/<database_name>/sitiv/payfip/notification',
    methods=['GET', 'POST'])
@with_pool
@with_transaction()
def payfip_notification(request, pool):
    "PayFiP's server-to-server call; the result is read back from PayFiP."
    Operation = pool.get('sitiv.payfip.operation')
    idop = request.values.get('idop')
    if not idop:
        raise NotFound()
    operation = Operation.notify(idop)
    if operation is None:
        raise NotFound()
    return Response(operation.state, content_type='text/plain')


@app.route('/<database_name>/sitiv/payfip/return', methods=['GET', 'POST'])
@with_pool
@with_transaction(readonly=True)
def payfip_return(request, pool):
    "Where PayFiP sends the family back."
    return Response(
        "<!DOCTYPE html><html lang='fr'><meta charset='utf-8'>"
        "<title>Paiement</title><p>Merci. Le résultat de votre paiement "
        "est enregistré par la ville ; vous pouvez fermer cette page.</p>"
        "</html>", content_type='text/html; charset=utf-8')
