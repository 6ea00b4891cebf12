# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Activities of some schools only (spec 003 §2.1.3.3, §2.1.9 « activités
ouvertes à la famille … école »): the after-school club of a school is
offered to its pupils, the family portal and the agents see it only for
them."""
from trytond.model import ModelSQL, fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .activity_enrolment import places


class Activity(metaclass=PoolMeta):
    __name__ = 'sitiv.activity'

    schools = fields.Many2Many(
        'sitiv.activity-sitiv.school', 'activity', 'school',
        "Only for the Pupils Of",
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: children of every school.")

    @classmethod
    def open_to(cls, company, child, date):
        """…and, for an activity of some schools, a child enrolled in one
        of them on `date`."""
        activities = super().open_to(company, child, date)
        if not any(a.schools for a in activities):
            return activities
        schools = cls.schools_of(child, date)
        return [a for a in activities
            if not a.schools or set(a.schools) & schools]

    @staticmethod
    def schools_of(child, date):
        "The schools where `child` holds a place on `date`."
        return {p.school for p in places([child], date)}


class ActivitySchool(ModelSQL):
    "Activity - School"
    __name__ = 'sitiv.activity-sitiv.school'
    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
    school = fields.Many2One(
        'sitiv.school', "School", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('activity')
