# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Billing runs (§2.1.5.2): for a city and a period, one invoice per payer
grouping every activity, with a line per activity, child and unit price
(days present, excused absences, billed absences), late pick-up
penalties, financial aids and the regularisations of days billed before
and changed since — however many runs ago. Runs on demand, from the
`hestia billing run` command or by cron on the city's billing day.

The run reads attendance with one query, prices in memory, creates the
invoices in batches through account_invoice and marks what it billed with
one UPDATE per invoice line: a 10,000-family month must bill in minutes
(bench/bench_billing.py)."""
import datetime
from collections import defaultdict, namedtuple
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sql.conditionals import Coalesce

from hestia_base.batch import forget, insert_rows, update_each
from hestia_base.stamp import MINUTE, to_the_minute
from hestia.french import month_name, number

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.security import check_company

from .draft import DraftInvoice
from .invoice_batch import create_and_post
from .pricing import BillingError, household_label

FREQUENCIES = [
    ('monthly', "Monthly"),
    ('bimonthly', "Every two months"),
    ('quarterly', "Quarterly"),
    ('school_year', "School year"),
    ('annual', "Calendar year"),
    ('on_demand', "On demand"),
    ]
ONE = Decimal(1)
HUNDRED = Decimal(100)

Row = namedtuple('Row', ['id', 'enrolment', 'child', 'activity',
        'household', 'date', 'state', 'quantity', 'overtime',
        'billing_state', 'billed_amount'])


class BillingRun(Workflow, ModelSQL, ModelView):
    "Billing Run"
    __name__ = 'sitiv.billing.run'
    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "City", required=True, states=_states)
    frequency = fields.Selection(
        FREQUENCIES, "Frequency", required=True, states=_states)
    start_date = fields.Date("From", required=True, states=_states)
    end_date = fields.Date(
        "To", required=True, states=_states,
        domain=[('end_date', '>=', Eval('start_date'))])
    invoice_date = fields.Date("Invoice Date", required=True, states=_states)
    household = fields.Many2One(
        'sitiv.household', "Only This Household", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    message = fields.Text(
        "Message", states=_states,
        help="Printed on the invoices of this run, after the city's "
        "message.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('done', "Done"),
            ], "State", readonly=True, required=True)
    invoices = fields.One2Many(
        'account.invoice', 'sitiv_billing_run', "Invoices", readonly=True)
    invoice_count = fields.Integer("Invoices", readonly=True)
    total = fields.Numeric("Total", digits=(16, 2), readonly=True)
    regularisation_count = fields.Integer("Regularisations", readonly=True)
    errors = fields.Text("Errors", readonly=True)
    run_by = fields.Many2One('res.user', "Run By", readonly=True)
    run_at = fields.DateTime("Run At", readonly=True, format=MINUTE)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'done')}
        cls._buttons.update({
                'run': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_frequency():
        return 'monthly'

    @classmethod
    def default_start_date(cls):
        Date = Pool().get('ir.date')
        return Date.today() + relativedelta(months=-1, day=1)

    @classmethod
    def default_end_date(cls):
        Date = Pool().get('ir.date')
        return Date.today() + relativedelta(day=1, days=-1)

    @classmethod
    def default_invoice_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('frequency', 'start_date')
    def on_change_start_date(self):
        if not self.start_date:
            return
        months = {'monthly': 1, 'bimonthly': 2, 'quarterly': 3,
            'annual': 12}.get(self.frequency)
        if months:
            self.end_date = self.start_date + relativedelta(
                months=months, day=1, days=-1)
        elif self.frequency == 'school_year':
            year = self.start_date.year + (self.start_date.month >= 9)
            self.end_date = datetime.date(year, 8, 31)

    on_change_frequency = on_change_start_date

    def get_rec_name(self, name):
        return "%s — %s au %s" % (self.company.rec_name,
            self.start_date.strftime('%d/%m/%Y'),
            self.end_date.strftime('%d/%m/%Y'))

    @classmethod
    def delete(cls, runs):
        for run in runs:
            if run.state != 'draft':
                raise AccessError(gettext(
                        'sitiv_facturation.msg_billing_run_delete',
                        run=run.rec_name))
        super().delete(runs)

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def run(cls, runs):
        # The button and the city rules checked who may run: the posting
        # itself touches accounting models agents have no access to.
        with without_check_access():
            for run in runs:
                run.execute()

    @classmethod
    def run_scheduled(cls):
        "Cron: bill the previous month of every city on its billing day."
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        runs = []
        for company in Company.search([('sitiv_billing_day', '!=', None)]):
            with Transaction().set_context(company=company.id):
                today = Date.today()
            if today.day != company.sitiv_billing_day:
                continue
            start = today + relativedelta(months=-1, day=1)
            end = today + relativedelta(day=1, days=-1)
            if cls.search([('company', '=', company.id),
                        ('start_date', '=', start), ('end_date', '=', end),
                        ('household', '=', None)], limit=1):
                continue
            runs.append(cls(company=company, start_date=start, end_date=end,
                    invoice_date=today, frequency='monthly'))
        cls.save(runs)
        cls.run(runs)

    def summary(self):
        "What the command line prints."
        return {
            'city': self.company.rec_name,
            'period': [self.start_date.isoformat(),
                self.end_date.isoformat()],
            'invoices': self.invoice_count,
            'total': str(self.total),
            'regularisations': self.regularisation_count,
            'errors': [e for e in (self.errors or '').splitlines() if e],
            }

    # The engine ------------------------------------------------------------

    def execute(self):
        pool = Pool()
        User = pool.get('res.user')
        company = self.company
        self.company.sitiv_ensure_fiscalyear(self.invoice_date)
        with Transaction().set_context(company=company.id):
            # Two runs at once must not bill the same day twice.
            pool.get('sitiv.attendance').lock()
            self._lock_numbering()
            rows = self._rows()
            invoices, updates, errors, regularisations = self._compute(rows)
            created = create_and_post(self._invoice_values(invoices))
            self._mark_billed(created, invoices, updates)
        self.invoice_count = len(created)
        self.total = sum((i.total_amount for i in created), Decimal(0))
        self.regularisation_count = regularisations
        self.errors = '\n'.join(errors)
        # Empty for the scheduled run and the command line: a document
        # never names the technical user (root).
        user = Transaction().user
        self.run_by = User(user) if user else None
        self.run_at = to_the_minute()
        self.save()

    def _lock_numbering(self):
        """Lock the numbering of the invoices and moves now: trytond
        restarts a transaction from its start to take a lock, and posting
        asked for them only once the whole run was computed (it was
        computed three times)."""
        pool = Pool()
        FiscalYear = pool.get('account.fiscalyear')
        Sequence = pool.get('ir.sequence.strict')
        fiscalyear = FiscalYear.find(self.company.id, date=self.invoice_date)
        sequences = [fiscalyear.move_sequence] + [sequence
            for line in fiscalyear.invoice_sequences
            for sequence in [line.out_invoice_sequence,
                line.out_credit_note_sequence]
            if sequence]
        Sequence.lock(sequences)

    def _pre_period(self):
        "The period pre-billed activities bill: the next one."
        length = relativedelta(self.end_date + datetime.timedelta(days=1),
            self.start_date)
        start = self.end_date + datetime.timedelta(days=1)
        return start, start + length - datetime.timedelta(days=1)

    def _rows(self):
        """Attendance lines to bill: the period's (the next period's for
        pre-billed activities), those billed and changed since, and those
        entered late for an earlier period."""
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Activity = pool.get('sitiv.activity')
        Enrolment = pool.get('sitiv.enrolment')
        attendance = Attendance.__table__()
        activity = Activity.__table__()
        enrolment = Enrolment.__table__()
        pre_start, pre_end = self._pre_period()
        last = ((activity.billing_mode == 'pre') & (attendance.date <= pre_end)
            | (activity.billing_mode != 'pre')
            & (attendance.date <= self.end_date))
        where = (attendance.company == self.company.id) & last & (
            (attendance.billing_state == 'to_regularise')
            | (attendance.billing_state == 'to_bill'))
        if self.household:
            where &= ((attendance.household == self.household.id)
                | (enrolment.household == self.household.id))
        # A mensualised enrolment's days wait for the end of its contract.
        where &= ((Coalesce(enrolment.instalment, False) == False)  # noqa: E712
            | (enrolment.end_date <= self.end_date))
        query = attendance.join(activity,
            condition=attendance.activity == activity.id
            ).join(enrolment,
            condition=attendance.enrolment == enrolment.id
            ).select(
            attendance.id, attendance.enrolment, attendance.child,
            attendance.activity, attendance.household, attendance.date,
            attendance.state, attendance.quantity, attendance.overtime,
            attendance.billing_state, attendance.billed_amount,
            where=where,
            order_by=[attendance.household, attendance.child,
                attendance.activity, attendance.date])
        cursor = Transaction().connection.cursor()
        cursor.execute(*query)
        rows = []
        for row in cursor:
            row = Row(*row)
            date = row.date
            if isinstance(date, str):  # SQLite
                date = datetime.date.fromisoformat(date)
            rows.append(row._replace(date=date,
                    quantity=Decimal(str(row.quantity)),
                    billed_amount=Decimal(str(row.billed_amount or 0))))
        return rows

    def _compute(self, rows):
        """Price every row and group it into draft invoices per payer.
        Returns {payer key: DraftInvoice}, the attendance updates, the
        errors and the number of regularisation lines."""
        Pricing = Pool().get('sitiv.billing.pricing')
        pricing = Pricing.load(self, rows)
        invoices = {}
        errors = []
        priced, failed = self._price_rows(pricing, rows, errors)
        regularisations = set()
        updates = [self._bill_row(pricing, invoices, row, payers, price,
                regularisations)
            for row, payers, price in priced if row.household not in failed]
        closings = self._other_lines(pricing, invoices)
        for invoice in invoices.values():
            invoice.lines = {key: line for key, line in invoice.lines.items()
                if not line.empty}
        invoices = {k: v for k, v in invoices.items() if v.lines}
        return invoices, updates, errors, len(regularisations) + closings

    def _price_rows(self, pricing, rows, errors):
        """[(row, payers, unit price)] and the households that failed.
        Priced first: a household that cannot be priced is left out whole
        (its days stay to bill), before any of its lines is grouped."""
        priced, failed = [], set()
        for row in rows:
            if row.household in failed:
                continue
            enrolment = pricing.enrolments[row.enrolment]
            try:
                payers, pricing_household = pricing.payers(row, enrolment)
                price = pricing.price(row, enrolment, pricing_household)
            except BillingError as error:
                failed.add(row.household)
                errors.append(str(error))
                continue
            priced.append((row, payers, price))
        return priced, failed

    def _regularises(self, pricing, row):
        """Whether the row corrects an earlier billing: billed and changed
        since, or a day of an earlier period entered late — unless it
        waited for the end of its mensualised contract."""
        first = pricing.period_starts.get(row.activity)
        if first is None:  # once per activity, not per day
            activity = pricing.activities[row.activity]
            first = pricing.period_starts[row.activity] = (
                self._pre_period()[0] if activity.billing_mode == 'pre'
                else self.start_date)
        return (row.billing_state == 'to_regularise'
            or row.date < first
            and not pricing.enrolments[row.enrolment].instalment)

    @staticmethod
    def _draft_invoice(invoices, key, party, household):
        "The draft invoice of `key`, created for the payer the first time."
        invoice = invoices.get(key)
        if invoice is None:
            invoice = invoices[key] = DraftInvoice(party, household)
        return invoice

    def _bill_row(self, pricing, invoices, row, payers, price,
            regularisations):
        """Add the row to the draft invoices of its payers; returns the
        attendance update (id, quantity billed, amount billed)."""
        household = pricing.households[row.household]
        quantity = pricing.quantity(row)
        penalty = pricing.penalty(row)
        amount = quantity * price + penalty
        aid = pricing.aid(row, household)
        regularise = self._regularises(pricing, row)
        for payer, share, payer_household in payers:
            invoice = self._draft_invoice(invoices, payer.id, payer,
                payer_household)
            if regularise:
                key = self._regularisation_line(pricing, invoices, invoice,
                    row, share, amount - row.billed_amount, aid)
                if key:
                    regularisations.add((payer.id, key))
            else:
                self._service_lines(pricing, invoices, invoice, row, share,
                    price, quantity, penalty, aid)
        return (row.id, quantity, amount)

    def _service_lines(self, pricing, invoices, invoice, row, share, price,
            quantity, penalty, aid):
        """The row on the payer's service line (one per activity, child and
        unit price), with its penalty and the aid deducted."""
        activity = pricing.activities[row.activity]
        child = pricing.children[row.child]
        line = invoice.line(('service', activity.id, child.id, price * share),
            kind='service', activity=activity, child=child, share=share,
            unit_price=price * share)
        line.quantity += quantity
        line.rows.append(row.id)
        if row.state in {'present', 'reserved'}:
            line.present += 1
        elif row.state == 'absent_excused':
            line.absent_excused += 1
        elif row.state == 'absent_unexcused':
            if quantity:
                line.absent_billed += 1
            else:
                line.unbilled += 1
        elif row.state == 'present_unbilled':
            line.unbilled += 1
        if penalty:
            invoice.line(('penalty', activity.id, child.id, penalty * share),
                kind='penalty', activity=activity, child=child,
                unit_price=penalty * share).quantity += 1
        if aid and quantity:
            aid_amount = quantity * price * share * aid.percentage / HUNDRED
            invoice.line(('aid', activity.id, child.id, aid.id),
                kind='aid', activity=activity, child=child, aid=aid,
                quantity=ONE).unit_price -= aid_amount
            self._organism_line(invoices, aid, pricing, row, aid_amount)

    def _regularisation_line(self, pricing, invoices, invoice, row, share,
            delta, aid):
        """The change since the row was billed, on the payer's
        regularisation line of its month (the aid's share on the
        organism's); returns the line's key, None when nothing changed."""
        if not delta:
            return None
        activity = pricing.activities[row.activity]
        child = pricing.children[row.child]
        month = row.date.replace(day=1)
        key = ('regularisation', activity.id, child.id, month)
        line = invoice.line(key, kind='regularisation', activity=activity,
            child=child, month=month, quantity=ONE)
        line.shared = line.shared or share != ONE
        line.unit_price += delta * share * (
            ONE - (aid.percentage / HUNDRED if aid else 0))
        line.days += 1
        line.rows.append(row.id)
        if aid:
            self._organism_line(invoices, aid, pricing, row,
                delta * share * aid.percentage / HUNDRED)
        return key

    def _organism_line(self, invoices, aid, pricing, row, amount):
        "The organism's share, on the organism's own invoice."
        household = pricing.households[row.household]
        activity = pricing.activities[row.activity]
        child = pricing.children[row.child]
        invoice = self._draft_invoice(invoices, ('aid', aid.organism.id),
            aid.organism, None)
        invoice.line(('organism', household.id, activity.id, child.id),
            kind='organism', activity=activity, child=child,
            household=household, quantity=ONE).unit_price += amount

    def _other_lines(self, pricing, invoices):
        """Add the draft lines that do not come from attendance to
        `invoices`; returns how many regularise a contract. Extended with
        `super()` by mensualisation (instalment.py) and the crèche's
        contracts."""
        return 0

    def _line_description(self, line):
        "The text of a draft line on the invoice, in French."
        activity, child = line.activity, line.child
        name = f"{activity.name} — {child.rec_name}"
        kind = line.kind
        if kind == 'regularisation':
            return gettext('sitiv_facturation.msg_line_regularisation',
                name=name, month=month_name(line.month), days=line.days)
        if kind == 'penalty':
            return gettext('sitiv_facturation.msg_line_penalty', name=name)
        if kind == 'instalment' and line.closing:
            return gettext('sitiv_facturation.msg_line_instalments_billed',
                name=name, count=line.number)
        if kind == 'instalment':
            return gettext('sitiv_facturation.msg_line_instalment',
                name=name, number=line.number, count=line.count)
        if kind == 'aid':
            return gettext('sitiv_facturation.msg_line_aid', name=name,
                organism=line.aid.organism.rec_name,
                percentage=number(line.aid.percentage))
        if kind == 'organism':
            return gettext('sitiv_facturation.msg_line_organism', name=name,
                household=household_label(line.household))
        # The quantity column says how many days were present; the text
        # explains only a quantity that is not the days present (hours,
        # billed absences, a share).
        details = []
        for field, message in [
                ('absent_billed', 'msg_line_absent_billed'),
                ('absent_excused', 'msg_line_absent_excused'),
                ('unbilled', 'msg_line_unbilled')]:
            if getattr(line, field):
                details.append(gettext('sitiv_facturation.' + message,
                        count=getattr(line, field)))
        if line.share != ONE:
            details.append(gettext('sitiv_facturation.msg_line_share',
                    percentage=number(line.share * HUNDRED)))
        if details or line.quantity != line.present:
            details.insert(0, gettext('sitiv_facturation.msg_line_present',
                    count=line.present))
            return f"{name}\n" + ', '.join(details)
        return name

    def _invoice_values(self, invoices):
        "The values of the invoices to create, in `invoices` order."
        pool = Pool()
        Address = pool.get('party.address')
        # A payer gets the household's billing address when it has none
        # that can be posted to (in one INSERT: thousands of payers have
        # none at first; a person made in the client has an empty one).
        address_of, missing = {}, {}
        for draft in invoices.values():
            party = draft.party
            if party.id in address_of or party.id in missing:
                continue
            address = self._payer_address(party)
            if address:
                address_of[party.id] = address.id
            else:
                missing[party.id] = dict(party=party.id,
                    **self._address_values(draft.household))
        address_of.update(zip(missing,
                insert_rows(Address, list(missing.values()))))
        defaults = self._invoice_defaults()
        accounts = {}  # one lookup per activity, not per line
        vlist = []
        for draft in invoices.values():
            lines = []
            for sequence, line in enumerate(draft.lines.values(), 1):
                activity = line.activity
                if activity.id not in accounts:
                    accounts[activity.id] = activity.get_revenue_account()
                lines.append(self._get_invoice_line(line, sequence,
                        accounts[activity.id]))
            values = self._get_invoice(draft, defaults,
                address_of[draft.party.id])
            values['lines'] = [('create', lines)]
            vlist.append(values)
        return vlist

    def _invoice_defaults(self):
        "The values every invoice of the run shares."
        pool = Pool()
        Journal = pool.get('account.journal')
        Configuration = pool.get('account.configuration')
        company = self.company
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
        receivable = Configuration(1).get_multivalue(
            'default_account_receivable', company=company.id)
        due = datetime.timedelta(days=company.sitiv_payment_days or 0)
        return {
            'company': company.id,
            'type': 'out',
            'currency': company.currency.id,
            'journal': journal.id,
            'account': receivable.id,
            'invoice_date': self.invoice_date,
            'payment_term_date': self.invoice_date + due,
            'description': gettext(
                'sitiv_facturation.msg_invoice_description',
                start=self.start_date.strftime('%d/%m/%Y'),
                end=self.end_date.strftime('%d/%m/%Y')),
            'sitiv_billing_run': self.id,
            'sitiv_period_start': self.start_date,
            'sitiv_period_end': self.end_date,
            'sitiv_message': self.message,
            }

    def _get_invoice(self, draft, defaults, address):
        "The values of the draft invoice's invoice (without its lines)."
        household = draft.household
        return dict(defaults,
            party=draft.party.id,
            invoice_address=address,
            sitiv_household=household.id if household else None,
            sitiv_payment_method=(household.payment_method
                if household else 'counter'))

    def _get_invoice_line(self, line, sequence, account):
        "The values of the invoice line of a draft line."
        company = self.company
        return {
            'type': 'line',
            'sequence': sequence,
            'company': company.id,
            'currency': company.currency.id,
            'invoice_type': 'out',
            'account': account.id,
            'description': self._line_description(line),
            'quantity': float(line.quantity),
            'unit_price': line.unit_price.quantize(Decimal('0.0001')),
            'sitiv_kind': line.kind,
            'sitiv_activity': line.activity.id,
            'sitiv_child': line.child.id,
            'sitiv_enrolment': line.enrolment.id if line.enrolment else None,
            'sitiv_shared': line.is_shared,
            }

    @staticmethod
    def _payer_address(party):
        """The address the payer's invoice goes to: its invoice address
        with a postal code, else any with one; None without."""
        usable = [a for a in party.addresses if a.postal_code]
        return next((a for a in usable if a.invoice), None) or (
            usable[0] if usable else None)

    @staticmethod
    def _address_values(household):
        if not household:
            return {}
        if household.billing_same_address:
            return {'street_unstructured': household.residence_street,
                'postal_code': household.residence_postal_code,
                'city': household.residence_city}
        return {'street_unstructured': household.billing_street,
            'postal_code': household.billing_postal_code,
            'city': household.billing_city}

    def _mark_billed(self, created, invoices, updates):
        """Record on each attendance line what was billed and on which
        line: the base of every later regularisation. One UPDATE per
        thousand lines."""
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Line = pool.get('account.invoice.line')
        table = Attendance.__table__()
        cursor = Transaction().connection.cursor()
        line_of = {}
        line_table = Line.__table__()
        by_invoice = defaultdict(list)
        for sub_ids in grouped_slice([i.id for i in created], 1000):
            cursor.execute(*line_table.select(
                    line_table.invoice, line_table.id,
                    where=line_table.invoice.in_(list(sub_ids)),
                    order_by=[line_table.invoice, line_table.sequence,
                        line_table.id]))
            for invoice_id, line_id in cursor:
                by_invoice[invoice_id].append(line_id)
        for invoice, values in zip(created, invoices.values()):
            for line_id, line in zip(by_invoice[invoice.id],
                    values.lines.values()):
                for row_id in line.rows:
                    line_of.setdefault(row_id, line_id)
        forget(Attendance)
        # SQL reads the old values on the right: the billing before this
        # one is kept for a cancellation.
        update_each(Attendance, table, [
                (row_id, quantity, amount, line_of.get(row_id))
                for row_id, quantity, amount in updates],
            ['billed_quantity', 'billed_amount', 'invoice_line'], {
                'previous_billing_state': table.billing_state,
                'previous_billed_quantity': table.billed_quantity,
                'previous_billed_amount': table.billed_amount,
                'previous_invoice_line': table.invoice_line,
                'billing_state': 'billed',
                })


class BillStart(ModelView):
    "Bill a Period"
    __name__ = 'sitiv.billing.run.start'

    company = fields.Many2One('company.company', "City", required=True)
    start_date = fields.Date("From", required=True)
    end_date = fields.Date(
        "To", required=True, domain=[('end_date', '>=', Eval('start_date'))])
    invoice_date = fields.Date("Invoice Date", required=True)
    household = fields.Many2One(
        'sitiv.household', "Only This Household",
        domain=[('company', '=', Eval('company', -1))])
    message = fields.Text("Message")


class Bill(Wizard):
    "Bill a period for a city in one step: the run is created and run."
    __name__ = 'sitiv.billing.run.bill'
    start = StateView('sitiv.billing.run.start',
        'sitiv_facturation.billing_run_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Bill", 'bill', 'tryton-launch', default=True),
            ])
    bill = StateAction('sitiv_facturation.act_billing_run')

    def default_start(self, fields):
        BillingRun = Pool().get('sitiv.billing.run')
        return {
            'company': BillingRun.default_company(),
            'start_date': BillingRun.default_start_date(),
            'end_date': BillingRun.default_end_date(),
            'invoice_date': BillingRun.default_invoice_date(),
            }

    def do_bill(self, action):
        BillingRun = Pool().get('sitiv.billing.run')
        run, = BillingRun.create([{
                    'company': check_company(self.start.company).id,
                    'start_date': self.start.start_date,
                    'end_date': self.start.end_date,
                    'invoice_date': self.start.invoice_date,
                    'household': (self.start.household.id
                        if self.start.household else None),
                    'message': self.start.message,
                    }])
        BillingRun.run([run])
        action['res_id'] = [run.id]
        action['views'].reverse()
        return action, {}


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('sitiv.billing.run|run_scheduled', "Bill the Previous Month"))
