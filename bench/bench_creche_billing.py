# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The crèche month in the billing run (sitiv_creche, issue 20): one city,
N PSU contracts Monday to Friday, every November day clocked (one
departure in ten 20 minutes late), one hospitalisation in fifty — the
city's billing run for November vs the same engine run family by family
(« Facturer une seule famille », the per-record path) on a sample.

    python bench/bench_creche_billing.py [--contracts 1000] [--sample 50]

Checks before printing a rate: one posted invoice per family, one month
record per contract, each invoice's total equal to its month's amount,
every contract billed once. Runs on the backend it is given (make bench:
PostgreSQL)."""
import argparse
import datetime
import time
from decimal import Decimal as D

import _setup

NOV = datetime.date(2026, 11, 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--contracts', type=int, default=1000)
    parser.add_argument('--sample', type=int, default=50)
    options = parser.parse_args()
    from hestia.bootstrap import DEMO_CITIES
    from hestia.database import run_in_transaction
    from trytond.transaction import Transaction
    name = _setup.database('bench_creche', ['sitiv_creche'],
        cities=[DEMO_CITIES[0][0]])
    start = time.perf_counter()
    for first in range(0, options.contracts, 500):
        run_in_transaction(name, _setup.in_company(
                lambda company: families(company, first,
                    min(500, options.contracts - first))))
    print(f"mise en place : {options.contracts} contrats pointés en "
        f"novembre en {time.perf_counter() - start:.0f} s", flush=True)

    def per_family(company):
        count = bill_families(company, options.sample)
        Transaction().rollback()
        return count
    single = _setup.Timer(name, width=20)("famille par famille", per_family,
        "factures")
    rate = _setup.Timer(name, width=20)("facturation", bill_city,
        "factures")
    _setup.check(name, "contrôle", lambda c: check(c, options.contracts))
    print(f"rapport             : {rate / single:.1f}x", flush=True)


def families(company, first, count):
    "`count` one-child families, each with a started contract, clocked."
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    Party = pool.get('party.party')
    Household = pool.get('sitiv.household')
    Structure = pool.get('sitiv.creche.structure')
    Contract = pool.get('sitiv.creche.contract')
    Presence = pool.get('sitiv.creche.presence')
    Deduction = pool.get('sitiv.creche.deduction')
    Document = pool.get('sitiv.document')
    Type = pool.get('sitiv.document.type')
    structures = Structure.search([('company', '=', company.id)])
    if not structures:
        structures = Structure.create([{'company': company.id,
                    'name': "Multi-accueil du banc d'essai", 'code': 'BAN',
                    'agrement_places': 100000}])
    structure, = structures
    numbers = range(first, first + count)
    with Transaction().set_context(_skip_warnings=True):
        parents = Party.create([{'is_person': True,
                    'last_name': f"CRECHE{n:06d}", 'first_name': "Alex",
                    'birth_date': datetime.date(1990, 1, 1)}
                for n in numbers])
        children = Party.create([{'is_person': True,
                    'last_name': f"CRECHE{n:06d}", 'first_name': "Bébé",
                    'birth_date': datetime.date(2025, 1 + n % 12, 10)}
                for n in numbers])
    households = Household.create([{'company': company.id,
                'name': f"CRECHE{n:06d}",
                'residence_city': "Rillieux-la-Pape",
                'members': [('create', [
                            {'party': p.id, 'role': 'head'},
                            {'party': c.id, 'role': 'child'}])],
                'quotients': [('create', [{
                                'start_date': datetime.date(2026, 1, 1),
                                'quotient': 900,
                                'annual_resources': D(20000 + 37 * n),
                                'dependent_children': 1 + n % 3}])],
                } for n, p, c in zip(numbers, parents, children)])
    time = datetime.time
    contracts = Contract.create([{'company': company.id,
                'household': h.id, 'child': c.id,
                'structure': structure.id,
                'start_date': datetime.date(2026, 9, 1),
                'end_date': datetime.date(2027, 8, 31), 'weeks': D(45),
                'days': [('create', [{'weekday': str(d),
                                'start_time': time(8, 30),
                                'end_time': time(17, 30)}
                            for d in range(5)])]}
            for h, c in zip(households, children)])
    Contract.start(contracts)
    days = [NOV + datetime.timedelta(days=i) for i in range(30)]
    days = [d for d in days if structure.is_open(d)]
    Presence.create([{'contract': c.id, 'company': company.id, 'date': d,
                'arrival': time(8, 30),
                'departure': time(17, 50) if (i + j) % 10 == 0
                else time(17, 25)}
            for i, c in enumerate(contracts) for j, d in enumerate(days)])
    kind, = Type.search([('code', '=', 'CERTMED')])
    sick = contracts[::50]
    documents = Document.create([{'household': c.household.id,
                'type': kind.id, 'filename': "bulletin.pdf"} for c in sick])
    deductions = Deduction.create([{'contract': c.id,
                'reason': 'hospitalisation', 'document': doc.id,
                'start_date': datetime.date(2026, 11, 9),
                'end_date': datetime.date(2026, 11, 10)}
            for c, doc in zip(sick, documents)])
    Deduction.confirm(deductions)
    return count


def bill_city(company):
    from trytond.pool import Pool
    BillingRun = Pool().get('sitiv.billing.run')
    run, = BillingRun.create([{'company': company.id, 'start_date': NOV,
                'end_date': datetime.date(2026, 11, 30),
                'invoice_date': datetime.date(2026, 12, 2)}])
    BillingRun.run([run])
    return run.invoice_count


def bill_families(company, sample):
    "The engine run for one family at a time, on `sample` families."
    from trytond.pool import Pool
    pool = Pool()
    BillingRun = pool.get('sitiv.billing.run')
    Household = pool.get('sitiv.household')
    count = 0
    for household in Household.search([('company', '=', company.id)],
            limit=sample):
        run, = BillingRun.create([{'company': company.id,
                    'start_date': NOV, 'household': household.id,
                    'end_date': datetime.date(2026, 11, 30),
                    'invoice_date': datetime.date(2026, 12, 2)}])
        BillingRun.run([run])
        count += run.invoice_count
    return count


def check(company, contracts):
    from trytond.pool import Pool
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Month = pool.get('sitiv.creche.month')
    invoices = Invoice.search([('company', '=', company.id)])
    months = Month.search([('company', '=', company.id)])
    assert len(invoices) == contracts, (len(invoices), contracts)
    assert all(i.state == 'posted' for i in invoices)
    assert len(months) == contracts
    assert len({m.contract.id for m in months}) == contracts
    by_household = {m.contract.household.id: m.amount for m in months}
    wrong = [(i.total_amount, by_household[i.sitiv_household.id])
        for i in invoices
        if i.total_amount != by_household[i.sitiv_household.id]]
    assert not wrong, wrong[:5]
    assert len(Month.search([('id', 'in', Month.billed_query())])) \
        == contracts
    return (f"{len(invoices)} factures comptabilisées, un mois par contrat, "
        "totaux égaux aux mois")


if __name__ == '__main__':
    main()
