# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Monthly pre-invoices of the providers (B5-B9, Annexe 2): validated
interventions checked against the care plans, validated by the provider
(or its platform, CASVP), sent in flux 2, made final or carried to the
month's complementary invoice by SALSA's integration log."""
import datetime
from decimal import Decimal

from sql import Null

from hestia_base.batch import chunks, update_rows
from hestia_base.month import MonthLabelMixin

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.event_log import EventLogMixin
from hestia_base.security import context_company

from .sad_month import ANOMALIES

STATES = [
    ('draft', "Draft"),
    ('validated', "Validated by the provider"),
    ('sent', "Sent to SALSA"),
    ('accepted', "Final"),
    ('rejected', "Rejected"),
    ]
KINDS = [
    ('normal', "Invoice of the month"),
    ('complementary', "Complementary invoice"),
    ]
LINE_STATES = [
    ('pending', "Pending"),
    ('accepted', "Accepted"),
    ('rejected', "Rejected"),
    ]
class PreInvoice(MonthLabelMixin, Workflow, ModelSQL, ModelView):
    "Pre-Invoice"
    __name__ = 'dases.preinvoice'
    _rec_name = 'number'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    sad = fields.Many2One('dases.sad', "Provider", required=True,
        readonly=True)
    number = fields.Char("Number", readonly=True)
    financier_code = fields.Char("Aid Type", required=True, readonly=True)
    month = fields.Date("Month", required=True, readonly=True)
    period_start = fields.Date("From", required=True, readonly=True)
    period_end = fields.Date("Until", required=True, readonly=True)
    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    origin = fields.Many2One('dases.preinvoice', "Complements",
        readonly=True, help="The invoice of the month this one completes.",
        # A first invoice of the month completes none.
        states={'invisible': ~Eval('origin')})
    state = fields.Selection(STATES, "State", required=True, readonly=True)
    excluded_corrections = fields.Boolean("Corrections Excluded",
        readonly=True, help="The provider's correction rate of the month is "
        "above the threshold: raw timestamps were billed.")
    lines = fields.One2Many('dases.preinvoice.line', 'preinvoice', "Lines",
        readonly=True)
    anomalies = fields.One2Many('dases.preinvoice.anomaly', 'preinvoice',
        "Anomalies", readonly=True)
    history = fields.One2Many('dases.preinvoice.log', 'preinvoice',
        "History", readonly=True)
    quantity = fields.Function(fields.Numeric("Hours", digits=(9, 2)),
        'get_totals')
    amount = fields.Function(fields.Numeric("Amount (€)", digits=(11, 2)),
        'get_totals')
    beneficiary_amount = fields.Function(fields.Numeric(
            "Beneficiaries' Share (€)", digits=(11, 2)), 'get_totals')
    integration_date = fields.Date("Integrated by SALSA On", readonly=True)
    original_printed = fields.Boolean("Original Printed", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.month, Index.Range())))
        cls._sql_constraints += [
            ('number_unique', Unique(t, t.company, t.number),
                'dases_telegestion.msg_preinvoice_number_unique'),
            ]
        cls._order = [('month', 'DESC'), ('number', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'validated'), ('validated', 'draft'),
            ('validated', 'sent'), ('sent', 'accepted'),
            ('sent', 'rejected'),
            }
        cls._buttons.update({
                'validate_invoice': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state']},
                'draft': {
                    'invisible': Eval('state') != 'validated',
                    'depends': ['state']},
                })

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_kind():
        return 'normal'

    @classmethod
    def get_totals(cls, invoices, names):
        result = {n: {i.id: Decimal(0) for i in invoices} for n in names}
        for invoice in invoices:
            for line in invoice.lines:
                if line.state == 'rejected':
                    continue
                for name in names:
                    result[name][invoice.id] += getattr(line, name) or 0
        return result

    @classmethod
    def record_history(cls, invoices, message=None, state=None):
        """Date and author of a change of state (Annexe 2: nothing is lost);
        `state`: the state a transition is entering."""
        Pool().get('dases.preinvoice.log').log(invoices, state, message)

    @classmethod
    def check_validator(cls, invoices):
        """Only the provider's users (the platform's for a CASVP section)
        or a DASES administrator validate."""
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        user_id = Transaction().user
        if not user_id:
            return
        user = User(user_id)
        admin = ModelData.get_id('dases_base', 'group_dases_admin')
        if admin in {g.id for g in user.groups}:
            return
        for invoice in invoices:
            if user not in invoice.sad.validators:
                raise AccessError(gettext(
                        'dases_telegestion.msg_preinvoice_validator',
                        invoice=invoice.rec_name,
                        platform=(invoice.sad.platform or invoice.sad)
                        .rec_name))

    # Users read pre-invoices and press buttons; only the workflow writes
    # them (model access is read-only, the buttons are granted per group).
    @classmethod
    @ModelView.button
    def validate_invoice(cls, invoices):
        cls.check_validator(invoices)
        for invoice in invoices:
            if not invoice.lines:
                raise AccessError(gettext(
                        'dases_telegestion.msg_preinvoice_empty',
                        invoice=invoice.rec_name))
        with without_check_access():
            cls._validate_invoice(invoices)

    @classmethod
    @Workflow.transition('validated')
    def _validate_invoice(cls, invoices):
        cls.record_history(invoices, state='validated')

    @classmethod
    @ModelView.button
    def draft(cls, invoices):
        cls.check_validator(invoices)
        with without_check_access():
            cls._draft(invoices)

    @classmethod
    @Workflow.transition('draft')
    def _draft(cls, invoices):
        cls.record_history(invoices, state='draft')

    @classmethod
    def delete(cls, invoices):
        for invoice in invoices:
            if invoice.state != 'draft':
                raise AccessError(gettext(
                        'dases_telegestion.msg_preinvoice_delete',
                        invoice=invoice.rec_name))
        Line = Pool().get('dases.preinvoice.line')
        Line.release([l for i in invoices for l in i.lines])
        super().delete(invoices)

    @classmethod
    def next_numbers(cls, company, month, count):
        "TGAAMM-NNNN: 11 characters, within flux 2's reference (15)."
        prefix = f'TG{month:%y%m}-'
        # One numbering at a time: a second pre-invoicing waits for the
        # first to commit, then numbers after it.
        cls.lock()
        numbers = [i.number for i in cls.search([
                    ('company', '=', company.id),
                    ('number', 'like', prefix + '%')])]
        last = max((int(n[len(prefix):]) for n in numbers), default=0)
        return [f'{prefix}{last + i:04d}' for i in range(1, count + 1)]

    @classmethod
    def complementary(cls, invoice):
        """The month's complementary invoice of `invoice`'s provider and
        aid type, still in draft: one a month (B7)."""
        found = cls.search([
                ('sad', '=', invoice.sad.id),
                ('financier_code', '=', invoice.financier_code),
                ('month', '=', invoice.month),
                ('kind', '=', 'complementary'),
                ('state', '=', 'draft'),
                ], limit=1)
        if found:
            return found[0]
        number, = cls.next_numbers(invoice.company, invoice.month, 1)
        complementary, = cls.create([{
                    'company': invoice.company.id, 'sad': invoice.sad.id,
                    'financier_code': invoice.financier_code,
                    'number': number, 'month': invoice.month,
                    'period_start': invoice.period_start,
                    'period_end': invoice.period_end,
                    'kind': 'complementary', 'origin': invoice.id,
                    'excluded_corrections': invoice.excluded_corrections,
                    }])
        cls.record_history([complementary],
            f"facture complémentaire de {invoice.number}")
        return complementary

    @classmethod
    def carry_rejected(cls, lines):
        """Bill rejected `lines` again on their month's complementary
        invoice, with their interventions (B7)."""
        pool = Pool()
        Line = pool.get('dases.preinvoice.line')
        Intervention = pool.get('dases.intervention')
        table = Intervention.__table__()
        copied = ['beneficiary', 'care_plan', 'salsa_id', 'last_name',
            'first_name', 'birth_date', 'nomenclature', 'label', 'start',
            'end', 'clocked', 'planned', 'quantity', 'unit_amount',
            'amount', 'beneficiary_unit_amount', 'beneficiary_amount']
        for line in lines:
            target = cls.complementary(line.preinvoice)
            new, = Line.create([dict({f: getattr(line, f) for f in copied},
                        beneficiary=line.beneficiary.id,
                        care_plan=line.care_plan.id
                        if line.care_plan else None,
                        preinvoice=target.id, origin_line=line.id,
                        reference_intervention=line.interventions[0].id
                        if line.interventions else None)])
            update_rows(Intervention, table, None,
                {'invoice_line': new.id},
                where=table.invoice_line == line.id)

    @classmethod
    def build(cls, company, month, sads=None):
        "The pre-invoices of `month` (first day) for `sads` (default: all)."
        PreInvoicing = Pool().get('dases.preinvoicing')
        return PreInvoicing.load(company, month, sads).run()

    @classmethod
    def build_last_month(cls):
        "Cron: pre-invoice last month for the cron's companies."
        Company = Pool().get('company.company')
        month = (Pool().get('ir.date').today().replace(day=1)
            - datetime.timedelta(days=1)).replace(day=1)
        for company_id in Transaction().context.get('companies') or []:
            cls.build(Company(company_id), month)


class Line(ModelSQL, ModelView):
    "Pre-Invoice Line"
    __name__ = 'dases.preinvoice.line'

    preinvoice = fields.Many2One('dases.preinvoice', "Pre-Invoice",
        required=True, ondelete='CASCADE', readonly=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, readonly=True)
    care_plan = fields.Many2One('dases.care_plan', "Care Plan Line",
        readonly=True)
    salsa_id = fields.Char("SALSA Key", readonly=True)
    last_name = fields.Char("Last Name", readonly=True)
    first_name = fields.Char("First Name", readonly=True)
    birth_date = fields.Date("Birth Date", readonly=True)
    nomenclature = fields.Char("Prestation", readonly=True)
    label = fields.Char("Label", readonly=True)
    start = fields.Date("Paid From", readonly=True)
    end = fields.Date("Paid Until", readonly=True)
    clocked = fields.Numeric("Hours Clocked", digits=(7, 2), readonly=True)
    planned = fields.Numeric("Hours in the Plan", digits=(7, 2),
        readonly=True)
    quantity = fields.Numeric("Hours Billed", digits=(7, 2), readonly=True)
    unit_amount = fields.Numeric("Unit Amount (€)", digits=(7, 2),
        readonly=True, help="Paid by the Département per hour.")
    amount = fields.Numeric("Amount (€)", digits=(9, 2), readonly=True)
    beneficiary_unit_amount = fields.Numeric("Beneficiary's Unit Share (€)",
        digits=(7, 2), readonly=True)
    beneficiary_amount = fields.Numeric("Beneficiary's Share (€)",
        digits=(9, 2), readonly=True)
    state = fields.Selection(LINE_STATES, "State", readonly=True)
    reject_reason = fields.Char("Rejection Reason", readonly=True)
    origin_line = fields.Many2One('dases.preinvoice.line', "Rejected Line",
        readonly=True, help="The rejected line this complementary line "
        "bills again.")
    reference_intervention = fields.Many2One('dases.intervention',
        "Reference Intervention", readonly=True,
        help="The timestamp a complementary invoice refers to.")
    interventions = fields.One2Many('dases.intervention', 'invoice_line',
        "Interventions", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('last_name', 'ASC'), ('first_name', 'ASC'),
            ('nomenclature', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_state():
        return 'pending'

    @classmethod
    def release(cls, lines):
        "Free the interventions of `lines` for another invoice."
        Intervention = Pool().get('dases.intervention')
        table = Intervention.__table__()
        for chunk in chunks([l.id for l in lines], 500):
            update_rows(Intervention, table, None, {'invoice_line': Null},
                where=table.invoice_line.in_(chunk))


class Anomaly(ModelSQL, ModelView):
    "Pre-Invoicing Anomaly"
    __name__ = 'dases.preinvoice.anomaly'

    sad_month = fields.Many2One('dases.sad.month', "Provider Month",
        required=True, ondelete='CASCADE', readonly=True)
    preinvoice = fields.Many2One('dases.preinvoice', "Pre-Invoice",
        ondelete='SET NULL', readonly=True)
    kind = fields.Selection(ANOMALIES, "Anomaly", required=True,
        readonly=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        readonly=True)
    client = fields.Many2One('dases.sad.client', "Client", readonly=True)
    nomenclature = fields.Char("Prestation", readonly=True)
    hours = fields.Numeric("Hours", digits=(7, 2), readonly=True)
    message = fields.Char("Detail", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('kind', 'ASC'), ('id', 'ASC')]


class Log(EventLogMixin, ModelSQL, ModelView):
    "Pre-Invoice History"
    __name__ = 'dases.preinvoice.log'
    _log_of = 'preinvoice'

    preinvoice = fields.Many2One('dases.preinvoice', "Pre-Invoice",
        required=True, ondelete='CASCADE', readonly=True)
    state = fields.Selection(STATES, "State", readonly=True)


class BuildStart(ModelView):
    "Pre-Invoice a Month"
    __name__ = 'dases.preinvoice.build.start'

    month = fields.Date("Month", required=True,
        help="Any day of the month to pre-invoice.")
    sads = fields.Many2Many('dases.sad', None, None, "Providers",
        help="Empty for every provider.")

    @staticmethod
    def default_month():
        today = Pool().get('ir.date').today()
        return (today.replace(day=1) - datetime.timedelta(days=1)).replace(
            day=1)


class Build(Wizard):
    "Pre-Invoice a Month"
    __name__ = 'dases.preinvoice.build'

    start = StateView('dases.preinvoice.build.start',
        'dases_telegestion.preinvoice_build_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Pre-Invoice", 'build', 'tryton-ok', default=True),
            ])
    build = StateAction('dases_telegestion.act_preinvoice')

    def do_build(self, action):
        pool = Pool()
        PreInvoice = pool.get('dases.preinvoice')
        company = context_company()
        # Granted to the DASES groups (XML); the run writes what the
        # system computes.
        with without_check_access():
            invoices = PreInvoice.build(company, self.start.month,
                list(self.start.sads) or None)
        action['domain'] = PYSONEncoder().encode(
            [('id', 'in', [i.id for i in invoices])])
        return action, {}
