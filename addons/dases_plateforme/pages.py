# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The DASES platform's pages under `/<database>/plateforme/` (spec 002
D2-D7, E1-E7, G1-G5, H4): the public information, the space of a
beneficiary or the relative acting for them, the care worker's space and
the provider's (SAD). Pages read the live database: what an import or an
agent wrote is on the next page load (H1). Every page starts from the
logged-in account and reaches records only through `web.user.platform_*`
(user.py): another beneficiary's or provider's id is « not found »."""
import csv
import datetime
import io
import pathlib
import re
from decimal import Decimal

from werkzeug.exceptions import NotFound

from trytond.i18n import gettext
from trytond.model.exceptions import ValidationError
from trytond.protocols.wrappers import Response
from trytond.transaction import Transaction

from hestia import months
from portal.account import add_account_pages
from portal.mail import send_mail
from portal.web import EMAIL, Space

from .declaration import KINDS as DECLARATION_KINDS, PERIODS
from .user import PREFIX

HERE = pathlib.Path(__file__).parent
# Kinds a beneficiary declares from the form (the chequebook has its own).
FORM_KINDS = [k for k, _ in DECLARATION_KINDS if k != 'chequebook']
AUDIENCES = {'beneficiary': 'beneficiary', 'worker': 'worker',
    'sad_user': 'sad', 'sad_admin': 'sad'}
HOMES = {'beneficiary': '', 'worker': 'intervenant', 'sad_user': 'sad',
    'sad_admin': 'sad'}
MONTH = re.compile(r'([0-9]{4})-([0-9]{2})')

SPACE = Space(PREFIX, "Plateforme Autonomie",
    templates=[HERE / 'templates'],
    notices={
        'declared': 'dases_plateforme.msg_notice_declared',
        'chequebook': 'dases_plateforme.msg_notice_chequebook',
        'event_sent': 'dases_plateforme.msg_notice_event_sent',
        'account_created': 'dases_plateforme.msg_notice_account_created',
        'account_changed': 'dases_plateforme.msg_notice_account_changed',
        'entered': 'dases_plateforme.msg_notice_entered',
        'entry_deleted': 'dases_plateforme.msg_notice_entry_deleted',
        })
add_account_pages(SPACE)
SPACE.static()


def today(page):
    return page.pool.get('ir.date').today()


def parse_date(text):
    "dd/mm/yyyy or yyyy-mm-dd (the date input) → date, or None."
    text = (text or '').strip()
    for pattern in ['%Y-%m-%d', '%d/%m/%Y']:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            pass


def asked_month(page):
    "The month of ?mois=YYYY-MM, this month otherwise: (first, last day)."
    found = MONTH.fullmatch(page.request.args.get('mois', ''))
    day = today(page)
    if found:
        try:
            day = datetime.date(int(found[1]), int(found[2]), 1)
        except ValueError:
            raise NotFound()
    return months.bounds(day)


def month_links(first):
    "The previous and next months' ?mois= values."
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = months.end(first) + datetime.timedelta(days=1)
    return {'previous': f'{previous:%Y-%m}', 'next': f'{following:%Y-%m}',
        'previous_date': previous, 'next_date': following}


def owned_beneficiary(page, beneficiary_id):
    beneficiary = page.user.platform_beneficiary(beneficiary_id)
    if not beneficiary:
        raise NotFound()
    return beneficiary


def public_contents(page, audiences, kind=None):
    """What the Département publishes for `audiences`: its own for a
    logged-in account, every Département's on the public page (one
    database usually serves one Département)."""
    Content = page.pool.get('dases.platform.content')
    Company = page.pool.get('company.company')
    companies = ([page.user.portal_company] if page.user
        else Company.search([]))
    return Content.published(companies, audiences, kind)


# Public pages (D2, E3, E7, F15, G6).
@SPACE.route('', login=False)
def home(page):
    """The public information; a logged-in person goes to their space."""
    if page.user:
        if page.user.platform_role == 'beneficiary':
            return beneficiary_home(page)
        return page.redirect(HOMES[page.user.platform_role])
    return render_information(page)


@SPACE.route('informations', login=False)
def information(page):
    "What the Département publishes for everyone and for the visitor."
    return render_information(page)


def render_information(page):
    audiences = audiences_of(page)
    return page.render('dases_plateforme/public.html',
        informations=public_contents(page, audiences, 'information'),
        documents=public_contents(page, audiences, 'document'),
        own_space=HOMES.get(page.user.platform_role) if page.user else None)


def audiences_of(page):
    "The public, and the visitor's own kind of account."
    audiences = ['public']
    if page.user:
        audiences.append(AUDIENCES[page.user.platform_role])
    return audiences


@SPACE.route('questions', login=False)
def questions(page):
    return page.render('dases_plateforme/questions.html',
        questions=public_contents(page, audiences_of(page), 'faq'))


@SPACE.route('document/<int:content_id>', login=False)
def document(page, content_id):
    "A document the Département published for the visitor's audience."
    content = next((c for c in public_contents(page, audiences_of(page),
                'document')
            if c.id == content_id), None)
    if not content or not content.file:
        raise NotFound()
    response = Response(bytes(content.file),
        content_type='application/octet-stream')
    response.headers['Content-Disposition'] = (
        f'attachment; filename="{safe_filename(content.filename)}"')
    return page.respond(response)


def safe_filename(name):
    return re.sub(r'[^A-Za-z0-9._-]+', '_', name or 'document') or 'document'


# Beneficiary space (D3, E1-E7).
def beneficiary_home(page):
    "The people the account acts for; one person: straight to their file."
    beneficiaries = page.user.platform_beneficiaries()
    if len(beneficiaries) == 1:
        return page.redirect(f'beneficiaire/{beneficiaries[0].id}')
    return page.render('dases_plateforme/beneficiaries.html',
        beneficiaries=beneficiaries)


@SPACE.route('beneficiaire/<int:beneficiary_id>', right='beneficiary')
def beneficiary(page, beneficiary_id):
    "The care plan, events, chequebooks and declarations of one person."
    return render_beneficiary(page, owned_beneficiary(page, beneficiary_id))


def render_beneficiary(page, person, status=200, error=None, values=None):
    pool = page.pool
    CarePlan = pool.get('dases.care_plan')
    Book = pool.get('dases.cesu.book')
    Declaration = pool.get('dases.platform.declaration')
    day = today(page)
    plans = CarePlan.search([('beneficiary', '=', person.id),
            ('transmitted', '=', True),
            ('coverage_end', '>=', day - datetime.timedelta(days=365))],
        order=[('coverage_end', 'DESC'), ('nomenclature', 'ASC')])
    books = Book.search([('beneficiary', '=', person.id)],
        order=[('month', 'DESC'), ('id', 'DESC')], limit=24)
    declarations = Declaration.search([('beneficiary', '=', person.id)],
        limit=20)
    Intervention = pool.get('dases.intervention')
    # The months with interventions, latest first: the history (E1).
    clocked = {}
    for row in Intervention.search_read([('beneficiary', '=', person.id),
                ('date', '>=', (day - datetime.timedelta(days=366)
                        ).replace(day=1))], fields_names=['date', 'hours']):
        month = row['date'].replace(day=1)
        count, hours = clocked.get(month, (0, 0))
        clocked[month] = (count + 1, hours + (row['hours'] or 0))
    return page.render('dases_plateforme/beneficiary.html', status=status,
        error=error, person=person, today=day,
        current=[p for p in plans if p.coverage_start <= day],
        future=[p for p in plans if p.coverage_start > day],
        books=books, declarations=declarations,
        months=sorted(clocked.items(), reverse=True),
        events=sorted(person.events, key=lambda e: (
                e.start_date or datetime.date.min), reverse=True)[:20],
        kinds=[(k, l) for k, l in Declaration.fields_get(['kind'])[
                'kind']['selection'] if k in FORM_KINDS],
        periods=PERIODS, values=values or {})


@SPACE.route('beneficiaire/<int:beneficiary_id>/interventions',
    right='beneficiary')
def beneficiary_interventions(page, beneficiary_id):
    "The interventions done at home in a month (E1): raw, corrected, who."
    Intervention = page.pool.get('dases.intervention')
    person = owned_beneficiary(page, beneficiary_id)
    first, last = asked_month(page)
    interventions = Intervention.search([('beneficiary', '=', person.id),
            ('date', '>=', first), ('date', '<=', last)],
        order=[('raw_start', 'ASC'), ('id', 'ASC')])
    return page.render('dases_plateforme/interventions.html',
        person=person, first=first, interventions=interventions,
        links=month_links(first),
        total=sum((i.hours or 0) for i in interventions))


@SPACE.route('beneficiaire/<int:beneficiary_id>/factures',
    right='beneficiary')
def beneficiary_invoices(page, beneficiary_id):
    """What the Département paid the providers for the person (télégestion
    invoices accepted by SALSA) and the person's own share."""
    Line = page.pool.get('dases.preinvoice.line')
    person = owned_beneficiary(page, beneficiary_id)
    lines = Line.search([('beneficiary', '=', person.id),
            ('preinvoice.state', '=', 'accepted'),
            ('state', '=', 'accepted')],
        order=[('start', 'DESC'), ('id', 'DESC')], limit=120)
    return page.render('dases_plateforme/invoices.html', person=person,
        lines=lines)


