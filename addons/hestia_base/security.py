# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The company a wizard, a button or a route acts for (ARCHITECTURE §4.4).

The client sends `company` in its context and can send any id: wizards
run without access checks, so the company must be checked against the
user's own companies before anything is read or written for it."""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access


def user_companies():
    "Ids of the companies the user belongs to (None for root: all)."
    transaction = Transaction()
    if transaction.user == 0:
        return None
    User = Pool().get('res.user')
    with without_check_access():
        user = User(transaction.user)
        return {c.id for c in user.companies}


def check_company(company):
    "Refuse `company` (a record or an id) unless it is one of the user's."
    allowed = user_companies()
    if company is None:
        raise AccessError(gettext('hestia_base.msg_no_company'))
    company_id = int(company)
    if allowed is not None and company_id not in allowed:
        Company = Pool().get('company.company')
        with without_check_access():
            names = Company.search([('id', '=', company_id)])
            name = names[0].rec_name if names else '#%s' % company_id
        raise AccessError(gettext('hestia_base.msg_company_refused',
                company=name))
    return company


def context_company():
    "The company of the context, once checked to be one of the user's."
    Company = Pool().get('company.company')
    company_id = Transaction().context.get('company')
    check_company(company_id)
    return Company(company_id)
