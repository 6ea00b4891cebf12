# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The `hestia` command (ARCHITECTURE §5).

Exit codes: 0 done, 1 the operation failed (one clear French line on stderr),
2 usage error."""
import argparse
import os
import secrets
import sys

from . import __version__, argparse_fr
from .config import HestiaError, UsageError, load_config

MODULES = ['sitiv_famille', 'sitiv_activite', 'sitiv_facturation',
    'sitiv_portail', 'sitiv_ecole', 'onde_connector', 'sitiv_creche',
    'dases_base',
    'dases_cesu', 'dases_telegestion', 'dases_plateforme', 'pes_asap']
FLUX_IMPORTS = ['flux1', 'flux4', 'crcesu', 'flux6', 'tg-clients',
    'tg-interventions', 'log-facture', 'ban', 'onde-eleves']
# The school service's files (sitiv.school.import), per city.
SCHOOL_IMPORTS = {'ban', 'onde-eleves'}
# Provider files name their provider (--sad CODE).
SAD_IMPORTS = {'tg-clients', 'tg-interventions'}
FLUX_EXPORTS = {'flux8.2': 'flux82', 'flux8.1': 'flux81', 'flux5': 'flux5',
    'flux6': 'flux6'}
# I6 and I7 reports: the format follows the output file's extension.
REPORT_EXPORTS = {'compte-emploi': 'dases.cesu.statement',
    'suivi-consomme': 'dases.cesu.follow_up'}


def _parser():
    argparse_fr.install()
    parser = argparse.ArgumentParser(
        prog='hestia',
        description="Hestia — ERP des collectivités (Tryton 8.0 LTS).")
    parser.add_argument('--version', action='version', version=__version__,
        help="afficher la version et quitter")
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
    init.add_argument('--lang', default='fr', metavar='LANGUE',
        help="langue (défaut : fr)")
    init.add_argument(
        '--city', action='append', metavar='NOM',
        help="une commune (société) à créer ; répétable")
    init.add_argument(
        '--families', type=argparse_fr.entier, default=None, metavar='N',
        help="nombre de foyers de démonstration (défaut : 1500)")

    serve = commands.add_parser(
        'serve', help="servir trytond et sao sur http://localhost:PORT/")
    serve.add_argument('-d', '--database', metavar='BASE')
    serve.add_argument('--port', type=argparse_fr.entier, default=8000,
        help="port HTTP (défaut : 8000)")
    serve.add_argument('--host', default='localhost', metavar='HÔTE',
        help="adresse d'écoute (défaut : localhost ; 0.0.0.0 pour le "
        "réseau local)")
    backup = commands.add_parser('backup', help="sauvegarder une base et "
        "ses pièces jointes dans une archive")
    backup.add_argument('-d', '--database', required=True, metavar='BASE')
    backup.add_argument('-o', '--output', required=True, metavar='FICHIER')
    restore = commands.add_parser('restore', help="restaurer une archive "
        "dans une nouvelle base, contrôles compris")
    restore.add_argument('file', metavar='FICHIER')
    restore.add_argument('-d', '--database', required=True, metavar='BASE')

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
    flux_import.add_argument('--sad', metavar='CODE',
        help="code tiers SALSA du SAD (tg-clients, tg-interventions)")
    flux_import.add_argument('--company', metavar='NOM',
        help="société (Département ou commune) destinataire, si la base en "
        "a plusieurs")
    flux_import.add_argument('--school', metavar='UAI',
        help="onde-eleves : UAI de l'école de l'extraction")
    flux_import.add_argument('--year', metavar='AAAA-AAAA',
        help="onde-eleves : année scolaire de l'extraction")
    flux_import.add_argument('--force', action='store_true',
        help="flux1 : confirmer un fichier qui retire beaucoup de plans "
        "d'aide (au-delà du seuil des paramètres)")
    kinds = ['flux2'] + list(FLUX_EXPORTS) + list(REPORT_EXPORTS)
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
    telegestion = commands.add_parser('telegestion',
        help="télégestion des SAD")
    tg_commands = telegestion.add_subparsers(dest='tg_command',
        metavar='COMMANDE', required=True)
    preinvoice = tg_commands.add_parser('preinvoice',
        help="pré-factures du mois pour chaque SAD (B5)")
    preinvoice.add_argument('-d', '--database', required=True,
        metavar='BASE')
    preinvoice.add_argument('--period', required=True, metavar='AAAA-MM',
        help="mois des interventions")
    preinvoice.add_argument('--sad', metavar='CODE', action='append',
        help="code tiers SALSA d'un SAD (répétable ; défaut : tous)")
    preinvoice.add_argument('--company', metavar='NOM',
        help="Département (défaut : le seul de la base)")
    billing = commands.add_parser('billing',
        help="facturation des familles")
    billing_commands = billing.add_subparsers(dest='billing_command',
        metavar='COMMANDE', required=True)
    billing_run = billing_commands.add_parser('run',
        help="facturer un mois : une facture par payeur (§2.1.5.2)")
    billing_run.add_argument('-d', '--database', required=True,
        metavar='BASE')
    billing_run.add_argument('--period', required=True, metavar='AAAA-MM',
        help="mois facturé")
    billing_run.add_argument('--city', metavar='NOM',
        help="commune (société) ; défaut : toutes celles qui ont des "
        "activités")
    ecole = commands.add_parser('ecole', help="inscriptions scolaires")
    ecole_commands = ecole.add_subparsers(dest='ecole_command',
        metavar='COMMANDE', required=True)
    rollover = ecole_commands.add_parser('rollover',
        help="montée de niveau des élèves à la rentrée (§2.1.3.3)")
    rollover.add_argument('-d', '--database', required=True, metavar='BASE')
    rollover.add_argument('--from', dest='year', required=True,
        metavar='AAAA-AAAA', help="année scolaire qui se termine")
    rollover.add_argument('--to', dest='next_year', required=True,
        metavar='AAAA-AAAA', help="année scolaire de la rentrée")
    rollover.add_argument('--city', metavar='NOM',
        help="commune (société) ; défaut : la seule de la base")
    pes = commands.add_parser('pes',
        help="PES V2 avec la Trésorerie : titres, ORMC, acquits, retours")
    pes_commands = pes.add_subparsers(dest='pes_command', metavar='ACTION',
        required=True)
    pes_export = pes_commands.add_parser('export',
        help="préparer les titres d'un mois (PES Aller) ; résumé JSON")
    pes_export.add_argument('-d', '--database', required=True,
        metavar='BASE')
    pes_export.add_argument('--period', required=True, metavar='AAAA-MM',
        help="mois facturé")
    pes_export.add_argument('--city', metavar='CODE',
        help="commune (société) ; défaut : toutes celles qui ont un budget")
    pes_export.add_argument('--ormc', action='store_true',
        help="un rôle collectif (ORMC) au lieu de titres individuels")
    pes_export.add_argument('-o', '--output', required=True,
        metavar='FICHIER', help="fichier PES Aller (ou dossier s'il y en "
        "a plusieurs)")
    pes_import = pes_commands.add_parser('import',
        help="lire un PES Acquit ou un PES Retour ; rapport JSON")
    pes_import.add_argument('file', metavar='FICHIER')
    pes_import.add_argument('-d', '--database', required=True,
        metavar='BASE')
    pes_import.add_argument('--city', metavar='CODE',
        help="commune (défaut : celle dont le budget a le SIRET du fichier)")
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
        if options.command == 'backup':
            return cmd_backup(options, paths)
        if options.command == 'restore':
            return cmd_restore(options, paths)
        if options.command == 'flux' and options.flux_command == 'export':
            return cmd_flux_export(options, paths)
        if options.command == 'flux':
            return cmd_flux_import(options, paths)
        if options.command == 'telegestion':
            return cmd_preinvoice(options, paths)
        if options.command == 'billing':
            return cmd_billing_run(options, paths)
        if options.command == 'ecole':
            return cmd_school_rollover(options, paths)
        if options.command == 'pes' and options.pes_command == 'export':
            return cmd_pes_export(options, paths)
        if options.command == 'pes':
            return cmd_pes_import(options, paths)
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
    from .progress import Progress
    new = database.create(
        options.database, MODULES, lang=options.lang,
        admin_password=password, cities=cities, demo=options.demo,
        families=options.families, progress=Progress)
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
    from trytond.pool import Pool
    from trytond.wsgi import app
    from werkzeug.serving import make_server

    from .serve import RequestHandler
    Pool.start()
    if options.database:
        # Load the registry now rather than on the first request.
        Pool(options.database).init()
    server = make_server(options.host, options.port, app, threaded=True,
        request_handler=RequestHandler)
    print(f"Hestia sur http://{options.host}:{options.port}/"
        + (f" (base « {options.database} »)" if options.database else '')
        + "\nServeur de démonstration et d'essai : un seul processus, pour "
        "un poste ou une formation. En production, Hestia tourne avec "
        "PostgreSQL, plusieurs processus trytond, un worker et un cron : "
        "voir docker/. Ctrl+C pour arrêter.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _backup_summary(manifest):
    return {'database': manifest['database'], 'backend': manifest['backend'],
        'date': manifest['date'], 'tables': len(manifest['tables']),
        'rows': sum(t['rows'] for t in manifest['tables'].values()),
        'files': len(manifest['files'])}


def cmd_backup(options, paths):
    "Database and filestore in one archive; a JSON summary."
    import json
    from . import backup
    manifest = backup.backup(options.database, options.output)
    print(json.dumps(dict(_backup_summary(manifest), file=options.output),
            ensure_ascii=False, indent=2))
    return 0


def cmd_restore(options, paths):
    "A checked archive into a new database; a JSON summary."
    import json
    from . import backup
    manifest = backup.restore(options.file, options.database)
    print(json.dumps(dict(_backup_summary(manifest),
                restored=options.database, checked=True),
            ensure_ascii=False, indent=2))
    return 0


def _run_for_company(options, function):
    """`function(pool, company)` in one transaction of the database, in the
    context of its Département (--company); its result printed as JSON."""
    def run():
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        from . import database
        company = database.find_company(options.company)
        with Transaction().set_context(company=company.id,
                companies=[company.id], language='fr'):
            return function(Pool(), company)
    return _run_json(options, run)


def _run_json(options, function):
    "`function()` in one transaction of the database; its result as JSON."
    import json
    from . import database
    if not database.exists(options.database):
        raise HestiaError(f"la base « {options.database} » n'existe pas")
    from trytond.pool import Pool
    # stdout carries the JSON only: what LibreOffice prints while it
    # converts a report goes to stderr.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        Pool(options.database).init()
        summary = database.run_in_transaction(options.database, function)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return summary


def cmd_school_rollover(options, paths):
    """Move the city's pupils to the next school year; print the counts
    (moved, repeating, left, to place) as JSON."""
    def run(pool, company):
        Year = pool.get('sitiv.school.year')
        Enrolment = pool.get('sitiv.school.enrolment')
        years = {}
        for name in [options.year, options.next_year]:
            found = Year.search([('name', '=', name)], limit=1)
            if not found:
                raise HestiaError(f"année scolaire inconnue : « {name} »")
            years[name] = found[0]
        year, next_year = years[options.year], years[options.next_year]
        if next_year.start_date <= year.start_date:
            raise UsageError(f"« {options.next_year} » ne suit pas "
                f"« {options.year} »")
        counts = Enrolment.roll_over(year, next_year, company)
        return dict(counts, city=company.rec_name, year=year.name,
            next_year=next_year.name)
    options.company = options.city
    _run_for_company(options, run)
    return 0


def cmd_billing_run(options, paths):
    """Bill a month for one city or every city with activities (§2.1.5.2);
    print the invoices, total, regularisations and errors as JSON."""
    import calendar
    from decimal import Decimal
    start = _period(options.period)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])

    def run():
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        from . import database
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        BillingRun = pool.get('sitiv.billing.run')
        Date = pool.get('ir.date')
        if options.city:
            companies = [database.find_company(options.city)]
        else:
            companies = sorted({a.company for a in Activity.search([])},
                key=lambda c: c.id)
        runs = []
        for company in companies:
            with Transaction().set_context(company=company.id,
                    companies=[company.id], language='fr'):
                billing_run, = BillingRun.create([{
                            'company': company.id,
                            'start_date': start, 'end_date': end,
                            'invoice_date': max(Date.today(), end),
                            }])
                BillingRun.run([billing_run])
                runs.append(billing_run)
        return {
            'period': f'{start:%Y-%m}',
            'invoices': sum(r.invoice_count for r in runs),
            'total': str(sum((r.total for r in runs), Decimal('0.00'))),
            'regularisations': sum(r.regularisation_count for r in runs),
            'errors': [e for r in runs for e in r.summary()['errors']],
            'cities': [r.summary() for r in runs],
            }
    _run_json(options, run)
    return 0


def cmd_pes_export(options, paths):
    """Prepare the month's transfers of each budget (§2.1.5.2): PES Aller
    files checked against the DGFiP schema, written to -o; JSON summary."""
    import calendar
    import pathlib
    from decimal import Decimal
    start = _period(options.period)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    output = pathlib.Path(options.output)

    def run():
        from trytond.exceptions import UserError
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        from . import database
        pool = Pool()
        Budget = pool.get('pes.budget')
        Transfer = pool.get('pes.transfer')
        Date = pool.get('ir.date')
        domain = []
        if options.city:
            domain = [('company', '=', database.find_company(options.city).id)]
        budgets = Budget.search(domain)
        if not budgets:
            raise HestiaError("aucun budget PES n'est paramétré"
                + (f" pour « {options.city} »" if options.city else ''))
        transfers, notes = [], []
        for budget in budgets:
            company = budget.company
            with Transaction().set_context(company=company.id,
                    companies=[company.id], language='fr'):
                try:
                    found, left = Transfer.prepare(budget, start, end,
                        Date.today(), ormc=options.ormc)
                except UserError as error:
                    raise HestiaError(error.message)
            transfers += found
            notes += left
        written = []
        for position, transfer in enumerate(transfers):
            if output.is_dir():
                path = output / transfer.file_name
            elif position == 0:
                path = output
            else:
                path = output.with_name(
                    f"{output.stem}_{position + 1}{output.suffix}")
            path.write_bytes(transfer.file)
            written.append(dict(transfer.summary(), file=str(path)))
        return {
            'period': f'{start:%Y-%m}',
            'pieces': sum(t.piece_count for t in transfers),
            'total': str(sum((t.total for t in transfers
                        if t.kind != 'reduction'), Decimal('0.00'))),
            'files': written,
            'notes': notes,
            }
    _run_json(options, run)
    return 0


def cmd_pes_import(options, paths):
    "Read a PES Acquit or PES Retour; print its report as JSON (§5)."
    if not os.path.isfile(options.file):
        raise UsageError(f"fichier introuvable : {options.file}")
    with open(options.file, 'rb') as file:
        data = file.read()

    def run():
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        from . import database
        Return = Pool().get('pes.treasury_return')
        if options.city:
            company = database.find_company(options.city)
        else:
            company = Return.company_of(data) or database.find_company()
        with Transaction().set_context(company=company.id,
                companies=[company.id], language='fr'):
            return Return.import_file(company,
                os.path.basename(options.file), data).summary()
    summary = _run_json(options, run)
    return 0 if summary['state'] == 'done' else 1


def cmd_flux_import(options, paths):
    "Import one file; print its integration report as JSON (§5)."
    if not os.path.isfile(options.file):
        raise UsageError(f"fichier introuvable : {options.file}")
    with open(options.file, 'rb') as file:
        data = file.read()

    if (options.kind in SAD_IMPORTS) != bool(options.sad):
        raise UsageError("--sad CODE est requis pour tg-clients et "
            "tg-interventions, et pour eux seulement")
    if options.force and options.kind != 'flux1':
        raise UsageError("--force ne vaut que pour flux1")
    onde = options.kind == 'onde-eleves'
    if onde != bool(options.school and options.year) or (
            not onde and (options.school or options.year)):
        raise UsageError("--school UAI et --year AAAA-AAAA sont requis pour "
            "onde-eleves, et pour lui seulement")

    def run(pool, company):
        if options.kind in SCHOOL_IMPORTS:
            extra = _school_and_year(pool, company, options) if onde else {}
            return pool.get('sitiv.school.import').import_file(
                options.kind, company, os.path.basename(options.file),
                data, **extra).summary()
        Report = pool.get('dases.integration.report')
        extra = {'sad': _sads(pool, company, [options.sad])[0]} \
            if options.sad else {}
        if options.force:
            extra['force'] = True
        return Report.import_file(options.kind, company,
            os.path.basename(options.file), data, **extra).summary()
    summary = _run_for_company(options, run)
    return 0 if summary['state'] == 'done' else 1


def _school_and_year(pool, company, options):
    "The school (UAI) and school year of an ONDE extraction."
    School = pool.get('sitiv.school')
    Year = pool.get('sitiv.school.year')
    schools = School.search([('company', '=', company.id),
            ('uai', '=', options.school.upper())], limit=1)
    if not schools:
        raise HestiaError(f"école inconnue à {company.rec_name} : UAI "
            f"« {options.school} »")
    years = Year.search([('name', '=', options.year)], limit=1)
    if not years:
        raise HestiaError(f"année scolaire inconnue : « {options.year} »")
    return {'school': schools[0], 'year': years[0]}


def _sads(pool, company, codes):
    "The providers of `company` with these SALSA codes."
    Sad = pool.get('dases.sad')
    sads = {s.code: s for s in Sad.search([('company', '=', company.id),
                ('code', 'in', codes)])}
    unknown = [c for c in codes if c not in sads]
    if unknown:
        raise HestiaError("SAD inconnu(s) : " + ', '.join(unknown))
    return [sads[c] for c in codes]


def cmd_preinvoice(options, paths):
    "Pre-invoice a month; print one line per pre-invoice as JSON."
    period = _period(options.period)

    def run(pool, company):
        PreInvoice = pool.get('dases.preinvoice')
        sads = _sads(pool, company, options.sad) if options.sad else None
        invoices = PreInvoice.build(company, period, sads)
        return {'period': f'{period:%m/%Y}', 'preinvoices': [{
                    'number': i.number, 'sad': i.sad.code,
                    'aid_type': i.financier_code, 'kind': i.kind,
                    'lines': len(i.lines), 'hours': str(i.quantity),
                    'amount': str(i.amount),
                    'corrections_excluded': i.excluded_corrections,
                    'anomalies': len(i.anomalies),
                    } for i in invoices]}
    _run_for_company(options, run)
    return 0


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

    if options.kind == 'flux2':
        return _export_flux2(options, period)

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


def _export_flux2(options, period):
    """Flux 2: one file per validated invoice of the month, written in
    the directory -o; the invoices become « sent »."""
    if os.path.exists(options.output) and not os.path.isdir(options.output):
        raise UsageError("flux2 s'écrit dans un dossier (-o DOSSIER)")

    def run(pool, company):
        PreInvoice = pool.get('dases.preinvoice')
        files = PreInvoice.export_flux2(company, period)
        os.makedirs(options.output, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(options.output, name), 'wb') as file:
                file.write(text.encode('utf-8'))
        return {'period': f'{period:%m/%Y}', 'output': options.output,
            'files': sorted(files)}
    _run_for_company(options, run)
    return 0


if __name__ == '__main__':
    sys.exit(main())
