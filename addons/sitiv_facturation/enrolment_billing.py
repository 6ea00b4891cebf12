# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What billing needs of an enrolment's file: a quotient familial valid at
the start when the activity's tariff depends on it (§2.1.5.1)."""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta


class Enrolment(metaclass=PoolMeta):
    __name__ = 'sitiv.enrolment'

    def missing_reasons(self):
        Quotient = Pool().get('sitiv.quotient_familial')
        reasons = []
        date = self.start_date
        if any(t.method == 'effort' or any(
                    l.qf_min is not None or l.qf_max is not None
                    for l in t.lines)
                for t in self.activity.tariffs if t.covers(date)):
            if not Quotient.quotient_on(self.household, date):
                reasons.append(gettext(
                        'sitiv_facturation.msg_missing_quotient',
                        date=date.strftime('%d/%m/%Y')))
        return reasons + super().missing_reasons()
