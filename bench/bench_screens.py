# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The screens agents open every day, timed through the RPC calls sao
makes (issue 22: a household form took about 1.5 s under load; goal
≤ 1 s for every daily list and form on the demo data).

The demo database (1,500 families by default, as `make demo`) is served
in this process by trytond's WSGI application — JSON-RPC, sessions,
access rules and record rules as in production — and each agent logs in
with the demo password. A screen is opened as sao opens it: the list's
view, its search and count, the read of a page of rows (80); then the
first row's form: its view, the read of its fields and one read per
one2many / many2many shown in it. Printed per screen: RPC calls, the
time of the first opening (views not yet cached by sao) and of the
second, the slowest call, and the fields of the form that cost the most
(each read alone), which is where to look when a form is slow. The
baseline: the same list read row by row (one read per record), the path
of a client that does not batch.

    bash tests/with_postgresql.sh .venv/bin/python bench/bench_screens.py \
        [--families 1500] [--rows 80]
"""
import argparse
import base64
import json
import os
import time

import _setup

NAME = 'bench_screens'
PASSWORD = 'hestia-demo'

# (role, login, action xml id): the lists and forms of a working day.
SCREENS = [
    ("Agent famille", 'agent.rillieux', 'sitiv_famille.act_household'),
    ("Agent famille", 'agent.rillieux', 'sitiv_famille.act_person'),
    ("Agent famille", 'agent.rillieux', 'sitiv_activite.act_enrolment'),
    ("Agent famille", 'agent.rillieux', 'sitiv_facturation.act_family_invoice'),
    ("Agent famille", 'agent.rillieux', 'sitiv_facturation.act_billing_run'),
    ("Agent famille", 'agent.rillieux', 'sitiv_facturation.act_payment'),
    ("Agent DASES", 'agent.dases', 'dases_base.act_beneficiary'),
    ("Agent DASES", 'agent.dases', 'dases_base.act_care_plan'),
    ("Agent DASES", 'agent.dases', 'dases_telegestion.act_intervention'),
    ("Agent DASES", 'agent.dases', 'dases_telegestion.act_preinvoice'),
    ("Agent DASES", 'agent.dases', 'dases_cesu.act_book'),
    ]


class Client:
    "JSON-RPC as sao speaks it, to trytond's WSGI application."

    def __init__(self, database, login, password):
        from werkzeug.test import Client as WSGIClient
        from trytond.pool import Pool
        from trytond.wsgi import app
        Pool(database).init()  # as trytond.application does at start
        self.client = WSGIClient(app)
        self.database = database
        self.calls = []
        user_id, session = self.call('common.db.login',
            [login, {'password': password}, 'fr'], auth=False)[:2]
        token = base64.b64encode(
            f'{login}:{user_id}:{session}'.encode()).decode()
        self.headers = {'Authorization': f'Session {token}'}
        self.context = self.call('model.res.user.get_preferences', [True, {}])
        self.calls.clear()

    def call(self, method, params, auth=True):
        start = time.perf_counter()
        response = self.client.post(f'/{self.database}/rpc/',
            data=json.dumps({'id': 1, 'method': method, 'params': params}),
            headers=self.headers if auth else {},
            content_type='application/json')
        seconds = time.perf_counter() - start
        self.calls.append((method, seconds))
        if response.status_code != 200:
            raise RuntimeError(f"{method}: HTTP {response.status_code} "
                f"{response.get_data()[:300]!r}")
        body = json.loads(response.get_data())
        if body.get('error'):
            raise RuntimeError(f"{method}: {body['error']}")
        return body['result']


def action_views(client, xml_id):
    """The model, name, domain, context and {type: view id} of an
    act_window, its PYSON decoded as sao decodes it."""
    from trytond.pyson import PYSONDecoder
    module, name = xml_id.split('.')
    action_id = client.call('model.ir.model.data.get_id',
        [module, name, {}])
    action, = client.call('model.ir.action.act_window.read',
        [[action_id], ['res_model', 'pyson_domain', 'pyson_context',
                'views', 'name'], client.context])
    views = dict((kind, view_id) for view_id, kind in action['views'])
    decoder = PYSONDecoder(client.context)
    domain = decoder.decode(action['pyson_domain'] or '[]')
    context = dict(client.context,
        **decoder.decode(action['pyson_context'] or '{}'))
    return action['res_model'], action['name'], domain, context, views


def view_fields(view):
    "The fields sao reads for a view: x2many fields apart."
    fields = view['fields']
    names = []
    for name, field in fields.items():
        names.append(name)
        if field['type'] in {'many2one', 'reference', 'one2one'}:
            names.append(f'{name}.rec_name')
    return names, [n for n, f in fields.items()
        if f['type'] in {'one2many', 'many2many'}]


def open_screen(client, model, domain, context, views, rows, cached):
    "The calls sao makes to show the list, then the first row's form."
    prefix = f'model.{model}'
    if 'tree' not in cached:
        cached['tree'] = client.call(f'{prefix}.fields_view_get',
            [views.get('tree'), 'tree', context])
    tree = cached['tree']
    names, _ = view_fields(tree)
    ids = client.call(f'{prefix}.search', [domain, 0, rows, None, context])
    client.call(f'{prefix}.search_count', [domain, 0, 1000, context])
    client.call(f'{prefix}.read', [ids, names, context])
    if not ids:
        return None
    if 'form' not in cached:
        cached['form'] = client.call(f'{prefix}.fields_view_get',
            [views.get('form'), 'form', context])
    form = cached['form']
    names, x2many = view_fields(form)
    record, = client.call(f'{prefix}.read', [ids[:1], names, context])
    for name in x2many:
        field = form['fields'][name]
        target = field['relation']
        sub_ids = record.get(name) or []
        key = ('sub', name)
        if key not in cached:
            cached[key] = client.call(f'model.{target}.fields_view_get',
                [None, 'tree', context])
        if sub_ids:
            sub_names, _ = view_fields(cached[key])
            client.call(f'model.{target}.read',
                [sub_ids[:rows], sub_names, context])
    return ids


def costly_fields(client, model, form_fields, record_id):
    """Each field of the form read alone, less the cost of a call reading
    nothing but the id: the three slowest (ms)."""
    def timed(names):
        best = None
        for _ in range(3):  # the best of three: the machine may be busy
            start = time.perf_counter()
            client.call(f'model.{model}.read',
                [[record_id], names, client.context])
            seconds = time.perf_counter() - start
            best = seconds if best is None else min(best, seconds)
        return best * 1000
    floor = timed(['id'])
    costs = [(timed([name]) - floor, name) for name in form_fields
        if name != 'id']
    return sorted(costs, reverse=True)[:3]


def row_by_row(client, model, names, ids):
    "The baseline: one read per row."
    start = time.perf_counter()
    for record_id in ids:
        client.call(f'model.{model}.read', [[record_id], names,
                client.context])
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--families', type=int, default=1500)
    parser.add_argument('--rows', type=int, default=80)
    options = parser.parse_args()
    from hestia.cli import MODULES
    start = time.perf_counter()
    _setup.database(NAME, MODULES, None, demo=True,
        families=options.families)
    print(f"demo database of {options.families} families: "
        f"{time.perf_counter() - start:.0f} s", flush=True)
    clients = {}
    slow = []
    for role, login, xml_id in SCREENS:
        client = clients.get(login) or Client(NAME, login, PASSWORD)
        clients[login] = client
        try:
            model, title, domain, context, views = action_views(
                client, xml_id)
        except RuntimeError as error:
            print(f"{xml_id}: skipped ({error})", flush=True)
            continue
        cached = {}
        cpu = time.process_time()
        times = []
        for _ in range(2):  # first opening, then views cached by sao
            client.calls.clear()
            begin = time.perf_counter()
            ids = open_screen(client, model, domain, context, views,
                options.rows, cached)
            times.append(time.perf_counter() - begin)
            calls = list(client.calls)
        cpu = time.process_time() - cpu
        slowest = max(calls, key=lambda c: c[1])
        line = (f"{role:<14} {title[:34]:<34}: {len(calls):>2} RPC, "
            f"first {times[0] * 1000:>4.0f} ms, then {times[1] * 1000:>4.0f}"
            f" ms (slowest {slowest[0].rsplit('.', 1)[1]} "
            f"{slowest[1] * 1000:.0f} ms; CPU {cpu:.2f} s, load "
            f"{os.getloadavg()[0]:.1f})")
        print(line, flush=True)
        if ids:
            names, _ = view_fields(cached['tree'])
            one_by_one = row_by_row(client, model, names, ids)
            list_read = [c[1] for c in calls if c[0].endswith('.read')][0]
            print(f"{'':<14} {'':<34}  list of {len(ids)} rows read at "
                f"once {list_read * 1000:.0f} ms, row by row "
                f"{one_by_one * 1000:.0f} ms = {one_by_one / list_read:.1f}×"
                , flush=True)
            form_names, _ = view_fields(cached['form'])
            costly = costly_fields(client, model,
                [n for n in form_names if '.' not in n], ids[0])
            print(f"{'':<14} {'':<34}  costliest form fields: " + ', '.join(
                    f"{name} {ms:.0f} ms" for ms, name in costly),
                flush=True)
        if times[1] > 1:
            slow.append(f"{title} ({times[1]:.1f} s)")
    print("screens above 1 s: " + (', '.join(slow) if slow else "none"),
        flush=True)


if __name__ == '__main__':
    main()
