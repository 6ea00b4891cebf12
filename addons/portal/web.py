# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The shared web layer of Hestia's portals (the family portal, the DASES
platform): a `Space` is a set of pages under `/<database>/<prefix>/`,
rendered on the server by Jinja2 (autoescape on) from the same database
and transaction as sao, that work without JavaScript.

Every page goes through `Space.route`, which
* resolves the web user from the space's session cookie (HttpOnly,
  SameSite=Lax, Secure behind HTTPS, limited to the space's path);
* refuses a POST whose form does not carry the CSRF token of its cookie
  (double-submit: another site can neither read nor set it);
* sends a visitor who is not logged in to the login page, and a user
  whose password was given by an agent to the page that changes it;
* answers with headers that forbid framing, caching and foreign scripts.

Routes run as root: each page checks that the records it touches belong to
`page.user` (see sitiv_portail's `ownership`)."""
import datetime
import functools
import hmac
import pathlib
import re
import secrets
import urllib.parse

import jinja2
from werkzeug.exceptions import BadRequest, NotFound, RequestEntityTooLarge
from werkzeug.utils import redirect

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.protocols.wrappers import Response, with_pool, with_transaction
from trytond.transaction import Transaction
from trytond.wsgi import app

from hestia.french import (
    WEEKDAYS, duration, euro, french_date, month_name, number)

HERE = pathlib.Path(__file__).parent
CSRF_COOKIE = 'hestia_csrf'
# The city's colour is the only inline style, allowed by its nonce.
CSP = ("default-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'nonce-{nonce}'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
HEADERS = {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    }


def date_time(value):
    "dd/mm/yyyy, or dd/mm/yyyy à hh:mm."
    if isinstance(value, datetime.datetime):
        return value.strftime('%d/%m/%Y à %H:%M')
    return french_date(value)


class Page:
    "One request to a space: who asks, the form, how to answer."

    def __init__(self, space, request, pool, database_name):
        self.space = space
        self.request = request
        self.pool = pool
        self.database_name = database_name
        self.base = f'/{database_name}/{space.prefix}'
        self.cookies = {}
        self.session = request.cookies.get(space.cookie)
        self.user = None
        if self.session:
            User = pool.get('web.user')
            user = User.get_user(self.session)
            # An account opens the spaces it was made for only.
            if user and user.active and user.portal_opens(space.prefix):
                self.user = user
        self.nonce = secrets.token_urlsafe(16)
        self.csrf = request.cookies.get(CSRF_COOKIE)
        if not self.csrf:
            self.csrf = secrets.token_urlsafe(32)
            self.cookies[CSRF_COOKIE] = (self.csrf, {})

    @property
    def form(self):
        return self.request.form

    def check_csrf(self):
        sent = self.request.form.get('csrf', '')
        cookie = self.request.cookies.get(CSRF_COOKIE, '')
        if not cookie or not hmac.compare_digest(sent, cookie):
            raise BadRequest(
                "Ce formulaire a expiré : rechargez la page et recommencez.")

    def url(self, path='', **params):
        url = f'{self.base}/{path.lstrip("/")}'
        if params:
            url += '?' + urllib.parse.urlencode(params)
        return url

    def company(self):
        "The city or Département whose pages these are."
        if self.user and self.user.portal_company:
            return self.user.portal_company

    def render(self, template, status=200, **context):
        context.setdefault('error', None)
        context.update(page=self, user=self.user, csrf=self.csrf,
            company=self.company(), space=self.space,
            theme=self.space.theme(self.company()))
        html = self.space.environment.get_template(template).render(context)
        return self.respond(Response(html, status=status,
                content_type='text/html; charset=utf-8'))

    def redirect(self, path='', **params):
        return self.go(self.url(path, **params))

    def go(self, url):
        "See other: the browser GETs `url` (no form posted twice)."
        return self.respond(redirect(url, code=303))

    @property
    def notice(self):
        "What the previous page did, said once (« ?message=saved »)."
        key = self.request.args.get('message')
        if key in self.space.notices:
            return gettext(self.space.notices[key])

    def respond(self, response):
        response.headers.setdefault('Content-Security-Policy',
            CSP.format(nonce=self.nonce))
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        secure = self.request.scheme == 'https'
        for name, (value, options) in self.cookies.items():
            if value is None:
                response.delete_cookie(name, path=self.base)
            else:
                response.set_cookie(name, value, path=self.base,
                    httponly=True, samesite='Lax', secure=secure, **options)
        return response

    def log_in(self, user):
        "A new session for `user`; the one the browser had is dropped."
        Session = self.pool.get('web.user.session')
        if self.session:
            Session.remove(self.session)
        self.session = user.new_session()
        self.user = user
        self.cookies[self.space.cookie] = (self.session, {})

    def log_out(self):
        Session = self.pool.get('web.user.session')
        if self.session:
            Session.remove(self.session)
        self.session = self.user = None
        self.cookies[self.space.cookie] = (None, {})


class Space:
    """Pages under `/<database>/<prefix>/` with their templates (the
    module's own `templates` folder first, then the shared ones)."""

    def __init__(self, prefix, title, templates=(), notices=None,
            signup=None):
        self.prefix = prefix
        self.title = title
        # The page where a visitor asks for an account, if the space has one.
        self.signup = signup
        # ?message=key → the message said once on the next page.
        self.notices = {k: f'portal.msg_notice_{k}' for k in NOTICES}
        self.notices.update(notices or {})
        self.cookie = f'hestia_{prefix}'
        loader = jinja2.FileSystemLoader(
            [str(t) for t in templates] + [str(HERE / 'templates')])
        self.environment = jinja2.Environment(loader=loader,
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined)
        self.environment.filters.update(date=date_time, euros=euro,
            month=month_name, weekday=lambda d: WEEKDAYS[d.weekday()])
        self.environment.filters.update(hours=duration,
            time=lambda t: t.strftime('%H:%M') if t else '',
            percent=lambda v: f'{number(v)}\u00a0%')
        self.environment.globals['choice'] = choice

    def theme(self, company):
        "The CSS custom properties of the city's colours (§2.1.9 theme)."
        colour = (company.portal_colour if company else None) or '#1d4f91'
        return {'colour': colour}

    def route(self, path, methods=('GET',), login=True, max_size=None,
            writes=False, right=None):
        """Register a page. The decorated function receives the `Page`
        and the URL's arguments; a POST is checked for its CSRF token.
        `max_size`: the largest request in bytes (trytond's [request]
        max_size otherwise); `writes`: a GET that writes (read marks);
        `right`: what the account's profile must allow
        (`web.user.portal_allows`)."""
        def decorator(func):
            @app.route(f'/<database_name>/{self.prefix}/{path.lstrip("/")}',
                methods=list(methods))
            @with_pool
            @with_transaction(readonly=False if writes else None,
                context={'language': 'fr'})
            @functools.wraps(func)
            def wrapper(request, pool, **kwargs):
                database_name = Transaction().database.name
                kwargs.pop('database_name', None)
                page = Page(self, request, pool, database_name)
                if request.method == 'POST':
                    try:
                        page.check_csrf()
                    except RequestEntityTooLarge:
                        return page.render('portal/error.html', status=413,
                            title="Envoi trop volumineux",
                            error=gettext('portal.msg_too_large'))
                if login and not page.user:
                    return page.redirect('connexion',
                        suite=request.full_path)
                if (login and page.user.portal_must_change_password
                        and path != 'mot-de-passe'):
                    return page.redirect('mot-de-passe')
                if right and page.user and not page.user.portal_allows(
                        right):
                    return page.render('portal/error.html', status=403,
                        title=gettext('portal.msg_forbidden_title'),
                        error=gettext('portal.msg_forbidden'))
                try:
                    if not page.user:
                        return func(page, **kwargs)
                    # Defaults and settings of the user's organisation.
                    company = page.user.portal_company.id
                    with Transaction().set_context(company=company,
                            companies=[company]):
                        return func(page, **kwargs)
                except NotFound:
                    # Another family's id looks like one that never was.
                    Transaction().rollback()
                    return page.render('portal/not_found.html', status=404)
            if max_size:
                wrapper.max_request_size = max_size
            return wrapper
        return decorator

    def static(self):
        """The shared style sheet, served by trytond itself, and the logo
        of the account's city or Département (company.company's logo, the
        one its documents print; PNG or JPEG)."""
        @self.route('logo')
        def logo(page):
            company = page.company()
            data = bytes(company.logo) if company and company.logo else b''
            kind = next((k for signature, k in IMAGES
                    if data.startswith(signature)), None)
            if not kind:
                raise NotFound()
            response = Response(data, content_type=f'image/{kind}')
            response.headers['Cache-Control'] = 'private, max-age=3600'
            return page.respond(response)

        @app.route(f'/<database_name>/{self.prefix}/static/<name>',
            methods=['GET'])
        def static(request, database_name, name):
            path = HERE / 'static' / name
            if name not in STATIC or not path.is_file():
                raise NotFound()
            response = Response(path.read_bytes(),
                content_type=STATIC[name])
            response.headers['Cache-Control'] = 'public, max-age=3600'
            return response
        return static


STATIC = {'portal.css': 'text/css; charset=utf-8'}
IMAGES = [(b'\x89PNG\r\n\x1a\n', 'png'), (b'\xff\xd8\xff', 'jpeg')]
NOTICES = {'logged_out', 'password_reset', 'password_changed', 'saved'}


def choice(record, name):
    """The label, in the page's language, of a selection field's value
    (the labels read once per request: lists show one per row)."""
    cache = Transaction().cache.setdefault('portal.choice', LabelCache())
    key = (record.__name__, name)
    if key not in cache:
        cache[key] = dict(record.fields_get([name])[name]['selection'])
    value = getattr(record, name)
    return cache[key].get(value, value or '')


class LabelCache(dict):
    "A dict trytond's transaction may hold (it keeps weak references)."


# Email addresses the portals accept in their forms.
EMAIL = re.compile(r'[^@\s]+@[^@\s]+\.[^@\s]+')


def user_by_email(email, space=None):
    """The active web user of `email` (that opens `space`), or None."""
    User = Pool().get('web.user')
    users = User.search([('email', '=', (email or '').strip().lower())],
        limit=1)
    if users and (space is None or users[0].portal_opens(space.prefix)):
        return users[0]
