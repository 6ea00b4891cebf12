# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Deductions the CNAF allows on a mensualised contract (issue 20): the
child's hospitalisation, an éviction by the crèche's doctor, an exceptional
closure of the crèche, an illness beyond the waiting days (three calendar
days by default) with a medical certificate. The hours deducted are those
the contract planned on the crèche's open days of the period; a
hospitalisation or an illness is confirmed only with its proof."""
import datetime
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval

REASONS = [
    ('hospitalisation', "Hospitalisation of the child"),
    ('eviction', "Éviction by the crèche's doctor"),
    ('closure', "Exceptional closure of the crèche"),
    ('illness', "Illness beyond the waiting days (certificate)"),
    ]
PROOF_REQUIRED = {'hospitalisation', 'illness'}
STATES = [
    ('draft', "Draft"),
    ('confirmed', "Confirmed"),
    ('cancelled', "Cancelled"),
    ]


class Deduction(Workflow, ModelSQL, ModelView):
    "PSU Deduction"
    __name__ = 'sitiv.creche.deduction'

    _draft = {'readonly': Eval('state') != 'draft'}

    contract = fields.Many2One(
        'sitiv.creche.contract', "Contract", required=True, states=_draft,
        domain=[('kind', '=', 'regular')])
    household = fields.Function(
        fields.Many2One('sitiv.household', "Household"),
        'on_change_with_household')
    reason = fields.Selection(REASONS, "Reason", required=True, states=_draft)
    reason_string = reason.translated('reason')
    start_date = fields.Date("From", required=True, states=_draft)
    end_date = fields.Date("To", required=True, states=_draft,
        domain=[('end_date', '>=', Eval('start_date'))])
    document = fields.Many2One(
        'sitiv.document', "Proof", states=_draft,
        domain=[('household', '=', Eval('household', -1))],
        help="The hospital's bulletin or the medical certificate, kept in "
        "the family's documents.")
    hours = fields.Function(fields.Numeric("Hours Deducted", digits=(16, 2)),
        'get_hours')
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    notes = fields.Text("Notes")

    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('contract')
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'confirmed'), ('draft', 'cancelled'),
            ('confirmed', 'cancelled'),
            }
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') == 'cancelled',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @fields.depends('contract', '_parent_contract.household')
    def on_change_with_household(self, name=None):
        return self.contract.household if self.contract else None

    def deducted_dates(self, start=None, end=None):
        """The contract's planned dates deducted, within `start`-`end`:
        an illness keeps its waiting days billed."""
        contract = self.contract
        first = self.start_date
        if self.reason == 'illness':
            first += datetime.timedelta(
                days=contract.structure.illness_waiting_days)
        first = max(first, start or first)
        last = min(self.end_date, end or self.end_date)
        day, dates = first, []
        while day <= last:
            if contract.planned_hours(day):
                dates.append(day)
            day += datetime.timedelta(days=1)
        return dates

    def hours_between(self, start=None, end=None):
        return sum((self.contract.planned_hours(d)
                for d in self.deducted_dates(start, end)), Decimal(0))

    def get_hours(self, name):
        return self.hours_between()

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, deductions):
        cls.check_unbilled(deductions)
        for deduction in deductions:
            if deduction.reason in PROOF_REQUIRED and not deduction.document:
                raise ValidationError(gettext(
                        'sitiv_creche.msg_deduction_proof',
                        contract=deduction.contract.rec_name,
                        reason=deduction.reason_string))

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, deductions):
        cls.check_unbilled([d for d in deductions if d.state == 'confirmed'])

    @classmethod
    def check_unbilled(cls, deductions):
        "A deduction never changes a month already billed."
        Month = Pool().get('sitiv.creche.month')
        billed = Month.billed_months({d.contract.id for d in deductions})
        for deduction in deductions:
            for date in deduction.deducted_dates():
                if (deduction.contract.id, date.replace(day=1)) in billed:
                    raise ValidationError(gettext(
                            'sitiv_creche.msg_deduction_billed',
                            contract=deduction.contract.rec_name,
                            date=date.strftime('%d/%m/%Y')))
