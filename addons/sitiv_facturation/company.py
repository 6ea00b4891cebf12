# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A city's billing settings, and the accounting it needs before its first
invoice: the M57 chart, a fiscal year with its months and invoice
numbering. The chart is set up with the city's first activity (set-up
time, never in the middle of a billing run); the fiscal year of a date is
opened by the first operation dated in it. An agent never meets Tryton's
accounting set-up screens."""
import datetime

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import fields
from sitiv_famille.common import normalize_name
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    sitiv_resident_cities = fields.Text(
        "Resident Cities",
        help="One city per line: families living there pay the resident "
        "tariff. Empty: the city of the company's address.")
    sitiv_epci_cities = fields.Text(
        "Intercommunality Cities",
        help="One city per line: the other cities of the intercommunality.")
    sitiv_logo = fields.Binary("Logo", file_id='sitiv_logo_id')
    sitiv_logo_id = fields.Char("Logo ID", readonly=True)
    sitiv_invoice_message = fields.Text(
        "Invoice Message", help="Printed on every family invoice.")
    sitiv_payment_days = fields.Integer(
        "Payment Delay (days)",
        help="Days between the invoice date and its due date.")
    sitiv_billing_day = fields.Integer(
        "Automatic Billing Day",
        help="Day of the month on which the previous month is billed "
        "automatically; empty for no automatic billing.")

    sitiv_sepa_journal = fields.Many2One(
        'account.payment.journal', "Direct Debit Journal",
        domain=[
            ('company', '=', Eval('id', -1)),
            ('process_method', '=', 'sepa'),
            ],
        help="The city's creditor account and pain.008 flavour.")
    sitiv_sepa_notice_days = fields.Integer(
        "Direct Debit Notice (days)",
        help="A family's request to start or stop its direct debit takes "
        "effect after this many days.")
    sitiv_payfip_numcli = fields.Char(
        "PayFiP Client Number", size=6,
        help="The six digits given by the DGFiP.")
    sitiv_payfip_saisie = fields.Selection([
            ('T', "Test"),
            ('X', "Activation"),
            ('W', "Production"),
            ], "PayFiP Mode")
    sitiv_treasury = fields.Text(
        "Trésorerie",
        help="The public accountant who collects the invoices sent as "
        "titles: name and postal address, printed on every invoice.")
    sitiv_cheque_payee = fields.Char(
        "Cheques Payable To",
        help="Printed on the invoice's payment stub, e.g. « Régie "
        "enfance de Rillieux-la-Pape ».")
    sitiv_public_url = fields.Char(
        "Public Address",
        help="Where families and PayFiP reach Hestia, "
        "e.g. https://famille.ville.fr")

    @property
    def sitiv_siret(self):
        "The SIRET among the city's identifiers, for its documents."
        for identifier in self.party.identifiers:
            if identifier.type == 'fr_siret':
                return identifier.code
        return ''

    @classmethod
    def default_sitiv_sepa_notice_days(cls):
        return 15

    @classmethod
    def default_sitiv_payfip_saisie(cls):
        return 'T'

    @classmethod
    def default_sitiv_payment_days(cls):
        return 15

    def residence_category(self, city):
        "resident, epci or outside for a household living in `city`."
        city = normalize_name(city)
        resident = (self.sitiv_resident_cities or '').splitlines()
        if not any(l.strip() for l in resident):
            resident = [a.city for a in self.party.addresses if a.city]
        if city and city in {normalize_name(c) for c in resident}:
            return 'resident'
        epci = (self.sitiv_epci_cities or '').splitlines()
        if city and city in {normalize_name(c) for c in epci}:
            return 'epci'
        return 'outside'

    # Accounting ------------------------------------------------------------

    def sitiv_account(self, code):
        Account = Pool().get('account.account')
        accounts = Account.search([
                ('company', '=', self.id), ('code', '=', code),
                ('closed', '!=', True)], limit=1)
        return accounts[0] if accounts else None

    @classmethod
    def sitiv_setup_accounting(cls, companies):
        """Give each city without one the M57 chart, its accounting
        settings and this year's fiscal year (called when its first
        activity is created)."""
        Date = Pool().get('ir.date')
        for company in companies:
            with without_check_access(), Transaction().set_context(
                    company=company.id, _check_access=False):
                if not company.sitiv_has_chart():
                    company._sitiv_create_chart()
                    company._sitiv_ensure_fiscalyear(Date.today())

    def sitiv_has_chart(self):
        "Whether the city's chart of accounts is set up."
        Account = Pool().get('account.account')
        return bool(Account.search([('company', '=', self.id)], limit=1))

    def sitiv_ensure_fiscalyear(self, date):
        """The fiscal year of `date` with its invoice numbering, opened
        when missing; refused when the city's accounting is not set up."""
        with without_check_access(), Transaction().set_context(
                company=self.id, _check_access=False):
            if not self.sitiv_has_chart():
                raise UserError(gettext(
                        'sitiv_facturation.msg_accounting_not_set_up',
                        city=self.rec_name))
            self._sitiv_ensure_fiscalyear(date)

    def _sitiv_create_chart(self):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        AccountTemplate = pool.get('account.account.template')
        Configuration = pool.get('account.configuration')
        template = AccountTemplate(ModelData.get_id(
                'sitiv_facturation', 'account_root'))
        template2type = {}
        template.type.create_type(self.id, template2type=template2type)
        template2account = {}
        template.create_account(self.id, template2account=template2account,
            template2type=template2type)
        config = Configuration(1)
        config.default_account_receivable = self.sitiv_account('411')
        config.default_account_payable = self.sitiv_account('4718')
        config.default_dunning_procedure = ModelData.get_id(
            'sitiv_facturation', 'dunning_procedure_families')
        config.save()
        # Before the transfer to the Trésorerie, a contested invoice is
        # cancelled with a reversing move and recomputed (recompute.py).
        self.cancel_invoice_out = True
        self.save()

    def _sitiv_ensure_fiscalyear(self, date):
        pool = Pool()
        FiscalYear = pool.get('account.fiscalyear')
        Sequence = pool.get('ir.sequence.strict')
        SequenceType = pool.get('ir.sequence.type')
        ModelData = pool.get('ir.model.data')
        if FiscalYear.search([
                    ('company', '=', self.id),
                    ('start_date', '<=', date),
                    ('end_date', '>=', date),
                    ], limit=1):
            return
        year = date.year
        move_type = SequenceType(ModelData.get_id(
                'account', 'sequence_type_account_move'))
        invoice_type = SequenceType(ModelData.get_id(
                'account_invoice', 'sequence_type_account_invoice'))
        move_sequence, invoice_sequence, credit_sequence = Sequence.create([{
                    'name': f"Écritures {year}",
                    'sequence_type': move_type.id,
                    'company': self.id,
                    }, {
                    'name': f"Factures {year}",
                    'sequence_type': invoice_type.id,
                    'company': self.id,
                    'prefix': f"F{year}-",
                    'padding': 6,
                    }, {
                    'name': f"Avoirs {year}",
                    'sequence_type': invoice_type.id,
                    'company': self.id,
                    'prefix': f"AV{year}-",
                    'padding': 5,
                    }])
        fiscalyear, = FiscalYear.create([{
                    'name': f"Exercice {year}",
                    'company': self.id,
                    'start_date': datetime.date(year, 1, 1),
                    'end_date': datetime.date(year, 12, 31),
                    'move_sequence': move_sequence.id,
                    'invoice_sequences': [('create', [{
                                    'company': self.id,
                                    'out_invoice_sequence':
                                    invoice_sequence.id,
                                    'out_credit_note_sequence':
                                    credit_sequence.id,
                                    'in_invoice_sequence': invoice_sequence.id,
                                    'in_credit_note_sequence':
                                    credit_sequence.id,
                                    }])],
                    }])
        FiscalYear.create_period([fiscalyear])
