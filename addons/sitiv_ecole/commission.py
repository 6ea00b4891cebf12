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
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .school_enrolment import DURATIONS

KINDS = [
    ('derogation', "Dérogation Commission"),
    ('appeal', "Appeal Commission"),
    ]
SUBJECTS = [
    ('derogation', "Dérogation"),
    ('transfer', "Change of School"),
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
        pre-enrolments with wished schools, the pupils asking to change
        school and the radiations asked for (dérogation commission), the
        refusals the family appealed (appeal commission); nothing twice."""
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
                        'requested_school': (i.requested_school.id
                            if i.requested_school else None),
                        'appeal_of': i.id} for i in appealed
                    if i.enrolment.id not in listed)
                continue
            enrolments = Enrolment.search([
                    ('company', '=', commission.company.id),
                    ('year', '=', commission.year.id),
                    ['OR',
                        [('state', 'in', ['draft', 'enrolled']),
                            ('wishes', '!=', None)],
                        [('state', '=', 'enrolled'),
                            ('radiation_date', '!=', None)]],
                    ], order=[('request_date', 'ASC'), ('id', 'ASC')])
            # A change of school decided stays decided (an appeal goes to
            # the appeal commission).
            decided = {(i.enrolment.id, i.requested_school.id)
                for i in Item.search([
                        ('enrolment', 'in', [e.id for e in enrolments]),
                        ('subject', '=', 'transfer'),
                        ('commission.state', '=', 'closed')])}
            for enrolment in enrolments:
                subject = cls.subject(enrolment)
                if enrolment.id in listed or not subject:
                    continue
                if subject == 'transfer' and (enrolment.id,
                        enrolment.wishes[0].school.id) in decided:
                    continue
                vlist.append({'commission': commission.id,
                        'enrolment': enrolment.id, 'subject': subject})
        Item.create(vlist)

    @staticmethod
    def subject(enrolment):
        """What the commission decides for `enrolment`: a pre-enrolment's
        dérogation, a pupil's radiation asked for, or a pupil's change to
        the first wished school; None when there is nothing to decide."""
        if enrolment.state in {'draft', 'refused'}:
            return 'derogation'
        if enrolment.radiation_date:
            return 'radiation'
        if enrolment.wishes and enrolment.wishes[0].school != enrolment.school:
            return 'transfer'

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
    requested_school = fields.Many2One(
        'sitiv.school', "Requested School", states=_open,
        help="The first wished school when the request was put on the "
        "agenda (the pupil's school for a radiation).")
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
            'invisible': ((Eval('subject') == 'radiation')
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

    @staticmethod
    def requested(enrolment, subject):
        "The first wished school, else the one of the enrolment."
        if subject != 'radiation' and enrolment.wishes:
            return enrolment.wishes[0].school
        return enrolment.school

    @fields.depends('enrolment', 'subject')
    def on_change_enrolment(self):
        if self.enrolment:
            self.subject = self.subject or Pool().get(
                'sitiv.school.commission').subject(self.enrolment)
            self.requested_school = self.requested(self.enrolment,
                self.subject)

    @classmethod
    def create(cls, vlist):
        Enrolment = Pool().get('sitiv.school.enrolment')
        vlist = [v.copy() for v in vlist]
        for values in vlist:
            if 'requested_school' not in values and values.get('enrolment'):
                school = cls.requested(Enrolment(values['enrolment']),
                    values.get('subject'))
                values['requested_school'] = school.id if school else None
        return super().create(vlist)

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
        refuses; a change of school accepted moves the pupil (places
        checked), refused leaves them; a radiation accepted radiates on its
        date, refused keeps the child (the date is cleared)."""
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
            if item.subject == 'transfer':
                if (item.decision != 'refused'
                        and enrolment.state == 'enrolled'):
                    Enrolment.move([enrolment], item.proposed_school
                        if item.decision == 'other_school'
                        else item.requested_school, item.duration)
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
