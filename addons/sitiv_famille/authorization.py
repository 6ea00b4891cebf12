# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Parental authorisations, persons allowed or forbidden to pick the child
up, emergency contacts and free attributes (§2.1.1, §2.1.2)."""
from trytond.model import (
    DeactivableMixin, DictSchemaMixin, ModelSQL, ModelView, Unique, fields,
    sequence_ordered)
from trytond.pyson import Eval

SCOPES = [
    ('global', "All activities"),
    ('activity', "One activity"),
    ]
CONTACT_KINDS = [
    ('pickup', "Allowed to pick up"),
    ('forbidden', "Forbidden to pick up"),
    ('emergency', "Emergency contact"),
    ]


class AuthorizationType(DeactivableMixin, ModelSQL, ModelView):
    "Authorisation Type"
    __name__ = 'sitiv.authorization.type'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True)
    description = fields.Text("Description", translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'sitiv_famille.msg_authorization_type_code_unique'),
            ]
        cls._order.insert(0, ('name', 'ASC'))


class Authorization(ModelSQL, ModelView):
    "Authorisation"
    __name__ = 'sitiv.authorization'
    _history = True

    child = fields.Many2One(
        'party.party', "Child", required=True, ondelete='CASCADE',
        domain=[('is_person', '=', True)])
    type = fields.Many2One(
        'sitiv.authorization.type', "Type", required=True)
    granted = fields.Boolean("Granted")
    scope = fields.Selection(SCOPES, "Scope", required=True)
    activity = fields.Char(
        "Activity",
        states={
            'invisible': Eval('scope') != 'activity',
            'required': Eval('scope') == 'activity',
            })
    given_by = fields.Many2One(
        'party.party', "Given By", domain=[('is_person', '=', True)])
    date = fields.Date("Date")
    notes = fields.Text("Notes")

    @staticmethod
    def default_scope():
        return 'global'

    @staticmethod
    def default_granted():
        return True

    def get_rec_name(self, name):
        return '%s — %s' % (self.child.rec_name, self.type.rec_name)


class ChildContact(sequence_ordered(), ModelSQL, ModelView):
    "Authorised or Emergency Person"
    __name__ = 'sitiv.child.contact'
    _history = True

    child = fields.Many2One(
        'party.party', "Child", required=True, ondelete='CASCADE',
        domain=[('is_person', '=', True)])
    person = fields.Many2One(
        'party.party', "Person", required=True, ondelete='RESTRICT',
        domain=[('is_person', '=', True), ('id', '!=', Eval('child', -1))],
        context={'default_is_person': True})
    kind = fields.Selection(CONTACT_KINDS, "Kind", required=True)
    relation = fields.Char("Relation to the Child")
    phone = fields.Function(fields.Char("Phone"), 'get_phone')
    notes = fields.Text("Notes")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('child', 'ASC'))
        cls._order.insert(1, ('kind', 'ASC'))

    @staticmethod
    def default_kind():
        return 'pickup'

    def get_phone(self, name):
        for mechanism in self.person.contact_mechanisms:
            if mechanism.type in {'mobile', 'phone'}:
                return mechanism.value
        return None


class ChildAttribute(DictSchemaMixin, ModelSQL, ModelView):
    "Free Attribute"
    __name__ = 'sitiv.child.attribute'
