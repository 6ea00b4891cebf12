# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What platform users do, for locust (bench_portal.py --space plateforme
runs it): four in five are a beneficiary or the relative acting for them
(their file, last month's interventions, the invoices paid for them, now
and then a declaration), one in five a provider's manager (plans to
follow, beneficiaries, the month's interventions). Each simulated person
logs in with their own account (bench-beneficiaire-N@example.fr,
bench-sad-N@example.fr)."""
import datetime
import itertools
import os
import re

from locust import HttpUser, between, task

DATABASE = 'bench_portal'
PASSWORD = 'hestia-bench'
THINK = [float(s) for s in os.environ.get('HESTIA_THINK', '3,10').split(',')]
FILE = re.compile(r'/plateforme/(beneficiaire/\d+)')
BENEFICIARIES = itertools.count(1)
PROVIDERS = itertools.count(1)
PROVIDER_ACCOUNTS = int(os.environ.get('HESTIA_PROVIDER_ACCOUNTS', '6'))


def csrf(client):
    return client.cookies.get('hestia_csrf', '')


def last_month():
    first = datetime.date.today().replace(day=1)
    return f'{first - datetime.timedelta(days=1):%Y-%m}'


class PlatformUser(HttpUser):
    abstract = True
    wait_time = between(*THINK)

    def url(self, path=''):
        return f'/{DATABASE}/plateforme/{path}'

    def log_in(self, email):
        self.client.get(self.url('connexion'), name='connexion (page)')
        with self.client.post(self.url('connexion'), data={
                    'csrf': csrf(self.client), 'email': email,
                    'password': PASSWORD}, allow_redirects=False,
                name='connexion', catch_response=True) as response:
            if response.status_code != 303:
                response.failure(f'{email}: {response.status_code}')


class Beneficiary(PlatformUser):
    weight = 4

    def on_start(self):
        self.log_in(f'bench-beneficiaire-{next(BENEFICIARIES)}@example.fr')
        self.rounds = 0

    @task
    def month(self):
        home = self.client.get(self.url(), name='dossier')
        found = FILE.search(home.url or '')
        if not found:
            return
        path = found[1]
        self.client.get(self.url(f'{path}/interventions'),
            params={'mois': last_month()}, name='interventions du mois')
        self.client.get(self.url(f'{path}/factures'), name='factures')
        self.rounds += 1
        # One round in five declares something (an absence).
        if self.rounds % 5 == 0:
            with self.client.post(self.url(f'{path}/declarer'), data={
                        'csrf': csrf(self.client), 'nature': 'absence',
                        'debut': datetime.date.today().isoformat(),
                        'commentaire': "Charge"}, allow_redirects=False,
                    name='déclarer', catch_response=True) as response:
                if response.status_code != 303:
                    response.failure(f'{response.status_code}: '
                        f'{response.text[:300]}')


class Provider(PlatformUser):
    weight = 1

    def on_start(self):
        number = (next(PROVIDERS) - 1) % PROVIDER_ACCOUNTS + 1
        self.log_in(f'bench-sad-{number}@example.fr')

    @task
    def follow(self):
        self.client.get(self.url('sad'), name='sad : plans à suivre')
        self.client.get(self.url('sad/beneficiaires'),
            name='sad : bénéficiaires')
        self.client.get(self.url('sad/interventions'),
            params={'mois': last_month()}, name='sad : interventions')
