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
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool


class CompanySettingsMixin(CompanyMultiValueMixin):
    """Mixin of a settings singleton: every field of `_company_model` (a
    `CompanySettingsValueMixin`) is stored per company."""
    __slots__ = ()
    _company_model = None

    @classmethod
    def multivalue_model(cls, field):
        Value = Pool().get(cls._company_model)
        if field in Value._fields:
            return Value
        return super().multivalue_model(field)


class CompanySettingsValueMixin(CompanyValueMixin):
    "Mixin of the model holding a settings singleton's values per company."
    __slots__ = ()
