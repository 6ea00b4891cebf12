# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""An account asked for online (§2.1.9): the person says who they are, an
agent of the city finds them in the family file and accepts — the account
is made for that person and they receive a link to choose their password —
or refuses with a reason sent to them."""
import urllib.parse

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from portal.mail import send_mail

STATES = [
    ('pending', "To Examine"),
    ('accepted', "Accepted"),
    ('refused', "Refused"),
    ]


class AccountRequest(Workflow, ModelSQL, ModelView):
    "Family Portal Account Request"
    __name__ = 'sitiv.portal.account_request'

    _readonly = {'readonly': Eval('state') != 'pending'}

    company = fields.Many2One(
        'company.company', "City", required=True, readonly=True)
    last_name = fields.Char("Last Name", required=True, readonly=True)
    first_name = fields.Char("First Name", required=True, readonly=True)
    email = fields.Char("Email", required=True, readonly=True)
    phone = fields.Char("Phone", readonly=True)
    children = fields.Text(
        "Children", readonly=True,
        help="The children the person says they are responsible for.")
    message = fields.Text("Message", readonly=True)
    party = fields.Many2One(
        'party.party', "Person in the File", states=_readonly,
        domain=[('is_person', '=', True)],
        help="The legal guardian the account is for, found in the family "
        "file by the agent.")
    refusal_reason = fields.Text("Refusal Reason", states=_readonly)
    user = fields.Many2One('web.user', "Account", readonly=True)
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

    def get_rec_name(self, name):
        return f'{self.last_name} {self.first_name} <{self.email}>'

    @classmethod
    @ModelView.button
    @Workflow.transition('accepted')
    def accept(cls, requests):
        """The account of the person found in the file, and the link to
        choose their password sent to them (valid 24 hours)."""
        User = Pool().get('web.user')
        for request in requests:
            if not request.party:
                raise ValidationError(gettext(
                        'sitiv_portail.msg_request_party',
                        request=request.rec_name))
            if User.search([('email', '=', request.email.lower())]):
                raise ValidationError(gettext(
                        'sitiv_portail.msg_request_email_taken',
                        email=request.email))
        for request in requests:
            user = User(email=request.email.lower(), party=request.party,
                portal_company=request.company, email_valid=True,
                portal_must_change_password=False)
            user.set_reset_password_token()
            user.save()
            request.user = user
            request.send(gettext('sitiv_portail.msg_request_accepted_email',
                    url=request.portal_url('reinitialiser', email=user.email,
                        token=user.reset_password_token)))
        cls.save(requests)

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, requests):
        for request in requests:
            if not request.refusal_reason:
                raise ValidationError(gettext(
                        'sitiv_portail.msg_request_reason',
                        request=request.rec_name))
            request.send(gettext('sitiv_portail.msg_request_refused_email',
                    reason=request.refusal_reason))

    def portal_url(self, path, **params):
        "The absolute address of a portal page for this city."
        base = (getattr(self.company, 'sitiv_public_url', None)
            or 'http://localhost:8000/').rstrip('/')
        url = f'{base}/{Transaction().database.name}/portail/{path}'
        return url + ('?' + urllib.parse.urlencode(params) if params else '')

    def send(self, text):
        send_mail(self.email, gettext('sitiv_portail.msg_request_subject',
                city=self.company.rec_name), text)
