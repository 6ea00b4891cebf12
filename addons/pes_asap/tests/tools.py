# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What pes_asap's tests build: a city with its budget and products, and
families billed in October (2.50 € a meal at QF 800, sitiv_facturation's
grids)."""
from trytond.pool import Pool

from sitiv_facturation.tests.tools import (
    OCT, attend, bill, city, date, enrol, household, person)


SIRETS = {'287': '21690000110000', '288': '21690001910002'}


def pes_city(name="Ville de Rillieux-la-Pape", cod_col='287', **values):
    "A city with its budget: canteen REST/7067, club PERI/7066."
    Budget = Pool().get('pes.budget')
    company, canteen, club = city(name)
    budget, = Budget.create([dict({
                    'company': company.id,
                    'name': f"{name[8:].upper()} BUDGET PRINCIPAL"[:38],
                    'id_post': '069045', 'id_coll': SIRETS[cod_col],
                    'cod_col': cod_col, 'cod_bud': '00',
                    'retour_payments': True,
                    'products': [('create', [
                                {'activity': canteen.id, 'code': 'REST',
                                    'nature': '7067'},
                                {'activity': club.id, 'code': 'PERI',
                                    'nature': '7066'}])],
                    }, **values)])
    return company, budget, canteen, club


def family(company, canteen, last, days):
    "A household of one parent and one child eating on `days` of October."
    child = person(last, "Enfant", date(3, 4, 2017))
    parent = person(last, "Parent", date(1, 2, 1985))
    home = household(company, last, [parent], [child],
        quotients=[(date(1, 1), None, 800)])
    attend(enrol(home, child, canteen), {date(d): 'present' for d in days})
    return home, parent


def october(company, canteen, families=(('MARTIN', [1, 2]),
            ('DURAND', [1]), ('LEROY', [1, 2, 5]))):
    "Each family's October invoice, 2.50 € a meal at QF 800."
    homes = [family(company, canteen, last, days) for last, days in families]
    invoices = bill(company, OCT).invoices
    assert len(invoices) == len(homes)
    return sorted(invoices, key=lambda i: i.number), homes


def prepare(budget, ormc=False, start=OCT, end=date(31),
        when=date(5, 11)):
    "The transfers of the invoices billing October (dated 1 November)."
    Transfer = Pool().get('pes.transfer')
    transfers, notes = Transfer.prepare(budget, start, end, when, ormc=ormc)
    return transfers, notes
