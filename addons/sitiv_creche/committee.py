# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The admission committee of the crèches (spec 003 §2.1.3.1): a session
takes the applications waiting for a place, ranked by the city's points
(older requests first on a tie); « Proposer les places » offers each, in
rank, the first crèche of its wishes with a place free on the wished date
(places agreed less the regular contracts running that day and the places
already offered), else leaves it on the waiting list; the committee changes
what it wants; « Clore » sends the offers to the applications, where the
family accepts (contract made) or declines."""

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

DECISIONS = [
    (None, ""),
    ('offer', "Offer a Place"),
    ('waiting', "Waiting List"),
    ]
STATES = [
    ('draft', "Draft"),
    ('closed', "Closed"),
    ]


class Committee(Workflow, ModelSQL, ModelView):
    "Crèche Admission Committee"
    __name__ = 'sitiv.creche.committee'

    _draft = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One('company.company', "City", required=True,
        readonly=True)
    name = fields.Char("Name", required=True, states=_draft)
    date = fields.Date("Date", required=True, states=_draft)
    items = fields.One2Many('sitiv.creche.committee.item', 'committee',
        "Applications", states=_draft)
    state = fields.Selection(STATES, "State", readonly=True, required=True)

    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'closed')}
        cls._buttons.update({
                'fill': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'propose': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @classmethod
    @ModelView.button
    def fill(cls, committees):
        """Put the applications waiting for a place on the agenda, ranked
        by points, never twice."""
        pool = Pool()
        Application = pool.get('sitiv.creche.application')
        Item = pool.get('sitiv.creche.committee.item')
        for committee in committees:
            listed = {i.application.id for i in committee.items}
            applications = [a for a in Application.search([
                        ('company', '=', committee.company.id),
                        ('state', '=', 'waiting'),
                        ]) if a.id not in listed]
            Item.create([{'committee': committee.id,
                        'application': a.id,
                        'score': sum(a.criteria(committee.date).values()),
                        } for a in applications])
            cls.rank([committee])

    @classmethod
    def rank(cls, committees):
        Item = Pool().get('sitiv.creche.committee.item')
        for committee in committees:
            items = sorted(committee.items, key=lambda i: (
                    -(i.score or 0), i.application.request_date,
                    i.application.id))
            for rank, item in enumerate(items, 1):
                item.rank = rank
            Item.save(items)

    @classmethod
    @ModelView.button
    def propose(cls, committees):
        """Offer each application, in rank, the first crèche it wishes
        with a place free on its wished date; else the waiting list."""
        Item = Pool().get('sitiv.creche.committee.item')
        for committee in committees:
            cls.rank([committee])
            offered = {}  # (structure, date): places offered in the session
            items = sorted(committee.items, key=lambda i: i.rank or 0)
            for item in items:
                application = item.application
                item.decision, item.structure = 'waiting', None
                item.start_date = None
                date = max(application.wished_date, committee.date)
                for choice in application.choices:
                    structure = choice.structure
                    key = (structure.id, date)
                    if structure.free_places(date) - offered.get(key, 0) > 0:
                        offered[key] = offered.get(key, 0) + 1
                        item.decision = 'offer'
                        item.structure = structure
                        item.start_date = date
                        break
            Item.save(items)

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, committees):
        "Send the offers; the others stay on the waiting list."
        Application = Pool().get('sitiv.creche.application')
        for committee in committees:
            for item in committee.items:
                if not item.decision:
                    raise ValidationError(gettext(
                            'sitiv_creche.msg_committee_undecided',
                            application=item.application.rec_name))
                if item.decision == 'offer':
                    if item.application.state != 'waiting':
                        raise ValidationError(gettext(
                                'sitiv_creche.msg_committee_not_waiting',
                                application=item.application.rec_name))
                    Application.offer([item.application], item.structure,
                        item.start_date)


class CommitteeItem(ModelSQL, ModelView):
    "Crèche Committee Application"
    __name__ = 'sitiv.creche.committee.item'

    committee = fields.Many2One('sitiv.creche.committee', "Committee",
        required=True, ondelete='CASCADE')
    application = fields.Many2One('sitiv.creche.application', "Application",
        required=True, ondelete='CASCADE',
        domain=[('company', '=', Eval('_parent_committee', {}).get(
                    'company', -1))])
    child = fields.Function(fields.Many2One('party.party', "Child"),
        'on_change_with_child')
    wishes = fields.Function(fields.Char("Crèches Wished"),
        'on_change_with_wishes')
    score = fields.Integer("Points", readonly=True)
    rank = fields.Integer("Rank", readonly=True)
    decision = fields.Selection(DECISIONS, "Decision")
    structure = fields.Many2One('sitiv.creche.structure', "Crèche Offered",
        states={'required': Eval('decision') == 'offer',
            'invisible': Eval('decision') != 'offer'})
    start_date = fields.Date("Admission Date",
        states={'required': Eval('decision') == 'offer',
            'invisible': Eval('decision') != 'offer'})
    note = fields.Char("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('committee')
        cls._order = [('committee', 'ASC'), ('rank', 'ASC'), ('id', 'ASC')]

    @fields.depends('application')
    def on_change_with_child(self, name=None):
        return self.application.child if self.application else None

    @fields.depends('application')
    def on_change_with_wishes(self, name=None):
        if self.application:
            return ', '.join(c.structure.name
                for c in self.application.choices)
