# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What one family does on the portal, for locust (bench_portal.py runs
it): log in, the home page, a child's calendar, next week booked (then
cancelled the next time round), the invoices, a pause between rounds.
Each simulated family logs in with its own account
(bench-famille-N@example.fr)."""
import datetime
import itertools
import os
import re

from locust import HttpUser, between, task

DATABASE = 'bench_portal'
PASSWORD = 'hestia-bench'
ACCOUNTS = itertools.count(1)
# Seconds a family spends on a page before the next click (read, tick the
# days on a phone): bench_portal.py --think.
THINK = [float(s) for s in os.environ.get('HESTIA_THINK', '3,10').split(',')]
CHILD = re.compile(r'href="/[^/]+/portail/(enfants/\d+)"')
EDITABLE = re.compile(r'name="modifiable" value="(\d+:(\d{4}-\d\d-\d\d))"')
BOOKED = re.compile(
    r'name="jour" value="(\d+:\d{4}-\d\d-\d\d)" checked')


def csrf(client):
    return client.cookies.get('hestia_csrf', '')


class Family(HttpUser):
    wait_time = between(*THINK)

    def url(self, path=''):
        return f'/{DATABASE}/portail/{path}'

    def on_start(self):
        self.email = f'bench-famille-{next(ACCOUNTS)}@example.fr'
        self.client.get(self.url('connexion'), name='connexion (page)')
        with self.client.post(self.url('connexion'), data={
                    'csrf': csrf(self.client), 'email': self.email,
                    'password': PASSWORD}, allow_redirects=False,
                name='connexion', catch_response=True) as response:
            if response.status_code != 303:
                response.failure(f'{self.email}: {response.status_code}')

    @task
    def month(self):
        home = self.client.get(self.url(), name='accueil')
        children = CHILD.findall(home.text)
        if not children:
            return
        path = children[0]
        page = self.client.get(self.url(path), name='enfant (calendrier)')
        # The days of next week the family may change, all booked or none.
        monday = datetime.date.today() + datetime.timedelta(
            days=7 - datetime.date.today().weekday())
        week = {monday + datetime.timedelta(days=i) for i in range(5)}
        keys = [k for k, day in EDITABLE.findall(page.text)
            if datetime.date.fromisoformat(day) in week]
        if keys:
            booked = set(BOOKED.findall(page.text)) & set(keys)
            wanted = [] if booked else keys
            with self.client.post(self.url(f'{path}/reservations'), data={
                        'csrf': csrf(self.client), 'jour': wanted,
                        'modifiable': keys}, allow_redirects=False,
                    name='réserver la semaine', catch_response=True
                    ) as response:
                if response.status_code != 303:
                    response.failure(f'{response.status_code}: '
                        f'{response.text[:300]}')
        self.client.get(self.url('factures'), name='factures')
