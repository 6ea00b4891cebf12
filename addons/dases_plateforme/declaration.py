# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a beneficiary or their relative declares on the platform (E2, E4,
F3): a hospitalisation, an absence, a change of care worker, a new CESU
chequebook … It waits in the Département agents' list in sao until one of
them marks it processed; nothing in the plan changes before."""

from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from hestia_base.stamp import MINUTE, to_the_minute

KINDS = [
    ('hospitalisation', "Hospitalisation"),
    ('absence', "Absence from Home"),
    ('worker_change', "Change of Care Worker"),
    ('chequebook', "New CESU Chequebook"),
    ('dematerialisation', "Dematerialised CESU"),
    ('address', "Change of Address or Phone"),
    ('other', "Other"),
    ]
# Kinds that cover a period (the others are a request on a date).
PERIODS = {'hospitalisation', 'absence'}
STATES = [
    ('received', "To Process"),
    ('processed', "Processed"),
    ]


class Declaration(Workflow, ModelSQL, ModelView):
    "Declaration from the Platform"
    __name__ = 'dases.platform.declaration'

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, readonly=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    kind = fields.Selection(KINDS, "Declaration", required=True,
        readonly=True)
    start_date = fields.Date("From", readonly=True)
    end_date = fields.Date("Until", readonly=True,
        domain=['OR', ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date', None))])
    comment = fields.Text("Comment", readonly=True)
    declared_by = fields.Many2One('web.user', "Account", readonly=True,
        ondelete='SET NULL')
    declarant = fields.Char("Declared By", readonly=True,
        help="The name and quality the person gave when declaring.")
    declared_at = fields.DateTime("Declared At", readonly=True,
        format=MINUTE)
    state = fields.Selection(STATES, "State", required=True, readonly=True)
    processed_by = fields.Many2One('res.user', "Processed By",
        readonly=True)
    note = fields.Text("Agent's Note",
        states={'readonly': Eval('state') != 'received'})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('declared_at', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('received', 'processed'),
            ('processed', 'received')}
        cls._buttons.update({
                'process': {'invisible': Eval('state') != 'received',
                    'depends': ['state']},
                'reopen': {'invisible': Eval('state') != 'processed',
                    'depends': ['state']},
                })

    def get_rec_name(self, name):
        kind = dict(self.fields_get(['kind'])['kind']['selection'])[
            self.kind]
        return f'{kind} — {self.beneficiary.rec_name}'

    @staticmethod
    def default_state():
        return 'received'

    @classmethod
    def create(cls, vlist):
        vlist = [dict(v) for v in vlist]
        for values in vlist:
            values.setdefault('declared_at', to_the_minute())
        return super().create(vlist)

    @classmethod
    @ModelView.button
    @Workflow.transition('processed')
    def process(cls, declarations):
        cls.write(declarations, {'processed_by': Transaction().user})

    @classmethod
    @ModelView.button
    @Workflow.transition('received')
    def reopen(cls, declarations):
        cls.write(declarations, {'processed_by': None})

    @classmethod
    def declare(cls, user, beneficiary, kind, start_date=None, end_date=None,
            comment=''):
        """What `user` (a platform account) declares for `beneficiary`:
        the record agents process, named after the person and their
        quality (« Claire DUPONT, proche »)."""
        Access = Pool().get('dases.platform.access')
        access = Access.search([('user', '=', user.id),
                ('beneficiary', '=', beneficiary.id)], limit=1)
        quality = (dict(Access.fields_get(['relationship'])['relationship']
                ['selection']).get(access[0].relationship)
            if access else None)
        name = user.platform_name or user.email
        declaration, = cls.create([{
                    'company': beneficiary.company.id,
                    'beneficiary': beneficiary.id,
                    'kind': kind,
                    'start_date': start_date,
                    'end_date': end_date,
                    'comment': comment,
                    'declared_by': user.id,
                    'declarant': f'{name} ({quality})' if quality else name,
                    }])
        return declaration
