# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What sitiv_facturation's tests (and pes_asap's) build: a city with its
canteen and club, families, enrolments, attendance, billing runs, a régie,
payments, SEPA (the amounts of test_module are computed by hand from the
tariff grids of `city`)."""
import datetime
from decimal import Decimal as D

from hestia import months
from trytond.modules.company.tests import create_company
from trytond.pool import Pool
from trytond.transaction import Transaction

from sitiv_activite.tests.tools import (  # noqa: F401
    OCT, attend, date, enrol, household, martin, person)


def city(name="Ville de Rillieux-la-Pape"):
    "A city with its canteen priced by QF bracket and its after-school club."
    pool = Pool()
    Activity = pool.get('sitiv.activity')
    company = create_company(name)
    company.sitiv_resident_cities = "Rillieux-la-Pape"
    company.save()
    canteen, club = Activity.create([{
                'company': company.id, 'name': "Restauration scolaire",
                'code': 'CANT', 'domain': 'restauration', 'unit': 'meal',
                'calendar': 'school',
                'tariffs': [('create', [{
                                'name': "Cantine 2026",
                                'start_date': date(1, 1),
                                'method': 'fixed',
                                'sibling_rate_2': D('10'),
                                'sibling_rate_3': D('20'),
                                'lines': [('create', [
                                            {'sequence': 1,
                                                'residence': 'resident',
                                                'qf_max': 500,
                                                'price': D('1.00')},
                                            {'sequence': 2,
                                                'residence': 'resident',
                                                'qf_min': 501, 'qf_max': 1000,
                                                'price': D('2.50')},
                                            {'sequence': 3,
                                                'residence': 'resident',
                                                'qf_min': 1001,
                                                'price': D('4.00')},
                                            {'sequence': 4,
                                                'residence': 'outside',
                                                'school_city': 'yes',
                                                'ulis': 'yes',
                                                'price': D('3.00')},
                                            {'sequence': 5,
                                                'price': D('6.00')},
                                            ])],
                                }])],
                }, {
                'company': company.id, 'name': "Accueil du soir",
                'code': 'SOIR', 'domain': 'periscolaire', 'unit': 'day',
                'calendar': 'school', 'overtime_penalty': D('5.00'),
                'tariffs': [('create', [{
                                'name': "Taux d'effort 2026",
                                'start_date': date(1, 1),
                                'method': 'effort',
                                'lines': [('create', [{
                                                'rate': D('0.1'),
                                                'floor': D('0.50'),
                                                'ceiling': D('2.80'),
                                                }])],
                                }])],
                }])
    return company, canteen, club


def bill(company, start, end=None, **values):
    BillingRun = Pool().get('sitiv.billing.run')
    end = end or months.end(start)
    run, = BillingRun.create([dict({'company': company.id,
                    'start_date': start, 'end_date': end,
                    'invoice_date': end + datetime.timedelta(days=1)},
                **values)])
    BillingRun.run([run])
    return run


TODAY = datetime.date.today()


def october_invoice(company):
    "MARTIN's October: 21.35 € (see test_module)."
    canteen, = Pool().get('sitiv.activity').search([
            ('company', '=', company.id), ('code', '=', 'CANT')])
    family, parent, lea, tom = martin(company)
    lea_canteen = enrol(family, lea, canteen)
    tom_canteen = enrol(family, tom, canteen)
    attend(lea_canteen, {
            date(1): 'present', date(2): 'present',
            date(5): 'absent_unexcused', date(6): 'absent_excused',
            date(12): 'present', date(13): 'present'})
    attend(tom_canteen, {date(1): 'present', date(12): 'present'})
    invoice, = bill(company, OCT).invoices
    assert invoice.total_amount == D('21.35')
    return family, parent, invoice


def fresh(record):
    "The record read again: instances keep what they read first."
    return type(record)(record.id)


def setup(name="Ville de Rillieux-la-Pape"):
    company, canteen, club = city(name)
    martin.canteen = canteen
    Regie = Pool().get('sitiv.regie')
    regie, = Regie.create([{'company': company.id, 'name': "Régie centrale",
                'code': 'REG', 'modes': ['cash', 'cheque', 'card', 'cesu'],
                'activities': [('add', [canteen.id])],
                'users': [('add', [Transaction().user])]}])
    return company, regie


def take(household, party, amount, mode, regie=None, kind='receipt',
        **values):
    Payment = Pool().get('sitiv.payment')
    payment, = Payment.create([dict({'company': household.company.id,
                    'regie': regie.id if regie else None, 'kind': kind,
                    'household': household.id, 'party': party.id,
                    'date': TODAY, 'mode': mode, 'amount': amount},
                **values)])
    Payment.post([payment])
    return payment


def balance(company, code, party=None):
    Line = Pool().get('account.move.line')
    domain = [('account', '=', company.sitiv_account(code).id)]
    if party:
        domain.append(('party', '=', party.id))
    return sum((l.debit - l.credit for l in Line.search(domain)), D(0))


def counter(regie, household, mode, amount, **values):
    "The counter wizard as the agent fills it."
    Counter = Pool().get('sitiv.payment.counter', type='wizard')
    session_id, _, _ = Counter.create()
    wizard = Counter(session_id)
    defaults = wizard.default_start(None)
    assert defaults['regie'] == regie.id
    wizard.start.company = household.company
    wizard.start.regie = regie
    wizard.start.household = household
    wizard.start.on_change_household()
    due = wizard.start.amount_due
    wizard.start.mode = mode
    wizard.start.amount = amount
    wizard.start.receipt = False
    for name, value in values.items():
        setattr(wizard.start, name, value)
    assert wizard.transition_pay() == 'start'
    return due, wizard.start.last


def sepa_city(company):
    "The city's creditor identifier, bank account and pain.008 journal."
    pool = Pool()
    Party = pool.get('party.party')
    Bank = pool.get('bank')
    Account = pool.get('bank.account')
    Identifier = pool.get('party.identifier')
    Journal = pool.get('account.payment.journal')
    Identifier.create([{'party': company.party.id, 'type': 'eu_at_02',
                'code': 'FR72ZZZ123456'}])
    bank_party, = Party.create([{'name': "Banque de France"}])
    bank, = Bank.create([{'party': bank_party.id, 'bic': 'BDFEFRPPXXX'}])
    account, = Account.create([{'bank': bank.id,
                'owners': [('add', [company.party.id])],
                'currency': company.currency.id,
                'numbers': [('create', [{'type': 'iban',
                                'number': 'FR7630001007941234567890185'}])],
                }])
    journal, = Journal.create([{'name': "Prélèvements", 'company': company.id,
                'currency': company.currency.id, 'process_method': 'sepa',
                'sepa_bank_account_number': account.numbers[0].id,
                'sepa_receivable_flavor': 'pain.008.001.02',
                'sepa_payable_flavor': 'pain.001.001.03',
                'sepa_charge_bearer': 'SLEV'}])
    company.sitiv_sepa_journal = journal
    company.save()
    return bank


def mandate(company, party, bank, **values):
    pool = Pool()
    Mandate = pool.get('account.payment.sepa.mandate')
    Account = pool.get('bank.account')
    Address = pool.get('party.address')
    Number = pool.get('bank.account.number')
    numbers = Number.search([('number', '=', 'FR1420041010050500013M02606')])
    if numbers:
        account = numbers[0].account
    else:
        account, = Account.create([{'bank': bank.id,
                    'owners': [('add', [party.id])],
                    'currency': company.currency.id,
                    'numbers': [('create', [{'type': 'iban',
                                    'number': 'FR1420041010050500013M02606'}
                                ])],
                    }])
    address, = Address.create([{'party': party.id,
                'street': "3 rue des Lilas", 'postal_code': '69140',
                'city': "Rillieux-la-Pape"}])
    record, = Mandate.create([dict({'company': company.id,
                    'party': party.id, 'address': address.id,
                    'account_number': account.numbers[0].id,
                    'identification': f'RUM-{party.id}-'
                    f'{Mandate.search([], count=True) + 1}',
                    'type': 'recurrent', 'signature_date': date(20, 9),
                    'state': 'validated'}, **values)])
    return record
