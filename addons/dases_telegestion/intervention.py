# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Interventions (horodatages) at the beneficiaries' homes, raw and
corrected (B4, B11, B13, B16); their daily import is intervention_import."""
from decimal import Decimal

from sql import Null

from hestia import french
from hestia_base.batch import chunks, update_rows
from hestia_base.stamp import MINUTE, to_the_minute
from hestia.flatfile.layouts import telegestion as layout

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

CORRECTION_REASONS = [(None, "")] + [(code, label.capitalize())
    for code, label in layout.CORRECTION_REASONS.items()]
SOURCES = [
    ('landline', "Beneficiary's landline"),
    ('mobile', "Mobile"),
    ('manual', "Manual entry"),
    ]
# What the entry screens may change after creation (B16).
EDITABLE = {'worker', 'nomenclature', 'department', 'source',
    'incompatible_phone'}
HOUR = Decimal(3600)


def hours(start, end, extra_minutes=0):
    "Duration in hours, to the hundredth, with the allowed extra minutes."
    seconds = (end - start).total_seconds() + 60 * (extra_minutes or 0)
    return (Decimal(seconds) / HOUR).quantize(Decimal('0.01'))


class Intervention(ModelSQL, ModelView):
    "Intervention"
    __name__ = 'dases.intervention'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    sad = fields.Many2One('dases.sad', "Provider", required=True,
        domain=[('company', '=', Eval('company', -1))],
        states={'readonly': Eval('id', -1) >= 0})
    identifier = fields.Char("Identifier", readonly=True,
        help="The provider's own identifier of the intervention.")
    client = fields.Many2One('dases.sad.client', "Client", required=True,
        domain=[('sad', '=', Eval('sad', -1))],
        states={'readonly': Eval('id', -1) >= 0})
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        readonly=True)
    worker = fields.Many2One('dases.sad.worker', "Worker",
        domain=[('sad', '=', Eval('sad', -1))])
    nomenclature = fields.Char("Prestation", required=True, size=3)
    department = fields.Boolean("Paid by the Département",
        help="Flux 15; otherwise another payer (flux 11).")
    date = fields.Date("Date", readonly=True)
    raw_start = fields.DateTime("Raw Arrival", format=MINUTE,
        required=True,
        states={'readonly': Eval('id', -1) >= 0})
    raw_end = fields.DateTime("Raw Departure", format=MINUTE,
        required=True,
        states={'readonly': Eval('id', -1) >= 0})
    start = fields.DateTime("Corrected Arrival", format=MINUTE,
        readonly=True)
    end = fields.DateTime("Corrected Departure", format=MINUTE,
        readonly=True)
    correction_reason = fields.Selection(CORRECTION_REASONS,
        "Correction Reason", readonly=True)
    corrected = fields.Boolean("Corrected", readonly=True)
    source = fields.Selection(SOURCES, "Source", required=True)
    incompatible_phone = fields.Boolean("Incompatible Phone")
    extra_minutes = fields.Integer("Extra Minutes",
        states={'readonly': Eval('id', -1) >= 0})
    raw_period = fields.Function(fields.Char("Raw"), 'get_period')
    corrected_period = fields.Function(fields.Char("Corrected"),
        'get_period')
    raw_hours = fields.Numeric("Raw Hours", digits=(6, 2), readonly=True)
    hours = fields.Numeric("Hours", digits=(6, 2), readonly=True,
        help="Corrected duration when corrected, raw otherwise, with the "
        "extra minutes allowed for the client.")
    # What the form shows: « 0 h 05 », not 0,08 hours.
    raw_duration = fields.Function(fields.Char("Raw Duration"),
        'get_duration')
    duration = fields.Function(fields.Char("Duration Kept",
            help="Corrected duration when corrected, raw otherwise, with "
            "the extra minutes allowed for the client."), 'get_duration')
    report = fields.Many2One('dases.integration.report', "Received In",
        readonly=True)
    invoice_line = fields.Many2One('dases.preinvoice.line', "Invoice Line",
        readonly=True, ondelete='SET NULL')
    corrections = fields.One2Many('dases.intervention.correction',
        'intervention', "Corrections", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('identifier_uniq', Unique(t, t.sad, t.identifier),
                'dases_telegestion.msg_intervention_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.company, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t, (t.beneficiary, Index.Equality()),
                    (t.date, Index.Range())),
                Index(t, (t.invoice_line, Index.Equality())),
                # The lists show the latest first.
                Index(t, (t.raw_start, Index.Range(order='DESC'))),
                })
        cls._order = [('raw_start', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'correct': {'readonly': Bool(Eval('invoice_line'))},
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_source():
        return 'manual'

    @staticmethod
    def default_department():
        return True

    @staticmethod
    def default_extra_minutes():
        return 0

    def get_rec_name(self, name):
        return f'{self.client.rec_name} {self.raw_start:%d/%m/%Y %H:%M}'

    def get_period(self, name):
        "« 08:02 – 10:01 » (sao lists cannot show timestamps)."
        start, end = ((self.raw_start, self.raw_end) if name == 'raw_period'
            else (self.start, self.end))
        if not start:
            return ''
        day = '' if start.date() == end.date() else f' {end:%d/%m}'
        return f'{start:%H:%M} – {end:%H:%M}{day}'

    def get_duration(self, name):
        hours = self.raw_hours if name == 'raw_duration' else self.hours
        return french.duration(hours) if hours is not None else ''

    @classmethod
    def derived(cls, values, client=None):
        "date, hours, beneficiary … of the values of a new intervention."
        Client = Pool().get('dases.sad.client')
        client = client or Client(values['client'])
        start, end = values['raw_start'], values['raw_end']
        corrected = bool(values.get('start'))
        extra = min(values.get('extra_minutes') or 0,
            client.extra_minutes_allowed or 0)
        return {
            'company': client.sad.company.id,
            'beneficiary': client.beneficiary.id
            if client.beneficiary else None,
            'date': start.date(),
            'corrected': corrected,
            'raw_hours': hours(start, end),
            'hours': hours(values['start'] if corrected else start,
                values['end'] if corrected else end, extra),
            }

    @classmethod
    def create(cls, vlist):
        # Entry screens (B16): what the file import computes in bulk.
        pool = Pool()
        Sad = pool.get('dases.sad')
        vlist = [dict(v, **cls.derived(v)) for v in vlist]
        if Transaction().check_access:
            for sad in Sad.browse({v['sad'] for v in vlist}):
                if sad.integration_mode != 'hestia':
                    raise AccessError(gettext(
                            'dases_telegestion.msg_intervention_files_mode',
                            sad=sad.rec_name))
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        # From the client, only the entry screens of a provider without
        # software change an intervention not yet invoiced, and never its
        # timestamps: corrections go through apply_correction (B4, B11).
        # The flag is private: RPC strips such keys from the context.
        if (Transaction().check_access
                and not Transaction().context.get('_intervention_correction')):
            for interventions, values in zip(args[::2], args[1::2]):
                if set(values) - EDITABLE:
                    raise AccessError(gettext(
                            'dases_telegestion.msg_intervention_raw'))
                cls.check_editable(interventions)
        super().write(*args)

    @classmethod
    def check_editable(cls, interventions):
        for intervention in interventions:
            if intervention.invoice_line:
                raise AccessError(gettext(
                        'dases_telegestion.msg_intervention_invoiced',
                        intervention=intervention.rec_name))
            if intervention.sad.integration_mode != 'hestia':
                raise AccessError(gettext(
                        'dases_telegestion.msg_intervention_files_mode',
                        sad=intervention.sad.rec_name))

    @classmethod
    def delete(cls, interventions):
        if Transaction().check_access:
            cls.check_editable(interventions)
        for intervention in interventions:
            if intervention.invoice_line:
                raise AccessError(gettext(
                        'dases_telegestion.msg_intervention_invoiced',
                        intervention=intervention.rec_name))
        super().delete(interventions)

    @classmethod
    @ModelView.button_action('dases_telegestion.wizard_correct')
    def correct(cls, interventions):
        pass

    @classmethod
    def apply_correction(cls, intervention, start, end, reason, origin):
        "Correct one intervention, logging who did it and when (B11)."
        Correction = Pool().get('dases.intervention.correction')
        if Transaction().check_access:
            cls.check_editable([intervention])
        elif intervention.invoice_line:
            raise AccessError(gettext(
                    'dases_telegestion.msg_intervention_invoiced',
                    intervention=intervention.rec_name))
        # The log is the system's: nobody writes it by hand.
        with without_check_access():
            Correction.create([{
                        'intervention': intervention.id,
                        'author': Transaction().user or None,
                        'origin': origin,
                        'previous_start': intervention.start,
                        'previous_end': intervention.end,
                        'start': start, 'end': end, 'reason': reason,
                        }])
        extra = min(intervention.extra_minutes or 0,
            intervention.client.extra_minutes_allowed or 0)
        with Transaction().set_context(_intervention_correction=True):
            cls.write([intervention], {
                    'start': start, 'end': end, 'correction_reason': reason,
                    'corrected': True, 'hours': hours(start, end, extra),
                    })

    @classmethod
    def update_beneficiaries(cls, clients):
        "Carry the clients' (new) beneficiary to their interventions."
        Client = Pool().get('dases.sad.client')
        table, client = cls.__table__(), Client.__table__()
        for chunk in chunks([c.id for c in clients], 500):
            update_rows(cls, table, None, {'beneficiary': client.select(
                        client.beneficiary,
                        where=client.id == table.client)},
                where=table.client.in_(chunk)
                & (table.invoice_line == Null))


class Correction(ModelSQL, ModelView):
    "Intervention Correction"
    __name__ = 'dases.intervention.correction'

    intervention = fields.Many2One('dases.intervention', "Intervention",
        required=True, ondelete='CASCADE')
    date = fields.Function(
        fields.DateTime("Date", format=MINUTE), 'get_date')
    author = fields.Many2One('res.user', "Author", readonly=True)
    origin = fields.Char("Origin", readonly=True,
        help="The provider's file or the screen it came from.")
    previous_start = fields.DateTime("Previous Arrival", format=MINUTE,
        readonly=True)
    previous_end = fields.DateTime("Previous Departure", format=MINUTE,
        readonly=True)
    start = fields.DateTime("Corrected Arrival", format=MINUTE,
        readonly=True)
    end = fields.DateTime("Corrected Departure", format=MINUTE,
        readonly=True)
    reason = fields.Selection(CORRECTION_REASONS, "Reason", readonly=True)
    when = fields.Function(fields.Char("Date"), 'get_when')
    by = fields.Function(fields.Char("By",
            help="The agent, or the provider whose file corrected it."),
        'get_by')
    previous = fields.Function(fields.Char("Before"), 'get_summary')
    corrected = fields.Function(fields.Char("After"), 'get_summary')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('id', 'DESC')]

    def get_date(self, name):
        return to_the_minute(self.create_date)

    def get_when(self, name):
        return f'{self.create_date:%d/%m/%Y %H:%M}'

    def get_by(self, name):
        if self.author:
            return self.author.rec_name
        return self.intervention.sad.rec_name

    def get_summary(self, name):
        if name == 'previous':
            # A first correction changes the raw timestamps.
            start, end = (
                (self.previous_start, self.previous_end)
                if self.previous_start
                else (self.intervention.raw_start, self.intervention.raw_end))
        else:
            start, end = self.start, self.end
        return f'{start:%d/%m/%Y %H:%M} – {end:%H:%M}' if start else ''


class CorrectStart(ModelView):
    "Correct an Intervention"
    __name__ = 'dases.intervention.correct.start'

    start = fields.DateTime("Corrected Arrival", format=MINUTE,
        required=True)
    end = fields.DateTime("Corrected Departure", format=MINUTE,
        required=True,
        domain=[('end', '>', Eval('start'))])
    reason = fields.Selection(CORRECTION_REASONS[1:], "Reason",
        required=True)


class Correct(Wizard):
    "Correct an Intervention"
    __name__ = 'dases.intervention.correct'

    start = StateView('dases.intervention.correct.start',
        'dases_telegestion.intervention_correct_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Correct", 'correct', 'tryton-ok', default=True),
            ])
    correct = StateTransition()

    def default_start(self, fields):
        record = self.record
        return {
            'start': record.start or record.raw_start,
            'end': record.end or record.raw_end,
            'reason': record.correction_reason,
            }

    def transition_correct(self):
        self.model.apply_correction(self.record, self.start.start,
            self.start.end, self.start.reason, "saisie Hestia")
        return 'end'
