# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Who acts for a beneficiary on the platform (D3): the person, a relative
or a guardian they authorised, as the Département recorded it. One
beneficiary id across CESU, télégestion and the platform (A1): the access
points at `dases.beneficiary`, the record the flux 1 keeps."""
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.pool import PoolMeta
from trytond.pyson import Eval

RELATIONSHIPS = [
    ('self', "The Beneficiary"),
    ('relative', "Relative"),
    ('guardian', "Guardian"),
    ('other', "Other Trusted Person"),
    ]


class Access(DeactivableMixin, ModelSQL, ModelView):
    "Platform Access to a Beneficiary"
    __name__ = 'dases.platform.access'

    user = fields.Many2One('web.user', "Account", required=True,
        ondelete='CASCADE',
        domain=[('platform_role', '=', 'beneficiary')])
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    company = fields.Function(fields.Many2One('company.company',
            "Département"), 'on_change_with_company',
        searcher='search_company')
    relationship = fields.Selection(RELATIONSHIPS, "Acts As", required=True)
    authorised_on = fields.Date("Authorised On",
        help="When the beneficiary (or the guardianship judgement) "
        "authorised this person.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('user_beneficiary_uniq', Unique(t, t.user, t.beneficiary),
                'dases_plateforme.msg_access_unique'),
            ]

    @staticmethod
    def default_relationship():
        return 'self'

    @fields.depends('user', '_parent_user.portal_company')
    def on_change_with_company(self, name=None):
        if self.user and self.user.portal_company:
            return self.user.portal_company.id

    @classmethod
    def search_company(cls, name, clause):
        return [('user.portal_company',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return f'{self.user.rec_name} → {self.beneficiary.rec_name}'


class Beneficiary(metaclass=PoolMeta):
    __name__ = 'dases.beneficiary'

    platform_accesses = fields.One2Many('dases.platform.access',
        'beneficiary', "Platform Accounts")
    # The provider's clients matched to the beneficiary (G4).
    platform_sad_clients = fields.One2Many('dases.sad.client',
        'beneficiary', "Provider Clients", readonly=True)
