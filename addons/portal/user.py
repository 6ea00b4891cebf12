# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A portal account (web_user's `web.user`: hashed password, throttled
login, session keys, reset tokens) and what Hestia adds: the city or
Département it belongs to (record rules), a password an agent gave that
must be changed at first login, and the channels the person accepts
(§2.1.10: email, SMS, each with the date it was given)."""
import datetime

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    portal_company = fields.Many2One(
        'company.company', "Organisation", required=True,
        ondelete='RESTRICT', help="The city or Département whose portal the account opens.")
    portal_must_change_password = fields.Boolean(
        "Must Change Password",
        help="The password was given by an agent: the person chooses "
        "their own at the first login.")
    consent_email = fields.Boolean("Accepts Emails")
    consent_sms = fields.Boolean("Accepts SMS")
    consent_date = fields.Timestamp("Consent Given On", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # The person's values that depend on the organisation are read in
        # the account's own.
        for field in [cls.party, cls.secondary_parties]:
            field.context = dict(field.context or {},
                company=Eval('portal_company', -1))
            field.depends = set(field.depends or ()) | {'portal_company'}

    @staticmethod
    def default_portal_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_portal_must_change_password():
        return True

    @classmethod
    def write(cls, *args):
        actions = iter(args)
        args = []
        for users, values in zip(actions, actions):
            if {'consent_email', 'consent_sms'} & set(values):
                values = dict(values, consent_date=datetime.datetime.now())
            args.extend((users, values))
        super().write(*args)

    def portal_opens(self, prefix):
        """Whether the account logs in to the space under `prefix`: a
        family's account does not open the DASES platform, nor the reverse
        (the modules of each space say which accounts are theirs)."""
        return True

    def portal_allows(self, right):
        """Whether the account's profile opens the pages of `right` (a
        space's modules restrict it: e.g. a payment-only profile)."""
        return True

    def portal_change_password(self, password):
        """The person's own password: checked as Tryton checks a user's
        (length, entropy, not their email), then no longer to change."""
        ResUser = Pool().get('res.user')
        ResUser.validate_password(password, [self])
        self.password = password
        self.portal_must_change_password = False
        self.save()
