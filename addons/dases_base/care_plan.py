# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Care plan lines (plan d'aide) keyed by (beneficiary, index demande,
index prestation), as transmitted weekly in flux 1 (A3, A4)."""
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction

MANAGEMENT_MODES = [
    ('prestataire', "Service provider"),
    ('mandataire', "Agent (mandataire)"),
    ('emploi_direct', "Direct employment"),
    ]
PAYEE_TYPES = [
    ('beneficiary', "Beneficiary"),
    ('provider', "Provider"),
    ('tutor', "Tutor"),
    ]


class CarePlan(ModelSQL, ModelView):
    "Care Plan Line"
    __name__ = 'dases.care_plan'
    _history = True

    company = fields.Many2One('company.company', "Département",
        required=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    request_index = fields.Char("Request Index", required=True)
    service_index = fields.Char("Service Index", required=True)
    tiers_code = fields.Char("SALSA Third-Party Code")
    financier_code = fields.Char("Financier Code", required=True)
    module = fields.Char("Module")
    right_start = fields.Date("Right From", required=True)
    right_end = fields.Date("Right Until", required=True)
    coverage_start = fields.Date("Coverage From", required=True)
    coverage_end = fields.Date("Coverage Until", required=True)
    quantity = fields.Numeric("Covered Quantity", digits=(7, 2),
        required=True)
    total_quantity = fields.Numeric("Total Quantity", digits=(7, 2))
    participation = fields.Numeric("Participation (€)", digits=(9, 2))
    ticket_percentage = fields.Numeric("Ticket (%)", digits=(5, 2),
        required=True)
    derogation = fields.Boolean("Derogation")
    overrun_amount = fields.Numeric("Overrun Amount (€)", digits=(7, 2))
    financial_amount = fields.Numeric("Financial Amount (€)", digits=(9, 2),
        required=True)
    total_cost = fields.Numeric("Total Cost (€)", digits=(9, 2),
        required=True)
    nomenclature = fields.Char("Nomenclature", required=True)
    periodicity = fields.Char("Periodicity", required=True)
    management_mode = fields.Selection(MANAGEMENT_MODES, "Management Mode",
        required=True)
    payee_type = fields.Selection(PAYEE_TYPES, "Payee", required=True)
    payment_mode_code = fields.Char("Payment Mode Code")
    recipient = fields.Char("Recipient Complement")
    decision_date = fields.Date("Decision Date")
    notification_date = fields.Date("Notification Date")
    unit_amount_department = fields.Numeric(
        "Unit Amount Billed to the Département (€)", digits=(9, 2))
    unit_amount_beneficiary = fields.Numeric(
        "Unit Amount Billed to the Beneficiary (€)", digits=(9, 2))
    quantity_without_overrun = fields.Numeric(
        "Quantity Billed without Overrun", digits=(7, 2))
    request_type_code = fields.Char("Request Type Code")
    request_nature_code = fields.Char("Request Nature Code")
    tariff_tiers_code = fields.Char("Tariff Third-Party Code")
    modalities = fields.Text("Modalities")
    transmitted = fields.Boolean("Transmitted",
        help="In the latest complete flux 1.")
    withdrawn_date = fields.Date("No Longer Transmitted Since",
        readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('key_uniq', Unique(t, t.beneficiary, t.request_index,
                    t.service_index), 'dases_base.msg_care_plan_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.transmitted, Index.Equality())))
        cls._order = [('beneficiary', 'ASC'), ('coverage_start', 'DESC'),
            ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_transmitted():
        return True

    def get_rec_name(self, name):
        return (f'{self.beneficiary.rec_name} — {self.request_index}/'
            f'{self.service_index}')
