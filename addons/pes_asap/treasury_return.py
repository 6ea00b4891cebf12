# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Files back from Hélios (§2.1.5.2 « PES Retour », §2.1.14.4): the PES
Acquit accepts or rejects each bordereau; the PES Retour recettes tells
each title's state, the payments made at the Trésorerie (recorded as paid
by revenue title when the budget says so, never as a régie receipt) and
the debtors' fiscal identifiers.

Like every import (ARCHITECTURE §4.2): checked against its schema first
(a bad file changes nothing), archived as the report's attachment,
idempotent (a payment already recorded is not recorded again)."""
from decimal import Decimal

from hestia.french import euro, french_date
from hestia.pes import r2p, retour, schema
from hestia.pes.schema import PesError

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access
from trytond.wizard import Button, StateAction, StateView, Wizard
from hestia_base.integration import ImportReportMixin
from hestia_base.security import context_company

ZERO = Decimal(0)
KINDS = [
    ('acquit', "PES Acquit"),
    ('retour', "PES Retour"),
    ]
# TypBord of the Retour → kind of transfer.
BORDEREAU_KINDS = {'01': 'title', '02': 'reduction', '06': 'ormc'}


COUNTS = ['transfers_updated', 'titles_updated', 'payments_recorded',
    'fiscal_ids_stored']


class TreasuryReturn(ImportReportMixin, ModelSQL, ModelView):
    "File from the Trésorerie"
    __name__ = 'pes.treasury_return'
    _counts = COUNTS

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    kind = fields.Selection(KINDS + [(None, "")], "Kind", readonly=True)
    state = fields.Selection([
            ('done', "Processed"),
            ('refused', "Refused"),
            ], "State", readonly=True)
    details = fields.Text("Details", readonly=True)
    transfers_updated = fields.Integer("Bordereaux Updated", readonly=True)
    titles_updated = fields.Integer("Titles Updated", readonly=True)
    payments_recorded = fields.Integer("Payments Recorded", readonly=True)
    fiscal_ids_stored = fields.Integer("Fiscal Identifiers Stored",
        readonly=True)

    def summary(self):
        "The JSON of `hestia pes import` (ARCHITECTURE §5)."
        return {'report': self.id, 'file': self.filename,
            'kind': self.kind, 'state': self.state,
            'message': self.message,
            'transfers_updated': self.transfers_updated,
            'titles_updated': self.titles_updated,
            'payments_recorded': self.payments_recorded,
            'fiscal_ids_stored': self.fiscal_ids_stored,
            'details': (self.details or '').splitlines()}

    @classmethod
    def company_of(cls, data):
        """The city a Treasury file is for, by the collectivité of its
        header (IdColl of one of its budgets); None when it cannot tell."""
        Budget = Pool().get('pes.budget')
        try:
            header = retour.header(schema.parse(data))
        except (PesError, AttributeError):
            return None
        with without_check_access():
            budgets = Budget.search([('id_coll', '=', header.id_coll)],
                limit=1)
        return budgets[0].company if budgets else None

    @classmethod
    def import_file(cls, company, filename, data):
        """Read an Acquit or a Retour (told apart by its root) for the
        city; returns the report. A refused file changes nothing."""
        try:
            kind = cls._kind(data)
        except PesError as error:
            return cls.store(company, filename, data, state='refused',
                **cls.refuse_values(error))

        def work():
            counts, details = dict.fromkeys(COUNTS, 0), []
            message = cls._read(company, kind, data, counts, details)
            return cls.store(company, filename, data, kind=kind,
                state='done', message=message, details='\n'.join(details),
                **counts)
        return cls.import_guarded(company, filename, data, work,
            refused=PesError, kind=kind)

    @staticmethod
    def _kind(data):
        "'acquit' or 'retour'; PesError for any other file."
        kind = schema.kind_of(schema.parse(data))
        if kind == 'aller':
            raise PesError(gettext('pes_asap.msg_return_is_aller'))
        return 'retour' if kind == 'retour' else 'acquit'

    @classmethod
    def refuse_values(cls, error):
        return {'message': error.message, 'details': '\n'.join(error.errors)}

    @classmethod
    def _read(cls, company, kind, data, counts, details):
        "The message of reading `data`; PesError refuses it."
        if kind == 'acquit':
            header, acks = retour.read_acquit(data)
            budget = cls._budget(company, header)
            return cls._acquit(budget, acks, counts, details)
        header, pieces = retour.read_retour(data)
        budget = cls._budget(company, header)
        return cls._retour(budget, pieces, counts, details)

    @staticmethod
    def _budget(company, header):
        Budget = Pool().get('pes.budget')
        domain = [('company', '=', company.id),
            ('id_coll', '=', header.id_coll),
            ('cod_col', '=', header.cod_col)]
        if header.cod_bud:  # optional in the Acquit's header
            domain.append(('cod_bud', '=', header.cod_bud))
        budgets = Budget.search(domain)
        if not budgets:
            raise PesError(gettext('pes_asap.msg_return_budget',
                    id_coll=header.id_coll, cod_col=header.cod_col,
                    cod_bud=header.cod_bud, city=company.rec_name))
        return budgets[0]

    @classmethod
    def _acquit(cls, budget, acks, counts, details):
        Transfer = Pool().get('pes.transfer')
        for ack in acks:
            domain = [('budget', '=', budget.id),
                ('state', 'in', ['sent', 'acknowledged', 'rejected'])]
            if ack.bordereau:
                domain += [('exercise', '=', ack.exercise),
                    ('number', '=', ack.bordereau)]
            else:
                domain = [('budget', '=', budget.id), ('state', '=', 'sent')]
            transfers = Transfer.search(domain)
            sent = [t for t in transfers if t.state == 'sent']
            what = (gettext('pes_asap.msg_return_bordereau',
                    exercise=ack.exercise, number=ack.bordereau)
                if ack.bordereau else gettext('pes_asap.msg_return_flow'))
            if len(sent) > 1 or not transfers:
                details.append(gettext('pes_asap.msg_return_unknown_bordereau',
                        bordereau=what))
                continue
            if not sent:
                details.append(gettext('pes_asap.msg_return_unchanged',
                        bordereau=transfers[0].rec_name,
                        state=transfers[0].state))
                continue
            transfer, = sent
            if ack.accepted:
                Transfer.acknowledge([transfer])
                details.append(gettext('pes_asap.msg_return_accepted',
                        bordereau=transfer.rec_name))
            else:
                reasons = '\n'.join(ack.errors) or gettext(
                    'pes_asap.msg_return_no_reason')
                Transfer.reject([transfer], reasons)
                details.append(gettext('pes_asap.msg_return_rejected',
                        bordereau=transfer.rec_name, reasons=reasons))
            counts['transfers_updated'] += 1
        return gettext('pes_asap.msg_return_acquit_done',
            count=counts['transfers_updated'])

    @classmethod
    def _retour(cls, budget, pieces, counts, details):
        pool = Pool()
        Line = pool.get('pes.transfer.line')
        Party = pool.get('party.party')
        Payment = pool.get('sitiv.payment')
        to_write, party_writes, parties, payments = [], [], [], []
        titles = {}     # the titles of each bordereau, read once
        for piece in pieces:
            key = (piece.exercise, piece.bordereau,
                BORDEREAU_KINDS.get(piece.kind, piece.kind))
            if key not in titles:
                titles[key] = {l.number: l for l in Line.search([
                            ('transfer.budget', '=', budget.id),
                            ('transfer.exercise', '=', key[0]),
                            ('transfer.number', '=', key[1]),
                            ('transfer.kind', '=', key[2]),
                            ('transfer.state', 'in',
                                ['sent', 'acknowledged']),
                            ])}
            line = titles[key].get(piece.number)
            if line is None:
                details.append(gettext('pes_asap.msg_return_unknown_title',
                        exercise=piece.exercise, bordereau=piece.bordereau,
                        number=piece.number))
                continue
            values = {'treasury_state': piece.state,
                'treasury_note': piece.note[:100] or None}
            paid, receipts = cls._payments(budget, line, piece.payments,
                details, payments)
            if receipts:
                values['treasury_paid'] = (line.treasury_paid or ZERO) + paid
                values['treasury_receipts'] = '\n'.join(
                    (line.treasury_receipts or '').split() + receipts)
                counts['payments_recorded'] += len(receipts)
            if any(getattr(line, k) != v for k, v in values.items()):
                to_write.extend(([line], values))
                counts['titles_updated'] += 1
            party = line.invoice.party
            for fiscal_id, nature, name in piece.fiscal_ids:
                if (r2p.valid_fiscal_id(fiscal_id)
                        and party.pes_fiscal_id != fiscal_id
                        and party not in parties):
                    parties.append(party)
                    party_writes.extend(([party], {
                                'pes_fiscal_id': fiscal_id,
                                'pes_r2p_state': 'returned'}))
                    counts['fiscal_ids_stored'] += 1
                    details.append(gettext('pes_asap.msg_return_fiscal_id',
                            party=party.rec_name, fiscal_id=fiscal_id))
        if payments:
            Payment.save(payments)
            Payment.post(payments)
        if to_write:
            Line.write(*to_write)
        if party_writes:
            Party.write(*party_writes)
        return gettext('pes_asap.msg_return_retour_done',
            titles=counts['titles_updated'],
            payments=counts['payments_recorded'],
            fiscal_ids=counts['fiscal_ids_stored'])

    @classmethod
    def _payments(cls, budget, line, payments, details, created):
        """The Trésorerie's payments the title has not seen yet (by
        IdEncaissement), added to `created` when the budget records them;
        returns their amount and references."""
        pool = Pool()
        Payment = pool.get('sitiv.payment')
        invoice = line.invoice
        seen = set((line.treasury_receipts or '').split())
        total, receipts = ZERO, []
        for payment in payments:
            if payment.reference in seen:
                continue
            seen.add(payment.reference)
            reference = f"PES {payment.reference}"
            total += payment.amount
            receipts.append(payment.reference)
            what = dict(invoice=invoice.rec_name,
                amount=euro(payment.amount), date=french_date(payment.date))
            if not budget.retour_payments:
                details.append(gettext('pes_asap.msg_return_paid_noted',
                        **what))
                continue
            due = invoice.amount_to_pay
            if due <= 0 or not invoice.sitiv_household:
                details.append(gettext('pes_asap.msg_return_paid_conflict',
                        **what))
                continue
            amount = min(payment.amount, due)
            created.append(Payment(company=invoice.company,
                    household=invoice.sitiv_household, party=invoice.party,
                    date=payment.date, mode='title', amount=amount,
                    reference=reference, kind='receipt',
                    allocations=[{'invoice': invoice.id, 'amount': amount}]))
            details.append(gettext('pes_asap.msg_return_paid', **what))
        return total, receipts


class ImportStart(ModelView):
    "Import a File from the Trésorerie"
    __name__ = 'pes.treasury_return.import.start'

    data = fields.Binary("File", filename='filename', required=True)
    filename = fields.Char("File Name")


class Import(Wizard):
    "Import a File from the Trésorerie"
    __name__ = 'pes.treasury_return.import'

    start = StateView('pes.treasury_return.import.start',
        'pes_asap.treasury_return_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateAction('pes_asap.act_treasury_return')

    def do_import_(self, action):
        pool = Pool()
        Return = pool.get('pes.treasury_return')
        company = context_company()
        # The wizard is granted to billing agents (XML); the import writes
        # payments, titles and payers' identifiers as the system does.
        with without_check_access():
            report = Return.import_file(company,
                self.start.filename or 'retour.xml', self.start.data)
        action['res_id'] = [report.id]
        action['views'].reverse()
        return action, {}
