# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Reliable tiers (§2.1.5.2): a payer's fiscal identifier, date and place
of birth checked with the DGFiP's API R2P, one by one from the party form
or for all the payers of a period before a transfer."""
import datetime

from hestia.pes import r2p

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.exceptions import UserError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard
from hestia_base.security import context_company

from .transfer import period_domain

R2P_STATES = [
    ('', ""),
    ('found', "Found"),
    ('confirmed', "Confirmed"),
    ('not_found', "Not Found"),
    ('returned', "From the PES Retour"),
    ]


def client():
    "The API R2P client of the configuration; UserError if there is none."
    try:
        return r2p.Client.from_config()
    except r2p.R2PError as exception:
        raise UserError(str(exception))


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    pes_fiscal_id = fields.Char("Fiscal Identifier (SPI)", size=13,
        help="The payer's numéro fiscal, 13 digits, from the API R2P or "
        "the PES Retour.")
    pes_r2p_state = fields.Selection(R2P_STATES, "R2P Check",
        readonly=True)
    pes_r2p_date = fields.DateTime("R2P Checked On", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'pes_check_r2p': {
                    'invisible': ~Eval('is_person', False),
                    'depends': ['is_person'],
                    },
                })

    @staticmethod
    def default_pes_r2p_state():
        return ''

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names and 'pes_fiscal_id' not in field_names:
            return
        for party in parties:
            if party.pes_fiscal_id and not r2p.valid_fiscal_id(
                    party.pes_fiscal_id):
                raise ValidationError(gettext('pes_asap.msg_fiscal_id',
                        party=party.rec_name, value=party.pes_fiscal_id))

    @classmethod
    @ModelView.button
    def pes_check_r2p(cls, parties):
        persons = [p for p in parties if p.is_person]
        if persons:
            cls.pes_r2p(persons, client())

    @classmethod
    def pes_r2p(cls, parties, client):
        """Look each person up: a known identifier is confirmed, else the
        civil status finds it. Returns {state: count}."""
        counts = {}
        now = datetime.datetime.now()
        to_write = []
        for party in parties:
            if not party.is_person or not party.birth_date:
                continue
            try:
                if party.pes_fiscal_id:
                    person = client.by_fiscal_id(party.pes_fiscal_id)
                    state = 'confirmed' if person else 'not_found'
                else:
                    person = client.search(
                        party.birth_name or party.last_name,
                        party.first_name, party.birth_date,
                        sex={'female': 'F', 'male': 'M'}.get(party.gender),
                        birth_place=party.birth_place)
                    state = 'found' if person else 'not_found'
            except r2p.R2PError as exception:
                raise UserError(str(exception))
            values = {'pes_r2p_state': state, 'pes_r2p_date': now}
            if person:
                values['pes_fiscal_id'] = person.fiscal_id
                if person.birth_place and not party.birth_place:
                    values['birth_place'] = person.birth_place
            to_write.extend(([party], values))
            counts[state] = counts.get(state, 0) + 1
        if to_write:
            cls.write(*to_write)
        return counts


class CheckTiersStart(ModelView):
    "Check Payers with the API R2P"
    __name__ = 'pes.check_tiers.start'

    start_date = fields.Date("Invoices From", required=True)
    end_date = fields.Date("Invoices To", required=True)
    only_unknown = fields.Boolean("Only Payers Without Identifier")
    result = fields.Text("Result", readonly=True)

    @staticmethod
    def default_only_unknown():
        return True


class CheckTiers(Wizard):
    "Check Payers with the API R2P"
    __name__ = 'pes.check_tiers'

    start = StateView('pes.check_tiers.start',
        'pes_asap.check_tiers_start_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Check", 'check', 'tryton-ok', default=True),
            ])
    check = StateTransition()

    def default_start(self, fields):
        today = Pool().get('ir.date').today()
        end = today.replace(day=1) - datetime.timedelta(days=1)
        values = {'start_date': end.replace(day=1), 'end_date': end,
            'only_unknown': True}
        if getattr(self.start, 'result', None):
            values.update(start_date=self.start.start_date,
                end_date=self.start.end_date,
                only_unknown=self.start.only_unknown,
                result=self.start.result)
        return values

    def transition_check(self):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Party = pool.get('party.party')
        invoices = Invoice.search([
                ('company', '=', context_company().id),
                ('type', '=', 'out'),
                ('state', 'in', ['posted', 'paid']),
                period_domain(self.start.start_date, self.start.end_date),
                ])
        parties = Party.browse(sorted({i.party.id for i in invoices}))
        if self.start.only_unknown:
            parties = [p for p in parties if not p.pes_fiscal_id]
        counts = Party.pes_r2p(parties, client()) if parties else {}
        self.start.result = gettext('pes_asap.msg_r2p_result',
            checked=sum(counts.values()),
            found=counts.get('found', 0) + counts.get('confirmed', 0),
            not_found=counts.get('not_found', 0))
        return 'start'
