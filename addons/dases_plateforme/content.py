# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the Département publishes on the platform (D2, E3, E7, F15, G6):
information pages, the questions and answers, documents to download, each
for the public or for one kind of account, managed by its agents in sao.
Plain text (paragraphs separated by a blank line): no HTML to escape or
to get wrong."""
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, sequence_ordered, fields)
from trytond.pyson import Eval
from trytond.transaction import Transaction

KINDS = [
    ('information', "Information"),
    ('faq', "Question and Answer"),
    ('document', "Document to Download"),
    ]
AUDIENCES = [
    ('public', "Everyone (no login)"),
    ('beneficiary', "Beneficiaries and Relatives"),
    ('worker', "Care Workers"),
    ('sad', "Providers"),
    ]


class Content(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    "Platform Content"
    __name__ = 'dases.platform.content'

    company = fields.Many2One('company.company', "Département",
        required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    audience = fields.Selection(AUDIENCES, "For", required=True)
    title = fields.Char("Title", required=True,
        help="For a question: the question.")
    body = fields.Text("Text",
        help="For a question: the answer. Paragraphs separated by a blank "
        "line.")
    link = fields.Char("Link",
        help="A page of the Département's site (https://…).")
    file = fields.Binary("File", filename='filename',
        states={'invisible': Eval('kind') != 'document',
            'required': Eval('kind') == 'document'})
    filename = fields.Char("File Name",
        states={'invisible': Eval('kind') != 'document'})

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'information'

    @staticmethod
    def default_audience():
        return 'public'

    @property
    def paragraphs(self):
        return [p.strip() for p in (self.body or '').split('\n\n')
            if p.strip()]

    @classmethod
    def published(cls, companies, audiences, kind=None):
        "What `audiences` read on the platforms of `companies`, in order."
        domain = [('company', 'in', [c.id for c in companies]),
            ('audience', 'in', list(audiences))]
        if kind:
            domain.append(('kind', '=', kind))
        return cls.search(domain)
