# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a platform account may reach, in one place (D3-D6, A1, G4): a
beneficiary or the relative or guardian they authorised reaches the
beneficiaries of their accesses; a care worker their own interventions and
the CESU paid to them; a provider's (SAD) users their provider's clients.
Every page starts from the logged-in account and goes through these
methods with the id it was given, answering « not found » for anything
else (routes run as root: this is the only check between a URL and the
database)."""

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

PREFIX = 'plateforme'
ROLES = [
    (None, ""),
    ('beneficiary', "Beneficiary or Relative"),
    ('worker', "Care Worker"),
    ('sad_user', "Provider Manager or Coordinator"),
    ('sad_admin', "Provider Administrator"),
    ]
# The pages each role opens (Space.route's `right=`).
ROLE_RIGHTS = {
    'beneficiary': {'beneficiary'},
    'worker': {'worker'},
    'sad_user': {'sad'},
    'sad_admin': {'sad', 'sad_admin'},
    }
PLATFORM_RIGHTS = set().union(*ROLE_RIGHTS.values())


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    platform_role = fields.Selection(ROLES, "DASES Platform Role",
        help="Empty: the account is not a DASES platform account.")
    platform_name = fields.Char("Name Shown",
        help="How the platform greets the person and names them on what "
        "they declare.")
    platform_accesses = fields.One2Many('dases.platform.access', 'user',
        "Beneficiaries Reached",
        states={'invisible': Eval('platform_role') != 'beneficiary'})
    platform_sad = fields.Many2One('dases.sad', "Provider",
        domain=[('company', '=', Eval('portal_company', -1))],
        states={
            'invisible': ~Eval('platform_role').in_(
                ['sad_user', 'sad_admin', 'worker']),
            'required': Eval('platform_role').in_(['sad_user', 'sad_admin']),
            })
    platform_worker = fields.Many2One('dases.sad.worker', "Worker Record",
        domain=[('sad', '=', Eval('platform_sad', -1))],
        states={'invisible': Eval('platform_role') != 'worker'},
        help="The worker the provider's télégestion knows: the account "
        "sees the interventions clocked under this code.")
    platform_cesu_code = fields.Char("CESU Affiliate Code",
        states={'invisible': Eval('platform_role') != 'worker'},
        help="The worker's number at the CRCESU: the account sees the "
        "CESU reimbursed to it.")

    def portal_opens(self, prefix):
        "A platform account opens the platform only, and only it does."
        if prefix == PREFIX:
            return bool(self.platform_role)
        return not self.platform_role and super().portal_opens(prefix)

    def portal_allows(self, right):
        allowed = super().portal_allows(right)
        if right in PLATFORM_RIGHTS:
            allowed = allowed and right in ROLE_RIGHTS.get(
                self.platform_role, set())
        return allowed

    def platform_cache(self):
        "What a page already found for the account, until the transaction ends."
        return Transaction().cache.setdefault(('dases_plateforme', self.id),
            PlatformCache())

    # Beneficiary, relative, guardian (D3, E1-E7).
    def platform_beneficiaries(self):
        "The beneficiaries the account acts for, by name."
        cache = self.platform_cache()
        if 'beneficiaries' not in cache:
            cache['beneficiaries'] = self._platform_beneficiaries()
        return cache['beneficiaries']

    def _platform_beneficiaries(self):
        Beneficiary = Pool().get('dases.beneficiary')
        if self.platform_role != 'beneficiary':
            return []
        return Beneficiary.search([
                ('company', '=', self.portal_company.id),
                ('platform_accesses', 'where', [
                        ('user', '=', self.id),
                        ('active', '=', True),
                        ]),
                ], order=[('last_name', 'ASC'), ('first_name', 'ASC'),
                ('id', 'ASC')])

    def platform_beneficiary(self, beneficiary_id):
        "The beneficiary of `beneficiary_id`, or None when not reached."
        return next((b for b in self.platform_beneficiaries()
                if b.id == beneficiary_id), None)

    # Provider (G1-G5, H4).
    def platform_sad_beneficiaries(self):
        """The provider's beneficiaries (G4): those whose care plans name
        the provider, and its clients matched to a beneficiary."""
        cache = self.platform_cache()
        if 'sad_beneficiaries' not in cache:
            cache['sad_beneficiaries'] = (
                self.platform_sad.platform_beneficiaries()
                if self.platform_role in {'sad_user', 'sad_admin'}
                and self.platform_sad else [])
        return cache['sad_beneficiaries']

    def platform_sad_beneficiary(self, beneficiary_id):
        return next((b for b in self.platform_sad_beneficiaries()
                if b.id == beneficiary_id), None)

    def platform_colleagues(self):
        "The accounts of the same provider (H4), active or not."
        User = Pool().get('web.user')
        if self.platform_role != 'sad_admin' or not self.platform_sad:
            return []
        return User.search([
                ('platform_sad', '=', self.platform_sad.id),
                ('platform_role', 'in', ['sad_user', 'sad_admin', 'worker']),
                ('active', 'in', [True, False]),
                ], order=[('platform_name', 'ASC'), ('email', 'ASC')])

    def platform_colleague(self, user_id):
        return next((u for u in self.platform_colleagues()
                if u.id == user_id), None)

    # Care worker (D6).
    def platform_worker_interventions(self, start, end):
        "The interventions clocked under the account's worker code."
        Intervention = Pool().get('dases.intervention')
        if self.platform_role != 'worker' or not self.platform_worker:
            return []
        return Intervention.search([
                ('worker', '=', self.platform_worker.id),
                ('date', '>=', start), ('date', '<=', end),
                ], order=[('raw_start', 'ASC'), ('id', 'ASC')])

    def platform_worker_cesu(self, since):
        "The CESU reimbursed to the account's CESU affiliate code."
        Consumption = Pool().get('dases.cesu.consumption')
        if self.platform_role != 'worker' or not self.platform_cesu_code:
            return []
        return Consumption.search([
                ('company', '=', self.portal_company.id),
                ('affiliate_code', '=', self.platform_cesu_code),
                ('payment_date', '>=', since),
                ], order=[('payment_date', 'DESC'), ('id', 'DESC')])


class PlatformCache(dict):
    "A dict trytond's transaction may hold (it keeps weak references)."
