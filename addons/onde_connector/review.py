# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The lines of an ONDE file Hestia would not decide alone (spec 003
§2.1.14.4 « rapprochement », issue 19: ambiguous matches listed for an
agent, never guessed): no child of the city has that name and birth date,
several have, or the city enrolled the child in another school.  The
agent picks the child (after creating the family file if need be) and
links the line, which applies it as the import would have; or closes it
once dealt with."""
from hestia.flatfile import Record

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.pyson import Eval

from .pupil_import import integrate

REASONS = [
    ('unknown', "No Child of the City"),
    ('ambiguous', "Several Children Possible"),
    ('other_school', "Enrolled by the City in Another School"),
    ]


class Review(Workflow, ModelSQL, ModelView):
    "ONDE Line to Review"
    __name__ = 'onde.review'
    _todo = {'readonly': Eval('state') != 'todo'}

    report = fields.Many2One(
        'sitiv.school.import', "Integration Report", required=True,
        readonly=True, ondelete='CASCADE')
    company = fields.Function(
        fields.Many2One('company.company', "City"), 'get_company',
        searcher='search_company')
    line = fields.Integer("Line", readonly=True)
    last_name = fields.Char("Last Name", readonly=True)
    first_name = fields.Char("First Name", readonly=True)
    birth_date = fields.Date("Birth Date", readonly=True)
    level_name = fields.Char("Level", readonly=True)
    class_name = fields.Char("Class", readonly=True)
    enrolled = fields.Date("Enrolment Date", readonly=True)
    admitted = fields.Date("Admission Date", readonly=True)
    radiated = fields.Date("Radiation Date", readonly=True)
    reason = fields.Selection(REASONS, "Reason", readonly=True)
    candidates = fields.Text("Possible Children", readonly=True)
    child = fields.Many2One(
        'party.party', "Child", states=_todo,
        domain=[('is_person', '=', True),
            ('birth_date', '=', Eval('birth_date', None))],
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The child of the city's files this pupil is.")
    state = fields.Selection([
            ('todo', "To Review"),
            ('done', "Done"),
            ], "State", readonly=True, required=True)

    del _todo

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('state', 'DESC'), ('report', 'DESC'),
            ('line', 'ASC'), ('id', 'ASC')]
        cls._transitions |= {('todo', 'done')}
        cls._buttons.update({
                'link': {
                    'invisible': Eval('state') != 'todo',
                    'readonly': ~Eval('child'),
                    'icon': 'tryton-ok',
                    'depends': ['state', 'child'],
                    },
                'close': {
                    'invisible': Eval('state') != 'todo',
                    'icon': 'tryton-close',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'todo'

    def get_company(self, name):
        return self.report.company.id

    @classmethod
    def search_company(cls, name, clause):
        return [('report.company',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        return f'{self.last_name} {self.first_name} ({self.line})'

    def as_record(self):
        "The line as the import read it."
        return Record(self.line, {
                'last_name': self.last_name, 'first_name': self.first_name,
                'usage_name': None, 'birth_date': self.birth_date,
                'level': self.level_name, 'class_name': self.class_name,
                'enrolled': self.enrolled, 'admitted': self.admitted,
                'radiated': self.radiated})

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def link(cls, reviews):
        """The chosen child's enrolment completed from the line, in the
        household of the city it belongs to."""
        Member = Pool().get('sitiv.household.member')
        for review in reviews:
            report = review.report
            if not review.child:
                raise ValidationError(gettext('onde_connector.msg_no_child',
                        line=review.rec_name))
            members = Member.search([
                    ('party', '=', review.child.id), ('role', '=', 'child'),
                    ('household.company', '=', report.company.id)],
                order=[('household', 'ASC')], limit=1)
            if not members:
                raise ValidationError(gettext(
                        'onde_connector.msg_no_household',
                        child=review.child.rec_name,
                        city=report.company.rec_name))
            counts, errors, left = integrate(report.company, report.school,
                report.year, [(review.as_record(), review.child,
                        members[0].household)])
            if errors:
                raise ValidationError(gettext(
                        'onde_connector.msg_line_error', line=review.rec_name,
                        error=str(errors[0])))
            if left:
                raise ValidationError(gettext(
                        'onde_connector.msg_other_school',
                        child=review.child.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def close(cls, reviews):
        pass
