# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What billing records on an attendance line (§2.1.5.2): whether it is
billed, for how much and on which invoice line, and the billing before
(what « Annuler et recalculer » gives back). Kept apart from the line
itself, which school, crèche and portal use without billing."""
from trytond.i18n import gettext
from trytond.model import Index, fields
from trytond.model.exceptions import AccessError
from trytond.pool import PoolMeta
from trytond.transaction import Transaction

BILLING_STATES = [
    ('to_bill', "To Bill"),
    ('billed', "Billed"),
    ('to_regularise', "To Regularise"),
    ]
# A change of these on a billed line is billed again as a regularisation.
BILLED_FIELDS = {'state', 'quantity', 'overtime'}


class Attendance(metaclass=PoolMeta):
    __name__ = 'sitiv.attendance'

    billing_state = fields.Selection(
        BILLING_STATES, "Billing", readonly=True, required=True)
    billed_quantity = fields.Numeric(
        "Billed Quantity", digits=(16, 2), readonly=True)
    billed_amount = fields.Numeric(
        "Billed Amount", digits=(16, 2), readonly=True)
    invoice_line = fields.Many2One(
        'account.invoice.line', "Last Invoice Line", readonly=True)
    # The billing before the last one: what cancelling the last invoice
    # gives back (« Annuler et recalculer », §2.1.5.2).
    previous_billing_state = fields.Selection(
        [(None, '')] + BILLING_STATES, "Previous Billing", readonly=True)
    previous_billed_quantity = fields.Numeric(
        "Previously Billed Quantity", digits=(16, 2), readonly=True)
    previous_billed_amount = fields.Numeric(
        "Previously Billed Amount", digits=(16, 2), readonly=True)
    previous_invoice_line = fields.Many2One(
        'account.invoice.line', "Previous Invoice Line", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.billing_state, Index.Equality()),
                where=t.billing_state != 'billed'))

    @staticmethod
    def default_billing_state():
        return 'to_bill'

    @classmethod
    def write(cls, *args):
        # The billing run writes its own fields; any other change of what
        # is billed on a billed line calls for a regularisation.
        if not Transaction().context.get('_sitiv_billing'):
            actions = iter(args)
            args = []
            for records, values in zip(actions, actions):
                if BILLED_FIELDS & values.keys():
                    billed = set(cls.search([
                                ('id', 'in', [r.id for r in records]),
                                ('billing_state', '=', 'billed'),
                                ]))
                    others = [r for r in records if r not in billed]
                    billed = list(billed)
                    if billed:
                        args.extend((billed,
                                dict(values, billing_state='to_regularise')))
                    if others:
                        args.extend((others, values))
                else:
                    args.extend((records, values))
            if not args:
                return
        super().write(*args)

    @classmethod
    def delete(cls, attendances):
        for attendance in attendances:
            if attendance.billing_state != 'to_bill' or \
                    attendance.billed_amount:
                raise AccessError(gettext(
                        'sitiv_facturation.msg_attendance_delete_billed',
                        attendance=attendance.rec_name))
        super().delete(attendances)
