# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Direct debit asked from the portal (§2.1.5.3, §2.1.9): the guardian
gives the IBAN, the first month and the RIB; a SEPA mandate of
account_payment_sepa is made « requested » for the city's agents to check
and validate; the guardian downloads it as a PDF to sign and sends it back.
Stopping asks the mandate to end at a date, no sooner than the city's
notice (sitiv_facturation's check). Nothing here collects anything: the
city's own direct debit run does, once the mandate is validated."""
import datetime
import re

from stdnum import iban
from werkzeug.exceptions import NotFound

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.protocols.wrappers import Response
from trytond.transaction import Transaction

from .document import MAX_SIZE
from .pages import SPACE, read_uploads, received_document, today

# Actions on mandates a guardian may see: theirs, in their city.
SHOWN_STATES = ['requested', 'validated']


def mandates(page):
    "The guardian's mandates in their city, latest first."
    Mandate = page.pool.get('account.payment.sepa.mandate')
    if not page.user.party:
        return []
    return Mandate.search([
            ('party', '=', page.user.party.id),
            ('company', '=', page.user.portal_company.id),
            ('state', 'in', SHOWN_STATES),
            ], order=[('id', 'DESC')])


def owned_mandate(page, mandate_id):
    found = [m for m in mandates(page) if m.id == mandate_id]
    if not found:
        raise NotFound()
    return found[0]


def earliest(page):
    "The first day a start or stop may take effect (the city's notice)."
    days = page.user.portal_company.sitiv_sepa_notice_days or 0
    return today(page) + datetime.timedelta(days=days)


def render(page, status=200, error=None, values=None):
    DocumentType = page.pool.get('sitiv.document.type')
    households = page.user.portal_households()
    return page.render('sitiv_portail/direct_debit.html', status=status,
        error=error, values=values or {'iban': '', 'titulaire': ''},
        mandates=mandates(page), households=households,
        earliest=earliest(page), max_size=MAX_SIZE // (1024 * 1024),
        signed=DocumentType.search([('code', '=', 'MANDAT')], limit=1))


@SPACE.route('prelevement', right='pay')
def direct_debit(page):
    return render(page)


@SPACE.route('prelevement', methods=['POST'],
    max_size=MAX_SIZE + 256 * 1024, right='pay')
def direct_debit_request(page):
    """The mandate requested with the RIB: the IBAN checked (key and
    country), the first collection no sooner than the notice."""
    pool = page.pool
    Mandate = pool.get('account.payment.sepa.mandate')
    DocumentType = pool.get('sitiv.document.type')
    households = page.user.portal_households()
    if not households or not page.user.party:
        raise NotFound()
    household = households[0]
    number = re.sub(r'\s', '', page.form.get('iban', '')).upper()
    holder = page.form.get('titulaire', '').strip()[:100]
    values = {'iban': page.form.get('iban', '')[:50], 'titulaire': holder}
    error = None
    try:
        start = datetime.date.fromisoformat(page.form.get('debut', ''))
    except ValueError:
        start = None
    if not iban.is_valid(number):
        error = gettext('sitiv_portail.msg_debit_iban')
    elif not holder:
        error = gettext('sitiv_portail.msg_debit_holder')
    elif not start or start < earliest(page):
        error = gettext('sitiv_portail.msg_debit_start',
            date=earliest(page).strftime('%d/%m/%Y'))
    received = []
    if not error:
        received, error = read_uploads(page, max_files=1)
    if error:
        return render(page, status=400, error=error, values=values)
    party = page.user.party
    mandate = Mandate(company=page.user.portal_company, party=party,
        account_number=account_number(page, party, number),
        address=address(page, party, household), type='recurrent',
        sitiv_start_date=start)
    try:
        mandate.save()
    except UserError as exception:
        Transaction().rollback()
        return render(page, status=400, error=exception.message,
            values=values)
    Mandate.request([mandate])
    type_, = DocumentType.search([('code', '=', 'RIB')])
    document = received_document(page, household, party, type_,
        *received[0])
    document.notes = gettext('sitiv_portail.msg_debit_rib_note',
        holder=holder, mandate=mandate.rec_name)
    document.save()
    return page.redirect('prelevement', message='debit_requested')


def account_number(page, party, number):
    "The IBAN's bank account, owned by `party` (a joint account is shared)."
    Number = page.pool.get('bank.account.number')
    Account = page.pool.get('bank.account')
    found = Number.search([('type', '=', 'iban'),
            ('number_compact', '=', number)], limit=1)
    if found:
        account = found[0].account
        if party not in account.owners:
            Account.write([account], {'owners': [('add', [party.id])]})
        return found[0]
    account, = Account.create([{
                'owners': [('add', [party.id])],
                'currency': page.user.portal_company.currency.id,
                'numbers': [('create', [{'type': 'iban',
                                'number': number}])],
                }])
    return account.numbers[0]


def address(page, party, household):
    "The party's address, made from the household's when it has none."
    Address = page.pool.get('party.address')
    if party.addresses:
        return party.addresses[0]
    address, = Address.create([{'party': party.id,
                'street': household.residence_street,
                'postal_code': household.residence_postal_code,
                'city': household.residence_city}])
    return address


@SPACE.route('prelevement/<int:mandate_id>/mandat', right='pay')
def mandate_pdf(page, mandate_id):
    "The mandate to sign, as account_payment_sepa prints it, in PDF."
    mandate = owned_mandate(page, mandate_id)
    ActionReport = page.pool.get('ir.action.report')
    Report = page.pool.get('account.payment.sepa.mandate', type='report')
    action, = ActionReport.search([
            ('report_name', '=', 'account.payment.sepa.mandate'),
            ('extension', '=', 'pdf')], limit=1)
    with Transaction().set_context(company=mandate.company.id):
        _, content, _, _ = Report.execute([mandate.id], {
                'action_id': action.id, 'model': mandate.__name__,
                'id': mandate.id, 'ids': [mandate.id]})
    response = Response(bytes(content), content_type='application/pdf')
    response.headers['Content-Disposition'] = (
        'attachment; filename="mandat-prelevement.pdf"')
    return page.respond(response)


@SPACE.route('prelevement/<int:mandate_id>/arret', methods=['POST'],
    right='pay')
def direct_debit_stop(page, mandate_id):
    """Stop: the last collection before the date is final (FNAL); the
    city's notice is checked by the mandate itself."""
    Mandate = page.pool.get('account.payment.sepa.mandate')
    mandate = owned_mandate(page, mandate_id)
    if mandate.state == 'requested':
        # Not validated yet: the request is withdrawn.
        Mandate.cancel([mandate])
        return page.redirect('prelevement', message='debit_stopped')
    try:
        end = datetime.date.fromisoformat(page.form.get('fin', ''))
    except ValueError:
        return render(page, status=400,
            error=gettext('sitiv_portail.msg_debit_end'))
    first = max(earliest(page), mandate.sitiv_start_date or today(page))
    if end < first:
        return render(page, status=400, error=gettext(
                'sitiv_portail.msg_debit_end_early',
                date=first.strftime('%d/%m/%Y'),
                days=page.user.portal_company.sitiv_sepa_notice_days or 0))
    try:
        Mandate.write([mandate], {'sitiv_end_date': end})
    except UserError as exception:
        Transaction().rollback()
        return render(page, status=400, error=exception.message)
    return page.redirect('prelevement', message='debit_stopped')
