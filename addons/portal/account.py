# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The account pages every space has: log in, log out, forgotten password
(a link by email; the answer never tells whether the address has an
account), new password from that link, the password an agent gave changed
at first login, and the channels the person accepts (§2.1.10)."""
import urllib.parse

from trytond.exceptions import RateLimitException, UserError
from trytond.i18n import gettext

from .mail import send_mail
from .web import user_by_email


def safe_next(page, target):
    "Only a page of the same space: never an open redirect."
    parts = urllib.parse.urlsplit(target or '')
    if parts.scheme or parts.netloc or not parts.path.startswith(
            page.base + '/'):
        return page.url()
    return target


def add_account_pages(space, home=''):
    "Register the account pages of `space`."

    @space.route('connexion', methods=['GET', 'POST'], login=False)
    def login(page):
        if page.request.method == 'GET':
            if page.user:
                return page.redirect(home)
            return page.render('portal/login.html',
                next=page.request.args.get('suite', ''))
        User = page.pool.get('web.user')
        email = page.form.get('email', '').strip()
        next_ = page.form.get('suite', '')
        try:
            user = User.authenticate(email, page.form.get('password', ''))
        except RateLimitException:
            return page.render('portal/login.html', status=429, next=next_,
                email=email, error=gettext('portal.msg_login_throttled'))
        if not user or not user.active or not user.portal_opens(
                page.space.prefix):
            return page.render('portal/login.html', status=401, next=next_,
                email=email, error=gettext('portal.msg_login_failed'))
        page.log_in(user)
        if user.portal_must_change_password:
            return page.redirect('mot-de-passe')
        return page.go(safe_next(page, next_))

    @space.route('deconnexion', methods=['POST'], login=False)
    def logout(page):
        page.log_out()
        return page.redirect('connexion', message='logged_out')

    @space.route('mot-de-passe-oublie', methods=['GET', 'POST'], login=False)
    def forgotten(page):
        if page.request.method == 'GET':
            return page.render('portal/forgotten.html')
        user = user_by_email(page.form.get('email'), page.space)
        if user and user.active:
            user.set_reset_password_token()
            user.save()
            send_reset_link(page, user)
        # The same answer whether the address has an account or not.
        return page.render('portal/forgotten.html', sent=True)

    @space.route('reinitialiser', methods=['GET', 'POST'], login=False)
    def reset(page):
        values = page.form if page.request.method == 'POST' \
            else page.request.args
        email, token = values.get('email', ''), values.get('token', '')
        if page.request.method == 'GET':
            return page.render('portal/reset.html', email=email,
                token=token)
        User = page.pool.get('web.user')
        password = page.form.get('password', '')
        error = check_new_password(page, password,
            page.form.get('confirmation', ''), user_by_email(email))
        if not error:
            if not token or not User.set_password_token(
                    email, token, password):
                error = gettext('portal.msg_reset_link_invalid')
        if error:
            return page.render('portal/reset.html', status=400,
                email=email, token=token, error=error)
        user = user_by_email(email)
        user.portal_must_change_password = False
        user.save()
        return page.redirect('connexion', message='password_reset')

    @space.route('mot-de-passe', methods=['GET', 'POST'])
    def change_password(page):
        if page.request.method == 'GET':
            return page.render('portal/password.html')
        User = page.pool.get('web.user')
        user = page.user
        valid, _ = User.check_password(page.form.get('current', ''),
            user.password_hash)
        password = page.form.get('password', '')
        error = (None if valid else gettext('portal.msg_current_password'))
        error = error or check_new_password(page, password,
            page.form.get('confirmation', ''), user)
        if error:
            return page.render('portal/password.html', status=400,
                error=error)
        user.portal_change_password(password)
        return page.redirect(home, message='password_changed')

    @space.route('consentements', methods=['GET', 'POST'])
    def consents(page):
        if page.request.method == 'POST':
            User = page.pool.get('web.user')
            User.write([page.user], {
                    'consent_email': bool(page.form.get('email')),
                    'consent_sms': bool(page.form.get('sms')),
                    })
            return page.redirect('consentements', message='saved')
        return page.render('portal/consents.html')

    @space.route('accessibilite', login=False)
    def accessibility(page):
        return page.render('portal/accessibility.html')

    return login


def check_new_password(page, password, confirmation, user):
    "The French reason a new password is refused, or None."
    if password != confirmation:
        return gettext('portal.msg_password_mismatch')
    ResUser = page.pool.get('res.user')
    try:
        ResUser.validate_password(password, [user] if user else [])
    except UserError as error:
        return error.message


def send_reset_link(page, user):
    "The link to choose a new password, in French, to the account's email."
    url = (page.request.host_url.rstrip('/') + page.url('reinitialiser',
            email=user.email, token=user.reset_password_token))
    send_mail(user.email,
        gettext('portal.msg_reset_subject', space=page.space.title),
        gettext('portal.msg_reset_body', url=url, space=page.space.title))
