# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What dases_telegestion's tests build (and the fuzzing of imports): the
golden provider files, beneficiaries with their plans, two providers."""
import datetime
from decimal import Decimal as D

from trytond.pool import Pool

from dases_base.tests.tools import GOLDEN
from hestia.flatfile.layouts import telegestion

CLIENTS = (GOLDEN / 'telegestion' / 'clients_ok.csv').read_bytes()
INTERVENTIONS = (GOLDEN / 'telegestion' / 'interventions_ok.csv'
    ).read_bytes()
BAD_INTERVENTIONS = (GOLDEN / 'telegestion' / 'interventions_bad.csv'
    ).read_bytes()
OCTOBER = datetime.date(2026, 10, 1)


def beneficiary(company, salsa_id, last_name, first_name, birth_date,
        birth_name=None, plans=()):
    Beneficiary = Pool().get('dases.beneficiary')
    record, = Beneficiary.create([{
                'company': company.id, 'salsa_id': salsa_id,
                'last_name': last_name, 'birth_name': birth_name,
                'first_name': first_name, 'birth_date': birth_date,
                'care_plans': [('create', [dict({
                                'company': company.id,
                                'request_index': '000001',
                                'service_index': f'{i:06d}',
                                'financier_code': 'APA75', 'module': 'APA',
                                'right_start': datetime.date(2026, 1, 1),
                                'right_end': datetime.date(2026, 12, 31),
                                'coverage_start': datetime.date(2026, 1, 1),
                                'coverage_end': datetime.date(2026, 12, 31),
                                'financial_amount': D('0'),
                                'total_cost': D('0'),
                                'ticket_percentage': D('10'),
                                'nomenclature': 'AMP', 'periodicity': 'ME',
                                'management_mode': 'prestataire',
                                'payee_type': 'provider',
                                'unit_amount_department': D('23.50'),
                                'unit_amount_beneficiary': D('2.35'),
                                }, **p) for i, p in enumerate(plans, 1)])],
                }])
    return record


def department(company):
    """Four beneficiaries of the Département, the plans naming provider
    100004 (Paris 11) or 100015 (Paris 15); Le Gall has no plan."""
    return {
        'dupuis': beneficiary(company, '100234', 'DUPUIS', 'Geneviève',
            datetime.date(1936, 3, 14), birth_name='MARTIN', plans=[
                {'tiers_code': '100004', 'quantity': D('40')}]),
        'konate': beneficiary(company, '100877', 'KONATÉ', 'Moussa',
            datetime.date(1958, 7, 2), plans=[
                {'tiers_code': '100004', 'quantity': D('1')}]),
        'legrand': beneficiary(company, '100512', 'LEGRAND', 'Paulette',
            datetime.date(1940, 5, 9), plans=[
                {'tiers_code': '100015', 'quantity': D('20')}]),
        'le_gall': beneficiary(company, '100600', 'LE GALL', 'Jean',
            datetime.date(1945, 1, 30)),
        }


def providers(company):
    Sad = Pool().get('dases.sad')
    return Sad.create([{
                'company': company.id, 'code': '100004',
                'name': "AIDE ET VIE A DOMICILE PARIS 11",
                'siret': '73282932000074', 'email': 'factures@aidevie.fr',
                'software': 'apologic',
                }, {
                'company': company.id, 'code': '100015',
                'name': "SERVICE AUTONOMIE PARIS 15",
                'software': 'ximi', 'email': 'compta@autonomie15.fr',
                }])


PARIS15_CLIENTS = telegestion.write_clients([{
            'code': 'P15-1', 'last_name': 'Legrand', 'first_name': 'PAULETTE',
            'birth_date': datetime.date(1940, 5, 9), 'department': True,
            }, {
            'code': 'P15-2', 'last_name': 'Le-Gall', 'first_name': 'jean',
            'birth_date': datetime.date(1945, 1, 30), 'department': True,
            }]).encode('utf-8')


def paris15_interventions(days=range(1, 11), hours=2):
    return telegestion.write_interventions([{
                'identifier': f'P15-{client}-{day:02d}', 'client': client,
                'worker_code': 'A1', 'worker_name': 'ALICE DURAND',
                'nomenclature': 'AMP',
                'raw_start': datetime.datetime(2026, 10, day, 9),
                'raw_end': datetime.datetime(2026, 10, day, 9 + hours),
                'source': 'F', 'payer': 'D',
                } for client in ('P15-1', 'P15-2') for day in days]
        ).encode('utf-8')
