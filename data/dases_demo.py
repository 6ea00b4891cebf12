# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Deterministic flux 1 files for the demo Département and the benchmark.

`flux1(lines, seed)` writes a weekly complete care-plan file the way SALSA
would (through the flux 1 layout); `generate(company)` imports one into the
demo database so that beneficiaries, plans and an integration report are
there at once."""
import datetime
import random
from decimal import Decimal

from hestia.flatfile.layouts import flux1 as layout

from .demo import FEMALE_ADULT, LAST_NAMES, MALE_ADULT, STREETS

NOMENCLATURES = [
    # (code, management mode, module, unit amount for the Département)
    ('AMP', 'P', 'APA', Decimal('23.50')),
    ('AED', 'E', 'APA', Decimal('14.20')),
    ('AMM', 'M', 'APA', Decimal('17.80')),
    ('PCH', 'P', 'PCH', Decimal('24.10')),
    ('PCE', 'E', 'PCH', Decimal('13.80')),
    ('AMD', 'P', 'AM', Decimal('22.00')),
    ]
TUTORS = ["UDAF DE PARIS", "ATFPO", "ASSOCIATION TUTELAIRE DE PARIS",
    "MANDATAIRE JUDICIAIRE PRIVE"]


def flux1(lines=20000, seed=75, today=None):
    "Bytes of a flux 1 file with about `lines` lines."
    rng = random.Random(seed)
    today = today or datetime.date.today()
    start = today.replace(month=1, day=1)
    records = []
    beneficiary = 0
    while len(records) < lines:
        beneficiary += 1
        female = rng.random() < 0.7
        last = rng.choice(LAST_NAMES)
        tutor = rng.random() < 0.12
        event = rng.random() < 0.05
        base = {
            'salsa_id': f'{beneficiary:06d}',
            'portal_id': f'PU{beneficiary:013d}',
            'file_number': f'{beneficiary:06d}',
            'civility': 'MME' if female else 'M.',
            'last_name': last,
            'first_name': rng.choice(FEMALE_ADULT if female else MALE_ADULT),
            'birth_name': rng.choice(LAST_NAMES) if female and
            rng.random() < 0.5 else None,
            'birth_date': today - datetime.timedelta(
                days=rng.randrange(62 * 365, 98 * 365)),
            'gir': rng.randrange(1, 7),
            'address1': '%d %s' % (rng.randrange(1, 150),
                rng.choice(STREETS).upper()),
            'postal_code': '750%02d' % rng.randrange(1, 21),
            'city': 'PARIS',
            'phone': '01%08d' % rng.randrange(10 ** 8),
            'payee_type': 'T' if tutor else 'P',
            'sector1': '%02dA' % rng.randrange(1, 21),
            'family_context_code': '01',
            'family_situation_code': rng.choice(['01', '02', '04', '05']),
            'social_worker': "Mme " + rng.choice(LAST_NAMES),
            'instructor': "M. " + rng.choice(LAST_NAMES),
            }
        if tutor:
            base.update({
                    'tutor_id': f'T{rng.randrange(1, 60):05d}',
                    'tutor_name': rng.choice(TUTORS),
                    'tutor_address1': '23 RUE DE CHATEAUDUN',
                    'tutor_postal_code': '75009', 'tutor_city': 'PARIS',
                    'tutelle_type_code': 'TU'})
        if event:
            event_start = today - datetime.timedelta(days=rng.randrange(60))
            base.update({'event_id': f'{beneficiary:06d}',
                    'event_type': '02', 'event_start': event_start,
                    'event_end': event_start + datetime.timedelta(days=14)})
        request = f'{rng.randrange(1, 999999):06d}'
        for service in range(1, rng.choice([1, 2, 3, 3, 4]) + 1):
            code, mode, module, unit = rng.choice(NOMENCLATURES)
            hours = Decimal(rng.randrange(8, 120))
            ticket = Decimal(rng.choice([0, 0, 10, 25, 50, 90]))
            total = hours * unit
            coverage_start = start + datetime.timedelta(
                days=rng.randrange(0, 200))
            records.append(dict(base,
                    tiers_code=f'{rng.randrange(100000, 100036)}',
                    financier_code=f'{module}75', module=module,
                    request_index=request, service_index=f'{service:06d}',
                    right_start=start,
                    right_end=start.replace(year=start.year + 1)
                    - datetime.timedelta(days=1),
                    coverage_start=coverage_start,
                    coverage_end=coverage_start + datetime.timedelta(
                        days=180),
                    quantity=hours, total_quantity=hours,
                    participation=(total * ticket / 100).quantize(
                        Decimal('0.01')),
                    ticket_percentage=ticket, derogation=False,
                    financial_amount=(total * (100 - ticket) / 100
                        ).quantize(Decimal('0.01')),
                    total_cost=total, nomenclature=code, periodicity='ME',
                    management_mode=mode,
                    unit_amount_department=unit,
                    unit_amount_beneficiary=(unit * ticket / 100).quantize(
                        Decimal('0.01')),
                    quantity_without_overrun=hours,
                    decision_date=start - datetime.timedelta(days=20),
                    notification_date=start - datetime.timedelta(days=15),
                    request_type_code=module, request_nature_code='REN',
                    line_number=len(records) + 1))
    return layout.LAYOUT.write(records[:lines]).encode('utf-8')


def generate(company):
    """The demo Département `company`: a weekly flux 1, the CESU month and
    its DASES agent."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Beneficiary = pool.get('dases.beneficiary')
    Report = pool.get('dases.integration.report')
    if Beneficiary.search([('company', '=', company.id)], limit=1):
        return
    with Transaction().set_context(company=company.id,
            companies=[company.id]):
        Report.import_file('flux1', company, 'flux1_demo.txt',
            flux1(lines=1500, seed=75))
        if 'flux4' in Report.importers():
            cesu(company)
        if 'tg-interventions' in Report.importers():
            from . import telegestion_demo
            telegestion_demo.generate(company)
        if 'dases.platform.content' in dict(pool.iterobject()):
            from . import platform_demo
            platform_demo.generate(company)
    _agent(company)