@SPACE.route('beneficiaire/<int:beneficiary_id>/declarer',
    methods=['POST'], right='beneficiary')
def declare(page, beneficiary_id):
    """Declare an event (E2): hospitalisation or absence with its dates,
    change of worker … Agents process it in sao."""
    Declaration = page.pool.get('dases.platform.declaration')
    person = owned_beneficiary(page, beneficiary_id)
    kind = page.form.get('nature', '')
    start = parse_date(page.form.get('debut'))
    end = parse_date(page.form.get('fin'))
    comment = page.form.get('commentaire', '').strip()[:2000]
    error = None
    if kind not in FORM_KINDS:
        error = gettext('dases_plateforme.msg_declare_kind')
    elif kind in PERIODS and not start:
        error = gettext('dases_plateforme.msg_declare_start')
    elif end and start and end < start:
        error = gettext('dases_plateforme.msg_declare_end')
    elif kind not in PERIODS and not comment:
        error = gettext('dases_plateforme.msg_declare_comment')
    if error:
        return render_beneficiary(page, person, 400, error, {
                'nature': kind, 'debut': page.form.get('debut', ''),
                'fin': page.form.get('fin', ''), 'commentaire': comment})
    Declaration.declare(page.user, person, kind, start_date=start,
        end_date=end if kind in PERIODS else None, comment=comment)
    return page.redirect(f'beneficiaire/{person.id}', message='declared')


