# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The family portal's pages under `/<database>/portail/` (spec 003
§2.1.9): home, the household's file, invoices (PDF, PayFiP), each child's
reservations and the activities open to them. Every page starts from the
logged-in guardian (`page.user`) and reaches records only through
`web.user.portal_*` (user.py): another family's id is « not found »."""
import datetime
import pathlib
import re

from werkzeug.exceptions import NotFound

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model.exceptions import ValidationError
from trytond.protocols.wrappers import Response
from trytond.transaction import Transaction

from portal.account import add_account_pages
from portal.mail import send_mail
from portal.web import EMAIL, Space

from .document import MAX_FILES, MAX_SIZE, check_upload, file_kind

HERE = pathlib.Path(__file__).parent
HORIZON = datetime.timedelta(days=28)
# Days shown as booked (the others can be booked).
BOOKED = {'reserved', 'present', 'present_unbilled', 'absent_excused',
    'absent_unexcused'}

SPACE = Space('portail', "Portail famille", templates=[HERE / 'templates'],
    notices={
        'booked': 'sitiv_portail.msg_notice_booked',
        'enrolled': 'sitiv_portail.msg_notice_enrolled',
        'waiting': 'sitiv_portail.msg_notice_waiting',
        'sent': 'sitiv_portail.msg_notice_sent',
        'message_sent': 'sitiv_portail.msg_notice_message_sent',
        'change_sent': 'sitiv_portail.msg_notice_change_sent',
        'unenrolled': 'sitiv_portail.msg_notice_unenrolled',
        'debit_requested': 'sitiv_portail.msg_notice_debit_requested',
        'debit_stopped': 'sitiv_portail.msg_notice_debit_stopped',
        }, signup='demande-de-compte')
add_account_pages(SPACE)
SPACE.static()


def today(page):
    return page.pool.get('ir.date').today()


def owned_child(page, child_id):
    found = page.user.portal_child(child_id)
    if not found:
        raise NotFound()
    return found


@SPACE.route('demande-de-compte', methods=['GET', 'POST'], login=False)
def account_request(page):
    """Ask for an account (§2.1.9), examined by an agent of the city; the
    answer is the same whoever asks (no one learns who has an account)."""
    Request = page.pool.get('sitiv.portal.account_request')
    Activity = page.pool.get('sitiv.activity')
    if page.user:
        return page.redirect()
    cities = sorted({a.company for a in Activity.search([])},
        key=lambda c: c.rec_name)
    values = {k: page.form.get(k, '').strip() for k in [
            'ville', 'nom', 'prenom', 'email', 'telephone', 'enfants',
            'message']}
    if page.request.method == 'GET':
        return page.render('sitiv_portail/account_request.html',
            cities=cities, values=values)
    city = next((c for c in cities if str(c.id) == values['ville']), None)
    error = None
    if not (city and values['nom'] and values['prenom']
            and EMAIL.fullmatch(values['email'])):
        error = gettext('sitiv_portail.msg_request_incomplete')
    if error:
        return page.render('sitiv_portail/account_request.html', status=400,
            cities=cities, values=values, error=error)
    request, = Request.create([{'company': city.id,
                'last_name': values['nom'][:100],
                'first_name': values['prenom'][:100],
                'email': values['email'][:200].lower(),
                'phone': values['telephone'][:30],
                'children': values['enfants'][:2000],
                'message': values['message'][:4000]}])
    request.send(gettext('sitiv_portail.msg_request_received_email'))
    return page.render('sitiv_portail/account_request.html', cities=cities,
        values={}, sent=True)


