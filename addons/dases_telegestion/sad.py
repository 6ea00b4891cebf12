# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Home-care providers (SAD), their tariffs and their workers (B1, B16,
H5, annexe 4 T8)."""
from stdnum.fr import siret

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.model.exceptions import ValidationError
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

SOFTWARES = [
    (None, ""),
    ('apologic', "Apologic"),
    ('domino', "Domino"),
    ('gies_atena', "GIES ATENA"),
    ('implicit', "Implicit"),
    ('nsi', "NSI"),
    ('ximi', "Ximi"),
    ('other', "Other"),
    ]
INTEGRATION_MODES = [
    ('files', "Own télégestion system (daily files)"),
    ('hestia', "Entry screens in Hestia"),
    ]


class Sad(DeactivableMixin, ModelSQL, ModelView):
    "Home-Care Provider"
    __name__ = 'dases.sad'

    company = fields.Many2One('company.company', "Département",
        required=True)
    code = fields.Char("SALSA Third-Party Code", required=True, size=6,
        help="« Code tiers » of the care plans (flux 1) and invoices "
        "(flux 2).")
    name = fields.Char("Name", required=True)
    siret = fields.Char("SIRET", size=14)
    email = fields.Char("Email",
        help="Where acceptances and rejections of invoices are sent.")
    software = fields.Selection(SOFTWARES, "Business Software")
    integration_mode = fields.Selection(INTEGRATION_MODES,
        "Integration Mode", required=True)
    platform = fields.Many2One('dases.sad', "Validation Platform",
        domain=[('company', '=', Eval('company', -1)),
            ('id', '!=', Eval('id', -1))],
        help="For the CASVP sections: the platform whose managers validate "
        "the invoices.")
    sections = fields.One2Many('dases.sad', 'platform', "Sections",
        readonly=True)
    users = fields.Many2Many('dases.sad-res.user', 'sad', 'user', "Users")
    aid_types = fields.Char("Active Aid Types",
        help="Financier codes of the aids the provider is paid for (APA75 "
        "PCH75 …), separated by spaces; empty: every aid.")
    tariffs = fields.One2Many('dases.sad.tariff', 'sad', "Tariffs")
    workers = fields.One2Many('dases.sad.worker', 'sad', "Workers")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.company, t.code),
                'dases_telegestion.msg_sad_code_unique'),
            ]
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_integration_mode():
        return 'files'

    def get_rec_name(self, name):
        return f'{self.code} — {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause[:3]
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op, ('code',) + tuple(clause[1:]),
            ('name',) + tuple(clause[1:])]

    @classmethod
    def validate_fields(cls, sads, field_names):
        super().validate_fields(sads, field_names)
        if field_names and not {'siret', 'code'} & set(field_names):
            return
        for sad in sads:
            if sad.siret and not siret.is_valid(sad.siret):
                raise ValidationError(gettext(
                        'dases_telegestion.msg_sad_invalid_siret',
                        siret=sad.siret, sad=sad.name))
            if not (sad.code or '').isdigit() or len(sad.code) != 6:
                raise ValidationError(gettext(
                        'dases_telegestion.msg_sad_invalid_code',
                        code=sad.code, sad=sad.name))

    @property
    def validators(self):
        "Users who validate this provider's invoices (CASVP: the platform)."
        return (self.platform or self).users

    def bills(self, financier_code):
        "Whether the provider is active for this aid type."
        return not self.aid_types or financier_code in self.aid_types.split()

    def tariff(self, financier_code, nomenclature, date):
        for tariff in self.tariffs:
            if (tariff.nomenclature == nomenclature
                    and tariff.financier_code in (None, financier_code)
                    and (tariff.start_date or date) <= date
                    and date <= (tariff.end_date or date)):
                return tariff


class SadUser(ModelSQL):
    "Provider User"
    __name__ = 'dases.sad-res.user'

    sad = fields.Many2One('dases.sad', "Provider", required=True,
        ondelete='CASCADE')
    user = fields.Many2One('res.user', "User", required=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Seen and changed with its sad, under the sad's rules.
        cls.__access__.add('sad')


class Tariff(ModelSQL, ModelView):
    "Provider Tariff"
    __name__ = 'dases.sad.tariff'

    sad = fields.Many2One('dases.sad', "Provider", required=True,
        ondelete='CASCADE')
    financier_code = fields.Char("Aid Type",
        help="Financier code of the care plans (APA75, PCH75 …); empty for "
        "every aid type.")
    nomenclature = fields.Char("Prestation", required=True, size=3)
    label = fields.Char("Label")
    unit_price = fields.Numeric("Hourly Price (€)", digits=(7, 2),
        required=True)
    start_date = fields.Date("From")
    end_date = fields.Date("Until")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('nomenclature', 'ASC'), ('start_date', 'DESC'),
            ('id', 'ASC')]


class Worker(DeactivableMixin, ModelSQL, ModelView):
    "Worker"
    __name__ = 'dases.sad.worker'

    sad = fields.Many2One('dases.sad', "Provider", required=True,
        ondelete='CASCADE')
    code = fields.Char("Personal Code", required=True)
    name = fields.Char("Name")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.sad, t.code),
                'dases_telegestion.msg_worker_code_unique'),
            ]
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    def get_rec_name(self, name):
        return f'{self.code} — {self.name}' if self.name else self.code


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    sads = fields.Many2Many('dases.sad-res.user', 'user', 'sad',
        "Home-Care Providers")