def _agent(company):
    "agent.dases (password hestia-demo), DASES agent of the Département."
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    if User.search([('login', '=', 'agent.dases')]):
        return
    french, = Lang.search([('code', '=', 'fr')])
    User.create([{
                'name': f"Agent DASES {company.party.name}",
                'login': 'agent.dases',
                'password': 'hestia-demo',
                'language': french.id,
                'companies': [('add', [company.id])],
                'company': company.id,
                'groups': [('add', [ModelData.get_id('dases_base',
                                'group_dases_agent')])],
                }])


AFFILIATES = ["SAP DUVAL", "AIDE ET VIE", "DOMICILE PLUS", "MME BERTIN",
    "M. OUALI", "ASSOCIATION ENTRAIDE"]


def charge_rates(company, year):
    "The demo's charge rates (H3) from 1 January of `year`."
    from trytond.pool import Pool
    Pool().get('dases.cesu.charge_rate').create([
            {'company': company.id, 'aid_type': '1', 'start_date': year,
                'rate': Decimal('18')},
            {'company': company.id, 'aid_type': '1', 'employment_type': '2',
                'start_date': year, 'rate': Decimal('22')},
            {'company': company.id, 'aid_type': '2', 'start_date': year,
                'rate': Decimal('15')},
            {'company': company.id, 'aid_type': '3', 'start_date': year,
                'rate': Decimal('15')},
            ])


def month_returns(books, today, seed=75):
    """(CRCESU pivot bytes, flux 6 bytes) of the month of `today` for the
    chequebooks `books`: about 80 % are partly used; 60 % of those with a
    ceiling are billed charges, one in twenty above it (an anomaly)."""
    from hestia.flatfile.layouts import crcesu, flux6
    rng = random.Random(seed)
    month = today.replace(day=1)
    returns, charges = [], []
    for number, book in enumerate(books, 1):
        title = book.titles[0]
        used = rng.randint(0, title.count) if rng.random() < 0.8 else 0
        if used:
            returns.append({
                    'identifier': f'CR{month:%Y%m}{number:06d}',
                    'payment_date': month + datetime.timedelta(
                        days=rng.randint(0, max(today.day - 1, 0))),
                    'order_ref': book.order.external_ref,
                    'book': book.code,
                    'consumption_month': month,
                    'count': used, 'unit_value': title.unit_value,
                    'amount': used * title.unit_value,
                    'hours': Decimal(used),
                    'affiliate_code': f'{rng.randint(1, 10**9 - 1):09d}',
                    'affiliate_name': rng.choice(AFFILIATES),
                    })
        if book.aid_type and book.charge_ceiling and rng.random() < 0.6:
            factor = Decimal('1.2') if number % 20 == 0 else Decimal('0.8')
            charges.append({
                    'beneficiary_id': book.salsa_id,
                    'service_index': book.service_index,
                    'employer_number': f'{rng.randint(1, 10**14 - 1):014d}',
                    'prestation_type': book.aid_type, 'period': month,
                    'hours_financed': book.care_plan.quantity
                    if book.care_plan else Decimal(0),
                    'monthly_charges': book.charge_ceiling,
                    'hours': Decimal(used),
                    'amount': (book.charge_ceiling * factor).quantize(
                        Decimal('0.01')),
                    'nature': '1', 'billing_month': month,
                    })
    deadline = (month + datetime.timedelta(days=45)).replace(day=15)
    return (crcesu.write(returns).encode('utf-8'),
        flux6.write({'departement': 'CG75', 'created': today,
                'sequence': 1}, charges, deadline).encode('ascii'))


