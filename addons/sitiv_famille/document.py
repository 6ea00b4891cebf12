# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Typed supporting documents with a validity end (§2.1.1: pièces jointes
scannées avec alerte sur fin de validité, §2.1.13.1.4)."""
import datetime

from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

EXPIRY_STATES = [
    ('valid', "Valid"),
    ('expiring', "Expiring soon"),
    ('expired', "Expired"),
    ('permanent', "No end of validity"),
    ]


class DocumentType(DeactivableMixin, ModelSQL, ModelView):
    "Document Type"
    __name__ = 'sitiv.document.type'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    validity_months = fields.Integer(
        "Validity (months)",
        help="Default validity from the date received; empty when the "
        "document never expires.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('name', 'ASC'))


class Document(ModelSQL, ModelView):
    "Document"
    __name__ = 'sitiv.document'
    _history = True

    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='CASCADE')
    person = fields.Many2One(
        'party.party', "Person",
        domain=[('household_members.household', '=', Eval('household', -1))],
        help="Leave empty for a document of the whole household.")
    activity = fields.Char(
        "Activity", help="Leave empty when the document serves every activity.")
    type = fields.Many2One('sitiv.document.type', "Type", required=True)
    data = fields.Binary(
        "File", filename='filename', file_id='data_id')
    data_id = fields.Char("File ID", readonly=True)
    filename = fields.Char("File Name")
    received_date = fields.Date("Received On")
    validity_end = fields.Date("Valid Until")
    expiry_state = fields.Function(
        fields.Selection(EXPIRY_STATES, "Validity"),
        'get_expiry_state', searcher='search_expiry_state')
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('validity_end', 'ASC NULLS LAST'), ('id', 'DESC')]

    @staticmethod
    def default_received_date():
        return Pool().get('ir.date').today()

    @fields.depends('type', 'received_date', 'validity_end')
    def on_change_type(self):
        if (self.type and self.type.validity_months and self.received_date
                and not self.validity_end):
            month = self.received_date.month - 1 + self.type.validity_months
            year = self.received_date.year + month // 12
            month = month % 12 + 1
            day = min(self.received_date.day, 28)
            self.validity_end = datetime.date(year, month, day)

    @classmethod
    def _expiry_limits(cls, company=None):
        """Today and the last day a document of `company` (the user's by
        default) is « expiring » under its city's setting."""
        pool = Pool()
        Date = pool.get('ir.date')
        Configuration = pool.get('sitiv.configuration')
        today = Date.today()
        if company is None:
            company = Transaction().context.get('company')
        days = Configuration.warning_days(company)
        return today, today + datetime.timedelta(days=days)

    @classmethod
    def get_expiry_state(cls, documents, name):
        limits = {}
        result = {}
        for document in documents:
            company = document.household.company.id
            if company not in limits:
                limits[company] = cls._expiry_limits(company)
            today, limit = limits[company]
            end = document.validity_end
            if not end:
                result[document.id] = 'permanent'
            elif end < today:
                result[document.id] = 'expired'
            elif end <= limit:
                result[document.id] = 'expiring'
            else:
                result[document.id] = 'valid'
        return result

    @classmethod
    def search_expiry_state(cls, name, clause):
        _, operator, value = clause[:3]
        today, limit = cls._expiry_limits()
        domains = {
            'permanent': [('validity_end', '=', None)],
            'expired': [('validity_end', '<', today)],
            'expiring': [
                ('validity_end', '>=', today),
                ('validity_end', '<=', limit)],
            'valid': [('validity_end', '>', limit)],
            }
        values = set(value if operator in {'in', 'not in'} else [value])
        if operator in {'!=', 'not in'}:
            values = set(domains) - values
        domain = ['OR'] + [domains[v] for v in sorted(values) if v in domains]
        return domain if len(domain) > 1 else [('id', '=', -1)]

    def get_rec_name(self, name):
        return '%s — %s' % (self.type.rec_name, self.household.rec_name)