@SPACE.route('beneficiaire/<int:beneficiary_id>/chequier',
    methods=['POST'], right='beneficiary')
def chequebook(page, beneficiary_id):
    "Ask for a new CESU chequebook (E2, C7): lost, stolen, used up."
    Declaration = page.pool.get('dases.platform.declaration')
    person = owned_beneficiary(page, beneficiary_id)
    reason = page.form.get('motif', '').strip()[:2000]
    if not reason:
        return render_beneficiary(page, person, 400,
            gettext('dases_plateforme.msg_chequebook_reason'))
    Declaration.declare(page.user, person, 'chequebook',
        start_date=today(page), comment=reason)
    return page.redirect(f'beneficiaire/{person.id}', message='chequebook')



# Care worker space (D6).
@SPACE.route('intervenant', right='worker')
def worker(page):
    """The worker's interventions of a month and the CESU reimbursed to
    them in the last year, with what to do with a CESU."""
    first, last = asked_month(page)
    interventions = page.user.platform_worker_interventions(first, last)
    return page.render('dases_plateforme/worker.html', first=first,
        links=month_links(first), interventions=interventions,
        total=sum((i.hours or 0) for i in interventions),
        cesu=page.user.platform_worker_cesu(
            today(page) - datetime.timedelta(days=365)),
        guidance=public_contents(page, ['worker'], 'information'))


# Provider space (D5, G1-G5, H4).
def sad_of(page):
    return page.user.platform_sad


