# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A client of the DGFiP's person-lookup API (API R2P « Recherche des
personnes physiques », served as API SFiP for new subscriptions): find a
payer's fiscal identifier (SPI, 13 digits) from their civil status, or
check a known one.

Credentials come from the trytond configuration, never the repository:

    [r2p]
    url = https://…/r2p/v1
    token_url = https://…/token
    client_id = …
    client_secret = …

The DGFiP's contract (OpenAPI) is given to subscribers and is not public
in this workplace: the paths and names below are the ones the README
documents; `_person` is the one place that reads the answer."""
import dataclasses
import datetime
import time
from typing import Optional

import requests

TIMEOUT = 10


class R2PError(Exception):
    "The API could not answer; the message is French."


@dataclasses.dataclass
class Person:
    fiscal_id: str
    last_name: str
    first_names: str
    birth_date: Optional[datetime.date]
    birth_place: str
    street: str = ''
    postal_code: str = ''
    city: str = ''


class Client:
    "OAuth2 client credentials, then GET requests with a bearer token."

    def __init__(self, url, token_url, client_id, client_secret,
            session=None):
        self.url = url.rstrip('/')
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.session = session or requests.Session()
        self._token = None
        self._expires = 0

    @classmethod
    def from_config(cls):
        from trytond import config
        values = {k: config.get('r2p', k, default='') for k in [
                'url', 'token_url', 'client_id', 'client_secret']}
        if not all(values.values()):
            raise R2PError("L'API R2P n'est pas configurée (section [r2p] "
                "de la configuration : url, token_url, client_id, "
                "client_secret).")
        return cls(**values)

    def token(self):
        if self._token and time.monotonic() < self._expires:
            return self._token
        try:
            response = self.session.post(self.token_url, data={
                    'grant_type': 'client_credentials',
                    'client_id': self.client_id,
                    'client_secret': self.client_secret,
                    }, timeout=TIMEOUT)
        except requests.RequestException as exception:
            raise R2PError(f"L'API R2P ne répond pas ({exception}).")
        if response.status_code != 200:
            raise R2PError("L'API R2P refuse l'authentification "
                f"(HTTP {response.status_code}).")
        body = response.json()
        self._token = body['access_token']
        self._expires = time.monotonic() + int(body.get('expires_in', 300)) - 30
        return self._token

    def _get(self, path, params=None):
        try:
            response = self.session.get(f"{self.url}{path}", params=params,
                headers={'Authorization': f"Bearer {self.token()}",
                    'Accept': 'application/json'}, timeout=TIMEOUT)
        except requests.RequestException as exception:
            raise R2PError(f"L'API R2P ne répond pas ({exception}).")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise R2PError(f"L'API R2P a répondu HTTP "
                f"{response.status_code} : {response.text[:200]}")
        return response.json()

    def search(self, last_name, first_names, birth_date, sex=None,
            birth_place=None):
        """The one person the DGFiP knows under this civil status, or None
        (none or several: the agent decides)."""
        params = {
            'nom_naissance': last_name,
            'prenoms': first_names,
            'date_naissance': birth_date.strftime('%Y%m%d'),
            }
        if sex:
            params['sexe'] = sex
        if birth_place:
            params['lieu_naissance'] = birth_place
        body = self._get('/personnes', params)
        found = (body or {}).get('personnes', [])
        if len(found) != 1:
            return None
        return _person(found[0])

    def by_fiscal_id(self, fiscal_id):
        "The person behind a fiscal identifier, or None."
        body = self._get(f"/personnes/{fiscal_id}")
        return _person(body) if body else None


def _person(data):
    civil = data.get('etat_civil', {})
    address = data.get('adresse', {})
    birth = civil.get('date_naissance')
    return Person(
        fiscal_id=data['spi'],
        last_name=civil.get('nom_naissance', ''),
        first_names=civil.get('prenoms', ''),
        birth_date=(datetime.datetime.strptime(birth, '%Y%m%d').date()
            if birth else None),
        birth_place=civil.get('lieu_naissance', ''),
        street=address.get('voie', ''),
        postal_code=address.get('code_postal', ''),
        city=address.get('commune', ''))


def valid_fiscal_id(value):
    """A French SPI: 13 digits, first 0 to 3, the last three a key of the
    ten first (stdnum's fr.nif)."""
    from stdnum.fr import nif
    return nif.is_valid(value or '')
