# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The one pattern of settings a collectivité sets for itself.

A settings form is a singleton (one menu entry, one form) whose values are
stored per company in a companion model, as Tryton's account.configuration
does: each Département or city has its own thresholds, and a company that
never set one reads the default. Read a value for a company with
`Configuration(1).get_multivalue(name, company=company.id)`; the form shows
and writes the values of the user's current company. Each value field is
declared twice, as account.configuration does: plainly on the companion
model (with its default) and as `fields.MultiValue` on the singleton, whose
`default_<name>(cls, **pattern)` returns the companion's default."""
from trytond.modules.company.model import CompanyMultiValueMixin
from trytond.pool import Pool
from trytond.transaction import Transaction

from .security import check_company


def check_settings_company():
    """Per-company values are written for the context's company: it must
    be one of the user's. (The framework saves multi-values without
    access checks, so the companion model's rules alone would not stop a
    client sending another company.) Also for stock singletons such as
    account.configuration."""
    transaction = Transaction()
    if transaction.user and transaction.check_access:
        check_company(transaction.context.get('company'))


class CompanySettingsMixin(CompanyMultiValueMixin):
    """Mixin of a settings singleton: every field of `_company_model` (a
    model with company's `CompanyValueMixin`) is stored per company."""
    __slots__ = ()
    _company_model = None

    @classmethod
    def create(cls, vlist):
        cls._check_settings_company()
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        cls._check_settings_company()
        super().write(*args)

    @classmethod
    def _check_settings_company(cls):
        check_settings_company()

    @classmethod
    def multivalue_model(cls, field):
        Value = Pool().get(cls._company_model)
        if field in Value._fields:
            return Value
        return super().multivalue_model(field)
