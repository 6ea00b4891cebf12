# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every new database gets: French everywhere, the euro, France, one
company per city. Runs inside an open transaction as root."""
from trytond.pool import Pool
from trytond.transaction import inactive_records

# Demo cities of the syndicate (name, postal code, INSEE city name).
DEMO_CITIES = [
    ("Ville de Rillieux-la-Pape", '69140', "Rillieux-la-Pape"),
    ("Ville de Vaulx-en-Velin", '69120', "Vaulx-en-Velin"),
    ]
# The demo Département paying home care (spec 002).
DEMO_DEPARTEMENT = ("Département de Paris", '75004', "Paris")


def configure(lang='fr', admin_password=None):
    pool = Pool()
    Lang = pool.get('ir.lang')
    Configuration = pool.get('ir.configuration')
    User = pool.get('res.user')
    language, = Lang.search([('code', '=', lang)])
    values = {'translatable': True}
    if lang == 'fr':
        # French civil servants read dates as dd/mm/yyyy.
        values['date'] = '%d/%m/%Y'
    Lang.write([language], values)
    configuration = Configuration(1)
    configuration.language = lang
    configuration.save()
    with inactive_records():
        admin, = User.search([('login', '=', 'admin')])
    admin.language = language
    admin.name = "Administrateur"
    if admin_password:
        admin.password = admin_password
    admin.save()
    # hestia init creates the companies and settings itself: the first login
    # must open the application, not the framework's set-up wizard.
    Item = pool.get('ir.module.config_wizard.item')
    Item.write(Item.search([('state', '!=', 'done')]), {'state': 'done'})


def euro():
    Currency = Pool().get('currency.currency')
    currencies = Currency.search([('code', '=', 'EUR')])
    if currencies:
        return currencies[0]
    currency, = Currency.create([{
                'name': "Euro", 'code': 'EUR', 'symbol': '€',
                'numeric_code': '978', 'rounding': '0.01', 'digits': 2,
                }])
    return currency


def france():
    Country = Pool().get('country.country')
    countries = Country.search([('code', '=', 'FR')])
    if countries:
        return countries[0]
    country, = Country.create([{
                'name': "France", 'code': 'FR', 'code3': 'FRA',
                'code_numeric': '250'}])
    return country


def ensure_cities(names):
    "A company per city name (existing ones are kept); admin sees them all."
    pool = Pool()
    Company = pool.get('company.company')
    Party = pool.get('party.party')
    User = pool.get('res.user')
    currency = euro()
    country = france()
    postal = {c[0]: c[1:] for c in DEMO_CITIES + [DEMO_DEPARTEMENT]}
    companies = []
    for name in names:
        existing = Company.search([('party.name', '=', name)])
        if existing:
            companies.append(existing[0])
            continue
        postal_code, city = postal.get(name, (None, None))
        party, = Party.create([{
                    'name': name,
                    'addresses': [('create', [{
                                    'street': "Hôtel de Ville",
                                    'postal_code': postal_code,
                                    'city': city,
                                    'country': country.id,
                                    }])],
                    }])
        company, = Company.create([{
                    'party': party.id,
                    'currency': currency.id,
                    'timezone': 'Europe/Paris',
                    }])
        companies.append(company)
    if companies:
        with inactive_records():
            admin, = User.search([('login', '=', 'admin')])
        all_companies = Company.search([])
        User.write([admin], {
                'companies': [('add', [c.id for c in all_companies])],
                'company': admin.company.id if admin.company
                else companies[0].id,
                })
    return companies
