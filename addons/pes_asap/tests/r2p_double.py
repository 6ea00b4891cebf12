# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A test double of the DGFiP's API R2P, served over HTTP on localhost so
that the client's requests, token and errors are exercised for real."""
import json
import threading
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID, SECRET, TOKEN = 'hestia-test', 's3cret-de-test', 'jeton-42'


class _Handler(BaseHTTPRequestHandler):
    people = []     # dicts as the API answers them
    calls = []

    def log_message(self, *args):
        pass

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get('Content-Length', 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        if (self.path == '/token'
                and form.get('client_id') == [CLIENT_ID]
                and form.get('client_secret') == [SECRET]):
            self._answer(200, {'access_token': TOKEN, 'expires_in': 3600})
        else:
            self._answer(401, {'error': 'invalid_client'})

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        self.calls.append(self.path)
        if self.headers.get('Authorization') != f'Bearer {TOKEN}':
            return self._answer(401, {'error': 'invalid_token'})
        if url.path == '/r2p/v1/personnes':
            query = {k: v[0] for k, v in urllib.parse.parse_qs(
                    url.query).items()}
            found = [p for p in self.people
                if p['etat_civil']['nom_naissance'] == query.get(
                    'nom_naissance')
                and p['etat_civil']['date_naissance'] == query.get(
                    'date_naissance')]
            return self._answer(200, {'personnes': found})
        if url.path.startswith('/r2p/v1/personnes/'):
            spi = url.path.rsplit('/', 1)[1]
            for person in self.people:
                if person['spi'] == spi:
                    return self._answer(200, person)
            return self._answer(404, {'erreur': 'inconnu'})
        self._answer(404, {})


@contextmanager
def r2p_server(people):
    "(base url, token url, calls) of a double knowing `people`."
    handler = type('Handler', (_Handler,), {'people': people, 'calls': []})
    server = ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f'http://127.0.0.1:{server.server_address[1]}'
    try:
        yield f'{base}/r2p/v1', f'{base}/token', handler.calls
    finally:
        server.shutdown()
        server.server_close()


def person(spi, last_name, first_names, birth, place):
    return {'spi': spi, 'etat_civil': {'nom_naissance': last_name,
            'prenoms': first_names, 'date_naissance': birth,
            'lieu_naissance': place},
        'adresse': {'voie': '3 RUE DES LILAS', 'code_postal': '69140',
            'commune': 'RILLIEUX-LA-PAPE'}}