def cesu(company, today=None):
    """The whole CESU month of the demo Département: charge rates (H3), the
    order (flux 4), the CRCESU returns, the CNCESU charges (flux 6), a
    stolen chequebook replaced urgently, and the month's exports."""
    from trytond.pool import Pool
    pool = Pool()
    Report = pool.get('dases.integration.report')
    Book = pool.get('dases.cesu.book')
    Event = pool.get('dases.cesu.event')
    Export = pool.get('dases.cesu.export')
    today = today or datetime.date.today()
    month = today.replace(day=1)
    charge_rates(company, month.replace(month=1))
    Report.import_file('flux4', company, 'flux4_demo.txt',
        flux4(company, today))
    books = Book.search([('order.company', '=', company.id)],
        order=[('id', 'ASC')])
    returns, charges = month_returns(books, today)
    Report.import_file('crcesu', company, f'crcesu_{today:%Y%m%d}.csv',
        returns)
    Report.import_file('flux6', company, f'flux6_{month:%Y%m}.txt', charges)
    stolen = books[1]
    event, = Event.create([{'book': stolen.id, 'type': 'stolen',
                'date': today, 'justification': "Vol du sac à main, dépôt "
                "de plainte au commissariat du 11e."}])
    Event.replace([event])
    for kind in ['flux82', 'flux5', 'flux81', 'flux6']:
        Export.generate(company, kind, month, today)


def flux4(company, today=None, limit=400):
    """A monthly CESU order for the demo Département's emploi direct and
    mandataire plan lines: one chequebook each, hours × unit value."""
    from hestia.flatfile.layouts import flux4 as layout4
    from trytond.pool import Pool
    CarePlan = Pool().get('dases.care_plan')
    today = today or datetime.date.today()
    month = today.replace(day=1)
    following = (month + datetime.timedelta(days=62)).replace(day=1)
    validity = following - datetime.timedelta(days=1)
    plans = CarePlan.search([('company', '=', company.id),
            ('management_mode', 'in', ['emploi_direct', 'mandataire'])],
        order=[('id', 'ASC')], limit=limit)
    records = [
        {'_code': '1', 'order_date': month, 'origin': 'SALSA'},
        {'_code': '2', 'client': '75001', 'name': 'DEPARTEMENT DE PARIS',
            'external_ref': f'COMMANDE {month:%m/%Y}', 'order_type': '01'},
        {'_code': '3', 'client': '75001', 'branch': '001'},
        ]
    total_count = total_amount = 0
    for number, plan in enumerate(plans, 1):
        beneficiary = plan.beneficiary
        count = int(plan.quantity) % 100 or 1
        unit = plan.unit_amount_department or Decimal('15.00')
        book = f'{number:04d}'
        records += [
            {'_code': '4', 'client': '75001', 'branch': '001', 'book': book,
                'books': 1, 'salsa_id': beneficiary.salsa_id,
                'civility': '2' if beneficiary.civility == 'MME' else '1',
                'last_name': beneficiary.last_name,
                'first_name': beneficiary.first_name,
                'birth_date': beneficiary.birth_date,
                'street': (beneficiary.address1 or '')[:27],
                'postal_code': beneficiary.postal_code or '75001',
                'city': beneficiary.city, 'dematerialised': False,
                'coverage_start': plan.coverage_start,
                'coverage_end': plan.coverage_end,
                'service_index': plan.service_index},
            {'_code': '5', 'client': '75001', 'branch': '001', 'book': book,
                'count': count, 'unit_value': unit,
                'financier_part': Decimal(0), 'validity': validity,
                'mention': plan.nomenclature, 'month': month},
            {'_code': '6', 'count': count, 'amount': count * unit},
            ]
        total_count += count
        total_amount += count * unit
    totals = {'count': total_count, 'amount': total_amount,
        'financier_part': Decimal(0), 'books': len(plans)}
    records += [dict(totals, _code='7'), dict(totals, _code='8')]
    records.append({'_code': '9', 'lines': len(records) + 1})
    # SALSA writes its fixed-width files in Windows-1252.
    return layout4.LAYOUT.write(records).encode('cp1252', 'replace')
