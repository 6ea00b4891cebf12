# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Monthly pre-invoices of the providers (B5-B9, Annexe 2): validated
interventions checked against the care plans, validated by the provider
(or its platform, CASVP), sent in flux 2, made final or carried to the
month's complementary invoice by SALSA's integration log."""
import datetime
from decimal import Decimal

from sql import Null

from hestia.batch import chunks

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard

from .sad_month import ANOMALIES, month_end

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
# Periodicity codes of flux 1 → hours of the month for one unit of the
# plan's quantity (days counted in `monthly_quantity`).
PERIODS_PER_MONTH = {'ME': 1, 'AN': Decimal(1) / 12, 'TR': Decimal(1) / 3}
CENT = Decimal('0.01')


def monthly_quantity(plan, start, end):
    """Hours the plan allows between `start` and `end` (one month or part
    of it): monthly (ME), weekly (SE, HE), daily (JO), quarterly (TR) or
    yearly (AN) quantities, pro rata of the days covered."""
    days_in_month = month_end(start).day
    covered_start = max(start, plan['coverage_start'])
    covered_end = min(end, plan['coverage_end'])
    days = (covered_end - covered_start).days + 1
    if days <= 0:
        return Decimal(0)
    quantity = plan['quantity']
    periodicity = (plan['periodicity'] or 'ME').upper()
    if periodicity in ('SE', 'HE'):
        return (quantity * days / 7).quantize(CENT)
    if periodicity == 'JO':
        return (quantity * days).quantize(CENT)
    per_month = PERIODS_PER_MONTH.get(periodicity, 1)
    return (quantity * per_month * days / days_in_month).quantize(CENT)


class PreInvoice(Workflow, ModelSQL, ModelView):
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
        readonly=True, help="The invoice of the month this one completes.")
    state = fields.Selection(STATES, "State", required=True, readonly=True)
    excluded_corrections = fields.Boolean("Corrections Excluded",
        readonly=True, help="The provider's correction rate of the month is "
        "above the threshold: raw timestamps were billed (B10).")
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
        Log = Pool().get('dases.preinvoice.log')
        Log.create([{'preinvoice': i.id, 'state': state or i.state,
                    'message': message} for i in invoices])

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
        cursor = Transaction().connection.cursor()
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
            cursor.execute(*table.update([table.invoice_line], [new.id],
                    where=table.invoice_line == line.id))

    @classmethod
    def build(cls, company, month, sads=None):
        "The pre-invoices of `month` (first day) for `sads` (default: all)."
        return PreInvoicing(company, month, sads).run()

    @classmethod
    def build_last_month(cls):
        "Cron: pre-invoice last month for the cron's companies."
        Company = Pool().get('company.company')
        month = (datetime.date.today().replace(day=1)
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
        "bills again (B7).")
    reference_intervention = fields.Many2One('dases.intervention',
        "Reference Intervention", readonly=True,
        help="The timestamp a complementary invoice refers to (B9).")
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
        cursor = Transaction().connection.cursor()
        for chunk in chunks([l.id for l in lines], 500):
            cursor.execute(*table.update([table.invoice_line], [Null],
                    where=table.invoice_line.in_(chunk)))


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


class Log(ModelSQL, ModelView):
    "Pre-Invoice History"
    __name__ = 'dases.preinvoice.log'

    preinvoice = fields.Many2One('dases.preinvoice', "Pre-Invoice",
        required=True, ondelete='CASCADE', readonly=True)
    date = fields.Function(fields.DateTime("Date"), 'get_date')
    when = fields.Function(fields.Char("Date"), 'get_when')
    user = fields.Function(fields.Many2One('res.user', "By"), 'get_user')
    state = fields.Selection(STATES, "State", readonly=True)
    message = fields.Char("Message", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('id', 'DESC')]

    def get_date(self, name):
        return self.create_date.replace(microsecond=0)

    def get_when(self, name):
        return f'{self.create_date:%d/%m/%Y %H:%M}'

    def get_user(self, name):
        return self.create_uid.id if self.create_uid else None


class PreInvoicing:
    """One run of pre-invoicing for a month: a draft of the month is
    rebuilt, a month already validated or sent gets its complementary
    invoice for the interventions received since (B9)."""

    def __init__(self, company, month, sads=None):
        pool = Pool()
        self.PreInvoice = pool.get('dases.preinvoice')
        self.Line = pool.get('dases.preinvoice.line')
        self.Anomaly = pool.get('dases.preinvoice.anomaly')
        self.Intervention = pool.get('dases.intervention')
        self.SadMonth = pool.get('dases.sad.month')
        Sad = pool.get('dases.sad')
        self.company = company
        self.month = month.replace(day=1)
        self.end = month_end(self.month)
        self.sads = sads if sads is not None else Sad.search([
                ('company', '=', company.id)])

    def run(self):
        drafts = self.PreInvoice.search([
                ('company', '=', self.company.id),
                ('month', '=', self.month),
                ('sad', 'in', [s.id for s in self.sads]),
                ('state', '=', 'draft'),
                ('kind', '=', 'normal')])
        self.PreInvoice.delete(drafts)
        months = self.SadMonth.compute(self.company, self.sads, self.month)
        self.Anomaly.delete(self.Anomaly.search([
                    ('sad_month', 'in', [m.id for m in months.values()])]))
        sent = {(i.sad.id, i.financier_code): i
            for i in self.PreInvoice.search([
                    ('company', '=', self.company.id),
                    ('month', '=', self.month),
                    ('kind', '=', 'normal'),
                    ('state', '!=', 'draft')])}
        rows = self.interventions(months)
        plans = self.plans({r[1] for r in rows if r[1]})
        suspended = self.suspensions({r[1] for r in rows if r[1]})
        sads = {s.id: s for s in self.sads}
        groups = {}
        for row in rows:
            groups.setdefault(row[:3], []).append(row)
        invoices, anomalies = {}, []
        for (sad_id, beneficiary, nomenclature), group in sorted(
                groups.items(), key=lambda i: tuple(
                    str(k) for k in i[0])):
            sad = sads[sad_id]
            self.bill(sad, months[sad_id], beneficiary, nomenclature, group,
                plans.get(beneficiary, []), suspended.get(beneficiary, []),
                sent, invoices, anomalies)
        return self.store(invoices, anomalies, months)

    def interventions(self, months):
        """(sad, beneficiary, nomenclature, client, date, hours, id) of the
        month's interventions paid by the Département and not invoiced;
        the raw hours for a provider whose corrections are excluded."""
        table = self.Intervention.__table__()
        cursor = Transaction().connection.cursor()
        excluded = {s for s, m in months.items() if m.excluded}
        rows = []
        for chunk in chunks([s.id for s in self.sads], 200):
            cursor.execute(*table.select(table.sad, table.beneficiary,
                    table.nomenclature, table.client, table.date,
                    table.hours, table.raw_hours, table.extra_minutes,
                    table.id,
                    where=(table.company == self.company.id)
                    & table.sad.in_(chunk)
                    & (table.date >= self.month) & (table.date <= self.end)
                    & (table.department == True)  # noqa: E712
                    & (table.invoice_line == Null),
                    order_by=[table.date, table.id]))
            for (sad, beneficiary, nomenclature, client, date, hours_,
                    raw_hours, extra, id_) in cursor:
                if isinstance(date, str):  # SQLite
                    date = datetime.date.fromisoformat(date)
                billed = Decimal(str(raw_hours if sad in excluded
                        else hours_))
                rows.append((sad, beneficiary, nomenclature, client, date,
                        billed, id_))
        return rows

    def plans(self, beneficiaries):
        "{beneficiary: [plan values]} of the transmitted provider plans."
        CarePlan = Pool().get('dases.care_plan')
        result = {}
        for chunk in chunks(beneficiaries, 500):
            for row in CarePlan.search_read([
                        ('company', '=', self.company.id),
                        ('beneficiary', 'in', chunk),
                        ('transmitted', '=', True),
                        ('management_mode', '=', 'prestataire'),
                        ('coverage_start', '<=', self.end),
                        ('coverage_end', '>=', self.month),
                        ], fields_names=['beneficiary', 'tiers_code',
                        'financier_code', 'nomenclature', 'periodicity',
                        'quantity', 'coverage_start', 'coverage_end',
                        'unit_amount_department', 'unit_amount_beneficiary',
                        'beneficiary.salsa_id', 'beneficiary.last_name',
                        'beneficiary.first_name',
                        'beneficiary.birth_date']):
                result.setdefault(row['beneficiary'], []).append(row)
        return result

    def suspensions(self, beneficiaries):
        """{beneficiary: [(start, end)]}: the events SALSA transmits in
        flux 1 (hospitalisation, stay in an establishment …) suspend the
        plan between their dates."""
        Event = Pool().get('dases.beneficiary.event')
        result = {}
        for chunk in chunks(beneficiaries, 500):
            for row in Event.search_read([
                        ('beneficiary', 'in', chunk),
                        ('start_date', '<=', self.end),
                        ['OR', ('end_date', '=', None),
                            ('end_date', '>=', self.month)],
                        ], fields_names=['beneficiary', 'start_date',
                        'end_date']):
                result.setdefault(row['beneficiary'], []).append(
                    (row['start_date'], row['end_date'] or self.end))
        return result

    def bill(self, sad, sad_month, beneficiary, nomenclature, rows, plans,
            suspensions, sent, invoices, anomalies):
        "Add the line of one beneficiary and prestation, or its anomaly."
        clocked = sum(r[5] for r in rows)

        def anomaly(kind, message, hours=clocked, invoice=None):
            anomalies.append({'sad_month': sad_month.id, 'kind': kind,
                    'beneficiary': beneficiary, 'client': rows[0][3],
                    'nomenclature': nomenclature, 'hours': hours,
                    'message': message, '_invoice': invoice})

        if not beneficiary:
            anomaly('unmatched', "client à rapprocher d'un bénéficiaire")
            return
        plans = [p for p in plans if p['nomenclature'] == nomenclature]
        if not plans:
            anomaly('no_plan', f"aucun plan d'aide {nomenclature} ce mois")
            return
        own = [p for p in plans if p['tiers_code'] == sad.code]
        if not own:
            anomaly('sad_not_in_plan', "plan confié à " + ', '.join(
                    sorted({p['tiers_code'] or '?' for p in plans})))
            return
        plan = max(own, key=lambda p: p['coverage_start'])
        if not sad.bills(plan['financier_code']):
            anomaly('inactive_aid_type', f"aide {plan['financier_code']} "
                "non active pour ce SAD")
            return
        start = max(self.month, plan['coverage_start'])
        end = min(self.end, plan['coverage_end'])
        billable = [r for r in rows if start <= r[4] <= end and not any(
                s <= r[4] <= e for s, e in suspensions)]
        key = (sad.id, plan['financier_code'])
        invoice = invoices.setdefault(key, {'lines': [],
                'origin': sent.get(key)})
        left_out = clocked - sum(r[5] for r in billable)
        if left_out:
            anomaly('suspended', "heures hors de la prise en charge ou "
                "pendant une suspension du plan", left_out, key)
        if not billable:
            return
        hours = sum(r[5] for r in billable)
        planned = monthly_quantity(plan, start, end)
        quantity = min(hours, planned)
        if hours > planned:
            anomaly('over_plan', f"{hours} h pointées pour {planned} h au "
                "plan", hours - planned, key)
        unit = plan['unit_amount_department'] or Decimal(0)
        if not plan['unit_amount_department']:
            tariff = sad.tariff(plan['financier_code'], nomenclature, start)
            unit = tariff.unit_price if tariff else Decimal(0)
        share = plan['unit_amount_beneficiary'] or Decimal(0)
        invoice['lines'].append({
                'beneficiary': beneficiary,
                'care_plan': plan['id'],
                'salsa_id': plan['beneficiary.']['salsa_id'],
                'last_name': plan['beneficiary.']['last_name'],
                'first_name': plan['beneficiary.']['first_name'],
                'birth_date': plan['beneficiary.']['birth_date'],
                'nomenclature': nomenclature,
                'label': self.label(sad, plan, nomenclature, start),
                'start': start, 'end': end,
                'clocked': hours, 'planned': planned, 'quantity': quantity,
                'unit_amount': unit,
                'amount': (quantity * unit).quantize(CENT),
                'beneficiary_unit_amount': share,
                'beneficiary_amount': (quantity * share).quantize(CENT),
                'reference_intervention': billable[0][6]
                if invoice['origin'] else None,
                '_interventions': [r[6] for r in billable],
                })

    def label(self, sad, plan, nomenclature, date):
        tariff = sad.tariff(plan['financier_code'], nomenclature, date)
        return tariff.label if tariff and tariff.label else nomenclature

    def store(self, invoices, anomalies, months):
        "Create the invoices, lines and anomalies; link the interventions."
        keys = [k for k, v in sorted(invoices.items()) if v['lines']]
        by_key = {}
        new = [k for k in keys if not invoices[k]['origin']]
        for key in keys:
            if invoices[key]['origin']:
                by_key[key] = self.PreInvoice.complementary(
                    invoices[key]['origin'])
        numbers = self.PreInvoice.next_numbers(self.company, self.month,
            len(new))
        created = self.PreInvoice.create([{
                    'company': self.company.id, 'sad': sad,
                    'financier_code': financier, 'number': number,
                    'month': self.month, 'period_start': self.month,
                    'period_end': self.end,
                    'excluded_corrections': months[sad].excluded,
                    } for (sad, financier), number in zip(new, numbers)])
        self.PreInvoice.record_history(created, "pré-facture calculée")
        by_key.update(zip(new, created))
        links = []
        for key in keys:
            vlist = invoices[key]['lines']
            for chunk in chunks(vlist):
                lines = self.Line.create([dict(
                            {k: v for k, v in values.items()
                                if not k.startswith('_')},
                            preinvoice=by_key[key].id) for values in chunk])
                links.extend((line.id, values['_interventions'])
                    for line, values in zip(lines, chunk))
        self.link(links)
        self.Anomaly.create([dict({k: v for k, v in a.items()
                        if not k.startswith('_')},
                    preinvoice=by_key[a['_invoice']].id
                    if a['_invoice'] in by_key else None)
                for a in anomalies])
        return [by_key[k] for k in keys]

    def link(self, links):
        table = self.Intervention.__table__()
        cursor = Transaction().connection.cursor()
        for line, ids in links:
            for chunk in chunks(ids, 500):
                cursor.execute(*table.update([table.invoice_line], [line],
                        where=table.id.in_(chunk)))


class BuildStart(ModelView):
    "Pre-Invoice a Month"
    __name__ = 'dases.preinvoice.build.start'

    month = fields.Date("Month", required=True,
        help="Any day of the month to pre-invoice.")
    sads = fields.Many2Many('dases.sad', None, None, "Providers",
        help="Empty for every provider.")

    @staticmethod
    def default_month():
        today = datetime.date.today()
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
        Company = pool.get('company.company')
        company = Company(Transaction().context['company'])
        # Granted to the DASES groups (XML); the run writes what the
        # system computes.
        with without_check_access():
            invoices = PreInvoice.build(company, self.start.month,
                list(self.start.sads) or None)
        action['domain'] = PYSONEncoder().encode(
            [('id', 'in', [i.id for i in invoices])])
        return action, {}
