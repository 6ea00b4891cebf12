# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Documents a family sends from the portal (§2.1.9: « dépôt de pièces »):
received, then validated or refused by an agent with the reason the
family reads. What a file may be is decided from its content, never from
its name."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import PoolMeta
from trytond.pyson import Eval

MAX_SIZE = 5 * 1024 * 1024
MAX_FILES = 5
# First bytes of the kinds of file the portal takes.
SIGNATURES = [
    (b'%PDF-', 'pdf'),
    (b'\x89PNG\r\n\x1a\n', 'png'),
    (b'\xff\xd8\xff', 'jpeg'),
    ]
PORTAL_STATES = [
    (None, ''),
    ('received', "Received, to check"),
    ('validated', "Validated"),
    ('refused', "Refused"),
    ]


def file_kind(data):
    "pdf, png or jpeg from the file's first bytes; None for anything else."
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind


def check_upload(filename, data):
    "The French reason a file sent from the portal is refused, or None."
    if not data:
        return gettext('sitiv_portail.msg_upload_empty', file=filename)
    if len(data) > MAX_SIZE:
        return gettext('sitiv_portail.msg_upload_size', file=filename,
            size=MAX_SIZE // (1024 * 1024))
    if not file_kind(data):
        return gettext('sitiv_portail.msg_upload_kind', file=filename)


class Document(metaclass=PoolMeta):
    __name__ = 'sitiv.document'

    portal_state = fields.Selection(
        PORTAL_STATES, "Portal", readonly=True,
        help="A document the family sent from the portal, and what the "
        "city made of it.")
    portal_state_string = portal_state.translated('portal_state')
    portal_refusal = fields.Char(
        "Refusal Reason", help="Shown to the family on the portal.",
        states={'invisible': ~Eval('portal_state')})

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'portal_validate': {
                    'invisible': Eval('portal_state') != 'received',
                    'depends': ['portal_state'],
                    },
                'portal_refuse': {
                    'invisible': Eval('portal_state') != 'received',
                    'depends': ['portal_state'],
                    },
                })

    @classmethod
    @ModelView.button
    def portal_validate(cls, documents):
        cls.write(documents, {'portal_state': 'validated',
                'portal_refusal': None})

    @classmethod
    @ModelView.button
    def portal_refuse(cls, documents):
        for document in documents:
            if not document.portal_refusal:
                raise ValidationError(gettext(
                        'sitiv_portail.msg_refusal_reason',
                        document=document.rec_name))
        cls.write(documents, {'portal_state': 'refused'})
