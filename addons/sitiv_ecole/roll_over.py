# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The roll-over to the next school year from sao (« Montée de niveau »):
the agent chooses the two years, Hestia moves the city's pupils
(sitiv.school.enrolment.roll_over) and says how many moved, repeat, left
and are still to place."""
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard


class RollOverStart(ModelView):
    "Roll-over to the Next School Year"
    __name__ = 'sitiv.school.roll_over.start'

    year = fields.Many2One('sitiv.school.year', "From", required=True)
    next_year = fields.Many2One(
        'sitiv.school.year', "To", required=True,
        domain=[('start_date', '>', Eval('year.start_date', None))])
    moved = fields.Integer("Moved Up", readonly=True)
    repeating = fields.Integer("Repeating", readonly=True)
    left = fields.Integer("Leaving (CM2)", readonly=True)
    to_place = fields.Integer(
        "To Place", readonly=True,
        help="Pre-enrolments: no school of the new level at their "
        "address.")
    done = fields.Boolean("Done", readonly=True)


class RollOver(Wizard):
    "Roll-over to the Next School Year"
    __name__ = 'sitiv.school.roll_over'

    start = StateView('sitiv.school.roll_over.start',
        'sitiv_ecole.roll_over_start_view_form', [
            Button("Close", 'end', 'tryton-close'),
            Button("Move Up", 'roll', 'tryton-ok', default=True,
                states={'invisible': Eval('done', False)}),
            ])
    roll = StateTransition()

    def value_start(self, fields):
        "The counts of the roll-over once done (sao shows them)."
        return {name: getattr(self.start, name, None) for name in [
                'moved', 'repeating', 'left', 'to_place', 'done']}

    def transition_roll(self):
        pool = Pool()
        Enrolment = pool.get('sitiv.school.enrolment')
        Company = pool.get('company.company')
        company = Company(Transaction().context['company'])
        counts = Enrolment.roll_over(self.start.year, self.start.next_year,
            company)
        for name, value in counts.items():
            setattr(self.start, name, value)
        self.start.done = True
        return 'start'
