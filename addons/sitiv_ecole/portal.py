# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The school service on the family portal, when sitiv_portail is
activated too (spec 003 §2.1.9 « publications … par école »): the city
publishes for the families of some schools (a school's internal rules,
its canteen menu), and « Mon foyer » shows each child's school, level
and class this year."""
from trytond.model import ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .activity_enrolment import places


class Publication(metaclass=PoolMeta):
    __name__ = 'sitiv.portal.publication'

    schools = fields.Many2Many(
        'sitiv.portal.publication-sitiv.school', 'publication', 'school',
        "Only for the Families Of",
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: families of every school.")

    @classmethod
    def portal_domain(cls, company, enrolments, date, children=()):
        "…and, for a publication of some schools, their pupils' families."
        schools = {p.school.id for p in places(children, date)}
        return super().portal_domain(company, enrolments, date, children) + [
            ['OR', ('schools', '=', None),
                ('schools', 'in', list(schools))]]


class PublicationSchool(ModelSQL):
    "Family Portal Publication - School"
    __name__ = 'sitiv.portal.publication-sitiv.school'

    publication = fields.Many2One(
        'sitiv.portal.publication', "Publication", required=True,
        ondelete='CASCADE')
    school = fields.Many2One(
        'sitiv.school', "School", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('publication')


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    def portal_schooling(self, child, date=None):
        "The child's school places on `date` (this year, or the coming one)."
        date = date or Pool().get('ir.date').today()
        return super().portal_schooling(child, date) + places([child], date)
