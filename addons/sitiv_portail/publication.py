# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a city publishes on its family portal (§2.1.9): news, the
règlement intérieur, the canteen menus, any document to download; for all
its families or only those with a child enrolled in some activities, from
one date to another. Modules that know other targets (schools) extend
`portal_domain`."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .document import check_upload

KINDS = [
    ('news', "News"),
    ('rules', "Internal Rules"),
    ('menu', "Menus"),
    ('document', "Document"),
    ]


class Publication(ModelSQL, ModelView):
    "Family Portal Publication"
    __name__ = 'sitiv.portal.publication'

    company = fields.Many2One(
        'company.company', "City", required=True, ondelete='CASCADE')
    kind = fields.Selection(KINDS, "Kind", required=True)
    kind_string = kind.translated('kind')
    title = fields.Char("Title", required=True)
    body = fields.Text("Text")
    data = fields.Binary("File", filename='filename')
    filename = fields.Char("File Name")
    publish_from = fields.Date("Published From", required=True)
    publish_until = fields.Date(
        "Published Until",
        domain=[If(Eval('publish_until'),
                ('publish_until', '>=', Eval('publish_from')), ())])
    activities = fields.Many2Many(
        'sitiv.portal.publication-sitiv.activity', 'publication',
        'activity', "Only for the Families Enrolled In",
        domain=[('company', '=', Eval('company', -1))],
        help="Empty: every family of the city.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('publish_from', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'news'

    @staticmethod
    def default_publish_from():
        return Pool().get('ir.date').today()

    @classmethod
    def validate_fields(cls, publications, field_names):
        super().validate_fields(publications, field_names)
        if field_names and 'data' not in field_names:
            return
        for publication in publications:
            if publication.data:
                error = check_upload(publication.filename or '',
                    bytes(publication.data))
                if error:
                    raise ValidationError(error)

    @classmethod
    def portal_domain(cls, company, enrolments, date, children=()):
        """Published today for a family whose children (`children`, party
        records) have `enrolments` (sitiv.enrolment records); a module
        that targets otherwise (sitiv_ecole: by school) adds its clause."""
        return [
            ('company', '=', company.id),
            ('publish_from', '<=', date),
            ['OR', ('publish_until', '=', None),
                ('publish_until', '>=', date)],
            ['OR', ('activities', '=', None),
                ('activities', 'in', list({e.activity.id
                                for e in enrolments}))],
            ]


class PublicationActivity(ModelSQL):
    "Family Portal Publication - Activity"
    __name__ = 'sitiv.portal.publication-sitiv.activity'

    publication = fields.Many2One(
        'sitiv.portal.publication', "Publication", required=True,
        ondelete='CASCADE')
    activity = fields.Many2One(
        'sitiv.activity', "Activity", required=True, ondelete='CASCADE')
