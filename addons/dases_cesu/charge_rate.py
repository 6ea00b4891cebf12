# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Charge rates per aid type (H3): the share of the employer's social
charges the Département pays on top of the CESU it prefinances (C12).

The ceiling of charges of a chequebook is its amount × the rate in force
on its reference month for its aid type and employment type; it is sent
to the CNCESU in flux 8.2 and checked against the charges of flux 6."""
from decimal import Decimal

from trytond.model import ModelSQL, ModelView, fields
from trytond.transaction import Transaction

# Prestation types of flux 8.2 and flux 6 (1 = APA, 2 = PCH, 3 = PCH enfant)
AID_TYPES = [
    ('1', "APA"),
    ('2', "PCH"),
    ('3', "PCH (child)"),
    ]
# Code type d'emploi of flux 8.2 (C4)
EMPLOYMENT_TYPES = [
    ('1', "Agent or approved provider"),
    ('2', "Direct employment"),
    ('3', "Foster family"),
    ]


def aid_type(module):
    """Prestation type of a care plan's SALSA module; None for an aid the
    CNCESU's third-party payment does not cover (aide ménagère …)."""
    module = (module or '').upper().replace(' ', '')
    if module.startswith(('PCHE', 'PCHENF')):
        return '3'
    if module.startswith('PCH'):
        return '2'
    if module.startswith('APA'):
        return '1'
    return None


def employment_type(management_mode):
    "Code type d'emploi of a care plan's management mode (C4)."
    return '2' if management_mode == 'emploi_direct' else '1'


class ChargeRate(ModelSQL, ModelView):
    "CESU Charge Rate"
    __name__ = 'dases.cesu.charge_rate'

    company = fields.Many2One('company.company', "Département",
        required=True)
    aid_type = fields.Selection(AID_TYPES, "Aid Type", required=True)
    employment_type = fields.Selection([(None, "")] + EMPLOYMENT_TYPES,
        "Employment Type",
        help="Leave empty for a rate valid for every employment type.")
    start_date = fields.Date("From", required=True)
    rate = fields.Numeric("Rate (%)", digits=(5, 2), required=True,
        domain=[('rate', '>=', 0), ('rate', '<=', 100)],
        help="Share of the CESU amount paid as social charges.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('aid_type', 'ASC'), ('start_date', 'DESC'),
            ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def rates(cls, company):
        "A function (aid type, employment type, date) → rate or None."
        rates = cls.search([('company', '=', company.id)])

        def rate(aid, employment, date):
            # The latest rate in force; for one date, a rate set for this
            # employment type wins over the general one.
            candidates = [r for r in rates if r.aid_type == aid
                and r.start_date <= date
                and r.employment_type in {employment, None}]
            if not candidates:
                return None
            return max(candidates, key=lambda r: (
                    r.start_date, r.employment_type is not None)).rate
        return rate

    @staticmethod
    def ceiling(amount, rate):
        "Maximum charges on `amount` at `rate` %, rounded to the cent."
        if rate is None or amount is None:
            return None
        return (amount * rate / 100).quantize(Decimal('0.01'))
