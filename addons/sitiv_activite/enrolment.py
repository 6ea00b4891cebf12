# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A child's enrolment in an activity (§2.1.3.5, §2.1.4): pré-inscription,
liste d'attente with its position, inscrite, refusée, annulée. Places are
checked at the moment of enrolment, per activity and per group, under a
lock so that two agents cannot both take the last place (§2.1.7)."""
import datetime
from collections import defaultdict

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from sitiv_famille.person import age_on
from trytond.pool import Pool
from trytond.pyson import Eval, If, PYSONEncoder
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

STATES = [
    ('draft', "Pre-enrolment"),
    ('waiting', "Waiting List"),
    ('enrolled', "Enrolled"),
    ('refused', "Refused"),
    ('cancelled', "Cancelled"),
    ]
MEAL_CATEGORIES = [
    (None, ''),
    ('maternelle', "Nursery School"),
    ('elementaire', "Primary School"),
    ('adulte', "Adult"),
    ]


class Enrolment(Workflow, ModelSQL, ModelView):
    "Enrolment"
    __name__ = 'sitiv.enrolment'
    _history = True
    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    child = fields.Many2One(
        'party.party', "Child", required=True, ondelete='RESTRICT',
        domain=[('is_person', '=', True)], states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    household = fields.Many2One(
        'sitiv.household', "Enrolling Household", required=True,
        ondelete='RESTRICT', states=_states,
        domain=[('members.party', '=', Eval('child', -1))],
        help="The household that asked for the enrolment (billed under "
        "the « parent who enrols » rule).")
    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='RESTRICT',
        states=_states)
    group = fields.Many2One(
        'sitiv.activity.group', "Group", ondelete='RESTRICT',
        domain=[('activity', '=', Eval('activity', -1))],
        states={'readonly': Eval('state').in_(['refused', 'cancelled'])},
        help="Empty: chosen from the child's age.")
    start_date = fields.Date("Start Date", required=True, states=_states)
    end_date = fields.Date(
        "End Date",
        domain=[If(Eval('end_date'),
                ('end_date', '>=', Eval('start_date')), ())])
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    state_string = state.translated('state')
    waiting_position = fields.Function(
        fields.Integer("Waiting Position",
            states={'invisible': Eval('state') != 'waiting'}),
        'get_waiting_position')
    school_city = fields.Boolean(
        "Schooled in the City", help="Tariff criterion.")
    ulis = fields.Boolean("ULIS Class", help="Tariff criterion.")
    diet = fields.Many2One(
        'sitiv.diet', "Menu / Diet",
        domain=[If(Eval('activity_domain') == 'restauration',
                ('id', 'in', Eval('activity_diets', [])), ())])
    meal_category = fields.Selection(
        MEAL_CATEGORIES, "Meal Type",
        help="Counted separately for the central kitchen.")
    activity_domain = fields.Function(
        fields.Char("Activity Domain"), 'on_change_with_activity_domain')
    activity_diets = fields.Function(
        fields.Many2Many('sitiv.diet', None, None, "Activity Diets"),
        'on_change_with_activity_diets')
    missing = fields.Function(
        fields.Text("Missing for a Complete File"), 'get_missing')
    incomplete = fields.Function(
        fields.Boolean("Incomplete File"), 'get_missing')
    notes = fields.Text("Notes")

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'enrolled'), ('draft', 'waiting'),
            ('waiting', 'enrolled'), ('draft', 'refused'),
            ('waiting', 'refused'), ('draft', 'cancelled'),
            ('waiting', 'cancelled'), ('enrolled', 'cancelled'),
            ('refused', 'draft'), ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'enrol': {
                    'invisible': ~Eval('state').in_(['draft', 'waiting']),
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': ~Eval('state').in_(['draft', 'waiting']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'waiting', 'enrolled']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(['refused', 'cancelled']),
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @fields.depends('activity')
    def on_change_with_activity_domain(self, name=None):
        return self.activity.domain if self.activity else None

    @fields.depends('activity')
    def on_change_with_activity_diets(self, name=None):
        return [d.id for d in self.activity.diets] if self.activity else []

    @fields.depends('activity', 'child', 'start_date', 'meal_category')
    def on_change_activity(self):
        if self.activity and self.activity.domain == 'restauration' \
                and self.child and not self.meal_category:
            self.meal_category = self.meal_category_for(
                self.child, self.start_date)

    @staticmethod
    def meal_category_for(child, date):
        age = age_on(child.birth_date, date) if date else None
        if age is None or age >= 18:
            return 'adulte'
        return 'maternelle' if age < 6 else 'elementaire'

    def get_rec_name(self, name):
        return '%s — %s' % (self.child.rec_name, self.activity.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        return ['OR',
            ('child.rec_name',) + tuple(clause[1:]),
            ('activity.rec_name',) + tuple(clause[1:]),
            ]

    @classmethod
    def create(cls, vlist):
        Activity = Pool().get('sitiv.activity')
        vlist = [v.copy() for v in vlist]
        activities = {a.id: a for a in Activity.browse(
                list({v['activity'] for v in vlist if v.get('activity')}))}
        for values in vlist:
            if values.get('activity'):
                values['company'] = activities[values['activity']].company.id
        return super().create(vlist)

    @classmethod
    def get_waiting_position(cls, enrolments, name):
        positions = {e.id: None for e in enrolments}
        activities = {e.activity.id for e in enrolments if e.state == 'waiting'}
        if activities:
            waiting = cls.search([
                    ('activity', 'in', list(activities)),
                    ('state', '=', 'waiting'),
                    ], order=[('create_date', 'ASC'), ('id', 'ASC')])
            counters = defaultdict(int)
            for enrolment in waiting:
                counters[enrolment.activity.id] += 1
                if enrolment.id in positions:
                    positions[enrolment.id] = counters[enrolment.activity.id]
        return positions

    @classmethod
    def get_missing(cls, enrolments, names):
        "What each enrolment's file lacks (`missing_reasons`)."
        missing = {e.id: '\n'.join(e.missing_reasons()) for e in enrolments}
        result = {}
        if 'missing' in names:
            result['missing'] = missing
        if 'incomplete' in names:
            result['incomplete'] = {k: bool(v) for k, v in missing.items()}
        return result

    def missing_reasons(self):
        """Why the file is incomplete for this enrolment, in French: the
        activity's required documents valid at the start. Billing adds the
        quotient familial its tariff needs (enrolment_billing.py)."""
        Document = Pool().get('sitiv.document')
        reasons = []
        for document_type in self.activity.required_document_types:
            documents = Document.search([
                    ('type', '=', document_type.id),
                    ['OR',
                        ('household', '=', self.household.id),
                        ('person', '=', self.child.id)],
                    ['OR',
                        ('validity_end', '=', None),
                        ('validity_end', '>=', self.start_date)],
                    ], limit=1)
            if not documents:
                reasons.append(gettext(
                        'sitiv_activite.msg_missing_document',
                        document=document_type.name))
        return reasons

    @classmethod
    def validate_fields(cls, enrolments, field_names):
        super().validate_fields(enrolments, field_names)
        if field_names & {'child', 'activity', 'start_date'}:
            for enrolment in enrolments:
                enrolment.check_age()

    def check_age(self):
        activity = self.activity
        age = age_on(self.child.birth_date, self.start_date)
        if age is None:
            return
        if ((activity.age_min is not None and age < activity.age_min)
                or (activity.age_max is not None and age > activity.age_max)):
            raise ValidationError(gettext(
                    'sitiv_activite.msg_enrolment_age',
                    child=self.child.rec_name, age=age,
                    activity=activity.rec_name,
                    age_min=activity.age_min or 0,
                    age_max=activity.age_max or '—'))

    def overlaps(self, other):
        return ((not other.end_date or other.end_date >= self.start_date)
            and (not self.end_date or self.end_date >= other.start_date))

    @classmethod
    def _places_taken(cls, enrolments):
        "Enrolled enrolments competing with `enrolments`, per activity."
        activities = list({e.activity.id for e in enrolments})
        taken = defaultdict(list)
        for other in cls.search([
                    ('activity', 'in', activities),
                    ('state', '=', 'enrolled'),
                    ]):
            taken[other.activity.id].append(other)
        return taken

    @classmethod
    def place(cls, enrolments):
        """Split `enrolments` into those that get a place and those for
        which the activity or their group is full, in the given order."""
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        # Real time: a concurrent enrolment waits for this one to commit.
        Activity.lock(list({e.activity for e in enrolments}))
        taken = cls._places_taken(enrolments)
        placed, full = [], []
        for enrolment in enrolments:
            if not enrolment.group:
                age = age_on(enrolment.child.birth_date, enrolment.start_date)
                if age is not None:
                    enrolment.group = enrolment.activity.group_for(age)
            competing = [o for o in taken[enrolment.activity.id]
                if o.id != enrolment.id and o.overlaps(enrolment)]
            activity, group = enrolment.activity, enrolment.group
            if ((activity.capacity is not None
                        and len(competing) >= activity.capacity)
                    or (group and group.capacity is not None
                        and len([o for o in competing if o.group == group])
                        >= group.capacity)):
                full.append(enrolment)
            else:
                placed.append(enrolment)
                taken[activity.id].append(enrolment)
        return placed, full

    @classmethod
    @ModelView.button
    def enrol(cls, enrolments):
        placed, full = cls.place(enrolments)
        refused = [e for e in full if e.activity.full_policy == 'full']
        if refused:
            enrolment = refused[0]
            raise ValidationError(gettext(
                    'sitiv_activite.msg_activity_full',
                    activity=enrolment.activity.rec_name,
                    child=enrolment.child.rec_name))
        cls.save(placed)
        cls._enrol(placed)
        cls.wait([e for e in full if e.state == 'draft'])

    @classmethod
    @Workflow.transition('enrolled')
    def _enrol(cls, enrolments):
        to_save = []
        for enrolment in enrolments:
            if (enrolment.activity.domain == 'restauration'
                    and not enrolment.meal_category):
                enrolment.meal_category = cls.meal_category_for(
                    enrolment.child, enrolment.start_date)
                to_save.append(enrolment)
        cls.save(to_save)

    @classmethod
    @Workflow.transition('waiting')
    def wait(cls, enrolments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, enrolments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, enrolments):
        "Future reservations are cancelled with the enrolment."
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Date = pool.get('ir.date')
        today = Date.today()
        Attendance.write(Attendance.search([
                    ('enrolment', 'in', [e.id for e in enrolments]),
                    ('date', '>', today),
                    ('state', '=', 'reserved'),
                    ]), {'state': 'cancelled'})

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, enrolments):
        pass

    @classmethod
    def withdraw(cls, enrolments, last_day):
        """The family ends enrolments after `last_day` (portal
        « désinscription »): a pre-enrolment or a place on the waiting list
        is cancelled at once; an enrolment ends on `last_day` and its later
        reservations are cancelled, no sooner than the activity's
        cancellation notice allows (§2.1.3.4 délai de prévenance)."""
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Date = pool.get('ir.date')
        today = Date.today()
        pending = [e for e in enrolments if e.state in {'draft', 'waiting'}]
        ending = [e for e in enrolments if e.state == 'enrolled']
        for enrolment in ending:
            notice = enrolment.activity.cancel_notice or 0
            earliest = today + datetime.timedelta(days=notice - 1)
            if last_day < earliest:
                raise UserError(gettext('sitiv_activite.msg_withdraw_late',
                        child=enrolment.child.rec_name,
                        activity=enrolment.activity.rec_name,
                        date=earliest.strftime('%d/%m/%Y'), notice=notice))
        not_started = [e for e in ending if last_day < e.start_date]
        ending = [e for e in ending if e not in not_started]
        if ending:
            cls.write(ending, {'end_date': last_day})
            Attendance.write(Attendance.search([
                        ('enrolment', 'in', [e.id for e in ending]),
                        ('date', '>', last_day),
                        ('state', '=', 'reserved'),
                        ]), {'state': 'cancelled'})
        cls.cancel(pending + not_started)


class MassEnrolStart(ModelView):
    "Mass Enrolment"
    __name__ = 'sitiv.enrolment.mass.start'

    activity = fields.Many2One('sitiv.activity', "Activity", required=True)
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date")
    children = fields.Many2Many(
        'party.party', None, None, "Children", required=True,
        domain=[('is_child', '=', True)])


class MassEnrol(Wizard):
    """Enrol a selection of children (a school, a level, a class) in one
    activity (§2.1.3.5 « inscription en masse »)."""
    __name__ = 'sitiv.enrolment.mass'
    start = StateView('sitiv.enrolment.mass.start',
        'sitiv_activite.enrolment_mass_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Enrol", 'enrol', 'tryton-ok', default=True),
            ])
    enrol = StateAction('sitiv_activite.act_enrolment')

    def default_start(self, fields):
        context = Transaction().context
        if context.get('active_model') == 'party.party':
            return {'children': list(context.get('active_ids') or [])}
        return {}

    def do_enrol(self, action):
        pool = Pool()
        Enrolment = pool.get('sitiv.enrolment')
        Member = pool.get('sitiv.household.member')
        activity = self.start.activity
        children = self.start.children
        members = Member.search([
                ('party', 'in', [c.id for c in children]),
                ('household.company', '=', activity.company.id),
                ('household.active', '=', True),
                ], order=[('id', 'ASC')])
        household_of = {}
        for member in members:
            household_of.setdefault(member.party.id, member.household)
        without = [c for c in children if c.id not in household_of]
        if without:
            raise ValidationError(gettext(
                    'sitiv_activite.msg_mass_enrol_no_household',
                    child=without[0].rec_name,
                    city=activity.company.rec_name))
        enrolments = Enrolment.create([{
                    'child': c.id,
                    'household': household_of[c.id].id,
                    'activity': activity.id,
                    'start_date': self.start.start_date,
                    'end_date': self.start.end_date,
                    } for c in children])
        Enrolment.enrol(enrolments)
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [e.id for e in enrolments])])
        return action, {}