@SPACE.route('sad', right='sad')
def sad_home(page):
    "Plans ending within 90 days (G1) and revised within 30 days (G2)."
    sad = sad_of(page)
    day = today(page)
    return page.render('dases_plateforme/sad_home.html', sad=sad,
        ending=sad.platform_plans(day, 'ending'),
        revised=sad.platform_plans(day, 'revised'))


@SPACE.route('sad/beneficiaires', right='sad')
def sad_beneficiaries(page):
    "The provider's beneficiaries and its other clients (G4)."
    sad = sad_of(page)
    return page.render('dases_plateforme/sad_beneficiaries.html', sad=sad,
        beneficiaries=page.user.platform_sad_beneficiaries(),
        others=sad.platform_other_clients())


@SPACE.route('sad/beneficiaire/<int:beneficiary_id>', right='sad')
def sad_beneficiary(page, beneficiary_id):
    "One beneficiary as the provider sees them: its plan lines, events."
    return render_sad_beneficiary(page, beneficiary_id)


def render_sad_beneficiary(page, beneficiary_id, status=200, error=None,
        values=None):
    pool = page.pool
    CarePlan = pool.get('dases.care_plan')
    Event = pool.get('dases.sad.event')
    sad = sad_of(page)
    person = page.user.platform_sad_beneficiary(beneficiary_id)
    if not person:
        raise NotFound()
    day = today(page)
    plans = CarePlan.search([('beneficiary', '=', person.id),
            ('tiers_code', '=', sad.code), ('transmitted', '=', True),
            ('coverage_end', '>=', day - datetime.timedelta(days=365))],
        order=[('coverage_end', 'DESC'), ('nomenclature', 'ASC')])
    events = Event.search([('sad', '=', sad.id),
            ('beneficiary', '=', person.id)], limit=20)
    return page.render('dases_plateforme/sad_beneficiary.html',
        status=status, error=error, sad=sad, person=person, plans=plans,
        events=events, kinds=Event.fields_get(['kind'])['kind']['selection'],
        values=values or {}, today=day)


@SPACE.route('sad/beneficiaire/<int:beneficiary_id>/evenement',
    methods=['POST'], right='sad')
def sad_event(page, beneficiary_id):
    "An event the provider declares to the Département (G5, F4)."
    Event = page.pool.get('dases.sad.event')
    sad = sad_of(page)
    person = page.user.platform_sad_beneficiary(beneficiary_id)
    if not person:
        raise NotFound()
    kinds = {k for k, _ in Event.fields_get(['kind'])['kind']['selection']}
    kind = page.form.get('nature', '')
    start = parse_date(page.form.get('debut'))
    end = parse_date(page.form.get('fin'))
    comment = page.form.get('commentaire', '').strip()[:2000]
    error = None
    if kind not in kinds:
        error = gettext('dases_plateforme.msg_declare_kind')
    elif not start:
        error = gettext('dases_plateforme.msg_declare_start')
    elif end and end < start:
        error = gettext('dases_plateforme.msg_declare_end')
    if error:
        return render_sad_beneficiary(page, beneficiary_id, 400, error, {
                'nature': kind, 'debut': page.form.get('debut', ''),
                'fin': page.form.get('fin', ''), 'commentaire': comment})
    author = page.user.platform_name or page.user.email
    Event.create([{'sad': sad.id, 'beneficiary': person.id, 'kind': kind,
                'start_date': start, 'end_date': end,
                'comment': f'{comment}\n— {author}'.strip()}])
    return page.redirect(f'sad/beneficiaire/{person.id}',
        message='event_sent')


def sad_interventions_of(page, first, last):
    Intervention = page.pool.get('dases.intervention')
    return Intervention.search([('sad', '=', sad_of(page).id),
            ('date', '>=', first), ('date', '<=', last)],
        order=[('raw_start', 'ASC'), ('id', 'ASC')])


@SPACE.route('sad/interventions', right='sad')
def sad_interventions(page):
    "The provider's interventions of a month, raw and corrected (G3)."
    first, last = asked_month(page)
    interventions = sad_interventions_of(page, first, last)
    return page.render('dases_plateforme/sad_interventions.html',
        sad=sad_of(page), first=first, links=month_links(first),
        interventions=interventions,
        total=sum((i.hours or 0) for i in interventions))