@SPACE.route('')
def home(page):
    "What needs attention (§2.1.9): invoices due, next days, files."
    Attendance = page.pool.get('sitiv.attendance')
    children = page.user.portal_children()
    due = [i for i in page.user.portal_invoices([('state', '=', 'posted')])
        if i.amount_to_pay > 0]
    enrolments = [e for c, _ in children
        for e in page.user.portal_enrolments(c)]
    upcoming = Attendance.search([
            ('enrolment', 'in', [e.id for e in enrolments]),
            ('date', '>=', today(page)),
            ('state', '=', 'reserved'),
            ], order=[('date', 'ASC'), ('id', 'ASC')], limit=6)
    incomplete = [e for e in enrolments if e.incomplete]
    papers = [d for d in page.user.portal_documents()
        if d.portal_state == 'refused'
        or (d.portal_state != 'received'
            and d.expiry_state in {'expired', 'expiring'})]
    unread = [m for m in page.user.portal_messages()
        if m.direction == 'out' and not m.seen]
    Activity = page.pool.get('sitiv.activity')
    campaigns = Activity.search([
            ('company', '=', page.user.portal_company.id),
            ('enrolment_start', '<=', today(page)),
            ('enrolment_end', '>=', today(page)),
            ], order=[('enrolment_end', 'ASC'), ('name', 'ASC')])
    news = page.user.portal_publications([('kind', '=', 'news')])[:3]
    return page.render('sitiv_portail/home.html', children=children,
        news=news,
        due=due, total_due=sum(i.amount_to_pay for i in due),
        upcoming=upcoming, incomplete=incomplete, papers=papers,
        unread=unread, campaigns=campaigns)


@SPACE.route('foyer', right='file')
def household(page):
    "The household's file as the city holds it, and the changes asked."
    return render_household(page)


