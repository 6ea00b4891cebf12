# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A change of the family file asked from the portal (§2.1.9 « demande de
modification »): new address, phone, email or quotient familial. Nothing
changes in the file until an agent of the city accepts; the request keeps
what the file said before, who decided and when, and the family reads the
decision in its messages. Accepting writes the file through its own models
(their history, their checks)."""
import datetime

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from sitiv_famille.quotient import SOURCES

KINDS = [
    ('address', "Address"),
    ('phone', "Phone"),
    ('email', "Email"),
    ('quotient', "Quotient Familial"),
    ]
STATES = [
    ('pending', "To Examine"),
    ('accepted', "Accepted"),
    ('refused', "Refused"),
    ]
PHONE_TYPES = {'mobile', 'phone'}


class ChangeRequest(Workflow, ModelSQL, ModelView):
    "Family File Change Request"
    __name__ = 'sitiv.portal.change_request'

    _pending = {'readonly': Eval('state') != 'pending'}

    household = fields.Many2One(
        'sitiv.household', "Household", required=True, readonly=True,
        ondelete='CASCADE')
    company = fields.Function(
        fields.Many2One('company.company', "City"),
        'on_change_with_company', searcher='search_company')
    person = fields.Many2One(
        'party.party', "Person", readonly=True,
        help="The guardian whose phone or email changes.")
    requested_by = fields.Char("Asked By", readonly=True)
    kind = fields.Selection(KINDS, "Change", required=True, readonly=True)
    kind_string = kind.translated('kind')
    before = fields.Text("In the File Before", readonly=True)
    street = fields.Char("Street", readonly=True)
    postal_code = fields.Char("Postal Code", readonly=True)
    city = fields.Char("City", readonly=True)
    value = fields.Char(
        "New Value", readonly=True, help="The new phone or email.")
    quotient = fields.Integer("Quotient Familial", readonly=True)
    document = fields.Many2One(
        'sitiv.document', "Proof", readonly=True,
        help="The document sent with the request (CAF certificate, tax "
        "notice).")
    start_date = fields.Date(
        "Applies From", required=True, states=_pending,
        help="For a quotient: the first day it is used for billing.")
    quotient_source = fields.Selection(
        SOURCES, "Source of the Quotient", states={
            'readonly': Eval('state') != 'pending',
            'invisible': Eval('kind') != 'quotient',
            })
    refusal_reason = fields.Text("Refusal Reason", states=_pending)
    decided_by = fields.Many2One('res.user', "Decided By", readonly=True)
    decision_date = fields.Date("Decided On", readonly=True)
    state = fields.Selection(STATES, "State", readonly=True, required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('pending', 'accepted'), ('pending', 'refused')}
        cls._buttons.update({
                'accept': {
                    'invisible': Eval('state') != 'pending',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'pending',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'pending'

    @staticmethod
    def default_quotient_source():
        return 'declared'

    @fields.depends('household')
    def on_change_with_company(self, name=None):
        return self.household.company if self.household else None

    @classmethod
    def search_company(cls, name, clause):
        return [('household.company',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return f'{self.household.rec_name} — {self.kind_string}'

    @property
    def requested(self):
        "What the family asks for, as one line."
        if self.kind == 'address':
            return f'{self.street}, {self.postal_code} {self.city}'
        if self.kind == 'quotient':
            return str(self.quotient)
        return self.value

    @classmethod
    def current(cls, household, person, kind):
        "What the file says now, kept with the request."
        if kind == 'address':
            return ', '.join(filter(None, [household.residence_street,
                        ' '.join(filter(None, [
                                    household.residence_postal_code,
                                    household.residence_city]))]))
        if kind == 'quotient':
            Quotient = Pool().get('sitiv.quotient_familial')
            Date = Pool().get('ir.date')
            found = Quotient.quotient_on(household, Date.today())
            return str(found.quotient) if found else ''
        types = PHONE_TYPES if kind == 'phone' else {'email'}
        return ', '.join(m.value for m in person.contact_mechanisms
            if m.type in types)

    @classmethod
    @ModelView.button
    @Workflow.transition('accepted')
    def accept(cls, requests):
        "The file changed through its own models; the family told."
        pool = Pool()
        Household = pool.get('sitiv.household')
        Quotient = pool.get('sitiv.quotient_familial')
        Mechanism = pool.get('party.contact_mechanism')
        for request in requests:
            if request.kind == 'address':
                Household.write([request.household], {
                        'residence_street': request.street,
                        'residence_postal_code': request.postal_code,
                        'residence_city': request.city,
                        })
            elif request.kind == 'quotient':
                # The new quotient closes the period in force.
                Quotient.write(Quotient.search([
                            ('household', '=', request.household.id),
                            ('start_date', '<', request.start_date),
                            ['OR', ('end_date', '=', None),
                                ('end_date', '>=', request.start_date)],
                            ]), {'end_date': request.start_date
                        - datetime.timedelta(days=1)})
                Quotient.create([{'household': request.household.id,
                            'allocataire': request.person.id
                            if request.person else None,
                            'start_date': request.start_date,
                            'quotient': request.quotient,
                            'source': request.quotient_source
                            or 'declared'}])
            else:
                types = (PHONE_TYPES if request.kind == 'phone'
                    else {'email'})
                existing = [m for m in request.person.contact_mechanisms
                    if m.type in types]
                if existing:
                    Mechanism.write(existing[:1], {'value': request.value})
                else:
                    Mechanism.create([{'party': request.person.id,
                                'type': 'mobile' if request.kind == 'phone'
                                else 'email', 'value': request.value}])
        cls.decide(requests)
        for request in requests:
            request.tell(gettext('sitiv_portail.msg_change_accepted',
                    change=request.kind_string.lower(),
                    value=request.requested,
                    date=request.start_date.strftime('%d/%m/%Y')))

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, requests):
        for request in requests:
            if not request.refusal_reason:
                raise ValidationError(gettext(
                        'sitiv_portail.msg_change_reason',
                        request=request.rec_name))
        cls.decide(requests)
        for request in requests:
            request.tell(gettext('sitiv_portail.msg_change_refused',
                    change=request.kind_string.lower(),
                    value=request.requested,
                    reason=request.refusal_reason))

    @classmethod
    def decide(cls, requests):
        Date = Pool().get('ir.date')
        cls.write(requests, {'decided_by': Transaction().user,
                'decision_date': Date.today()})

    def tell(self, text):
        "The decision in the household's thread (and by email if wished)."
        Message = Pool().get('sitiv.portal.message')
        Message.create([{'household': self.household.id,
                    'direction': 'out',
                    'subject': gettext('sitiv_portail.msg_change_subject',
                        change=self.kind_string.lower()),
                    'body': text}])

    @staticmethod
    def next_month(date):
        "The first day of the month after `date`."
        return (date.replace(day=1) + datetime.timedelta(days=32)).replace(
            day=1)
