# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The staff ratio (taux d'encadrement, spec 003 §2.1.3.1, §2.1.4, §2.1.7):
the professionals on duty per section and time slot, the children present
at a moment (clocked in, not yet out), and what the crèche's rule asks —
one professional for six children, or one for five who do not walk and one
for eight who walk (décret n° 2021-1131, in force since 2022), figures set
per crèche. « Taux d'encadrement » shows each section now, in red when
below; a child's arrival that takes a section below warns the person
clocking."""
import math
from fractions import Fraction

from trytond.exceptions import UserWarning
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .presence import local_now, minutes


class RatioWarning(UserWarning):
    pass


def required_staff(structure, walkers, others):
    "Professionals the crèche's rule asks for these children."
    if structure.ratio_rule == 'walking':
        need = (Fraction(others, structure.ratio_not_walking or 1)
            + Fraction(walkers, structure.ratio_walking or 1))
    else:
        need = Fraction(walkers + others, structure.ratio_children or 1)
    return math.ceil(need)


class Staff(ModelSQL, ModelView):
    "Crèche Staff on Duty"
    __name__ = 'sitiv.creche.staff'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        required=True, domain=[('company', '=', Eval('company', -1))])
    section = fields.Many2One('sitiv.creche.section', "Section",
        domain=[('structure', '=', Eval('structure', -1))],
        help="Empty: counted for the whole crèche.")
    name = fields.Char("Professional", required=True)
    date = fields.Date("Date", required=True)
    start_time = fields.Time("From", required=True)
    end_time = fields.Time("To", required=True,
        domain=[('end_time', '>', Eval('start_time'))])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('structure', 'ASC'),
            ('start_time', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()


def situation(structure, section, date, time):
    """{'walkers', 'others', 'staff', 'required'} of `section` (or of the
    whole crèche when None) on `date` at `time`."""
    pool = Pool()
    Presence = pool.get('sitiv.creche.presence')
    Staff = pool.get('sitiv.creche.staff')
    now = minutes(time)
    domain = [('structure', '=', structure.id), ('date', '=', date),
        ('state', 'in', ['present', 'left'])]
    if section:
        domain.append(('contract.section', '=', section.id))
    walkers = others = 0
    for presence in Presence.search(domain):
        if not presence.arrival or minutes(presence.arrival) > now:
            continue
        if (presence.state == 'left' and presence.departure
                and minutes(presence.departure) <= now):
            continue
        if presence.contract.walks:
            walkers += 1
        else:
            others += 1
    staff_domain = [('structure', '=', structure.id), ('date', '=', date),
        ('start_time', '<=', time), ('end_time', '>', time)]
    if section:
        staff_domain.append(('section', '=', section.id))
    staff = Staff.search_count(staff_domain)
    return {'walkers': walkers, 'others': others, 'staff': staff,
        'required': required_staff(structure, walkers, others)}


class Section(metaclass=PoolMeta):
    __name__ = 'sitiv.creche.section'

    children_now = fields.Function(fields.Integer("Children Present"),
        'get_ratio')
    walkers_now = fields.Function(fields.Integer("Of Whom Walk"),
        'get_ratio')
    staff_now = fields.Function(fields.Integer("Professionals on Duty"),
        'get_ratio')
    staff_required = fields.Function(
        fields.Integer("Professionals Required"), 'get_ratio')
    ratio_below = fields.Function(fields.Boolean("Below the Ratio"),
        'get_ratio')

    @classmethod
    def get_ratio(cls, sections, names):
        result = {n: {} for n in names}
        for section in sections:
            now = local_now(section.structure.company)
            found = situation(section.structure, section, now.date(),
                now.time())
            values = {
                'children_now': found['walkers'] + found['others'],
                'walkers_now': found['walkers'],
                'staff_now': found['staff'],
                'staff_required': found['required'],
                'ratio_below': found['staff'] < found['required'],
                }
            for name in names:
                result[name][section.id] = values[name]
        return result


class Presence(metaclass=PoolMeta):
    __name__ = 'sitiv.creche.presence'

    @classmethod
    def arrive(cls, presences):  # noqa: D102 (the button of presence.py)
        super().arrive(presences)
        cls.warn_ratio(presences)

    @classmethod
    def warn_ratio(cls, presences):
        """Warn when an arrival exceeds the places agreed at that time or
        takes a section below the staff ratio."""
        Warning = Pool().get('res.user.warning')
        for presence in presences:
            section = presence.contract.section
            if not presence.arrival:
                continue
            structure = presence.structure
            # The agrément of the time slot, for the whole crèche.
            whole = situation(structure, None, presence.date,
                presence.arrival)
            places = structure.capacity_at(presence.date, presence.arrival)
            present = whole['walkers'] + whole['others']
            if present > places:
                key = Warning.format('creche_capacity', [presence])
                if Warning.check(key):
                    raise RatioWarning(key, gettext(
                            'sitiv_creche.msg_capacity_over',
                            child=presence.child.rec_name,
                            structure=structure.rec_name,
                            children=present, places=places,
                            time=presence.arrival.strftime('%H:%M')))
            found = situation(structure, section, presence.date,
                presence.arrival)
            if found['staff'] >= found['required']:
                continue
            key = Warning.format('creche_ratio', [presence])
            if Warning.check(key):
                raise RatioWarning(key, gettext(
                        'sitiv_creche.msg_ratio_below',
                        child=presence.child.rec_name,
                        section=(section or presence.structure).rec_name,
                        children=found['walkers'] + found['others'],
                        staff=found['staff'], required=found['required']))

