# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Télégestion of the demo Département and of the benchmark: providers
(SAD) named in the flux 1 plans, their client lists and a calendar month of
interventions, written as the providers' pivot files and imported through
the real importers.

The month holds what an agent must see at once: corrections with their
reasons, a provider above the correction threshold (its corrections
excluded), hours over the plan, under-consumption, and a beneficiary
clocked without a provider plan."""
import datetime
import random
import unicodedata
from decimal import Decimal

from hestia import months
from hestia.flatfile.layouts import telegestion as layout

PROVIDERS = [
    # (code, name, software, email)
    ('100000', "AIDE ET VIE A DOMICILE PARIS 11", 'apologic',
        'factures@aidevie-paris11.fr'),
    ('100001', "SERVICE AUTONOMIE PARIS 15", 'ximi',
        'compta@autonomie15.fr'),
    ('100002', "DOMICILE PLUS ILE-DE-FRANCE", 'domino',
        'facturation@domicileplus.fr'),
    ('100003', "ENTRAIDE SENIORS 19-20", 'implicit',
        'gestion@entraide-seniors.fr'),
    ('100004', "CASVP SECTION 4E", 'gies_atena', None),
    ('100005', "CASVP SECTION 5E", 'gies_atena', None),
    ]
PLATFORM = ('100900', "CASVP PLATEFORME CENTRE", 'gies_atena',
    'plateforme.centre@casvp.fr')
SECTIONS = {'100004', '100005'}
# A provider correcting far above the threshold (B10).
HEAVY_CORRECTOR = '100003'
REASONS = ['OUB', 'OUB', 'TEL', 'ERR', 'REP']
FIRST_NAMES = ["SOPHIE", "KARIM", "AMINATA", "JULIEN", "FATOU", "NADIA",
    "PAUL", "ISABELLE", "MOUSSA", "CLAIRE"]
LAST_NAMES = ["MARTIN", "BEN SAID", "DIALLO", "PETIT", "NDIAYE", "ROUX",
    "HADDAD", "FAURE", "TRAORE", "LEROY"]


def _plain(text):
    "Names as some providers' software writes them: no accents."
    return ''.join(c for c in unicodedata.normalize('NFKD', text)
        if not unicodedata.combining(c))


def clients(plans, beneficiaries, rng):
    """{provider code: [client rows]}: every beneficiary whose provider
    plan names it, written the provider's way (case, accents, hyphens),
    and a few clients paid by others."""
    result = {}
    for code, beneficiary_ids in sorted(plans.items()):
        rows = []
        for beneficiary_id in sorted(beneficiary_ids):
            b = beneficiaries[beneficiary_id]
            last = b['last_name']
            if rng.random() < 0.3:
                last = _plain(last).title()
            rows.append({
                    'code': f'C{beneficiary_id:06d}', 'last_name': last,
                    'birth_name': b['birth_name'],
                    'first_name': _plain(b['first_name']).upper()
                    if rng.random() < 0.3 else b['first_name'],
                    'birth_date': b['birth_date'],
                    'address': b['address1'], 'postal_code':
                    b['postal_code'], 'city': b['city'],
                    'phone': b['phone'], 'department': True,
                    })
        for index in range(3):
            rows.append({
                    'code': f'P{code}{index}', 'last_name':
                    rng.choice(LAST_NAMES), 'first_name':
                    rng.choice(FIRST_NAMES).title(),
                    'birth_date': datetime.date(1930 + rng.randrange(30),
                        rng.randrange(1, 13), rng.randrange(1, 28)),
                    'department': False,
                    })
        result[code] = rows
    return result


def interventions(code, client_plans, month, end, rng, correction_rate,
        intensity=1):
    """Pivot rows of one provider's month: for each (client code,
    nomenclature, monthly hours), visits of 1 to 2 hours from 60 % to
    115 % of the plan (× `intensity`); `correction_rate` of them
    corrected."""
    rows = []
    days = (end - month).days + 1
    for index, (client, nomenclature, hours, department) in enumerate(
            client_plans):
        target = float(hours) * rng.uniform(0.6, 1.15) * intensity
        worker = rng.randrange(1, 40)
        done = 0.0
        number = 0
        while done < target:
            length = rng.choice([60, 90, 90, 120, 120])
            day = month + datetime.timedelta(days=rng.randrange(days))
            start = datetime.datetime.combine(day, datetime.time(
                    rng.choice([8, 9, 10, 14, 15, 17]), rng.randrange(0, 10)))
            raw_end = start + datetime.timedelta(
                minutes=length + rng.randrange(-5, 6))
            row = {
                'identifier': f'{code}-{index}-{number}',
                'client': client,
                'worker_code': f'W{worker:03d}',
                'worker_name': f"{rng.choice(FIRST_NAMES)} "
                f"{rng.choice(LAST_NAMES)}",
                'nomenclature': nomenclature,
                'raw_start': start, 'raw_end': raw_end,
                'source': 'F' if rng.random() < 0.85 else 'M',
                'payer': 'D' if department else 'A',
                }
            if rng.random() < correction_rate:
                # A forgotten clock-out: departure clocked 5 minutes after
                # arrival, corrected to the real visit.
                row.update(raw_end=start + datetime.timedelta(minutes=5),
                    start=start,
                    end=start + datetime.timedelta(minutes=length),
                    reason=rng.choice(REASONS))
            rows.append(row)
            done += length / 60
            number += 1
    return rows


def provider_plans(company, month, end):
    """{provider code: {beneficiary id}}, {(provider code, beneficiary
    id): [(nomenclature, hours)]} and the beneficiaries, from the
    transmitted provider plans covering the month."""
    from trytond.pool import Pool
    pool = Pool()
    CarePlan = pool.get('dases.care_plan')
    Beneficiary = pool.get('dases.beneficiary')
    plans, services = {}, {}
    for plan in CarePlan.search_read([
                ('company', '=', company.id),
                ('transmitted', '=', True),
                ('management_mode', '=', 'prestataire'),
                ('coverage_start', '<=', end),
                ('coverage_end', '>=', month),
                ], fields_names=['tiers_code', 'beneficiary', 'nomenclature',
                'quantity']):
        plans.setdefault(plan['tiers_code'], set()).add(plan['beneficiary'])
        services.setdefault((plan['tiers_code'], plan['beneficiary']),
            []).append((plan['nomenclature'], plan['quantity']))
    ids = sorted({b for group in plans.values() for b in group})
    beneficiaries = {b['id']: b for b in Beneficiary.read(ids, [
                'last_name', 'birth_name', 'first_name', 'birth_date',
                'address1', 'postal_code', 'city', 'phone'])}
    return plans, services, beneficiaries


def month_files(company, codes, today, seed=75, correction_rate=0.05,
        intensity=1):
    """{provider code: (client file, intervention file)} of the month
    before `today` for the providers `codes`."""
    rng = random.Random(seed)
    month, end = months.previous(today)
    plans, services, beneficiaries = provider_plans(company, month, end)
    plans = {c: plans.get(c, set()) for c in codes}
    rows = clients(plans, beneficiaries, rng)
    files = {}
    for code in codes:
        client_plans = [(f'C{b:06d}', nomenclature, hours, True)
            for b in sorted(plans[code])
            for nomenclature, hours in services[(code, b)]]
        client_plans += [(c['code'], 'AMD', 12, False)
            for c in rows[code] if not c['department']]
        rate = 0.3 if code == HEAVY_CORRECTOR else correction_rate
        files[code] = (layout.write_clients(rows[code]).encode('utf-8'),
            layout.write_interventions(interventions(code, client_plans,
                    month, end, rng, rate, intensity)).encode('utf-8'))
    return files


def providers(company, codes):
    "Providers for the SALSA codes `codes` (the benchmark's 36)."
    from trytond.pool import Pool
    Sad = Pool().get('dases.sad')
    return Sad.create([{'company': company.id, 'code': code,
                'name': f"SAD {code}", 'software': 'apologic'}
            for code in codes])


def generate(company, today=None):
    """The demo's providers, their files of last month imported, a
    beneficiary clocked without a provider plan, the month pre-invoiced
    and the alerts computed; demo users sad.paris11 and plateforme.casvp
    (password hestia-demo)."""
    from trytond.pool import Pool
    pool = Pool()
    Sad = pool.get('dases.sad')
    Report = pool.get('dases.integration.report')
    PreInvoice = pool.get('dases.preinvoice')
    Alert = pool.get('dases.alert')
    today = today or datetime.date.today()
    if Sad.search([('company', '=', company.id)], limit=1):
        return
    platform, = Sad.create([{'company': company.id, 'code': PLATFORM[0],
                'name': PLATFORM[1], 'software': PLATFORM[2],
                'email': PLATFORM[3]}])
    sads = Sad.create([{
                'company': company.id, 'code': code, 'name': name,
                'software': software, 'email': email,
                'platform': platform.id if code in SECTIONS else None,
                'integration_mode': 'hestia' if code == '100005'
                else 'files',
                'tariffs': [('create', [{'nomenclature': n, 'label': label,
                                'unit_price': price}
                            for n, label, price in TARIFFS])],
                } for code, name, software, email in PROVIDERS])
    by_code = {s.code: s for s in sads}
    files = month_files(company, list(by_code), today)
    month, end = months.previous(today)
    for code, (client_file, intervention_file) in files.items():
        Report.import_file('tg-clients', company, f'clients_{code}.csv',
            client_file, sad=by_code[code])
        Report.import_file('tg-interventions', company,
            f'interventions_{code}_{month:%Y%m}.csv', intervention_file,
            sad=by_code[code])
    _without_plan(company, by_code['100000'], month)
    PreInvoice.build(company, month)
    Alert.refresh(company, today)
    _users(company, by_code['100000'], platform)


TARIFFS = [
    ('AMP', "Aide ménagère prestataire", Decimal('24.80')),
    ('PCH', "Aide humaine PCH prestataire", Decimal('25.60')),
    ('AMD', "Aide ménagère à domicile", Decimal('26.00')),
    ]


def _without_plan(company, sad, month):
    """A Département beneficiary whose plans are all in CESU, clocked by a
    provider anyway: the anomaly « no plan » and the F9/F12 alerts."""
    from trytond.pool import Pool
    pool = Pool()
    CarePlan = pool.get('dases.care_plan')
    Report = pool.get('dases.integration.report')
    plan = CarePlan.search([('company', '=', company.id),
            ('management_mode', '=', 'emploi_direct')], limit=1)
    if not plan:
        return
    b = plan[0].beneficiary
    client = {'code': f'C{b.id:06d}', 'last_name': b.last_name,
        'first_name': b.first_name, 'birth_date': b.birth_date,
        'department': True}
    Report.import_file('tg-clients', company, 'client_supplementaire.csv',
        layout.write_clients([client]).encode('utf-8'), sad=sad)
    rows = [{'identifier': f'SANS-PLAN-{day}', 'client': client['code'],
            'worker_code': 'W001', 'worker_name': "SOPHIE MARTIN",
            'nomenclature': 'AMP',
            'raw_start': datetime.datetime.combine(
                month + datetime.timedelta(days=day), datetime.time(9)),
            'raw_end': datetime.datetime.combine(
                month + datetime.timedelta(days=day), datetime.time(11)),
            'source': 'F', 'payer': 'D'} for day in (2, 9, 16)]
    Report.import_file('tg-interventions', company, 'sans_plan.csv',
        layout.write_interventions(rows).encode('utf-8'), sad=sad)


def _users(company, sad, platform):
    "sad.paris11 (provider manager) and plateforme.casvp (CASVP platform)."
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')
    french, = Lang.search([('code', '=', 'fr')])
    group = ModelData.get_id('dases_telegestion', 'group_sad')
    User.create([{
                'name': name, 'login': login, 'password': 'hestia-demo',
                'language': french.id,
                'companies': [('add', [company.id])],
                'company': company.id,
                'groups': [('add', [group])],
                'sads': [('add', [provider.id])],
                } for login, name, provider in [
                ('sad.paris11', "Gestionnaire Aide et Vie Paris 11", sad),
                ('plateforme.casvp', "Plateforme CASVP Centre", platform)]
            if not User.search([('login', '=', login)])])
