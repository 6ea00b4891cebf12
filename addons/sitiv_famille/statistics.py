# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Figures per city. A child in two households is one person: it is counted
once (§2.1.1: l'enfant doit être comptabilisé une seule fois)."""
from sql.aggregate import Count, Min
from sql.conditionals import Case

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool


class CityStatistic(ModelSQL, ModelView):
    "Family File Figures"
    __name__ = 'sitiv.statistic.city'

    company = fields.Many2One('company.company', "City")
    households = fields.Integer("Active Households")
    children = fields.Integer("Children")
    persons = fields.Integer("Persons")

    @classmethod
    def table_query(cls):
        pool = Pool()
        Household = pool.get('sitiv.household')
        Member = pool.get('sitiv.household.member')
        household = Household.__table__()
        member = Member.__table__()
        query = household.join(member, 'LEFT',
            condition=member.household == household.id)
        return query.select(
            household.company.as_('id'),
            household.company.as_('company'),
            Count(household.id, distinct=True).as_('households'),
            Count(Case((member.role == 'child', member.party)), distinct=True).as_('children'),
            Count(member.party, distinct=True).as_('persons'),
            Min(household.create_uid).as_('create_uid'),
            Min(household.create_date).as_('create_date'),
            Min(household.write_uid).as_('write_uid'),
            Min(household.write_date).as_('write_date'),
            where=household.active == True,  # noqa: E712
            group_by=[household.company])

    @classmethod
    def count_children(cls, companies=None):
        "Distinct children of the active households of `companies` (or all)."
        pool = Pool()
        Party = pool.get('party.party')
        domain = [('household_members', 'where', [
                    ('role', '=', 'child'),
                    ('household.active', '=', True),
                    ] + ([('household.company', 'in',
                            [c.id for c in companies])]
                    if companies is not None else []))]
        return Party.search_count(domain)
