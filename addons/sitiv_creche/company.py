# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The city's admission criteria for its crèches (spec 003 §2.1.3.1
« attribuer des places en fonction de critères »): the points each
criterion gives an application; the committee ranks by the total."""
from trytond.model import fields
from trytond.pool import PoolMeta


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    creche_points_resident = fields.Integer(
        "Points: Lives in the City",
        help="Points of an application whose family lives in the city.")
    creche_points_work = fields.Integer(
        "Points: Works in the City")
    creche_points_sibling = fields.Integer(
        "Points: Sibling in the Crèche",
        help="A brother or sister has a contract in a crèche of the city "
        "on the wished start date.")
    creche_points_disability = fields.Integer(
        "Points: Child or Parent with a Disability")
    creche_points_social = fields.Integer(
        "Points: Priority Social Situation",
        help="Minimum social benefits, a referral by the PMI or social "
        "services, parents in an integration scheme (CNAF).")
    creche_points_month = fields.Integer(
        "Points per Month of Waiting",
        help="Per full month since the request: older requests first.")

    @staticmethod
    def default_creche_points_resident():
        return 30

    @staticmethod
    def default_creche_points_work():
        return 10

    @staticmethod
    def default_creche_points_sibling():
        return 15

    @staticmethod
    def default_creche_points_disability():
        return 20

    @staticmethod
    def default_creche_points_social():
        return 20

    @staticmethod
    def default_creche_points_month():
        return 1
