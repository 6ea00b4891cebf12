# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Commissions (spec 003 §2.1.3.3 « gestion des commissions : séances,
ordre du jour, avis, décisions, commission d'appel »): a session puts the
dérogation requests and the radiations to decide on its agenda, notes the
opinion and the decision of each (accepted, refused, another school
proposed); closing the session applies them to the enrolments through
their own workflow (enrol, refuse, radiate), so places are checked as at
the counter.  A refused family may appeal: the appeal commission's agenda
takes the appealed decisions.  Each decision has its letter to the family
(report « Courrier de décision »)."""
from trytond.i18n import gettext
from trytond.model import (
    ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .school_enrolment import DURATIONS

KINDS = [
    ('derogation', "Dérogation Commission"),
    ('appeal', "Appeal Commission"),
    ]
SUBJECTS = [
    ('derogation', "Dérogation"),
    ('radiation', "Radiation"),
    ]
DECISIONS = [
    (None, ""),
    ('accepted', "Accepted"),
    ('refused', "Refused"),
    ('other_school', "Other School Proposed"),
    ]


class Commission(Workflow, ModelSQL, ModelView):
    "School Commission"
    __name__ = 'sitiv.school.commission'
    _open = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    name = fields.Char("Name", required=True, states=_open)
    kind = fields.Selection(KINDS, "Kind", required=True, states=_open)
    date = fields.Date("Session Date", required=True, states=_open)
    year = fields.Many2One(
        'sitiv.school.year', "School Year", required=True, states=_open)
    members = fields.Text("Members", states=_open)
    items = fields.One2Many(
        'sitiv.school.commission.item', 'commission', "Agenda",
        states=_open)
    state = fields.Selection([
            ('draft', "In Preparation"),
            ('closed', "Closed"),
            ], "State", readonly=True, required=True)

    del _open

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'closed')}
        cls._buttons.update({
                'fill': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-refresh',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
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
    def default_kind():
        return 'derogation'

    @classmethod
    @ModelView.button
    def fill(cls, commissions):
        """Puts on the agenda what waits for a decision: the year's
        pre-enrolments with wished schools and the radiations asked for
        (dérogation commission), the refusals the family appealed (appeal
        commission); nothing twice."""
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Item = pool.get('sitiv.school.commission.item')
        vlist = []
        for commission in commissions:
            # On the agenda of a session not closed yet: not twice.
            listed = {i.enrolment.id for i in Item.search([
                        ('commission.kind', '=', commission.kind),
                        ('commission.state', '=', 'draft')])}
            if commission.kind == 'appeal':
                appealed = Item.search([
                        ('commission.company', '=', commission.company.id),
                        ('commission.year', '=', commission.year.id),
                        ('appealed', '=', True),
                        ('appeals', '=', None)])
                vlist.extend({'commission': commission.id,
                        'enrolment': i.enrolment.id, 'subject': i.subject,
                        'appeal_of': i.id} for i in appealed
                    if i.enrolment.id not in listed)
                continue
            for enrolment in Enrolment.search([
                        ('company', '=', commission.company.id),
                        ('year', '=', commission.year.id),
                        ['OR',
                            [('state', '=', 'draft'),
                                ('wishes', '!=', None)],
                            [('state', '=', 'enrolled'),
                                ('radiation_date', '!=', None)]],
                        ], order=[('request_date', 'ASC'), ('id', 'ASC')]):
                if enrolment.id in listed:
                    continue
                vlist.append({'commission': commission.id,
                        'enrolment': enrolment.id,
                        'subject': ('radiation'
                            if enrolment.state == 'enrolled'
                            else 'derogation')})
        Item.create(vlist)

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, commissions):
        "Applies every decision of the sessions; none may be left open."
        pool = Pool()
        Item = pool.get('sitiv.school.commission.item')
        items = [i for c in commissions for i in c.items]
        for item in items:
            if not item.decision:
                raise ValidationError(gettext(
                        'sitiv_ecole.msg_commission_undecided',
                        commission=item.commission.rec_name,
                        enrolment=item.enrolment.rec_name))
        Item.apply(items)


class CommissionItem(sequence_ordered(), ModelSQL, ModelView):
    "Commission Agenda Item"
    __name__ = 'sitiv.school.commission.item'
    _open = {'readonly': Eval('commission_state') != 'draft'}

    commission = fields.Many2One(
        'sitiv.school.commission', "Commission", required=True,
        ondelete='CASCADE', states=_open)
    commission_state = fields.Function(
        fields.Selection('get_commission_states', "Commission State"),
        'on_change_with_commission_state')
    enrolment = fields.Many2One(
        'sitiv.school.enrolment', "Enrolment", required=True,
        ondelete='CASCADE', states=_open)
    subject = fields.Selection(SUBJECTS, "Subject", required=True,
        states=_open)
    requested_school = fields.Function(
        fields.Many2One('sitiv.school', "Requested School"),
        'get_requested_school')
    places_left = fields.Function(
        fields.Integer("Places Left",
            help="In the requested school for the child's level, now "
            "(empty: no limit)."), 'get_places_left')
    opinion = fields.Text("Opinion", states=_open)
    decision = fields.Selection(DECISIONS, "Decision", states=_open)
    decision_string = decision.translated('decision')
    proposed_school = fields.Many2One(
        'sitiv.school', "Proposed School",
        domain=[('levels', '=', Eval('level', -1))],
        states={
            'invisible': Eval('decision') != 'other_school',
            'required': Eval('decision') == 'other_school',
            'readonly': _open['readonly'],
            })
    duration = fields.Selection(DURATIONS, "Dérogation For",
        states={
            'invisible': ((Eval('subject') != 'derogation')
                | ~Eval('decision').in_(['accepted', 'other_school'])),
            'readonly': _open['readonly'],
            })
    level = fields.Function(
        fields.Many2One('sitiv.school.level', "Level"),
        'on_change_with_level')
    reason = fields.Text("Reason Given to the Family", states=_open)
    appealed = fields.Boolean("Appealed by the Family",
        states={'invisible': Eval('decision') != 'refused'},
        help="The family appeals: the next appeal commission takes it.")
    appeal_of = fields.Many2One(
        'sitiv.school.commission.item', "Appeal Of", readonly=True,
        ondelete='RESTRICT',
        states={'invisible': ~Bool(Eval('appeal_of'))})
    appeals = fields.One2Many(
        'sitiv.school.commission.item', 'appeal_of', "Appeals",
        readonly=True)

    del _open

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('commission')

    @classmethod
    def get_commission_states(cls):
        return Pool().get('sitiv.school.commission').fields_get(
            ['state'])['state']['selection']

    @fields.depends('commission', '_parent_commission.state')
    def on_change_with_commission_state(self, name=None):
        return self.commission.state if self.commission else 'draft'

    @fields.depends('enrolment', '_parent_enrolment.level')
    def on_change_with_level(self, name=None):
        return self.enrolment.level if self.enrolment else None

    def get_requested_school(self, name):
        "The first wished school, else the one of the enrolment."
        enrolment = self.enrolment
        if self.subject == 'derogation' and enrolment.wishes:
            return enrolment.wishes[0].school.id
        return enrolment.school.id if enrolment.school else None

    def get_places_left(self, name):
        school = self.requested_school
        if school:
            return school.places_left(self.enrolment.year,
                self.enrolment.level)

    def get_rec_name(self, name):
        return f'{self.commission.rec_name} — {self.enrolment.rec_name}'

    @classmethod
    def apply(cls, items):
        """The decisions applied to the enrolments: a dérogation accepted
        enrols in the requested school (an appeal first takes the refused
        enrolment back), another school proposed enrols there, a refusal
        refuses; a radiation accepted radiates on its date, refused keeps
        the child (the date is cleared)."""
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        for item in items:
            enrolment = item.enrolment
            if item.subject == 'radiation':
                if enrolment.state != 'enrolled':
                    continue
                if item.decision == 'accepted':
                    Enrolment.radiate([enrolment])
                else:
                    Enrolment.write([enrolment], {
                            'radiation_date': None,
                            'radiation_reason': None})
                continue
            if item.decision == 'refused':
                if enrolment.state == 'draft':
                    Enrolment.refuse([enrolment])
                continue
            if enrolment.state == 'refused':
                Enrolment.draft([enrolment])
            if enrolment.state != 'draft':
                continue
            school = (item.proposed_school
                if item.decision == 'other_school'
                else item.requested_school)
            Enrolment.write([enrolment], {'school': school.id,
                    'derogation_duration': item.duration})
            Enrolment.enrol([enrolment])
