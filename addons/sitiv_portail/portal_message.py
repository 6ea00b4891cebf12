# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The thread between a household and the city's services (§2.1.9
« messagerie »): families write from the portal, agents answer from sao;
each side sees what it has not read yet. A family that accepts emails is
told by email that the city answered (§2.1.10)."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from portal.mail import send_mail


class Message(ModelSQL, ModelView):
    "Family Portal Message"
    __name__ = 'sitiv.portal.message'

    household = fields.Many2One(
        'sitiv.household', "Household", required=True, ondelete='CASCADE',
        states={'readonly': Eval('id', -1) > 0})
    company = fields.Function(
        fields.Many2One('company.company', "City"),
        'on_change_with_company', searcher='search_company')
    direction = fields.Selection([
            ('in', "From the family"),
            ('out', "From the city"),
            ], "Direction", required=True, readonly=True)
    author = fields.Char("Author", readonly=True)
    subject = fields.Char("Subject", required=True,
        states={'readonly': Eval('id', -1) > 0})
    body = fields.Text("Message", required=True,
        states={'readonly': Eval('id', -1) > 0})
    seen = fields.Boolean(
        "Read", help="Read by the other side: the city for a family's "
        "message, the family for the city's.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_direction():
        return 'out'

    @staticmethod
    def default_seen():
        return False

    @staticmethod
    def default_author():
        User = Pool().get('res.user')
        user = Transaction().user
        return User(user).name if user else None

    @fields.depends('household')
    def on_change_with_company(self, name=None):
        return self.household.company if self.household else None

    @classmethod
    def search_company(cls, name, clause):
        return [('household.company',) + tuple(clause[1:])]

    @classmethod
    def create(cls, vlist):
        messages = super().create(vlist)
        if not Transaction().context.get('sitiv_portal_notification'):
            for message in messages:
                if message.direction == 'out':
                    message.tell_family()
        return messages

    @classmethod
    def notify(cls, household, subject, body):
        """A notice in the household's thread of what the portal did for
        them (enrolment, unenrolment); its own email is sent apart."""
        with Transaction().set_context(sitiv_portal_notification=True):
            return cls.create([{'household': household.id,
                        'direction': 'out',
                        'author': household.company.rec_name,
                        'subject': subject, 'body': body}])[0]

    def tell_family(self):
        "An email to each guardian of the household who accepts them."
        User = Pool().get('web.user')
        users = User.search([
                ('portal_company', '=', self.household.company.id),
                ('consent_email', '=', True),
                ('party.household_members', 'where', [
                        ('household', '=', self.household.id),
                        ('legal_guardian', '=', True)]),
                ])
        for user in users:
            send_mail(user.email,
                gettext('sitiv_portail.msg_message_subject',
                    city=self.household.company.rec_name),
                gettext('sitiv_portail.msg_message_email',
                    subject=self.subject))
