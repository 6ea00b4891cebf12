# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""`hestia serve` for the browser tests, with the DGFiP's PayFiP replaced by
the module tests' double (sitiv_facturation/tests/payfip_double.py): no
test reaches the real service. The double's payment page is served by the
same server at /payfip-double/paiement?idop=…; « Payer » makes PayFiP's
server-to-server notification to Hestia's notification route, then sends
the browser back to the return page, as PayFiP does.

    python tests/e2e/payfip_double_server.py serve -d e2e --port 8123
"""
import html
import sys
import urllib.parse
import urllib.request

from eopayment import payfip_ws

from hestia import cli
from sitiv_facturation.tests.payfip_double import fake_payfip


def port(argv):
    return int(argv[argv.index('--port') + 1]) if '--port' in argv else 8000


def install(fake, base):
    # trytond.wsgi reads the configuration when imported: only now.
    from trytond.protocols.wrappers import Response
    from trytond.wsgi import app
    payfip_ws.PAYMENT_URL = f'{base}/payfip-double/paiement'

    @app.route('/payfip-double/paiement', methods=['GET', 'POST'])
    def payment_page(request):
        idop = request.values.get('idop', '')
        operation = fake.operations.get(idop)
        if operation is None:
            return Response("opération inconnue", status=404)
        if request.method == 'GET':
            return Response(
                "<!DOCTYPE html><html lang='fr'><meta charset='utf-8'>"
                "<title>PayFiP (double de test)</title><main>"
                "<h1>PayFiP (double de test)</h1>"
                f"<p>Montant : {html.escape(str(operation.montant))} "
                "centimes</p><form method='post'>"
                f"<input type='hidden' name='idop' value='{idop}'>"
                "<button name='resultat' value='P'>Payer</button> "
                "<button name='resultat' value='A'>Abandonner</button>"
                "</form></main></html>",
                content_type='text/html; charset=utf-8')
        fake.pay(idop, request.values.get('resultat', 'P'))
        # PayFiP's call to the notification address, on this server.
        path = urllib.parse.urlsplit(operation.url_notification).path
        urllib.request.urlopen(f'{base}{path}',
            data=urllib.parse.urlencode({'idop': idop}).encode(),
            timeout=30).read()
        return Response(status=303, headers={'Location':
                f'{base}{path.rsplit("/", 1)[0]}/return'})


def main(argv):
    serve = cli.cmd_serve
    with fake_payfip() as fake:
        def cmd_serve(options, paths):
            install(fake, f'http://localhost:{port(argv)}')
            return serve(options, paths)
        cli.cmd_serve = cmd_serve
        return cli.main(argv)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
