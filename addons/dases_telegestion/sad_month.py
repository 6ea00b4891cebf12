# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A provider's month: the rate of corrected interventions by reason, kept
month after month (F11), the exclusion of its corrections above the
Département's threshold (B10), and the anomalies of its pre-invoicing
(B5)."""
from decimal import Decimal

from sql.aggregate import Count

from hestia import months
from hestia_base.month import MonthLabelMixin

from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .intervention import CORRECTION_REASONS

ANOMALIES = [
    ('unmatched', "Client not matched to a beneficiary"),
    ('no_plan', "No care plan for the prestation"),
    ('sad_not_in_plan', "Provider not in the care plan"),
    ('inactive_aid_type', "Aid type not active for the provider"),
    ('suspended', "Plan suspended (hospitalisation …)"),
    ('over_plan', "Hours over the plan"),
    ]


class SadMonth(MonthLabelMixin, ModelSQL, ModelView):
    "Provider Month"
    __name__ = 'dases.sad.month'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    sad = fields.Many2One('dases.sad', "Provider", required=True,
        readonly=True, ondelete='CASCADE')
    month = fields.Date("Month", required=True, readonly=True)
    interventions = fields.Integer("Interventions", readonly=True)
    corrected = fields.Integer("Corrected", readonly=True)
    rate = fields.Numeric("Correction Rate (%)", digits=(5, 2),
        readonly=True)
    threshold = fields.Numeric("Threshold (%)", digits=(5, 2),
        readonly=True)
    excluded = fields.Boolean("Corrections Excluded", readonly=True,
        help="The rate is above the threshold: the raw timestamps are "
        "billed.")
    reasons = fields.One2Many('dases.sad.month.reason', 'sad_month',
        "By Reason", readonly=True)
    anomalies = fields.One2Many('dases.preinvoice.anomaly', 'sad_month',
        "Anomalies", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('month_uniq', Unique(t, t.sad, t.month),
                'dases_telegestion.msg_sad_month_unique'),
            ]
        cls._order = [('month', 'DESC'), ('sad', 'ASC'), ('id', 'ASC')]

    def get_rec_name(self, name):
        return f'{self.sad.rec_name} {self.month:%m/%Y}'

    @classmethod
    def compute(cls, company, sads, month):
        """The month of each provider in `sads`, its rate recomputed from
        the interventions paid by the Département; {sad id: record}."""
        pool = Pool()
        Intervention = pool.get('dases.intervention')
        Configuration = pool.get('dases.configuration')
        Reason = pool.get('dases.sad.month.reason')
        threshold = Configuration(1).get_multivalue(
            'correction_threshold', company=company.id)
        table = Intervention.__table__()
        cursor = Transaction().connection.cursor()
        counts = {}
        cursor.execute(*table.select(table.sad, table.correction_reason,
                Count(table.id),
                where=(table.company == company.id)
                & table.sad.in_([s.id for s in sads])
                & (table.date >= month) & (table.date <= months.end(month))
                & (table.department == True),  # noqa: E712
                group_by=[table.sad, table.correction_reason]))
        for sad, reason, count in cursor:
            counts.setdefault(sad, {})[reason] = count
        existing = {m.sad.id: m for m in cls.search([
                    ('sad', 'in', [s.id for s in sads]),
                    ('month', '=', month)])}
        Reason.delete([r for m in existing.values() for r in m.reasons])
        to_create, to_write = [], []
        for sad in sads:
            by_reason = counts.get(sad.id, {})
            total = sum(by_reason.values())
            corrected = total - by_reason.get(None, 0)
            rate = (Decimal(100 * corrected) / total).quantize(
                Decimal('0.01')) if total else Decimal(0)
            values = {
                'interventions': total, 'corrected': corrected,
                'rate': rate, 'threshold': threshold,
                'excluded': rate > threshold,
                'reasons': [('create', [{
                                'reason': reason, 'count': count,
                                'rate': (Decimal(100 * count) / total
                                    ).quantize(Decimal('0.01')),
                                } for reason, count in sorted(
                                (r, c) for r, c in by_reason.items()
                                if r)])],
                }
            if sad.id in existing:
                to_write.extend(([existing[sad.id]], values))
            else:
                to_create.append(dict(values, company=company.id,
                        sad=sad.id, month=month))
        if to_write:
            cls.write(*to_write)
        created = cls.create(to_create) if to_create else []
        result = dict(existing)
        result.update({m.sad.id: m for m in created})
        return result


class SadMonthReason(ModelSQL, ModelView):
    "Corrections by Reason"
    __name__ = 'dases.sad.month.reason'

    sad_month = fields.Many2One('dases.sad.month', "Provider Month",
        required=True, ondelete='CASCADE')
    reason = fields.Selection(CORRECTION_REASONS, "Reason", readonly=True)
    count = fields.Integer("Corrections", readonly=True)
    rate = fields.Numeric("Rate (%)", digits=(5, 2), readonly=True)
