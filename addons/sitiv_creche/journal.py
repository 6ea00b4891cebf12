# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The daily journal of a child in the crèche (spec 003 §2.1.3.1 « cahier
de suivi journalier », §2.1.4): meals, sleep, changes, care, activities and
observations, each with its time and its author, entered on the tablet
during the day. Only the crèche's staff read it (not the family service's
counter agents)."""

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .presence import local_now

KINDS = [
    ('meal', "Meal"),
    ('sleep', "Sleep"),
    ('nappy', "Change"),
    ('care', "Care"),
    ('activity', "Activity"),
    ('observation', "Observation"),
    ]


class JournalEntry(ModelSQL, ModelView):
    "Crèche Daily Journal"
    __name__ = 'sitiv.creche.journal'

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    structure = fields.Many2One('sitiv.creche.structure', "Crèche",
        required=True, domain=[('company', '=', Eval('company', -1))])
    child = fields.Many2One('party.party', "Child", required=True,
        context={'company': Eval('company', -1)}, depends={'company'},
        domain=[('creche_contracts.structure', '=', Eval('structure', -1))])
    date = fields.Date("Date", required=True)
    time = fields.Time("Time", required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    text = fields.Text("Text", required=True)
    author = fields.Function(fields.Many2One('res.user', "Author"),
        'get_author')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('child', 'ASC'), ('time', 'ASC'),
            ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @classmethod
    def default_time(cls):
        Company = Pool().get('company.company')
        company = Transaction().context.get('company')
        if company:
            return local_now(Company(company)).time().replace(
                second=0, microsecond=0)

    @staticmethod
    def default_kind():
        return 'observation'

    def get_author(self, name):
        return self.create_uid
