# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Family-services demo (sitiv_facturation): each city's activities and
tariff grids, the children's enrolments, reservations and attendance from
the first day of the month before last up to today. The month before last
is billed; the previous calendar month is left for the agent to bill at
once (`hestia billing run --period AAAA-MM` or « Facturations »), and
billing it twice bills nothing new.  Each city has a régie worked by its
agent, a direct debit set-up with a few families paying by mandate, and
most of the billed month already paid at the counter, part of it on a
confirmed deposit slip."""
import datetime
import os
import random
from decimal import Decimal as D

from dateutil.relativedelta import relativedelta

SEED = 2026
CANTEEN = [  # (residence, qf_min, qf_max, price)
    ('resident', None, 400, '0.80'), ('resident', 401, 700, '1.60'),
    ('resident', 701, 1000, '2.60'), ('resident', 1001, 1400, '3.40'),
    ('resident', 1401, None, '4.20'), ('epci', None, None, '4.80'),
    ]
HALF_DAY = [
    ('resident', None, 500, '1.60'), ('resident', 501, 1000, '4.00'),
    ('resident', 1001, None, '6.50'), ('epci', None, None, '8.00'),
    ]
WEDNESDAY = [
    ('resident', None, 500, '3.00'), ('resident', 501, 1000, '7.50'),
    ('resident', 1001, None, '12.00'), ('epci', None, None, '15.00'),
    ]


def _lines(rows, outside):
    lines = [{'sequence': i, 'residence': r, 'qf_min': lo, 'qf_max': hi,
            'price': D(p)} for i, (r, lo, hi, p) in enumerate(rows, 1)]
    lines.append({'sequence': 90, 'residence': 'outside',
            'school_city': 'yes', 'ulis': 'yes', 'price': D(rows[0][3])})
    lines.append({'sequence': 99, 'price': D(outside)})
    return lines


def _activities(company, start):
    pool_start = datetime.date(start.year, 1, 1)
    diets = _diets()
    return [{
            'company': company.id, 'name': "Restauration scolaire",
            'code': 'CANTINE', 'domain': 'restauration', 'unit': 'meal',
            'short_name': "Repas", 'calendar': 'school', 'cancel_notice': 2,
            'diets': [('add', diets)],
            'tariffs': [('create', [{
                            'name': f"Restauration {start.year}",
                            'start_date': pool_start, 'method': 'fixed',
                            'sibling_rate_2': D('10'),
                            'sibling_rate_3': D('20'),
                            'lines': [('create',
                                    _lines(CANTEEN, '6.50'))],
                            }])],
            }, {
            'company': company.id, 'name': "Accueil périscolaire du soir",
            'code': 'SOIR', 'domain': 'periscolaire', 'unit': 'day',
            'short_name': "Soir", 'calendar': 'school',
            'overtime_penalty': D('5.00'),
            'tariffs': [('create', [{
                            'name': f"Taux d'effort {start.year}",
                            'start_date': pool_start, 'method': 'effort',
                            'lines': [('create', [{
                                            'rate': D('0.06'),
                                            'floor': D('0.60'),
                                            'ceiling': D('3.20'),
                                            }])],
                            }])],
            }, {
            'company': company.id, 'name': "Mercredis récréatifs",
            'code': 'MERCREDI', 'domain': 'mercredi', 'unit': 'day',
            'short_name': "Journée", 'calendar': 'school', 'capacity': 120,
            'full_policy': 'waiting_list',
            'groups': [('create', [
                            {'name': "Maternels", 'age_min': 3,
                                'age_max': 5, 'capacity': 48},
                            {'name': "Élémentaires", 'age_min': 6,
                                'age_max': 11, 'capacity': 72}])],
            'tariffs': [('create', [{
                            'name': f"Mercredis {start.year}",
                            'start_date': pool_start, 'method': 'fixed',
                            'sibling_rate_2': D('15'),
                            'lines': [('create',
                                    _lines(WEDNESDAY, '18.00'))],
                            }])],
            }, {
            'company': company.id, 'name': "Centre de loisirs (vacances)",
            'code': 'ALSH', 'domain': 'alsh', 'unit': 'day',
            'calendar': 'holidays', 'capacity': 80,
            'tariffs': [('create', [{
                            'name': f"ALSH {start.year}",
                            'start_date': pool_start, 'method': 'fixed',
                            'lines': [('create',
                                    _lines(WEDNESDAY, '20.00'))],
                            }])],
            }, {
            'company': company.id, 'name': "École municipale de musique",
            'code': 'MUSIQUE', 'domain': 'culture', 'unit': 'flat',
            'calendar': 'any', 'capacity': 40, 'full_policy': 'full',
            'tariffs': [('create', [{
                            'name': f"Musique {start.year}",
                            'start_date': pool_start, 'method': 'fixed',
                            'lines': [('create', [
                                        {'residence': 'resident',
                                            'price': D('25.00')},
                                        {'price': D('40.00')}])],
                            }])],
            }]


def _diets():
    from trytond.pool import Pool
    Diet = Pool().get('sitiv.diet')
    return [d.id for d in Diet.search([])]


def generate(companies, today=None):
    "Demo activities, enrolments, attendance and one billed month."
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Activity = pool.get('sitiv.activity')
    Date = pool.get('ir.date')
    if Activity.search([], limit=1):
        return
    today = today or Date.today()
    first = today + relativedelta(months=-2, day=1)
    rng = random.Random(SEED)
    cities = [c.party.addresses[0].city for c in companies
        if c.party.addresses]
    for company in companies:
        with Transaction().set_context(company=company.id,
                companies=[company.id]):
            _city(company, cities, first, today, rng)
    _billing_users(companies)


# Made-up SIRETs (valid check digits) of the demo cities.
DEMO_SIRET = {
    "Rillieux-la-Pape": '21690286600013',
    "Vaulx-en-Velin": '21690256900013',
    }


def _letterhead(company, city):
    """What the city's invoices carry: logo, SIRET, the Trésorerie that
    collects and to whom cheques are made out."""
    from trytond.pool import Pool
    Identifier = Pool().get('party.identifier')
    logo = os.path.join(os.path.dirname(__file__), 'logos', 'city.svg')
    with open(logo, 'rb') as file:
        company.sitiv_logo = file.read()
    company.sitiv_treasury = (f"Trésorerie de {city}\n"
        f"Centre des finances publiques, 1 place de la République, "
        f"{company.party.addresses[0].postal_code} {city}")
    company.sitiv_cheque_payee = f"Régie enfance de {city}"
    if city in DEMO_SIRET:
        Identifier.create([{'party': company.party.id, 'type': 'fr_siret',
                    'code': DEMO_SIRET[city],
                    'address': company.party.addresses[0].id}])


def _city(company, cities, first, today, rng):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Activity = pool.get('sitiv.activity')
    Enrolment = pool.get('sitiv.enrolment')
    Member = pool.get('sitiv.household.member')
    BillingRun = pool.get('sitiv.billing.run')
    Diet = pool.get('sitiv.diet')
    own = company.party.addresses[0].city if company.party.addresses \
        else None
    company.sitiv_resident_cities = own
    company.sitiv_epci_cities = '\n'.join(
        c for c in cities + ["Lyon", "Villeurbanne"] if c != own)
    company.sitiv_invoice_message = (
        "Merci de régler avant l'échéance. Les attestations de paiement "
        "pour les impôts sont disponibles sur le portail famille.")
    _letterhead(company, own)
    company.save()
    canteen, evening, wednesday, holidays, music = Activity.create(
        _activities(company, first))
    # Wednesday by the half day too: the whole day excludes both halves.
    halves = Activity.create([{'company': company.id,
                'name': f"Mercredis récréatifs — {name.lower()}",
                'short_name': name, 'code': f'MERCREDI_{code}',
                'domain': 'mercredi', 'unit': 'half_day',
                'calendar': 'school', 'capacity': 40,
                'tariffs': [('create', [{
                                'name': f"Demi-journée {first.year}",
                                'start_date': datetime.date(first.year, 1, 1),
                                'method': 'fixed',
                                'lines': [('create', _lines(HALF_DAY,
                                            '10.00'))]}])],
                } for code, name in [('AM', "Matin"),
                ('PM', "Après-midi")]])
    Activity.write([wednesday], {'exclusions': [('add',
                    [h.id for h in halves])]})
    company.sitiv_ensure_fiscalyear(first)
    standard = Diet.search([('code', '=', 'STANDARD')])
    no_meat = Diet.search([('code', '=', 'NO_MEAT')])
    members = Member.search([
            ('household.company', '=', company.id),
            ('household.active', '=', True),
            ('role', '=', 'child'),
            ], order=[('id', 'ASC')])
    seen = set()
    vlist = []
    for member in members:
        child = member.party
        if child.id in seen or not child.birth_date:
            continue
        seen.add(child.id)
        age = relativedelta(first, child.birth_date).years
        if not 3 <= age <= 11:
            continue
        base = {'child': child.id, 'household': member.household.id,
            'start_date': first, 'school_city': True}
        if rng.random() < 0.8:
            diet = no_meat if rng.random() < 0.15 else standard
            vlist.append(dict(base, activity=canteen.id,
                    diet=diet[0].id if diet else None))
        if rng.random() < 0.35:
            vlist.append(dict(base, activity=evening.id))
        if rng.random() < 0.25:
            vlist.append(dict(base, activity=wednesday.id))
        if rng.random() < 0.15:
            vlist.append(dict(base, activity=holidays.id))
        if age >= 6 and rng.random() < 0.05:
            vlist.append(dict(base, activity=music.id))
    enrolments = Enrolment.create(vlist)
    Enrolment.enrol(enrolments)
    enrolled = [e for e in enrolments if e.state == 'enrolled']
    _attendance(enrolled, first, today, rng)
    # The month before last is billed; the last one waits for the agent.
    # The city's agent bills and takes the payments: documents name them,
    # never the technical user.
    with Transaction().set_user(_agent(company)):
        run, = BillingRun.create([{
                    'company': company.id, 'start_date': first,
                    'end_date': first + relativedelta(months=1, days=-1),
                    'invoice_date': first + relativedelta(months=1, days=4),
                    'message': "Facture de démonstration.",
                    }])
        BillingRun.run([run])
        regie = _regie(company,
            [canteen, evening, wednesday, holidays, music])
        _pes_budget(company, [canteen, evening, wednesday, holidays, music])
        _sepa(company, rng)
        _payments(company, regie, run, rng)


def _agent(company):
    "The id of the city's demo family agent (root without one)."
    from trytond.pool import Pool
    User = Pool().get('res.user')
    agents = User.search([('login', 'like', 'agent.%'),
            ('company', '=', company.id)], limit=1, order=[('id', 'ASC')])
    return agents[0].id if agents else 0


# Valid SIRETs (Luhn) for the demo cities' budgets, in creation order.
DEMO_SIRETS = ['21690000110000', '21690001910002', '21690002710005']


def _pes_budget(company, activities):
    "The city's budget for PES files (pes_asap), when the module is there."
    from trytond.pool import Pool
    pool = Pool()
    try:
        Budget = pool.get('pes.budget')
    except KeyError:
        return
    index = Budget.search_count([]) % len(DEMO_SIRETS)
    name = company.party.name.replace("Ville de ", "").upper()
    Budget.create([{
                'company': company.id,
                'name': f"{name} BUDGET PRINCIPAL"[:38],
                'id_post': '069045', 'id_coll': DEMO_SIRETS[index],
                'cod_col': str(287 + index), 'cod_bud': '00',
                'retour_payments': True,
                'products': [('create', [{
                                'activity': a.id,
                                'code': ''.join(c for c in a.code.upper()
                                    if c.isalnum())[:4] or 'DIV',
                                'nature': a.get_revenue_account().code
                                if a.get_revenue_account() else '7066',
                                } for a in activities])],
                }])


def _regie(company, activities):
    from trytond.pool import Pool
    pool = Pool()
    Regie = pool.get('sitiv.regie')
    User = pool.get('res.user')
    town = company.party.addresses[0].city if company.party.addresses \
        else company.party.name
    agents = User.search([('login', 'like', 'agent.%'),
            ('company', '=', company.id)])
    regie, = Regie.create([{
                'company': company.id, 'name': f"Régie centrale — {town}",
                'code': town[:3].upper(),
                'modes': ['cash', 'cheque', 'card', 'ancv', 'cesu',
                    'free_time'],
                'receipt': 'on_demand', 'terminal': 'simulated',
                'activities': [('add', [a.id for a in activities])],
                'users': [('add', [u.id for u in agents])],
                }])
    return regie


def _iban(rng):
    from stdnum import iban
    bban = (f"{rng.randrange(10000, 99999)}{rng.randrange(10000, 99999)}"
        f"{rng.randrange(10 ** 10, 10 ** 11)}{rng.randrange(10, 99)}")
    return 'FR' + iban.calc_check_digits('FR00' + bban) + bban


def _sepa(company, rng):
    "The city's creditor set-up; one household in ten pays by mandate."
    from trytond.pool import Pool
    pool = Pool()
    Party = pool.get('party.party')
    Bank = pool.get('bank')
    Account = pool.get('bank.account')
    Identifier = pool.get('party.identifier')
    Journal = pool.get('account.payment.journal')
    Household = pool.get('sitiv.household')
    Mandate = pool.get('account.payment.sepa.mandate')
    banks = Bank.search([('bic', '=', 'BDFEFRPPXXX')])
    if banks:
        bank, = banks
    else:
        bank_party, = Party.create([{'name': "Banque de France"}])
        bank, = Bank.create([{'party': bank_party.id,
                    'bic': 'BDFEFRPPXXX'}])
    Identifier.create([{'party': company.party.id, 'type': 'eu_at_02',
                'code': 'FR72ZZZ123456'}])
    account, = Account.create([{'bank': bank.id,
                'owners': [('add', [company.party.id])],
                'currency': company.currency.id,
                'numbers': [('create', [{'type': 'iban',
                                'number': _iban(rng)}])]}])
    journal, = Journal.create([{'name': "Prélèvements des familles",
                'company': company.id, 'currency': company.currency.id,
                'process_method': 'sepa',
                'sepa_bank_account_number': account.numbers[0].id,
                'sepa_receivable_flavor': 'pain.008.001.02',
                'sepa_payable_flavor': 'pain.001.001.03',
                'sepa_charge_bearer': 'SLEV'}])
    company.sitiv_sepa_journal = journal
    company.sitiv_payfip_numcli = '000000'
    company.save()
    households = [h for h in Household.search([
                ('company', '=', company.id)], order=[('id', 'ASC')])
        if rng.random() < 0.1 and h.get_payer()
        and h.get_payer().addresses]
    if not households:
        return
    Household.write(households, {'payment_method': 'sepa'})
    payers = [h.get_payer() for h in households]
    accounts = Account.create([{'bank': bank.id,
                'owners': [('add', [p.id])],
                'currency': company.currency.id,
                'numbers': [('create', [{'type': 'iban',
                                'number': _iban(rng)}])]} for p in payers])
    Mandate.create([{'company': company.id, 'party': p.id,
                'address': p.addresses[0].id,
                'account_number': a.numbers[0].id,
                'identification': f"RUM-{company.id}-{h.number}",
                'type': 'recurrent', 'signature_date': h.create_date.date(),
                'state': 'validated'}
            for h, p, a in zip(households, payers, accounts)])


def _payments(company, regie, run, rng):
    """Three invoices in four of the billed month are paid at the counter
    (cheque, cash, card, CESU …) and put on a confirmed deposit slip; the
    others wait, for the counter, PayFiP or the reminders."""
    from trytond.pool import Pool
    pool = Pool()
    Payment = pool.get('sitiv.payment')
    Deposit = pool.get('sitiv.payment.deposit')
    modes = ['cheque', 'cheque', 'cash', 'card', 'cesu', 'ancv']
    payments = []
    # The last three (of a dozen and more) stay to pay whatever the draw,
    # so that a small demo has invoices to pay online, at the counter or to
    # contest; a tiny one keeps the draw (its payments are tried too).
    invoices = sorted(run.invoices, key=lambda i: i.id)
    waiting = {i.id for i in invoices[len(invoices) - min(3,
                len(invoices) // 4):]}
    for invoice in run.invoices:
        if (not invoice.sitiv_household or invoice.amount_to_pay <= 0
                or invoice.sitiv_payment_method == 'sepa'
                or invoice.id in waiting or rng.random() >= 0.75):
            continue
        mode = rng.choice(modes)
        payments.append(Payment(
                company=company, regie=regie, kind='receipt',
                household=invoice.sitiv_household, party=invoice.party,
                date=invoice.invoice_date + datetime.timedelta(
                    days=rng.randrange(2, 15)),
                mode=mode, amount=invoice.amount_to_pay,
                reference=f"{rng.randrange(1000000, 9999999)}"
                if mode == 'cheque' else None))
    if not payments:
        return
    payments.sort(key=lambda p: p.date)
    Payment.save(payments)
    Payment.post(payments)
    deposit, = Deposit.create([{'company': company.id, 'regie': regie.id,
                'date': max(p.date for p in payments)}])
    Deposit.fill([deposit])
    Deposit.done([deposit])


def _attendance(enrolments, first, today, rng):
    "Weekly patterns booked to the end of the month, past days pointed."
    from trytond.pool import Pool
    Attendance = Pool().get('sitiv.attendance')
    end = today + relativedelta(months=1, day=1, days=-1)
    patterns = {
        'restauration': [{0, 1, 3, 4}, {0, 1, 3, 4}, {0, 3}, {1, 4}],
        'periscolaire': [{0, 1, 3, 4}, {0, 3}, {1, 3}],
        'mercredi': [{2}],
        'alsh': [{0, 1, 2, 3, 4}, {0, 1, 2}],
        }
    by_pattern = {}
    for enrolment in enrolments:
        if enrolment.activity.domain == 'culture':
            continue
        pattern = frozenset(rng.choice(
                patterns[enrolment.activity.domain]))
        by_pattern.setdefault(pattern, []).append(enrolment)
    created = []
    for pattern, group in by_pattern.items():
        created.extend(Attendance.reserve(group, first, end, pattern))
    # A flat-rate activity is one line a month.
    months = [first, first + relativedelta(months=1),
        first + relativedelta(months=2)]
    Attendance.create([{'enrolment': e.id, 'date': m}
            for e in enrolments if e.activity.domain == 'culture'
            for m in months if m <= today])
    states = {'present': [], 'absent_excused': [], 'absent_unexcused': [],
        'present_unbilled': []}
    late = []
    for attendance in created:
        if attendance.date >= today:
            continue
        draw = rng.random()
        state = ('absent_excused' if draw < 0.05
            else 'absent_unexcused' if draw < 0.08
            else 'present_unbilled' if draw < 0.09
            else 'present')
        states[state].append(attendance)
        if (state == 'present' and attendance.activity.domain ==
                'periscolaire' and rng.random() < 0.03):
            late.append(attendance)
    for state, attendances in states.items():
        if attendances:
            Attendance.write(attendances, {'state': state})
    if late:
        Attendance.write(late, {'overtime': True, 'overtime_minutes': 15})


def _billing_users(companies):
    "The city agents also bill, collect debits and work their régie."
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    group = ModelData.get_id('sitiv_facturation', 'group_billing_agent')
    agents = User.search([('login', 'like', 'agent.%'),
            ('login', '!=', 'agent.dases')])
    regie = ModelData.get_id('sitiv_facturation', 'group_regie')
    # Tryton's payment screens: the direct debit groups and their results.
    debits = ModelData.get_id('account_payment', 'group_payment')
    if agents:
        User.write(agents, {'groups': [('add', [group, regie, debits])]})
