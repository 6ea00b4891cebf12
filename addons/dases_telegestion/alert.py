# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Alerts and interactive lists of the platform (F4, F7-F14, G1-G5): each
row opens the beneficiary's file in one click. They are recomputed every
night (and on demand) from the plans, interventions and CESU."""
import datetime
from decimal import Decimal

from sql import Null
from sql.aggregate import Sum

from hestia import months
from hestia_base.batch import chunks

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction
from trytond.wizard import StateAction, StateTransition, Wizard
from hestia_base.security import context_company

from .preinvoicing import monthly_quantity

KINDS = [
    ('under_consumption', "Under-consumption (F7, F8)"),
    ('sad_not_in_plan', "Provider not in the plan"),
    ('tg_and_cesu', "Télégestion and CESU"),
    ('incoherent_mode', "Incoherent intervention mode"),
    ('plan_ending', "Plan ending (F13, G1)"),
    ('plan_revised', "Plan revised (F14, G2)"),
    ]


class Alert(ModelSQL, ModelView):
    "Alert"
    __name__ = 'dases.alert'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    kind = fields.Selection(KINDS, "Alert", required=True, readonly=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, readonly=True, ondelete='CASCADE')
    sad = fields.Many2One('dases.sad', "Provider", readonly=True,
        ondelete='CASCADE')
    date = fields.Date("Date", readonly=True)
    detail = fields.Char("Detail", readonly=True)
    rate = fields.Numeric("Rate (%)", digits=(5, 2), readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('kind', 'ASC'), ('date', 'ASC'), ('id', 'ASC')]
        cls._buttons.update({'open_beneficiary': {}})

    @classmethod
    @ModelView.button_action('dases_base.act_beneficiary')
    def open_beneficiary(cls, alerts):
        "The beneficiary's file, in one click."
        if not alerts:
            return
        pool = Pool()
        Action = pool.get('ir.action')
        ModelData = pool.get('ir.model.data')
        action = Action.get_action_values('ir.action.act_window', [
                ModelData.get_id('dases_base', 'act_beneficiary')])[0]
        action['res_id'] = [alerts[0].beneficiary.id]
        action['views'].reverse()
        return action

    @classmethod
    def refresh(cls, company, today=None):
        "Recompute the alerts of `company`; returns their count by kind."
        today = today or Pool().get('ir.date').today()
        with Transaction().set_context(active_test=False):
            cls.delete(cls.search([('company', '=', company.id)]))
        vlist = []
        for kind, _ in KINDS:
            for values in getattr(cls, '_' + kind)(company, today):
                vlist.append(dict(values, company=company.id, kind=kind))
        for chunk in chunks(vlist, 500):
            cls.create(chunk)
        counts = {}
        for values in vlist:
            counts[values['kind']] = counts.get(values['kind'], 0) + 1
        return counts

    @classmethod
    def refresh_all(cls):
        "Cron: every Département of the cron's companies."
        Company = Pool().get('company.company')
        for company_id in Transaction().context.get('companies') or []:
            cls.refresh(Company(company_id))

    @classmethod
    def _clocked(cls, company, start, end):
        "{(beneficiary, nomenclature, sad): hours} clocked in the period."
        Intervention = Pool().get('dases.intervention')
        table = Intervention.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.beneficiary, table.nomenclature,
                table.sad, Sum(table.hours),
                where=(table.company == company.id)
                & (table.date >= start) & (table.date <= end)
                & (table.beneficiary != Null)
                & (table.department == True),  # noqa: E712
                group_by=[table.beneficiary, table.nomenclature,
                    table.sad]))
        return {(b, n, s): Decimal(str(h)) for b, n, s, h in cursor}

    @classmethod
    def _plans(cls, company, start, end, domain=None):
        CarePlan = Pool().get('dases.care_plan')
        return CarePlan.search_read([
                ('company', '=', company.id),
                ('transmitted', '=', True),
                ('coverage_start', '<=', end),
                ('coverage_end', '>=', start),
                ] + (domain or []), fields_names=['beneficiary',
                'tiers_code', 'nomenclature', 'periodicity', 'quantity',
                'coverage_start', 'coverage_end', 'management_mode',
                'create_date', 'write_date', 'decision_date'])

    @classmethod
    def _under_consumption(cls, company, today):
        "Last month's clocked hours below the rate of the plan (F7, F8)."
        Configuration = Pool().get('dases.configuration')
        rate = Configuration(1).get_multivalue(
            'under_consumption_rate', company=company.id)
        start, end = months.previous(today)
        clocked = {}
        for (beneficiary, nomenclature, _), value in cls._clocked(
                company, start, end).items():
            key = (beneficiary, nomenclature)
            clocked[key] = clocked.get(key, 0) + value
        for plan in cls._plans(company, start, end,
                [('management_mode', '=', 'prestataire')]):
            planned = monthly_quantity(plan, max(start,
                    plan['coverage_start']), min(end, plan['coverage_end']))
            done = clocked.get((plan['beneficiary'], plan['nomenclature']),
                Decimal(0))
            if planned and done * 100 < planned * rate:
                yield {'beneficiary': plan['beneficiary'], 'date': end,
                    'rate': (done * 100 / planned).quantize(Decimal('0.01')),
                    'detail': gettext('dases_telegestion.msg_alert_under_plan',
                        nomenclature=plan['nomenclature'], clocked=done,
                        planned=planned, month=f'{start:%m/%Y}')}

    @classmethod
    def _sad_not_in_plan(cls, company, today):
        "Interventions of last month by a provider absent from the plan (F9)."
        Sad = Pool().get('dases.sad')
        start, end = months.previous(today)
        codes = {s['id']: s['code'] for s in Sad.search_read(
                [('company', '=', company.id)], fields_names=['code'])}
        planned = {}
        # Only provider plans name a SAD: the third party of a CESU plan
        # is the employer's, not a provider.
        for plan in cls._plans(company, start, end,
                [('management_mode', '=', 'prestataire')]):
            planned.setdefault(plan['beneficiary'], set()).add(
                plan['tiers_code'])
        for (beneficiary, nomenclature, sad), value in sorted(
                cls._clocked(company, start, end).items()):
            if codes.get(sad) not in planned.get(beneficiary, set()):
                yield {'beneficiary': beneficiary, 'sad': sad, 'date': end,
                    'detail': f"{nomenclature} : {value} h en {start:%m/%Y} "
                    "par un SAD absent du plan"}

    @classmethod
    def _cesu_months(cls, company, start, end):
        """{beneficiary} with CESU chequebooks in the period: none without
        dases_cesu (AlertCesu)."""
        return set()

    @classmethod
    def _tg_and_cesu(cls, company, today):
        "Clocked by a provider while receiving CESU the same month (F10)."
        start, end = months.previous(today)
        cesu = cls._cesu_months(company, start, end)
        seen = set()
        for (beneficiary, _, sad), value in sorted(
                cls._clocked(company, start, end).items()):
            if beneficiary in cesu and (beneficiary, sad) not in seen:
                seen.add((beneficiary, sad))
                yield {'beneficiary': beneficiary, 'sad': sad, 'date': end,
                    'detail': gettext(
                        'dases_telegestion.msg_alert_tg_and_cesu',
                        month=f'{start:%m/%Y}')}

    @classmethod
    def _incoherent_mode(cls, company, today):
        """A plan in emploi direct or mandataire (paid in CESU) whose
        prestation a provider clocks as prestataire (F12)."""
        start, end = months.previous(today)
        clocked = {(b, n) for b, n, _ in cls._clocked(company, start, end)}
        for plan in cls._plans(company, start, end,
                [('management_mode', '!=', 'prestataire')]):
            if (plan['beneficiary'], plan['nomenclature']) in clocked:
                yield {'beneficiary': plan['beneficiary'], 'date': end,
                    'detail': gettext(
                        'dases_telegestion.msg_alert_incoherent_mode',
                        nomenclature=plan['nomenclature'],
                        mode=plan['management_mode'])}

    @classmethod
    def _sads_by_code(cls, company):
        """{third-party code: provider id}: a plan's alert goes to the
        provider it names (G1, G2), who sees it in sao."""
        Sad = Pool().get('dases.sad')
        return {s['code']: s['id'] for s in Sad.search_read(
                [('company', '=', company.id)], fields_names=['code'])}

    @classmethod
    def _plan_ending(cls, company, today):
        "Plans whose coverage ends within the configured days (F13, G1)."
        Configuration = Pool().get('dases.configuration')
        limit = today + datetime.timedelta(
            days=Configuration(1).get_multivalue(
                'ending_days', company=company.id))
        sads = cls._sads_by_code(company)
        for plan in cls._plans(company, today, today,
                [('coverage_end', '<=', limit)]):
            yield {'beneficiary': plan['beneficiary'],
                'sad': sads.get(plan['tiers_code']),
                'date': plan['coverage_end'],
                'detail': f"{plan['nomenclature']} jusqu'au "
                f"{plan['coverage_end']:%d/%m/%Y}"}

    @classmethod
    def _plan_revised(cls, company, today):
        "Plans received or changed within the configured days (F14, G2)."
        Configuration = Pool().get('dases.configuration')
        since = today - datetime.timedelta(
            days=Configuration(1).get_multivalue(
                'revised_days', company=company.id))
        sads = cls._sads_by_code(company)
        for plan in cls._plans(company, today, months.end(today)):
            changed = (plan['write_date'] or plan['create_date']).date()
            decided = plan['decision_date']
            if changed >= since or (decided and decided >= since):
                yield {'beneficiary': plan['beneficiary'],
                    'sad': sads.get(plan['tiers_code']),
                    'date': max(changed, decided or changed),
                    'detail': gettext('dases_telegestion.msg_alert_revised',
                        nomenclature=plan['nomenclature'])}


class Refresh(Wizard):
    "Recompute the Alerts"
    __name__ = 'dases.alert.refresh'

    start = StateTransition()
    open_ = StateAction('dases_telegestion.act_alert')

    def transition_start(self):
        pool = Pool()
        Alert = pool.get('dases.alert')
        Alert.refresh(context_company())
        return 'open_'

    def do_open_(self, action):
        return action, {}


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('dases.alert|refresh_all', "Recompute the home-care alerts"),
                ('dases.preinvoice|build_last_month',
                    "Pre-invoice last month's interventions"),
                ])


class AlertCesu(metaclass=PoolMeta):
    "F10 reads the CESU chequebooks when dases_cesu is activated."
    __name__ = 'dases.alert'

    @classmethod
    def _cesu_months(cls, company, start, end):
        Book = Pool().get('dases.cesu.book')
        return super()._cesu_months(company, start, end) | {
            b['beneficiary'] for b in Book.search_read([
                    ('order.company', '=', company.id),
                    ('month', '>=', start), ('month', '<=', end),
                    ('beneficiary', '!=', None),
                    ], fields_names=['beneficiary'])}
