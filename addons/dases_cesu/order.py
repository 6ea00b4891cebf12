# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Monthly CESU orders received in flux 4 (C1-C4, C7, C9): one order per
file, a chequebook per beneficiary and prestation, its titles, and the
events that happen to a chequebook (not delivered, stolen, fraud,
cancelled) with justification and replacement."""

from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval

from .charge_rate import AID_TYPES, EMPLOYMENT_TYPES

EVENT_TYPES = [
    ('not_delivered', "Not delivered"),
    ('stolen', "Stolen"),
    ('lost', "Lost"),
    ('fraud', "Fraud"),
    ('cancelled', "Cancelled"),
    ]
# Events after which the chequebook's titles must not be honoured.
BLOCKING = {'stolen', 'lost', 'fraud', 'cancelled'}
MONTHLY = '01'
URGENT = 'UR'


class Order(ModelSQL, ModelView):
    "CESU Order"
    __name__ = 'dases.cesu.order'
    _history = True

    company = fields.Many2One('company.company', "Département",
        required=True, readonly=True)
    report = fields.Many2One('dases.integration.report', "Received In",
        readonly=True)
    order_date = fields.Date("Order Date", required=True, readonly=True)
    client = fields.Char("Client Code", required=True, readonly=True)
    name = fields.Char("Client", readonly=True)
    external_ref = fields.Char("External Reference", readonly=True)
    order_type = fields.Char("Order Type", readonly=True,
        help="01 for a monthly order; UR for an urgent replacement.")
    urgent = fields.Function(fields.Boolean("Urgent"), 'get_urgent')
    books = fields.One2Many('dases.cesu.book', 'order', "Chequebooks",
        readonly=True)
    title_count = fields.Integer("Titles", readonly=True)
    amount = fields.Numeric("Amount (€)", digits=(16, 2), readonly=True)
    book_count = fields.Integer("Chequebooks", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('order_uniq', Unique(t, t.company, t.client, t.external_ref,
                    t.order_date), 'dases_cesu.msg_order_unique'),
            ]
        cls._order = [('order_date', 'DESC'), ('id', 'DESC')]

    def get_rec_name(self, name):
        return ' '.join(filter(None, [self.external_ref or self.client,
                    self.order_date.strftime('%d/%m/%Y')]))

    def get_urgent(self, name):
        return (self.order_type or MONTHLY) != MONTHLY


class Book(ModelSQL, ModelView):
    "CESU Chequebook"
    __name__ = 'dases.cesu.book'
    _history = True

    order = fields.Many2One('dases.cesu.order', "Order", required=True,
        ondelete='CASCADE', readonly=True)
    branch = fields.Char("Branch", readonly=True)
    code = fields.Char("Chequebook Code", readonly=True)
    beneficiary = fields.Many2One('dases.beneficiary', "Beneficiary",
        readonly=True)
    care_plan = fields.Many2One('dases.care_plan', "Care Plan Line",
        readonly=True,
        help="Found through the prestation index of the order line.")
    salsa_id = fields.Char("SALSA ID", readonly=True)
    service_index = fields.Char("Service Index", readonly=True)
    civility = fields.Char("Civility", readonly=True)
    last_name = fields.Char("Last Name", readonly=True)
    first_name = fields.Char("First Name", readonly=True)
    birth_date = fields.Date("Birth Date", readonly=True)
    street = fields.Char("Street", readonly=True)
    street2 = fields.Char("Address Complement", readonly=True)
    postal_code = fields.Char("Postal Code", readonly=True)
    city = fields.Char("City", readonly=True)
    tutor_name = fields.Char("Tutor", readonly=True)
    coverage_start = fields.Date("Coverage From", readonly=True)
    coverage_end = fields.Date("Coverage Until", readonly=True)
    dematerialised = fields.Boolean("Dematerialised", readonly=True)
    aid_type = fields.Selection([(None, "")] + AID_TYPES, "Aid Type",
        readonly=True, help="From the care plan's module (flux 1).")
    employment_type = fields.Selection([(None, "")] + EMPLOYMENT_TYPES,
        "Employment Type", readonly=True,
        help="From the care plan's management mode: the chequebook is "
        "personalised accordingly.")
    charge_ceiling = fields.Numeric("Charge Ceiling (€)", digits=(16, 2),
        readonly=True,
        help="Maximum social charges the Département pays on this "
        "chequebook (amount × rate of its aid type, H3), sent in flux 8.2.")
    month = fields.Date("Reference Month", readonly=True)
    blocked = fields.Function(fields.Boolean("Blocked",
            help="Stolen, lost, fraud or cancelled: not to be honoured."),
        'get_blocked')
    titles = fields.One2Many('dases.cesu.title', 'book', "Titles",
        readonly=True)
    title_count = fields.Integer("Titles", readonly=True)
    amount = fields.Numeric("Amount (€)", digits=(16, 2), readonly=True)
    events = fields.One2Many('dases.cesu.event', 'book', "Events")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('order', 'DESC'), ('code', 'ASC'), ('id', 'ASC')]

    def get_rec_name(self, name):
        return f'{self.code} — {self.last_name} {self.first_name}'

    @classmethod
    def get_blocked(cls, books, name):
        pool = Pool()
        Event = pool.get('dases.cesu.event')
        blocked = {b.id: False for b in books}
        for event in Event.search([
                    ('book', 'in', [b.id for b in books]),
                    ('type', 'in', list(BLOCKING)),
                    ]):
            blocked[event.book.id] = True
        return blocked


class Title(ModelSQL, ModelView):
    "CESU Titles"
    __name__ = 'dases.cesu.title'

    book = fields.Many2One('dases.cesu.book', "Chequebook", required=True,
        ondelete='CASCADE', readonly=True)
    count = fields.Integer("Number of Titles", readonly=True)
    unit_value = fields.Numeric("Unit Value (€)", digits=(16, 2),
        readonly=True)
    validity = fields.Date("Valid Until", readonly=True,
        help="Last day of the month after the payment month.")
    month = fields.Date("Reference Month", readonly=True)
    mention = fields.Char("Mention", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('book', 'ASC'), ('id', 'ASC')]


class Event(ModelSQL, ModelView):
    "Chequebook Event"
    __name__ = 'dases.cesu.event'
    _history = True

    book = fields.Many2One('dases.cesu.book', "Chequebook", required=True,
        ondelete='CASCADE')
    type = fields.Selection(EVENT_TYPES, "Event", required=True)
    date = fields.Date("Date", required=True)
    justification = fields.Text("Justification", required=True)
    replacement = fields.Many2One('dases.cesu.book', "Replacement",
        domain=[('id', '!=', Eval('book', -1))], readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'replace': {
                    'invisible': Bool(Eval('replacement'))
                    | (Eval('type') == 'not_delivered')
                    | (Eval('id', -1) < 0),
                    'depends': ['replacement', 'type', 'id'],
                    },
                })

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @classmethod
    @ModelView.button
    def replace(cls, events):
        """Issue an urgent order (C7) with a copy of each chequebook and its
        titles; the event keeps the replacement."""
        pool = Pool()
        Order = pool.get('dases.cesu.order')
        Book = pool.get('dases.cesu.book')
        Title = pool.get('dases.cesu.title')
        today = Pool().get('ir.date').today()
        for event in events:
            old = event.book
            order, = Order.create([{
                        'company': old.order.company.id,
                        'order_date': today,
                        'client': old.order.client,
                        'name': old.order.name,
                        'external_ref': f'URGENCE {event.id}',
                        'order_type': URGENT,
                        'title_count': old.title_count,
                        'amount': old.amount,
                        'book_count': 1,
                        }])
            new, = Book.copy([old], default={
                    'order': order.id,
                    'code': f'{old.code}R',
                    'events': None,
                    'titles': None,
                    })
            Title.copy(old.titles, default={'book': new.id})
            cls.write([event], {'replacement': new.id})
