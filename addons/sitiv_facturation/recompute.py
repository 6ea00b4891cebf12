# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""« Annuler et recalculer » (§2.1.5.2): a family contests its invoice
before it is sent to the Trésorerie. The invoice is cancelled (it keeps
its number, with a reversing move), the days it billed go back to what
they were before it, and the household is billed again for the same
period: the new invoice says which one it replaces.

After the transfer, or once anything is paid, only a credit note
corrects an invoice."""

from sql import Null
from sql.conditionals import Coalesce

from hestia_base.batch import forget, update_rows

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, PYSONEncoder
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    sitiv_replaces = fields.Many2One(
        'account.invoice', "Replaces", readonly=True,
        help="The cancelled invoice this one was recomputed from.")
    sitiv_cancel_reason = fields.Text(
        "Reason for Cancellation", readonly=True,
        states={'invisible': ~Eval('sitiv_cancel_reason')})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # The history of a contestation is written on a closed invoice.
        cls._check_modify_exclude |= {'sitiv_replaces', 'sitiv_cancel_reason'}
        cls._buttons.update({
                'sitiv_recompute': {
                    'invisible': (~Eval('sitiv_billing_run')
                        | (Eval('state') != 'posted')),
                    'depends': ['sitiv_billing_run', 'state'],
                    },
                })

    @classmethod
    @ModelView.button_action('sitiv_facturation.wizard_recompute')
    def sitiv_recompute(cls, invoices):
        pass

    @classmethod
    def cancel(cls, invoices):
        family = [i for i in invoices
            if i.sitiv_billing_run and i.state == 'posted']
        for invoice in family:
            invoice.sitiv_check_cancel()
        cls._sitiv_release(family)
        super().cancel(invoices)

    def sitiv_check_cancel(self):
        """A billed invoice is cancelled only while nothing has paid it and
        no later invoice billed its days again (pes_asap adds: not sent to
        the Trésorerie)."""
        Attendance = Pool().get('sitiv.attendance')
        if self.amount_to_pay != self.total_amount:
            raise AccessError(gettext(
                    'sitiv_facturation.msg_cancel_paid',
                    invoice=self.rec_name))
        if any(l.sitiv_shared or l.sitiv_kind in {'aid', 'organism'}
                for l in self.lines):
            raise AccessError(gettext(
                    'sitiv_facturation.msg_cancel_shared',
                    invoice=self.rec_name))
        later = Attendance.search([
                ('previous_invoice_line.invoice', '=', self.id),
                ('invoice_line.invoice', '!=', self.id),
                ], limit=1)
        if later:
            later, = later
            raise AccessError(gettext(
                    'sitiv_facturation.msg_cancel_billed_again',
                    invoice=self.rec_name,
                    later=(later.invoice_line.invoice.rec_name
                        if later.invoice_line else later.rec_name)))

    @classmethod
    def _sitiv_release(cls, invoices):
        "The days the invoices billed go back to their billing before."
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Line = pool.get('account.invoice.line')
        table = Attendance.__table__()
        cursor = Transaction().connection.cursor()
        line_ids = [l.id for l in Line.search([
                    ('invoice', 'in', [i.id for i in invoices])])]
        ids = []
        for sub_ids in grouped_slice(line_ids, 1000):
            cursor.execute(*table.select(table.id,
                    where=table.invoice_line.in_(list(sub_ids))))
            ids.extend(i for i, in cursor)
        update_rows(Attendance, table, ids, {
                'billing_state': Coalesce(table.previous_billing_state,
                    'to_bill'),
                'billed_quantity': table.previous_billed_quantity,
                'billed_amount': table.previous_billed_amount,
                'invoice_line': table.previous_invoice_line,
                'previous_billing_state': Null,
                'previous_billed_quantity': Null,
                'previous_billed_amount': Null,
                'previous_invoice_line': Null,
                })
        forget(Attendance)


class RecomputeStart(ModelView):
    "Cancel and Recompute an Invoice"
    __name__ = 'sitiv.invoice.recompute.start'

    invoice = fields.Many2One('account.invoice', "Invoice", readonly=True)
    reason = fields.Text("Reason", required=True,
        help="Kept on the cancelled invoice: the family's contestation.")
    invoice_date = fields.Date("New Invoice Date", required=True)


class Recompute(Wizard):
    """Cancel a family invoice and bill its household again for the same
    period, with what the days are today."""
    __name__ = 'sitiv.invoice.recompute'
    start = StateView('sitiv.invoice.recompute.start',
        'sitiv_facturation.invoice_recompute_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Cancel and Recompute", 'recompute', 'tryton-refresh',
                default=True),
            ])
    recompute = StateAction('sitiv_facturation.act_family_invoice')

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        return {'invoice': self.record.id, 'invoice_date': Date.today()}

    def do_recompute(self, action):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        BillingRun = pool.get('sitiv.billing.run')
        old = self.record
        if not old.sitiv_billing_run or old.state != 'posted':
            raise AccessError(gettext(
                    'sitiv_facturation.msg_recompute_not_posted',
                    invoice=old.rec_name))
        # The agent's right is the wizard's (billing agents of the
        # invoice's city); the accounting it causes is the run's own.
        with without_check_access():
            Invoice.cancel([old])
            Invoice.write([old], {'sitiv_cancel_reason': self.start.reason})
            run = BillingRun(company=old.company,
                start_date=old.sitiv_period_start,
                end_date=old.sitiv_period_end,
                invoice_date=self.start.invoice_date,
                household=old.sitiv_household,
                message=old.sitiv_message)
            run.save()
            BillingRun.run([run])
            new = list(run.invoices)
            if new:
                Invoice.write(new, {'sitiv_replaces': old.id})
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [i.id for i in new + [old]])])
        action['name'] = gettext('sitiv_facturation.msg_recompute_action',
            invoice=old.rec_name)
        return action, {}