@SPACE.route('sad/interventions.csv', right='sad')
def sad_interventions_csv(page):
    """The same month as a CSV file for a spreadsheet (G3): semicolons,
    French dates and decimal commas, UTF-8 with its mark for Excel."""
    first, last = asked_month(page)
    output = io.StringIO()
    writer = csv.writer(output, delimiter=';', lineterminator='\r\n')
    writer.writerow(["Date", "Bénéficiaire", "Identifiant SALSA",
            "Prestation", "Intervenant", "Arrivée brute", "Départ brut",
            "Arrivée corrigée", "Départ corrigé", "Motif de correction",
            "Heures"])
    reasons = dict(page.pool.get('dases.intervention').fields_get(
            ['correction_reason'])['correction_reason']['selection'])
    for i in sad_interventions_of(page, first, last):
        person = i.beneficiary
        writer.writerow([f'{i.date:%d/%m/%Y}',
                f'{person.last_name} {person.first_name}' if person
                else i.client.rec_name,
                person.salsa_id if person else '', i.nomenclature,
                i.worker.rec_name if i.worker else '',
                f'{i.raw_start:%H:%M}', f'{i.raw_end:%H:%M}',
                f'{i.start:%H:%M}' if i.start else '',
                f'{i.end:%H:%M}' if i.end else '',
                reasons.get(i.correction_reason) or '',
                str(i.hours or 0).replace('.', ',')])
    response = Response('\ufeff' + output.getvalue(),
        content_type='text/csv; charset=utf-8')
    response.headers['Content-Disposition'] = (
        f'attachment; filename="interventions-{first:%Y-%m}.csv"')
    return page.respond(response)


@SPACE.route('sad/factures', right='sad')
def sad_invoices(page):
    "The provider's télégestion invoices and where each stands (G3)."
    PreInvoice = page.pool.get('dases.preinvoice')
    invoices = PreInvoice.search([('sad', '=', sad_of(page).id)],
        order=[('month', 'DESC'), ('number', 'DESC')], limit=60)
    return page.render('dases_plateforme/sad_invoices.html',
        sad=sad_of(page), invoices=invoices)


@SPACE.route('sad/factures/<int:invoice_id>/pdf', right='sad')
def sad_invoice_pdf(page, invoice_id):
    """The PDF invoice made for the provider when SALSA accepted it (B8),
    as archived then: the same document the provider sends."""
    pool = page.pool
    PreInvoice = pool.get('dases.preinvoice')
    Attachment = pool.get('ir.attachment')
    invoices = PreInvoice.search([('id', '=', invoice_id),
            ('sad', '=', sad_of(page).id), ('state', '=', 'accepted')])
    pdfs = Attachment.search([('resource', '=', str(invoices[0])),
            ('name', 'like', '%.pdf')], order=[('id', 'DESC')],
        limit=1) if invoices else []
    if not pdfs:
        raise NotFound()
    response = Response(bytes(pdfs[0].data),
        content_type='application/pdf')
    response.headers['Content-Disposition'] = (
        f'attachment; filename="{safe_filename(pdfs[0].name)}"')
    return page.respond(response)


