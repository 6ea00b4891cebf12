# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The `hestia` command (ARCHITECTURE §5).

Exit codes: 0 done, 1 the operation failed (one clear French line on stderr),
2 usage error."""
import argparse
import os
import secrets
import sys

from . import __version__
from .config import HestiaError, UsageError, load_config

MODULES = ['sitiv_famille', 'dases_base', 'dases_cesu', 'dases_telegestion']
FLUX_IMPORTS = ['flux1', 'flux4', 'crcesu', 'flux6']
FLUX_EXPORTS = {'flux8.2': 'flux82', 'flux8.1': 'flux81', 'flux5': 'flux5',
    'flux6': 'flux6'}
# I6 and I7 reports: the format follows the output file's extension.
REPORT_EXPORTS = {'compte-emploi': 'dases.cesu.statement',
    'suivi-consomme': 'dases.cesu.follow_up'}


def _parser():
    parser = argparse.ArgumentParser(
        prog='hestia',
        description="Hestia — ERP des collectivités (Tryton 8.0 LTS).")
    parser.add_argument('--version', action='version', version=__version__)
    parser.add_argument(
        '-c', '--config', metavar='FICHIER',
        help="configuration trytond (défaut : $HESTIA_CONFIG ou trytond.conf)")
    commands = parser.add_subparsers(dest='command', metavar='COMMANDE')
    commands.required = True

    init = commands.add_parser(
        'init', help="créer une base avec tous les modules")
    init.add_argument('-d', '--database', required=True, metavar='BASE')
    init.add_argument(
        '--demo', action='store_true',
        help="ajouter les données de démonstration (mot de passe admin/admin)")
    init.add_argument('--lang', default='fr', help="langue (défaut : fr)")
    init.add_argument(
        '--city', action='append', metavar='NOM',
        help="une commune (société) à créer ; répétable")
    init.add_argument(
        '--families', type=int, default=None, metavar='N',
        help="nombre de foyers de démonstration (défaut : 1500)")

    serve = commands.add_parser(
        'serve', help="servir trytond et sao sur http://localhost:PORT/")
    serve.add_argument('-d', '--database', metavar='BASE')
    serve.add_argument('--port', type=int, default=8000)
    serve.add_argument('--host', default='localhost')
    flux = commands.add_parser('flux', help="échanges de fichiers (flux)")
    flux_commands = flux.add_subparsers(dest='flux_command', metavar='ACTION')
    flux_commands.required = True
    flux_import = flux_commands.add_parser(
        'import', help="importer un fichier ; rapport JSON sur la sortie")
    flux_import.add_argument('kind', metavar='TYPE', choices=FLUX_IMPORTS,
        help="type de flux : " + ', '.join(FLUX_IMPORTS))
    flux_import.add_argument('file', metavar='FICHIER')
    flux_import.add_argument('-d', '--database', required=True,
        metavar='BASE')
    flux_import.add_argument('--company', metavar='NOM',
        help="société (Département) destinataire, si la base en a plusieurs")
    kinds = list(FLUX_EXPORTS) + list(REPORT_EXPORTS)
    flux_export = flux_commands.add_parser(
        'export', help="produire un fichier du mois ; résumé JSON")
    flux_export.add_argument('kind', metavar='TYPE', choices=kinds,
        help="type : " + ', '.join(kinds))
    flux_export.add_argument('-d', '--database', required=True,
        metavar='BASE')
    flux_export.add_argument('--period', required=True, metavar='AAAA-MM',
        help="mois exporté (compte d'emploi, suivi : du 1er janvier à la "
        "fin de ce mois)")
    flux_export.add_argument('-o', '--output', required=True,
        metavar='FICHIER', help="fichier écrit (.pdf ou .xlsx pour les "
        "états)")
    flux_export.add_argument('--company', metavar='NOM',
        help="société (Département), si la base en a plusieurs")
    return parser


def main(argv=None):
    parser = _parser()
    options = parser.parse_args(argv)
    try:
        paths = load_config(options.config)
        if options.command == 'init':
            return cmd_init(options, paths)
        if options.command == 'serve':
            return cmd_serve(options, paths)
        if options.command == 'flux' and options.flux_command == 'export':
            return cmd_flux_export(options, paths)
        if options.command == 'flux':
            return cmd_flux_import(options, paths)
    except UsageError as error:
        print(f"hestia : {error}", file=sys.stderr)
        return 2
    except HestiaError as error:
        print(f"hestia : {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1
    except Exception as error:
        # One readable line for the operator; the traceback on demand.
        if os.environ.get('HESTIA_DEBUG'):
            raise
        message = str(error).strip().splitlines()
        print(f"hestia : échec de « {options.command} » : "
            f"{type(error).__name__}: {message[0] if message else ''} "
            "(HESTIA_DEBUG=1 pour le détail)", file=sys.stderr)
        return 1
    parser.print_usage(sys.stderr)
    return 2


def _admin_password(demo):
    password = os.environ.get('HESTIA_ADMIN_PASSWORD')
    if password:
        return password, False
    if demo:
        return 'admin', False
    return secrets.token_urlsafe(12), True


def cmd_init(options, paths):
    from . import database
    password, generated = _admin_password(options.demo)
    if options.demo:
        cities = options.city or None
    else:
        cities = options.city or ["Ma collectivité"]
    new = database.create(
        options.database, MODULES, lang=options.lang,
        admin_password=password, cities=cities, demo=options.demo,
        families=options.families)
    print(f"Base « {options.database} » prête.")
    if generated and new:
        print(f"Mot de passe de l'utilisateur admin (affiché une seule "
            f"fois) : {password}")
    return 0


def cmd_serve(options, paths):
    from . import database
    if options.database and not database.exists(options.database):
        raise HestiaError(
            f"la base « {options.database} » n'existe pas : "
            f"lancez d'abord « hestia init -d {options.database} »")
    if not os.path.isfile(os.path.join(paths.web_root, 'index.html')):
        raise HestiaError(
            f"le client web sao est absent de {paths.web_root} : "
            "lancez « make sao »")
    import trytond.config as config
    config.set('web', 'listen', f'{options.host}:{options.port}')
    print(f"Hestia sur http://{options.host}:{options.port}/"
        + (f" (base « {options.database} »)" if options.database else ''),
        flush=True)
    from trytond.pool import Pool
    from trytond.wsgi import app
    from werkzeug.serving import run_simple
    Pool.start()
    if options.database:
        # Load the registry now rather than on the first request.
        Pool(options.database).init()
    run_simple(options.host, options.port, app, threaded=True)
    return 0

def _run_for_company(options, function):
    """`function(pool, company)` in one transaction of the database, in the
    context of its Département (--company); its result printed as JSON."""
    import json
    from . import database
    if not database.exists(options.database):
        raise HestiaError(f"la base « {options.database} » n'existe pas")

    def run():
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        company = database.find_company(options.company)
        with Transaction().set_context(company=company.id,
                companies=[company.id], language='fr'):
            return function(Pool(), company)

    from trytond.pool import Pool
    Pool(options.database).init()
    summary = database.run_in_transaction(options.database, run)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return summary


def cmd_flux_import(options, paths):
    "Import one file; print its integration report as JSON (§5)."
    if not os.path.isfile(options.file):
        raise UsageError(f"fichier introuvable : {options.file}")
    with open(options.file, 'rb') as file:
        data = file.read()

    def run(pool, company):
        Report = pool.get('dases.integration.report')
        return Report.import_file(options.kind, company,
            os.path.basename(options.file), data).summary()
    summary = _run_for_company(options, run)
    return 0 if summary['state'] == 'done' else 1


def _period(text):
    "First day of the month AAAA-MM."
    import datetime
    try:
        return datetime.datetime.strptime(text, '%Y-%m').date()
    except ValueError:
        raise UsageError(f"période « {text} » invalide : attendu AAAA-MM")


def cmd_flux_export(options, paths):
    "Write one monthly file or statement; print a JSON summary."
    period = _period(options.period)
    report = REPORT_EXPORTS.get(options.kind)
    extension = os.path.splitext(options.output)[1].lower().lstrip('.')
    if report and extension not in {'pdf', 'xlsx'}:
        raise UsageError("un état s'exporte en .pdf ou en .xlsx")

    def run(pool, company):
        import calendar
        if report:
            start = period.replace(month=1)
            end = period.replace(
                day=calendar.monthrange(period.year, period.month)[1])
            _, content, _, name = pool.get(report, type='report').execute(
                [], {'company': company.id, 'start': start, 'end': end,
                    'format': extension})
            summary = {'report': name, 'format': extension,
                'start': f'{start:%d/%m/%Y}', 'end': f'{end:%d/%m/%Y}'}
        else:
            export = pool.get('dases.cesu.export').generate(company,
                FLUX_EXPORTS[options.kind], period)
            content, summary = export.data, export.summary()
        with open(options.output, 'wb') as file:
            file.write(content)
        return dict(summary, output=options.output)
    _run_for_company(options, run)
    return 0


if __name__ == '__main__':
    sys.exit(main())
