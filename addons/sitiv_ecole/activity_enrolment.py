# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Activities and school (spec 003 §2.1.3.3, §2.1.5.1 « tarif
conditionnel : enfant scolarisé dans la commune, classe ULIS »): an
activity enrolment knows by itself whether the child is schooled in the
city (and in an ULIS class) — the tariff criteria of sitiv_facturation —
from the school enrolments, instead of an agent ticking it; and a whole
school or class is enrolled in an activity at once (canteen, périscolaire
at the rentrée)."""
import datetime

from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .school import HOLDING

# An activity starting in the summer takes the school year to come.
SUMMER = datetime.timedelta(days=92)


def holds_place(school_enrolment, date):
    "Whether the pupil has their place on `date` (summer: the next year's)."
    year = school_enrolment.year
    radiation = school_enrolment.radiation_date
    return ((year.start_date <= date <= year.end_date
            or year.start_date - SUMMER <= date < year.start_date)
        and (not radiation or radiation >= date))


def places(children, date):
    "The school enrolments where `children` hold a place on `date`."
    Enrolment = Pool().get('sitiv.school.enrolment')
    if not children:
        return []
    return [e for e in Enrolment.search([
                ('child', 'in', [c.id for c in children]),
                ('state', 'in', HOLDING),
                ('year.end_date', '>=', date)],
            order=[('year.start_date', 'ASC'), ('id', 'ASC')])
        if holds_place(e, date)]


class Enrolment(metaclass=PoolMeta):
    __name__ = 'sitiv.enrolment'

    @classmethod
    def create(cls, vlist):
        """« Schooled in the city » and « ULIS class » given from the
        school enrolments when not given: one search for the batch."""
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        SchoolEnrolment = pool.get('sitiv.school.enrolment')
        vlist = [v.copy() for v in vlist]
        todo = [v for v in vlist if 'school_city' not in v
            and v.get('child') and v.get('start_date') and v.get('activity')]
        if todo:
            companies = {a.id: a.company.id for a in Activity.browse(
                    list({v['activity'] for v in todo}))}
            dates = [v['start_date'] for v in todo]
            places = {}
            for pupil in SchoolEnrolment.search([
                        ('child', 'in', list({v['child'] for v in todo})),
                        ('state', 'in', HOLDING),
                        ('year.end_date', '>=', min(dates)),
                        ('year.start_date', '<=', max(dates) + SUMMER)]):
                places.setdefault(
                    (pupil.child.id, pupil.company.id), []).append(pupil)
            for values in todo:
                pupils = [p for p in places.get((values['child'],
                            companies[values['activity']]), [])
                    if holds_place(p, values['start_date'])]
                values['school_city'] = bool(pupils)
                values.setdefault('ulis', any(p.school_class
                        and p.school_class.specific == 'ulis'
                        for p in pupils))
        return super().create(vlist)

    @classmethod
    def enrol_pupils(cls, activity, pupils, start_date, end_date=None):
        """Enrol the children of the school enrolments `pupils` in
        `activity` from `start_date` (the children already enrolled there
        then are left); one create, then the activity's own enrolment
        (places, waiting list).  Returns (created, already)."""
        children = {p.child.id: p for p in pupils}
        already = {e.child.id for e in cls.search([
                    ('activity', '=', activity.id),
                    ('child', 'in', list(children)),
                    ('state', 'in', ['draft', 'waiting', 'enrolled']),
                    ['OR', ('end_date', '=', None),
                        ('end_date', '>=', start_date)],
                    ])}
        created = cls.create([{
                    'activity': activity.id, 'child': child,
                    'household': pupil.household.id,
                    'start_date': start_date, 'end_date': end_date,
                    } for child, pupil in children.items()
                if child not in already])
        if created:
            cls.enrol(created)
        return created, len(already)


class EnrolSchoolStart(ModelView):
    "Enrol a School or a Class"
    __name__ = 'sitiv.school.enrol_activity.start'

    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True,
        domain=[('company', '=', Eval('context', {}).get('company', -1))])
    school = fields.Many2One(
        'sitiv.school', "School", required=True,
        domain=[('company', '=', Eval('context', {}).get('company', -1))])
    school_class = fields.Many2One(
        'sitiv.school.class', "Class",
        domain=[('school', '=', Eval('school', -1))],
        help="Empty: every pupil of the school.")
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date")
    created = fields.Integer("Enrolled", readonly=True)
    waiting = fields.Integer("On the Waiting List", readonly=True)
    already = fields.Integer("Already Enrolled", readonly=True)
    done = fields.Boolean("Done", readonly=True)


class EnrolSchool(Wizard):
    "Enrol a School or a Class"
    __name__ = 'sitiv.school.enrol_activity'

    start = StateView('sitiv.school.enrol_activity.start',
        'sitiv_ecole.enrol_activity_start_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Enrol", 'enrol', 'tryton-ok', default=True,
                states={'invisible': Eval('done', False)}),
            ])
    enrol = StateTransition()

    def value_start(self, fields):
        "The counts once done (sao shows them)."
        return {name: getattr(self.start, name, None) for name in [
                'created', 'waiting', 'already', 'done']}

    def transition_enrol(self):
        pool = Pool()
        Enrolment = pool.get('sitiv.enrolment')
        SchoolEnrolment = pool.get('sitiv.school.enrolment')
        start = self.start
        domain = [('school', '=', start.school.id),
            ('company', '=', Transaction().context.get('company')),
            ('state', 'in', HOLDING),
            ('year.end_date', '>=', start.start_date)]
        if start.school_class:
            domain.append(('school_class', '=', start.school_class.id))
        pupils = [p for p in SchoolEnrolment.search(domain)
            if holds_place(p, start.start_date)]
        created, already = Enrolment.enrol_pupils(start.activity, pupils,
            start.start_date, start.end_date)
        start.created = sum(e.state == 'enrolled' for e in created)
        start.waiting = sum(e.state == 'waiting' for e in created)
        start.already = already
        start.done = True
        return 'start'
