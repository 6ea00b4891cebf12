# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a family's account may reach, in one place: the households where
its person is a legal guardian, their children, their invoices, their
children's enrolments and reservations. Every page of the portal goes
through these methods with the id it was given, and answers « not found »
for anything else — the other parent's household, another family's
invoice (routes run as root: this is the only check between a URL and the
database)."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

ACTIVE_ENROLMENTS = ['draft', 'waiting', 'enrolled']
# What each profile opens (§2.1.9 « accès partiels » set by the city): the
# reading rights, then what changes something.
READ = {'file', 'invoices', 'bookings', 'activities', 'documents',
    'messages', 'simulation', 'news'}
PROFILE_RIGHTS = {
    'full': READ | {'change', 'pay', 'book', 'enrol', 'send'},
    'read': READ,
    'payment': {'invoices', 'pay', 'news'},
    }
FAMILY_RIGHTS = set().union(*PROFILE_RIGHTS.values())


class PageCache(dict):
    "A dict trytond's transaction may hold (it keeps weak references)."


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    portal_profile = fields.Selection([
            ('full', "Full Access"),
            ('read', "Read Only"),
            ('payment', "Invoices and Payment Only"),
            ], "Family Portal Profile", required=True,
        help="What the account may do on the family portal, set by the "
        "city.")

    @staticmethod
    def default_portal_profile():
        return 'full'

    def portal_allows(self, right):
        "The family rights by profile; other spaces' rights are theirs."
        allowed = super().portal_allows(right)
        if right in FAMILY_RIGHTS:
            allowed = allowed and right in PROFILE_RIGHTS.get(
                self.portal_profile, set())
        return allowed

    def portal_cache(self):
        """What a page already found for the user, kept until the
        transaction ends (cleared with trytond's record caches on commit
        or rollback): a page asks for the households many times."""
        return Transaction().cache.setdefault(('sitiv_portail', self.id),
            PageCache())

    def portal_households(self):
        "The households of the user's city where they are legal guardian."
        cache = self.portal_cache()
        if 'households' not in cache:
            cache['households'] = self._portal_households()
        return cache['households']

    def _portal_households(self):
        Household = Pool().get('sitiv.household')
        if not self.party:
            return []
        return Household.search([
                ('company', '=', self.portal_company.id),
                ('members', 'where', [
                        ('party', '=', self.party.id),
                        ('legal_guardian', '=', True),
                        ]),
                ], order=[('id', 'ASC')])

    def portal_children(self):
        "[(child, household)] the user is responsible for, by first name."
        seen = {}
        for household in self.portal_households():
            for member in household.members:
                if member.role == 'child' and member.party.id not in seen:
                    seen[member.party.id] = (member.party, household)
        return sorted(seen.values(),
            key=lambda c: (c[0].first_name or '', c[0].id))

    def portal_child(self, child_id):
        "(child, household) of `child_id`, or None when not theirs."
        for child, household in self.portal_children():
            if child.id == child_id:
                return child, household

    def portal_invoices(self, domain=None):
        "The posted invoices of the user's households, latest first."
        Invoice = Pool().get('account.invoice')
        households = self.portal_households()
        if not households:
            return []
        return Invoice.search([
                ('sitiv_household', 'in', [h.id for h in households]),
                ('type', '=', 'out'),
                ('state', 'in', ['posted', 'paid']),
                ] + (domain or []),
            order=[('invoice_date', 'DESC'), ('id', 'DESC')])

    def portal_invoice(self, invoice_id):
        invoices = self.portal_invoices([('id', '=', invoice_id)])
        return invoices[0] if invoices else None

    def portal_enrolments(self, child):
        "The child's enrolments made in the user's households."
        cache = self.portal_cache()
        key = ('enrolments', child.id)
        if key not in cache:
            cache[key] = self._portal_enrolments(child)
        return cache[key]

    def _portal_enrolments(self, child):
        Enrolment = Pool().get('sitiv.enrolment')
        return Enrolment.search([
                ('child', '=', child.id),
                ('household', 'in', [h.id for h in self.portal_households()]),
                ('state', 'in', ACTIVE_ENROLMENTS),
                ], order=[('start_date', 'ASC'), ('id', 'ASC')])

    def portal_documents(self, domain=None):
        "The documents of the user's households, latest received first."
        Document = Pool().get('sitiv.document')
        households = self.portal_households()
        if not households:
            return []
        return Document.search([
                ('household', 'in', [h.id for h in households]),
                ] + (domain or []),
            order=[('received_date', 'DESC NULLS LAST'), ('id', 'DESC')])

    def portal_document(self, document_id):
        documents = self.portal_documents([('id', '=', document_id)])
        return documents[0] if documents else None

    def portal_messages(self):
        "The thread of the user's households with the city, latest first."
        Message = Pool().get('sitiv.portal.message')
        households = self.portal_households()
        if not households:
            return []
        return Message.search([
                ('household', 'in', [h.id for h in households])])


    def portal_change_requests(self):
        "The changes of the file asked for the user's households."
        Request = Pool().get('sitiv.portal.change_request')
        households = self.portal_households()
        if not households:
            return []
        return Request.search([
                ('household', 'in', [h.id for h in households])])

    def portal_publications(self, domain=None):
        "What the city publishes for the user's families today."
        pool = Pool()
        Publication = pool.get('sitiv.portal.publication')
        Date = pool.get('ir.date')
        children = [c for c, _ in self.portal_children()]
        enrolments = [e for c in children for e in self.portal_enrolments(c)]
        return Publication.search(Publication.portal_domain(
                self.portal_company, enrolments, Date.today(), children)
            + (domain or []))

    def portal_schooling(self, child, date=None):
        """The child's school places on `date` (today), for « Mon foyer »
        (objects with `school`, `level`, `school_class`, `year`): none here,
        sitiv_ecole gives them."""
        return []