def render_household(page, status=200, error=None, values=None):
    DocumentType = page.pool.get('sitiv.document.type')
    households = page.user.portal_households()
    contacts = {}
    for _, household_ in page.user.portal_children():
        for member in household_.members:
            if member.role == 'child':
                contacts[member.party.id] = member.party.child_contacts
    values = dict(dict.fromkeys(CHANGE_FIELDS + ['objet'], ''),
        **(values or {}))
    return page.render('sitiv_portail/household.html', status=status,
        error=error, values=values, households=households,
        contacts=contacts, requests=page.user.portal_change_requests(),
        proofs=DocumentType.search([('code', 'in', ['CAF', 'IMPOT'])],
            order=[('code', 'ASC')]),
        max_size=MAX_SIZE // (1024 * 1024))


CHANGE_FIELDS = ['rue', 'code_postal', 'ville', 'telephone', 'courriel', 'qf',
    'justificatif']
PHONE = re.compile(r'(\+33|0)[1-9][0-9]{8}')


@SPACE.route('foyer/<int:household_id>/demande', methods=['POST'],
    max_size=MAX_SIZE + 256 * 1024, right='change')
def household_change(page, household_id):
    """Ask the city to change the file (§2.1.9): address with a proof of
    address, own phone or email, quotient with its CAF certificate or tax
    notice. It waits in the agents' queue; nothing changes before."""
    Request = page.pool.get('sitiv.portal.change_request')
    DocumentType = page.pool.get('sitiv.document.type')
    household = next((h for h in page.user.portal_households()
            if h.id == household_id), None)
    kind = page.form.get('objet')
    if not household or kind not in {'address', 'phone', 'email',
            'quotient'}:
        raise NotFound()
    form = {k: page.form.get(k, '').strip()[:200] for k in CHANGE_FIELDS}
    values = {'household': household.id, 'kind': kind,
        'person': page.user.party.id, 'requested_by': page.user.email,
        'before': Request.current(household, page.user.party, kind),
        'start_date': today(page)}
    error, proof = None, None
    if kind == 'address':
        if not (form['rue'] and form['ville']
                and re.fullmatch(r'[0-9]{5}', form['code_postal'])):
            error = gettext('sitiv_portail.msg_change_address')
        values.update(street=form['rue'], postal_code=form['code_postal'],
            city=form['ville'])
        proof = 'DOMICILE'
    elif kind == 'phone':
        phone = re.sub(r'[\s.-]', '', form['telephone'])
        if not PHONE.fullmatch(phone):
            error = gettext('sitiv_portail.msg_change_phone')
        values['value'] = form['telephone']
    elif kind == 'email':
        if not EMAIL.fullmatch(form['courriel']):
            error = gettext('sitiv_portail.msg_change_email')
        values['value'] = form['courriel'].lower()
    else:
        if not (form['qf'].isdigit() and int(form['qf']) < 100000):
            error = gettext('sitiv_portail.msg_change_quotient')
        else:
            values['quotient'] = int(form['qf'])
        values['start_date'] = Request.next_month(today(page))
        proof = form['justificatif'] if form['justificatif'] in {
            'CAF', 'IMPOT'} else 'CAF'
    if not error and proof:
        received, error = read_uploads(page, max_files=1)
    if error:
        return render_household(page, status=400, error=error,
            values=dict(form, objet=kind))
    if proof:
        type_, = DocumentType.search([('code', '=', proof)], limit=1)
        document = received_document(page, household, page.user.party,
            type_, *received[0])
        document.save()
        values['document'] = document.id
    Request.create([values])
    return page.redirect('foyer', message='change_sent')


@SPACE.route('factures', right='invoices')
def invoices(page):
    return page.render('sitiv_portail/invoices.html',
        invoices=page.user.portal_invoices(),
        households=page.user.portal_households(),
        years=[today(page).year - 1, today(page).year])


@SPACE.route('factures/<int:invoice_id>/pdf', writes=True,
    right='invoices')
def invoice_pdf(page, invoice_id):
    """The invoice as the city prints it (a duplicata once the original is):
    printing records the original, so the page writes."""
    invoice = page.user.portal_invoice(invoice_id)
    if not invoice:
        raise NotFound()
    Report = page.pool.get('sitiv.family_invoice', type='report')
    with Transaction().set_context(company=invoice.company.id):
        _, content, _, _ = Report.execute([invoice.id], {})
    response = Response(bytes(content), content_type='application/pdf')
    response.headers['Content-Disposition'] = (
        f'attachment; filename="facture-{invoice.number}.pdf"')
    return page.respond(response)


@SPACE.route('attestations/<int:household_id>/<int:year>/pdf',
    right='invoices')
def attestation_pdf(page, household_id, year):
    """The attestation of attendance and payment of a year (§2.1.5.3: impôts,
    comité d'entreprise), the report the agents print."""
    household = next((h for h in page.user.portal_households()
            if h.id == household_id), None)
    if not household or not 2000 <= year <= today(page).year:
        raise NotFound()
    Report = page.pool.get('sitiv.attestation', type='report')
    _, content, _, _ = Report.execute([household.id], {
            'model': 'sitiv.household', 'id': household.id,
            'ids': [household.id], 'year': year})
    response = Response(bytes(content), content_type='application/pdf')
    response.headers['Content-Disposition'] = (
        f'attachment; filename="attestation-{year}.pdf"')
    return page.respond(response)


@SPACE.route('factures/<int:invoice_id>/payer', methods=['POST'],
    right='pay')
def invoice_pay(page, invoice_id):
    "Pay online: PayFiP's page for what is left to pay (§2.1.5.3)."
    Operation = page.pool.get('sitiv.payfip.operation')
    invoice = page.user.portal_invoice(invoice_id)
    if not invoice:
        raise NotFound()
    try:
        operation = Operation.start(invoice, page.user.email)
    except UserError as error:
        Transaction().rollback()
        return page.render('sitiv_portail/invoices.html', status=400,
            invoices=page.user.portal_invoices(),
            households=page.user.portal_households(),
            years=[today(page).year - 1, today(page).year],
            error=error.message)
    return page.go(operation.url)


def booking_calendar(page, child):
    """(units, [(day, {enrolment id: (attendance, editable)})]) of the next
    four weeks: the child's enrolments are the units of a day (« Matin »,
    « Repas », « Soir »…), a day has a cell for each unit open that day;
    what the family may still change is editable. One query for what is
    booked."""
    Attendance = page.pool.get('sitiv.attendance')
    start = today(page)
    end = start + HORIZON
    units = [e for e in page.user.portal_enrolments(child)
        if e.state == 'enrolled' and e.start_date <= end
        and (not e.end_date or e.end_date >= start)]
    existing = {(a.enrolment.id, a.date): a for a in Attendance.search([
                ('enrolment', 'in', [e.id for e in units]),
                ('date', '>=', start), ('date', '<=', end)])} if units else {}
    days = {}
    for enrolment in units:
        activity = enrolment.activity
        first = max(start, enrolment.start_date)
        last = min(end, enrolment.end_date or end)
        bookable = start + datetime.timedelta(
            days=activity.booking_notice or 0)
        cancellable = start + datetime.timedelta(
            days=activity.cancel_notice or 0)
        for day in activity.open_days(first, last):
            attendance = existing.get((enrolment.id, day))
            booked = attendance and attendance.state in BOOKED
            if booked:
                editable = (attendance.state == 'reserved'
                    and day >= cancellable)
            else:
                editable = day >= bookable
            days.setdefault(day, {})[enrolment.id] = (
                attendance if booked else None, editable)
    # Only the units open in the four weeks (not the holiday centre in
    # term time).
    used = {i for cells in days.values() for i in cells}
    return [e for e in units if e.id in used], sorted(days.items())


def render_child(page, child, status=200, error=None):
    return page.render('sitiv_portail/child.html', status=status,
        error=error, child=child,
        calendar=booking_calendar(page, child),
        enrolments=page.user.portal_enrolments(child),
        max_size=MAX_SIZE // (1024 * 1024))


@SPACE.route('enfants/<int:child_id>', right='bookings')
def child_page(page, child_id):
    child, _ = owned_child(page, child_id)
    return render_child(page, child)


@SPACE.route('enfants/<int:child_id>/reservations', methods=['POST'],
    right='book')
def child_bookings(page, child_id):
    """Book and cancel in one go: every rule checked on the server; a
    refusal keeps nothing of the form and says why (§2.1.9)."""
    Attendance = page.pool.get('sitiv.attendance')
    child, _ = owned_child(page, child_id)
    enrolments = {e.id: e for e in page.user.portal_enrolments(child)}
    wanted = set(page.form.getlist('jour'))
    editable = [parse_day(k) for k in page.form.getlist('modifiable')]
    if any(e not in enrolments for e, _ in editable):
        raise NotFound()
    # What is booked now among the editable days, in one query.
    booked = {(a.enrolment.id, a.date): a for a in Attendance.search([
                ('enrolment', 'in', list({e for e, _ in editable})),
                ('date', 'in', list({d for _, d in editable})),
                ('state', 'in', list(BOOKED))])} if editable else {}
    to_book, to_cancel = {}, []
    for enrolment_id, day in editable:
        key = f'{enrolment_id}:{day.isoformat()}'
        existing = booked.get((enrolment_id, day))
        if key in wanted and not existing:
            to_book.setdefault(enrolments[enrolment_id], []).append(day)
        elif key not in wanted and existing:
            to_cancel.append(existing)
    try:
        if to_cancel:
            Attendance.cancel_by_family(to_cancel)
        for enrolment, days in to_book.items():
            Attendance.book(enrolment, days)
    except UserError as error:
        Transaction().rollback()
        return render_child(page, child, status=400, error=error.message)
    return page.redirect(f'enfants/{child.id}', message='booked')


@SPACE.route('enfants/<int:child_id>/semaine-type', methods=['POST'],
    right='book')
def child_weekly_pattern(page, child_id):
    """The same days every week over a period, in one action (§2.1.9):
    the open days of the activity at least the booking notice ahead."""
    Attendance = page.pool.get('sitiv.attendance')
    child, _ = owned_child(page, child_id)
    enrolments = {e.id: e for e in page.user.portal_enrolments(child)
        if e.state == 'enrolled'}
    try:
        enrolment = enrolments[int(page.form.get('inscription', ''))]
    except (KeyError, ValueError):
        raise NotFound()
    weekdays = {int(d) for d in page.form.getlist('jour_semaine')
        if d in {'0', '1', '2', '3', '4', '5', '6'}}
    try:
        start = datetime.date.fromisoformat(page.form.get('du', ''))
        end = datetime.date.fromisoformat(page.form.get('au', ''))
    except ValueError:
        start = end = None
    error = None
    if not weekdays:
        error = gettext('sitiv_activite.msg_reserve_no_day')
    elif not start or not end or end < start or (end - start).days > 366:
        error = gettext('sitiv_portail.msg_pattern_period')
    if error:
        return render_child(page, child, status=400, error=error)
    Attendance.reserve([enrolment], start, end, weekdays, check_notice=True)
    return page.redirect(f'enfants/{child.id}', message='booked')


@SPACE.route('simulation', right='simulation')
def simulation(page):
    """What a month of an activity would cost the family (§2.1.9, §2.1.5.1):
    billing's own pricing (`sitiv.billing.pricing.simulate`, as the agents'
    wizard), with the household's quotient and residence proposed."""
    Activity = page.pool.get('sitiv.activity')
    Quotient = page.pool.get('sitiv.quotient_familial')
    households = page.user.portal_households()
    activities = [a for a in Activity.search([
                ('company', '=', page.user.portal_company.id)])
        if a.tariffs]
    args = page.request.args
    first = today(page).replace(day=1)
    months = [(first + datetime.timedelta(days=32 * i)).replace(day=1)
        for i in range(4)]
    month = next((m for m in months if m.isoformat()[:7] == args.get('mois')),
        months[0])
    quotient = None
    if households:
        found = Quotient.quotient_on(households[0], month)
        quotient = found.quotient if found else None
    if args.get('qf', '').isdigit():
        quotient = int(args['qf'])
    weekdays = {int(d) for d in args.getlist('jours')
        if d in {'0', '1', '2', '3', '4'}}
    activity = next((a for a in activities
            if str(a.id) == args.get('activite')), None)
    estimate = None
    if activity and weekdays:
        residence = page.user.portal_company.residence_category(
            households[0].residence_city if households else None)
        Pricing = page.pool.get('sitiv.billing.pricing')
        estimate = Pricing.simulate(activity, month, weekdays,
            quotient=quotient, residence=residence)
    return page.render('sitiv_portail/simulation.html',
        activities=activities, activity=activity, months=months,
        month=month, quotient=quotient, weekdays=weekdays,
        estimate=estimate, asked=bool(args.get('activite')))


@SPACE.route('documents', right='documents')
def documents(page):
    return render_documents(page)


def render_documents(page, status=200, error=None):
    DocumentType = page.pool.get('sitiv.document.type')
    concerned = [(household, member.party)
        for household in page.user.portal_households()
        for member in household.members]
    missing = [e for c, _ in page.user.portal_children()
        for e in page.user.portal_enrolments(c) if e.incomplete]
    return page.render('sitiv_portail/documents.html', status=status,
        error=error, documents=page.user.portal_documents(),
        types=DocumentType.search([]), concerned=concerned,
        households=page.user.portal_households(), missing=missing,
        max_size=MAX_SIZE // (1024 * 1024), max_files=MAX_FILES)


@SPACE.route('documents', methods=['POST'],
    max_size=MAX_FILES * MAX_SIZE + 256 * 1024, right='send')
def documents_send(page):
    """Documents sent by the family (§2.1.9): PDF, PNG or JPEG told from
    their content, at most MAX_FILES of MAX_SIZE; one bad file refuses the
    whole form, so that nothing is half sent."""
    Document = page.pool.get('sitiv.document')
    DocumentType = page.pool.get('sitiv.document.type')
    households = {h.id: h for h in page.user.portal_households()}
    try:
        household_id, person_id = (int(v) for v in page.form.get(
                'concerne', '').split(':'))
        household = households[household_id]
        type_, = DocumentType.search([('id', '=', int(page.form.get(
                            'type', '')))])
    except (KeyError, ValueError):
        raise NotFound()
    person = next((m.party for m in household.members
            if m.party.id == person_id), None)
    if person_id and not person:
        raise NotFound()
    received, error = read_uploads(page)
    if error:
        return render_documents(page, status=400, error=error)
    Document.save([received_document(page, household, person, type_, *r)
            for r in received])
    return page.redirect('documents', message='sent')


def read_uploads(page, field='fichier', max_files=MAX_FILES):
    """([(filename, data)], None) of the files sent, or ([], the French
    reason) when one is missing, too many, too big or of the wrong kind."""
    files = [f for f in page.request.files.getlist(field) if f.filename]
    if not files:
        return [], gettext('sitiv_portail.msg_upload_none')
    if len(files) > max_files:
        return [], gettext('sitiv_portail.msg_upload_count', count=max_files)
    received = []
    for upload in files:
        data = upload.read(MAX_SIZE + 1)
        error = check_upload(upload.filename, data)
        if error:
            return [], error
        received.append((upload.filename, data))
    return received, None


def received_document(page, household, person, type_, filename, data):
    "A document sent from the portal, for the agents to check (unsaved)."
    Document = page.pool.get('sitiv.document')
    document = Document(household=household, person=person, type=type_,
        data=data, filename=filename[-100:], received_date=today(page),
        portal_state='received')
    document.on_change_type()
    return document


@SPACE.route('actualites', right='news')
def publications(page):
    "News and documents the city publishes (§2.1.9)."
    return page.render('sitiv_portail/publications.html',
        publications=page.user.portal_publications())


@SPACE.route('actualites/<int:publication_id>/fichier', right='news')
def publication_file(page, publication_id):
    found = page.user.portal_publications([('id', '=', publication_id)])
    if not found or not found[0].data:
        raise NotFound()
    return file_response(page, bytes(found[0].data), found[0].filename)


def file_response(page, data, filename=None):
    "A file to download, its type told from its content."
    kind = file_kind(data)
    response = Response(data, content_type={
            'pdf': 'application/pdf', 'png': 'image/png',
            'jpeg': 'image/jpeg'}.get(kind, 'application/octet-stream'))
    name = re.sub(r'[^\w.-]', '_', filename or '')
    response.headers['Content-Disposition'] = (
        f'attachment; filename="{name}"' if name else 'attachment')
    return page.respond(response)


@SPACE.route('documents/<int:document_id>/fichier', right='documents')
def document_file(page, document_id):
    document = page.user.portal_document(document_id)
    if not document or not document.data:
        raise NotFound()
    return file_response(page, bytes(document.data))


@SPACE.route('messages', writes=True, right='messages')
def messages(page):
    "The thread with the city; the city's answers are read once shown."
    Message = page.pool.get('sitiv.portal.message')
    thread = page.user.portal_messages()
    unread = [m for m in thread if m.direction == 'out' and not m.seen]
    page_ = render_messages(page, thread)
    if unread:
        Message.write(unread, {'seen': True})
    return page_


def render_messages(page, thread, status=200, error=None, values=None):
    return page.render('sitiv_portail/messages.html', status=status,
        error=error, thread=thread, values=values or {},
        households=page.user.portal_households())


@SPACE.route('messages', methods=['POST'], right='send')
def message_send(page):
    Message = page.pool.get('sitiv.portal.message')
    households = {h.id: h for h in page.user.portal_households()}
    try:
        household = households[int(page.form.get('foyer', ''))]
    except (KeyError, ValueError):
        raise NotFound()
    subject = page.form.get('objet', '').strip()[:200]
    body = page.form.get('message', '').strip()[:10000]
    if not subject or not body:
        return render_messages(page, page.user.portal_messages(), status=400,
            error=gettext('sitiv_portail.msg_message_incomplete'),
            values={'objet': subject, 'message': body})
    Message.create([{'household': household.id, 'direction': 'in',
                'author': page.user.party.rec_name if page.user.party
                else page.user.email,
                'subject': subject, 'body': body}])
    return page.redirect('messages', message='message_sent')


def parse_day(key):
    "« 12:2026-11-16 » → (12, date(2026, 11, 16)); NotFound otherwise."
    try:
        enrolment_id, day = key.split(':', 1)
        return int(enrolment_id), datetime.date.fromisoformat(day)
    except ValueError:
        raise NotFound()


@SPACE.route('enfants/<int:child_id>/activites', right='activities')
def child_activities(page, child_id):
    "The activities open to the child, places counted now (§2.1.7)."
    child, _ = owned_child(page, child_id)
    return page.render('sitiv_portail/activities.html', child=child,
        offers=offers(page, child))


def offers(page, child):
    "[(activity, places left, enrolment of the child or None)]."
    Activity = page.pool.get('sitiv.activity')
    date = today(page)
    enrolled = {e.activity.id: e for e in page.user.portal_enrolments(child)}
    return [(a, a.places_left(date), enrolled.get(a.id))
        for a in Activity.open_to(page.user.portal_company, child, date)]


@SPACE.route('enfants/<int:child_id>/activites/<int:activity_id>',
    methods=['POST'], right='enrol')
def child_enrol(page, child_id, activity_id):
    "Enrol the child, or put them on the waiting list where the city does."
    Enrolment = page.pool.get('sitiv.enrolment')
    child, household = owned_child(page, child_id)
    found = [o for o in offers(page, child) if o[0].id == activity_id]
    if not found:
        raise NotFound()
    activity, _, current = found[0]
    if current:
        return page.redirect(f'enfants/{child.id}')
    start = max(today(page), activity.start_date or today(page))
    enrolment = Enrolment(household=household, child=child,
        activity=activity, start_date=start,
        company=page.user.portal_company)
    try:
        enrolment.save()
        Enrolment.enrol([enrolment])
    except (UserError, ValidationError) as error:
        Transaction().rollback()
        return page.render('sitiv_portail/activities.html', status=400,
            child=child, offers=offers(page, child), error=error.message)
    enrolment = Enrolment(enrolment.id)
    confirm_enrolment(page, enrolment)
    return page.redirect(f'enfants/{child.id}',
        message='waiting' if enrolment.state == 'waiting' else 'enrolled')


def confirm_enrolment(page, enrolment):
    "The confirmation email of an enrolment made on the portal."
    if enrolment.state == 'waiting':
        text = gettext('sitiv_portail.msg_enrolment_waiting_email',
            child=enrolment.child.rec_name,
            activity=enrolment.activity.rec_name,
            position=enrolment.waiting_position)
    else:
        text = gettext('sitiv_portail.msg_enrolment_email',
            child=enrolment.child.rec_name,
            activity=enrolment.activity.rec_name,
            date=enrolment.start_date.strftime('%d/%m/%Y'))
    subject = gettext('sitiv_portail.msg_enrolment_subject',
        child=enrolment.child.rec_name)
    send_mail(page.user.email, subject, text)
    page.pool.get('sitiv.portal.message').notify(enrolment.household,
        subject, text)


@SPACE.route('enfants/<int:child_id>/inscriptions/<int:enrolment_id>/menu',
    methods=['POST'], right='book')
def child_menu(page, child_id, enrolment_id):
    """The canteen menu of the child (§2.1.9): one of the activity's menus,
    for the reservations to come (the kitchen counts read them)."""
    Enrolment = page.pool.get('sitiv.enrolment')
    Attendance = page.pool.get('sitiv.attendance')
    child, _ = owned_child(page, child_id)
    enrolment = next((e for e in page.user.portal_enrolments(child)
            if e.id == enrolment_id and e.state == 'enrolled'), None)
    if not enrolment:
        raise NotFound()
    diets = {str(d.id): d for d in enrolment.activity.diets}
    choice = page.form.get('menu', '')
    if choice and choice not in diets:
        raise NotFound()
    diet = diets.get(choice)
    Enrolment.write([enrolment], {'diet': diet.id if diet else None})
    Attendance.write(Attendance.search([
                ('enrolment', '=', enrolment.id),
                ('date', '>', today(page)),
                ('state', '=', 'reserved'),
                ]), {'diet': diet.id if diet else None})
    return page.redirect(f'enfants/{child.id}', message='saved')


@SPACE.route('enfants/<int:child_id>/inscriptions/<int:enrolment_id>/fin',
    methods=['POST'], max_size=MAX_SIZE + 256 * 1024, right='enrol')
def child_unenrol(page, child_id, enrolment_id):
    """Unenrol (§2.1.9): leave a waiting list or a pre-enrolment at once;
    end an enrolment after a last day, no sooner than the activity's
    notice, with the family's letter or proof kept in its documents."""
    Enrolment = page.pool.get('sitiv.enrolment')
    DocumentType = page.pool.get('sitiv.document.type')
    child, household = owned_child(page, child_id)
    enrolment = next((e for e in page.user.portal_enrolments(child)
            if e.id == enrolment_id), None)
    if not enrolment:
        raise NotFound()
    last_day, error, received = today(page), None, []
    if enrolment.state == 'enrolled':
        try:
            last_day = datetime.date.fromisoformat(
                page.form.get('dernier_jour', ''))
        except ValueError:
            error = gettext('sitiv_portail.msg_unenrol_date')
        if not error:
            received, error = read_uploads(page, max_files=1)
    if not error:
        try:
            Enrolment.withdraw([enrolment], last_day)
        except UserError as exception:
            Transaction().rollback()
            error = exception.message
    if error:
        return render_child(page, child, status=400, error=error)
    if received:
        type_, = DocumentType.search([('code', '=', 'DESINSCRIPTION')])
        document = received_document(page, enrolment.household, child,
            type_, *received[0])
        document.activity = enrolment.activity.name
        document.save()
    enrolment = Enrolment(enrolment.id)
    subject = gettext('sitiv_portail.msg_unenrol_subject',
        child=child.rec_name)
    if enrolment.state == 'cancelled':
        text = gettext('sitiv_portail.msg_unenrol_cancelled',
            child=child.rec_name, activity=enrolment.activity.rec_name)
    else:
        text = gettext('sitiv_portail.msg_unenrol_email',
            child=child.rec_name, activity=enrolment.activity.rec_name,
            date=enrolment.end_date.strftime('%d/%m/%Y'))
    send_mail(page.user.email, subject, text)
    page.pool.get('sitiv.portal.message').notify(enrolment.household,
        subject, text)
    return page.redirect(f'enfants/{child.id}', message='unenrolled')
