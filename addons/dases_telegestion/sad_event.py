# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Events a provider declares to the Département about a beneficiary:
absence, hospitalisation, end of service … (F4, G5)."""
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

KINDS = [
    ('absence', "Absence"),
    ('hospitalisation', "Hospitalisation"),
    ('end_of_service', "End of service"),
    ('refusal', "Refusal of the intervention"),
    ('other', "Other"),
    ]


class SadEvent(Workflow, ModelSQL, ModelView):
    "Provider Event"
    __name__ = 'dases.sad.event'

    company = fields.Function(fields.Many2One('company.company',
            "Département"), 'on_change_with_company')
    sad = fields.Many2One('dases.sad', "Provider", required=True,
        states={'readonly': Eval('state') != 'new'})
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, states={'readonly': Eval('state') != 'new'})
    kind = fields.Selection(KINDS, "Event", required=True,
        states={'readonly': Eval('state') != 'new'})
    start_date = fields.Date("From", required=True,
        states={'readonly': Eval('state') != 'new'})
    end_date = fields.Date("Until",
        domain=['OR', ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date'))],
        states={'readonly': Eval('state') != 'new'})
    comment = fields.Text("Comment",
        states={'readonly': Eval('state') != 'new'})
    state = fields.Selection([
            ('new', "Declared"),
            ('seen', "Acknowledged by the Département"),
            ], "State", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('new', 'seen')}
        cls._buttons.update({
                'acknowledge': {'invisible': Eval('state') != 'new',
                    'depends': ['state']},
                })

    @staticmethod
    def default_state():
        return 'new'

    @staticmethod
    def default_sad():
        "The user's provider, when there is one."
        User = Pool().get('res.user')
        sads = User(Transaction().user).sads
        return sads[0].id if len(sads) == 1 else None

    @fields.depends('sad', '_parent_sad.company')
    def on_change_with_company(self, name=None):
        return self.sad.company.id if self.sad else None

    @classmethod
    @ModelView.button
    @Workflow.transition('seen')
    def acknowledge(cls, events):
        pass