@SPACE.route('sad/utilisateurs', methods=['GET', 'POST'], right='sad_admin')
def sad_users(page):
    """The provider's accounts (H4): its administrator adds a manager,
    coordinator or care worker, who receives a link to choose their
    password; deactivates and reactivates them."""
    User = page.pool.get('web.user')
    sad = sad_of(page)
    labels = dict(User.fields_get(['platform_role'])['platform_role'][
            'selection'])
    roles = [(k, labels[k]) for k in ['sad_user', 'worker', 'sad_admin']]
    if page.request.method == 'GET':
        return page.render('dases_plateforme/sad_users.html', sad=sad,
            users=page.user.platform_colleagues(), roles=roles, values={})
    values = {k: page.form.get(k, '').strip()[:200]
        for k in ['nom', 'courriel', 'role']}
    email = values['courriel'].lower()
    error = None
    if not values['nom'] or not EMAIL.fullmatch(email):
        error = gettext('dases_plateforme.msg_user_incomplete')
    elif values['role'] not in dict(roles):
        error = gettext('dases_plateforme.msg_user_role')
    elif User.search([('email', '=', email),
                ('active', 'in', [True, False])], limit=1):
        error = gettext('dases_plateforme.msg_user_exists')
    if error:
        return page.render('dases_plateforme/sad_users.html', status=400,
            error=error, sad=sad, users=page.user.platform_colleagues(),
            roles=roles, values=values)
    user, = User.create([{'email': email, 'platform_name': values['nom'],
                'platform_role': values['role'], 'platform_sad': sad.id,
                'portal_company': sad.company.id,
                'portal_must_change_password': False}])
    user.set_reset_password_token()
    user.save()
    url = (page.request.host_url.rstrip('/') + page.url('reinitialiser',
            email=user.email, token=user.reset_password_token))
    send_mail(user.email,
        gettext('dases_plateforme.msg_welcome_subject', sad=sad.name),
        gettext('dases_plateforme.msg_welcome_body', sad=sad.name,
            name=values['nom'], url=url))
    return page.redirect('sad/utilisateurs', message='account_created')


@SPACE.route('sad/utilisateurs/<int:user_id>', methods=['POST'],
    right='sad_admin')
def sad_user_state(page, user_id):
    "Deactivate or reactivate a colleague's account (never one's own)."
    User = page.pool.get('web.user')
    colleague = page.user.platform_colleague(user_id)
    if not colleague or colleague == page.user:
        raise NotFound()
    User.write([colleague], {'active': not colleague.active})
    return page.redirect('sad/utilisateurs', message='account_changed')


# Entry of interventions by a provider without software (B16).
TIME = re.compile(r'([01][0-9]|2[0-3]):([0-5][0-9])')


def entry_choices(page, sad):
    "The provider's clients, workers and prestations for the entry form."
    pool = page.pool
    Client = pool.get('dases.sad.client')
    Worker = pool.get('dases.sad.worker')
    clients = Client.search([('sad', '=', sad.id)],
        order=[('last_name', 'ASC'), ('first_name', 'ASC'), ('id', 'ASC')])
    workers = Worker.search([('sad', '=', sad.id)])
    prestations = sorted({t.nomenclature for t in sad.tariffs}
        or {'AMP'})
    return clients, workers, prestations


def render_entry(page, status=200, error=None, values=None):
    Intervention = page.pool.get('dases.intervention')
    sad = sad_of(page)
    first, last = asked_month(page)
    clients, workers, prestations = entry_choices(page, sad)
    entered = Intervention.search([('sad', '=', sad.id),
            ('source', '=', 'manual'),
            ('date', '>=', first), ('date', '<=', last)],
        order=[('raw_start', 'DESC'), ('id', 'DESC')])
    return page.render('dases_plateforme/sad_entry.html', status=status,
        error=error, sad=sad, first=first, links=month_links(first),
        clients=clients, workers=workers, prestations=prestations,
        entered=entered, values=values or {}, today=today(page))


