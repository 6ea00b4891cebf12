# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A transfer to the Trésorerie (§2.1.5.2, §2.1.14.4): one PES_Aller file
of one bordereau, the invoices it titles, its totals and what became of
it (prepared, sent, acknowledged or rejected), with its history.

An invoice belongs to one live transfer at most; once the file is sent it
can no longer be cancelled, only reduced by a credit note, which the next
transfer carries as a reduction title."""
import datetime
from collections import OrderedDict
from decimal import Decimal

from hestia.french import euro, french_date, month_name
from hestia.pes import aller, ormc
from hestia.pes.pdf import split
from hestia.pes.schema import PesError

from trytond.i18n import gettext
from sql.operators import Equal

from trytond.model import Exclude, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.exceptions import UserError
from trytond.pool import Pool
from trytond.pyson import Eval, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.event_log import EventLogMixin
from hestia_base.security import context_company

ZERO = Decimal(0)
KINDS = [
    ('title', "Individual Titles"),
    ('ormc', "ORMC Roll"),
    ('reduction', "Cancellations and Reductions"),
    ]
STATES = [
    ('prepared', "Prepared"),
    ('sent', "Sent"),
    ('acknowledged', "Acknowledged"),
    ('rejected', "Rejected"),
    ('cancelled', "Cancelled"),
    ]
# Transfers whose invoices and numbers are taken.
LIVE = ['prepared', 'sent', 'acknowledged']
# Invoices in these can no longer be cancelled.
LOCKED = ['sent', 'acknowledged']
TREASURY_STATES = [
    ('', ""),
    ('01', "Integrated"),
    ('02', "Taken in Charge"),
    ('03', "Rejected"),
    ('04', "Suspended"),
    ('05', "Regularised"),
    ]
# LibreOffice converts this many invoices at once.
PDF_BATCH = 100


def period_domain(start, end):
    """Invoices of a period: the period they bill (family invoices), else
    their date (credit notes, invoices typed by hand)."""
    return ['OR', [
            ('sitiv_period_start', '>=', start),
            ('sitiv_period_start', '<=', end),
            ], [
            ('sitiv_period_start', '=', None),
            ('invoice_date', '>=', start),
            ('invoice_date', '<=', end),
            ]]


class Transfer(Workflow, ModelSQL, ModelView):
    "Transfer to the Trésorerie"
    __name__ = 'pes.transfer'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    budget = fields.Many2One('pes.budget', "Budget", required=True,
        readonly=True, domain=[('company', '=', Eval('company', -1))])
    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    exercise = fields.Integer("Exercise", required=True, readonly=True)
    number = fields.Integer("Bordereau (IdBord)", required=True,
        readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    period_start = fields.Date("Period From", readonly=True)
    period_end = fields.Date("Period To", readonly=True)
    state = fields.Selection(STATES, "State", required=True, readonly=True,
        sort=False)
    file = fields.Binary("File", filename='file_name', readonly=True)
    file_name = fields.Char("File Name", readonly=True)
    piece_count = fields.Integer("Titles (NbrPce)", readonly=True)
    total = fields.Numeric("Total (MtBordHt)", digits=(16, 2),
        readonly=True)
    message = fields.Text("Trésorerie's Answer", readonly=True)
    lines = fields.One2Many('pes.transfer.line', 'transfer', "Titles",
        readonly=True)
    events = fields.One2Many('pes.transfer.event', 'transfer', "History",
        readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # Two live bordereaux never share a number (PostgreSQL enforces
        # it; the table's lock in _prepare keeps agents from trying).
        cls._sql_constraints += [
            ('number_live_exclude', Exclude(t,
                    (t.budget, Equal), (t.exercise, Equal), (t.kind, Equal),
                    (t.number, Equal), where=t.state.in_(LIVE)),
                'pes_asap.msg_transfer_number_unique'),
            ]
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('prepared', 'sent'),
            ('prepared', 'cancelled'),
            ('sent', 'acknowledged'),
            ('sent', 'rejected'),
            }
        cls._buttons.update({
                'send': {
                    'invisible': Eval('state') != 'prepared',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'prepared',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'prepared'

    def get_rec_name(self, name):
        kind = dict(self.__class__.fields_get(['kind'])['kind'][
                'selection'])[self.kind]
        return f"{kind} {self.exercise}-{self.number}"

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('file_name',) + tuple(clause[1:])]

    @classmethod
    def record_event(cls, transfers, state, message=''):
        Pool().get('pes.transfer.event').log(transfers, state, message)

    @classmethod
    @ModelView.button
    @Workflow.transition('sent')
    def send(cls, transfers):
        "The agent has handed the file to Hélios: its invoices are locked."
        cls.record_event(transfers, 'sent')

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, transfers):
        "A file never sent is dropped: its invoices go to the next one."
        cls.record_event(transfers, 'cancelled')

    @classmethod
    def acknowledge(cls, transfers, message=''):
        cls.write(transfers, {'state': 'acknowledged', 'message': message})
        cls.record_event(transfers, 'acknowledged', message)

    @classmethod
    def reject(cls, transfers, message):
        "Hélios refused the bordereau: its invoices are free again."
        cls.write(transfers, {'state': 'rejected', 'message': message})
        cls.record_event(transfers, 'rejected', message)

    @classmethod
    def delete(cls, transfers):
        for transfer in transfers:
            if transfer.state != 'cancelled':
                raise AccessError(gettext('pes_asap.msg_transfer_delete',
                        transfer=transfer.rec_name))
        super().delete(transfers)

    def summary(self):
        "The JSON of `hestia pes export`."
        return {'transfer': self.id, 'kind': self.kind,
            'exercise': self.exercise, 'bordereau': self.number,
            'pieces': self.piece_count, 'total': str(self.total),
            'file': self.file_name}

    # Preparing a file.

    @classmethod
    def live_lines(cls, invoices, states=LIVE):
        "{invoice id: transfer line} of the invoices in a live transfer."
        Line = Pool().get('pes.transfer.line')
        lines = {}
        for line in Line.search([
                    ('invoice', 'in', [i.id for i in invoices]),
                    ('transfer.state', 'in', states),
                    ]):
            lines[line.invoice.id] = line
        return lines

    @classmethod
    def next_number(cls, budget, exercise, kinds):
        "The next IdBord of these kinds of bordereau in the exercise."
        found = cls.search([('budget', '=', budget.id),
                ('exercise', '=', exercise), ('kind', 'in', kinds),
                ('state', 'in', LIVE)], order=[('number', 'DESC')], limit=1)
        return found[0].number + 1 if found else 1

    @classmethod
    def next_title(cls, budget, exercise):
        "The next title number (IdPce) of the budget's exercise."
        Line = Pool().get('pes.transfer.line')
        found = Line.search([('transfer.budget', '=', budget.id),
                ('transfer.exercise', '=', exercise),
                ('transfer.kind', 'in', ['title', 'reduction']),
                ('transfer.state', 'in', LIVE)],
            order=[('number', 'DESC')], limit=1)
        return found[0].number + 1 if found else 1

    @classmethod
    def prepare(cls, budget, start, end, date, ormc=False):
        """The transfers of the budget's invoices of [start, end] not sent
        yet: titles (or an ORMC roll) and reductions from credit
        notes. Returns (transfers, French notes on invoices left out)."""
        pool = Pool()
        Invoice = pool.get('account.invoice')
        invoices = Invoice.search([
                ('company', '=', budget.company.id),
                ('type', '=', 'out'),
                ('state', 'in', ['posted', 'paid']),
                ['OR', period_domain(start, end), [
                        ('invoice_date', '>=', start),
                        ('invoice_date', '<=', end),
                        ]],
                ], order=[('number', 'ASC'), ('id', 'ASC')])
        taken = cls.live_lines(invoices)
        Budget = budget.__class__
        budgets = Budget.search([('company', '=', budget.company.id)])
        invoices = [i for i in invoices if i.id not in taken
            and Budget.of_invoice(i, budgets) == budget]
        notes = []
        # Debts by the period they bill; credit notes by their date, so
        # that a correction made in November goes with November's files.
        debts = [i for i in invoices
            if i.total_amount > 0 and i.state == 'posted'
            and start <= (i.sitiv_period_start or i.invoice_date) <= end]
        credits = [i for i in invoices if i.total_amount < 0
            and start <= i.invoice_date <= end]
        transfers = []
        kind = 'ormc' if ormc else 'title'
        if debts:
            transfers.append(cls._prepare(budget, kind, debts, start, end,
                    date, notes))
        if credits:
            transfer = cls._prepare(budget, 'reduction', credits, start,
                end, date, notes)
            if transfer:
                transfers.append(transfer)
        transfers = [t for t in transfers if t]
        if transfers and notes:
            cls.record_event(transfers, 'prepared', '\n'.join(notes))
        return transfers, notes

    @classmethod
    def _prepare(cls, budget, kind, invoices, start, end, date, notes):
        pool = Pool()
        Line = pool.get('pes.transfer.line')
        exercise = date.year
        origins = {}
        if kind == 'reduction':
            invoices = cls._reducible(invoices, origins, notes)
            if not invoices:
                return None
        # Numbers follow the last live ones, gapless for Hélios (rejected
        # files give theirs back), so not from an ir.sequence: two agents
        # preparing take their numbers one after the other.
        cls.lock()
        number = cls.next_number(budget, exercise, [kind])
        first = 1 if kind == 'ormc' else cls.next_title(budget, exercise)
        pdfs = cls.render(invoices) if kind != 'reduction' else {}
        mandates = cls._mandates(invoices) if kind != 'reduction' else {}
        titles, faults = [], []
        for position, invoice in enumerate(invoices):
            try:
                titles.append(cls._title(budget, kind, invoice,
                        first + position, exercise, pdfs.get(invoice.id),
                        origins.get(invoice.id),
                        mandates.get(invoice.party.id, [])))
            except UserError as exception:
                faults.append(exception.message)
        if faults:
            raise UserError(gettext('pes_asap.msg_transfer_data',
                    faults='\n'.join(faults)))
        bordereau = aller.Bordereau(kind=kind, exercise=exercise,
            number=number, date=date, titles=titles,
            asap=budget.asap and kind != 'reduction',
            send_fiscal_id=budget.send_fiscal_id,
            label=cls._label(kind, start, end))
        header = budget.header(date)
        try:
            data = aller.write(header, bordereau)
        except PesError as exception:
            raise UserError(gettext('pes_asap.msg_transfer_invalid',
                    message=exception.message,
                    errors='\n'.join(exception.errors[:50])))
        expected = sum((t.amount for t in titles), ZERO)
        cls._check_totals(data, len(invoices), expected)
        transfer, = cls.create([{
                    'company': budget.company.id,
                    'budget': budget.id,
                    'kind': kind,
                    'exercise': exercise,
                    'number': number,
                    'date': date,
                    'period_start': start,
                    'period_end': end,
                    'file': data,
                    'file_name': aller.file_name(header, bordereau),
                    'piece_count': len(titles),
                    'total': expected,
                    }])
        Line.create([{
                    'transfer': transfer.id,
                    'invoice': invoice.id,
                    'number': title.number,
                    'amount': title.amount,
                    'reduces': (origins[invoice.id].id
                        if invoice.id in origins else None),
                    } for invoice, title in zip(invoices, titles)])
        cls.record_event([transfer], 'prepared', gettext(
                'pes_asap.msg_transfer_prepared', count=len(titles),
                total=euro(expected)))
        return transfer

    @staticmethod
    def _label(kind, start, end):
        if kind == 'reduction':
            return gettext('pes_asap.msg_label_reduction',
                start=french_date(start), end=french_date(end))
        return gettext('pes_asap.msg_label_titles',
            start=french_date(start), end=french_date(end))

    @staticmethod
    def _check_totals(data, count, expected):
        "NbrPce and MtBordHt read back from the file equal the invoices'."
        from lxml import etree
        root = etree.fromstring(data)
        block = root.find('PES_RecetteAller/Bordereau/BlocBordereau')
        pieces = root.findall('PES_RecetteAller/Bordereau/Piece')
        lines = sum((Decimal(e.get('V')) for e in root.iterfind(
                        'PES_RecetteAller/Bordereau/Piece/LigneDePiece/'
                        'BlocLignePiece/InfoLignePiece/MtHT')), ZERO)
        if not (int(block.find('NbrPce').get('V')) == len(pieces) == count
                and Decimal(block.find('MtBordHt').get('V')) == lines
                == expected):
            raise UserError(gettext('pes_asap.msg_transfer_totals',
                    count=count, total=euro(expected)))

    @classmethod
    def _reducible(cls, credits, origins, notes):
        """The credit notes whose invoice reached the Trésorerie, with the
        title each one reduces in `origins`; the others in `notes`."""
        originals = {}
        for credit in credits:
            for line in credit.lines:
                origin = getattr(line, 'origin', None)
                if origin and origin.__name__ == 'account.invoice.line':
                    originals[credit.id] = origin.invoice
                    break
        sent = cls.live_lines(list(set(originals.values())), LOCKED)
        kept = []
        for credit in credits:
            original = originals.get(credit.id)
            line = sent.get(original.id) if original else None
            if line is None:
                notes.append(gettext('pes_asap.msg_credit_not_sent',
                        credit=credit.rec_name,
                        invoice=original.rec_name if original else '-'))
                continue
            origins[credit.id] = line
            kept.append(credit)
        return kept

    @classmethod
    def _title(cls, budget, kind, invoice, number, exercise, pdf, origin,
            mandates):
        label = gettext('pes_asap.msg_title_label', invoice=invoice.number,
            period=cls._period(invoice))
        sign = -1 if kind == 'reduction' else 1
        due = sign * (invoice.amount_to_pay if kind != 'reduction'
            else invoice.total_amount)
        title = aller.Title(number=number, reference=invoice.number,
            label=label, tiers=cls._tiers(invoice),
            lines=cls._lines(budget, invoice, sign, due),
            start=getattr(invoice, 'sitiv_period_start', None),
            end=getattr(invoice, 'sitiv_period_end', None),
            pdf=pdf)
        if origin:
            title.origin = (origin.transfer.exercise, origin.number)
        if kind == 'ormc':
            title.debt = int(''.join(c for c in invoice.number
                    if c.isdigit()) or invoice.id)
            title.period = budget.ormc_period
            title.keys = (
                ormc.cle1(budget.cod_col, '01', exercise, title.period,
                    title.debt),
                ormc.cle2(exercise, title.period, title.debt))
        if kind != 'reduction':
            title.debit = cls._debit(invoice, title, mandates)
        return title

    @staticmethod
    def _period(invoice):
        start = getattr(invoice, 'sitiv_period_start', None)
        if start:
            return month_name(start)
        return french_date(invoice.invoice_date)

    @classmethod
    def _lines(cls, budget, invoice, sign, due):
        """One line per activity, netted; what the payer already paid or
        what a regularisation gives back is taken from the first lines, so
        that each line stays above zero as the format wants."""
        groups = OrderedDict()
        for line in invoice.lines:
            if line.type != 'line':
                continue
            activity = cls._activity(line)
            product = budget.product_of(activity)
            if product is None:
                raise UserError(gettext('pes_asap.msg_no_product',
                        invoice=invoice.rec_name,
                        activity=activity.rec_name if activity
                        else line.description or '-',
                        budget=budget.rec_name))
            key = (activity.id if activity else None,) + product
            label = activity.name if activity else (
                line.description or product[0])
            group = groups.setdefault(key, [label, ZERO])
            group[1] += sign * line.amount
        lines = [aller.Line(label, code, nature, amount)
            for (_, code, nature), (label, amount) in groups.items()
            if amount > 0]
        # Regularisations and payments come off the first lines.
        remove = sum((l.amount for l in lines), ZERO) - due
        for line in lines:
            taken = min(line.amount, remove)
            line.amount -= taken
            remove -= taken
        return [l for l in lines if l.amount > 0]

    @staticmethod
    def _activity(line):
        "The line's activity, or that of the line a credit note reverses."
        activity = getattr(line, 'sitiv_activity', None)
        origin = getattr(line, 'origin', None)
        if (not activity and origin
                and origin.__name__ == 'account.invoice.line'):
            activity = getattr(origin, 'sitiv_activity', None)
        return activity

    @staticmethod
    def _tiers(invoice):
        party = invoice.party
        address = invoice.invoice_address
        civility = {'female': "Mme", 'male': "M."}.get(
            getattr(party, 'gender', None), '')
        is_person = getattr(party, 'is_person', False)
        return aller.Tiers(
            name=(party.last_name if is_person else party.name) or party.name,
            first_name=(party.first_name or '') if is_person else '',
            civility=civility,
            street=(address.street_unstructured or address.street or ''
                ).split('\n')[0] if address else '',
            zip=address.postal_code or '' if address else '',
            city=address.city or '' if address else '',
            birth_date=getattr(party, 'birth_date', None),
            fiscal_id=party.pes_fiscal_id or '',
            reference=party.code or '')

    @staticmethod
    def _mandates(invoices):
        "{party id: validated mandates} of the invoices paid by debit."
        Mandate = Pool().get('account.payment.sepa.mandate')
        debited = [i for i in invoices
            if getattr(i, 'sitiv_payment_method', None) == 'sepa']
        mandates = {}
        if debited:
            for mandate in Mandate.search([
                        ('company', '=', debited[0].company.id),
                        ('party', 'in', list({i.party.id for i in debited})),
                        ('state', '=', 'validated'),
                        ], order=[('id', 'ASC')]):
                mandates.setdefault(mandate.party.id, []).append(mandate)
        return mandates

    @staticmethod
    def _debit(invoice, title, mandates):
        "Direct-debit details when the family pays this way."
        if getattr(invoice, 'sitiv_payment_method', None) != 'sepa':
            return None
        date = invoice.payment_term_date or invoice.invoice_date
        for mandate in mandates:
            if mandate.sitiv_covers(date):
                with Transaction().set_context(sitiv_collection_date=date):
                    sequence = mandate.sequence_type
                return aller.Debit(sequence=sequence,
                    mandate=mandate.identification,
                    signed=mandate.signature_date, date=date,
                    amount=title.amount)
        return None

    @classmethod
    def render(cls, invoices):
        """{invoice id: PDF} of the invoices as the family receives them,
        converted a hundred at a time."""
        Report = Pool().get('pes.invoice_pdfs', type='report')
        pdfs = {}
        for start in range(0, len(invoices), PDF_BATCH):
            batch = invoices[start:start + PDF_BATCH]
            with Transaction().set_context(sitiv_sending=True):
                ext, data, _, _ = Report.execute([i.id for i in batch], {})
            try:
                documents = split(data, [f"Facture {i.number}"
                        for i in batch])
            except ValueError as exception:
                raise UserError(gettext('pes_asap.msg_transfer_pdf',
                        first=batch[0].number, last=batch[-1].number,
                        reason=str(exception)))
            pdfs.update(zip((i.id for i in batch), documents))
        return pdfs


class TransferLine(ModelSQL, ModelView):
    "Title of a Transfer"
    __name__ = 'pes.transfer.line'

    transfer = fields.Many2One('pes.transfer', "Transfer", required=True,
        ondelete='CASCADE')
    invoice = fields.Many2One('account.invoice', "Invoice", required=True,
        ondelete='RESTRICT')
    party = fields.Function(fields.Many2One('party.party', "Payer"),
        'get_party')
    number = fields.Integer("Title (IdPce)", required=True)
    amount = fields.Numeric("Amount", digits=(16, 2), required=True)
    reduces = fields.Many2One('pes.transfer.line', "Reduces",
        readonly=True, help="The title a reduction cuts.")
    treasury_state = fields.Selection(TREASURY_STATES, "Trésorerie State",
        readonly=True)
    treasury_note = fields.Char("Trésorerie Note", readonly=True)
    treasury_paid = fields.Numeric("Paid at the Trésorerie",
        digits=(16, 2), readonly=True)
    treasury_receipts = fields.Text("Trésorerie Receipts", readonly=True,
        help="IdEncaissement of the payments the PES Retour reported, one "
        "per line: a file read twice records nothing twice.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('transfer', 'DESC'), ('number', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_treasury_state():
        return ''

    @staticmethod
    def default_treasury_paid():
        return ZERO

    def get_party(self, name):
        return self.invoice.party.id

    def get_rec_name(self, name):
        return f"{self.transfer.exercise}-{self.number} ({self.invoice.number})"


class TransferEvent(EventLogMixin, ModelSQL, ModelView):
    "Event of a Transfer"
    __name__ = 'pes.transfer.event'
    _log_of = 'transfer'

    transfer = fields.Many2One('pes.transfer', "Transfer", required=True,
        ondelete='CASCADE')
    state = fields.Selection(STATES, "State", required=True)


class PrepareStart(ModelView):
    "Prepare a Transfer"
    __name__ = 'pes.transfer.prepare.start'

    budget = fields.Many2One('pes.budget', "Budget", required=True,
        domain=[('company', '=', Eval('context', {}).get('company', -1))])
    start_date = fields.Date("From", required=True)
    end_date = fields.Date("To", required=True)
    date = fields.Date("Bordereau Date", required=True)
    ormc = fields.Boolean("ORMC Roll",
        help="One collective roll (ORMC) instead of individual titles.")


class Prepare(Wizard):
    "Prepare a Transfer"
    __name__ = 'pes.transfer.prepare'

    start = StateView('pes.transfer.prepare.start',
        'pes_asap.transfer_prepare_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Prepare", 'prepare', 'tryton-ok', default=True),
            ])
    prepare = StateAction('pes_asap.act_transfer')

    def default_start(self, fields):
        pool = Pool()
        Budget = pool.get('pes.budget')
        today = pool.get('ir.date').today()
        budgets = Budget.search([
                ('company', '=', context_company().id),
                ], limit=2)
        start = self.oldest_period_to_send() or (
            today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) \
            - datetime.timedelta(days=1)
        return {
            'budget': budgets[0].id if len(budgets) == 1 else None,
            'start_date': start,
            'end_date': end,
            'date': today,
            }

    @staticmethod
    def oldest_period_to_send():
        "The first day of the oldest month billed and not sent yet."
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Transfer = pool.get('pes.transfer')
        invoices = Invoice.search([
                ('company', '=', context_company().id),
                ('type', '=', 'out'),
                ('state', '=', 'posted'),
                ('sitiv_period_start', '!=', None),
                ], order=[('sitiv_period_start', 'ASC'), ('id', 'ASC')],
            limit=500)
        taken = Transfer.live_lines(invoices)
        for invoice in invoices:
            if invoice.id not in taken:
                return invoice.sitiv_period_start.replace(day=1)
        return None

    def do_prepare(self, action):
        Transfer = Pool().get('pes.transfer')
        start = self.start
        transfers, notes = Transfer.prepare(start.budget, start.start_date,
            start.end_date, start.date, ormc=start.ormc)
        if not transfers:
            raise UserError(gettext('pes_asap.msg_transfer_nothing',
                    notes='\n'.join(notes)))
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [t.id for t in transfers])])
        return action, {}