@SPACE.route('sad/saisie', methods=['GET', 'POST'], right='sad')
def sad_entry(page):
    """A provider that has no télégestion of its own enters each
    intervention here (B16): client, day, arrival and departure, worker,
    prestation. Providers sending files keep their own system's times."""
    Intervention = page.pool.get('dases.intervention')
    sad = sad_of(page)
    if sad.integration_mode != 'hestia' or page.request.method == 'GET':
        return render_entry(page)
    clients, workers, prestations = entry_choices(page, sad)
    values = {k: page.form.get(k, '').strip() for k in [
            'client', 'jour', 'arrivee', 'depart', 'intervenant',
            'prestation']}
    client = next((c for c in clients if str(c.id) == values['client']),
        None)
    worker = next((w for w in workers if str(w.id) == values['intervenant']),
        None)
    day = parse_date(values['jour'])
    start, end = (TIME.fullmatch(values[k]) for k in ['arrivee', 'depart'])
    error = None
    if not client:
        error = gettext('dases_plateforme.msg_entry_client')
    elif not day or day > today(page):
        error = gettext('dases_plateforme.msg_entry_day')
    elif not (start and end):
        error = gettext('dases_plateforme.msg_entry_times')
    elif values['intervenant'] and not worker:
        error = gettext('dases_plateforme.msg_entry_worker')
    elif values['prestation'] not in prestations:
        error = gettext('dases_plateforme.msg_entry_prestation')
    if not error:
        raw_start = datetime.datetime.combine(day,
            datetime.time(int(start[1]), int(start[2])))
        raw_end = datetime.datetime.combine(day,
            datetime.time(int(end[1]), int(end[2])))
        if raw_end <= raw_start:
            error = gettext('dases_plateforme.msg_entry_order')
        elif Intervention.search([('client', '=', client.id),
                    ('raw_start', '<', raw_end), ('raw_end', '>', raw_start)],
                limit=1):
            error = gettext('dases_plateforme.msg_entry_overlap',
                client=f'{client.last_name} {client.first_name}')
    if error:
        return render_entry(page, 400, error, values)
    Intervention.create([{'sad': sad.id, 'client': client.id,
                'worker': worker.id if worker else None,
                'nomenclature': values['prestation'],
                'department': client.department, 'source': 'manual',
                'raw_start': raw_start, 'raw_end': raw_end}])
    return page.redirect('sad/saisie', mois=f'{day:%Y-%m}',
        message='entered')


@SPACE.route('sad/saisie/<int:intervention_id>/supprimer', methods=['POST'],
    right='sad')
def sad_entry_delete(page, intervention_id):
    "An intervention typed by mistake, removed before it is invoiced."
    Intervention = page.pool.get('dases.intervention')
    sad = sad_of(page)
    found = Intervention.search([('id', '=', intervention_id),
            ('sad', '=', sad.id), ('source', '=', 'manual'),
            ('invoice_line', '=', None)], limit=1)
    if sad.integration_mode != 'hestia' or not found:
        raise NotFound()
    day = found[0].date
    Intervention.delete(found)
    return page.redirect('sad/saisie', mois=f'{day:%Y-%m}',
        message='entry_deleted')


# The provider's tariffs (H5).
def parse_amount(text):
    "24,80 or 24.80 → Decimal('24.80'), or None."
    text = (text or '').strip().replace('\u00a0', '').replace(' ', '')
    if not re.fullmatch(r'[0-9]{1,5}([.,][0-9]{1,2})?', text):
        return None
    return Decimal(text.replace(',', '.'))


def render_tariffs(page, status=200, error=None, values=None):
    sad = sad_of(page)
    day = today(page)
    tariffs = sorted((t for t in sad.tariffs
            if not t.end_date or t.end_date >= day),
        key=lambda t: (t.nomenclature, t.financier_code or '',
            t.start_date or datetime.date.min))
    return page.render('dases_plateforme/sad_tariffs.html', status=status,
        error=error, sad=sad, tariffs=tariffs, today=day,
        values=values or {})


@SPACE.route('sad/tarifs', right='sad')
def sad_tariffs(page):
    "The provider's hourly prices in force and to come, their ceilings."
    return render_tariffs(page)


@SPACE.route('sad/tarifs/<int:tariff_id>', methods=['POST'],
    right='sad_admin')
def sad_tariff_change(page, tariff_id):
    "A new price from a date, within the Département's ceiling (H5)."
    sad = sad_of(page)
    tariff = next((t for t in sad.tariffs if t.id == tariff_id), None)
    if not tariff:
        raise NotFound()
    price = parse_amount(page.form.get('prix'))
    start = parse_date(page.form.get('debut'))
    values = {'tariff': tariff.id, 'prix': page.form.get('prix', ''),
        'debut': page.form.get('debut', '')}
    error = None
    if price is None:
        error = gettext('dases_plateforme.msg_tariff_price')
    elif not start or start < today(page):
        error = gettext('dases_plateforme.msg_tariff_start')
    else:
        try:
            tariff.platform_change_price(price, start)
        except ValidationError as exception:
            error = exception.message
    if error:
        Transaction().rollback()
        return render_tariffs(page, 400, error, values)
    return page.redirect('sad/tarifs', message='saved')
