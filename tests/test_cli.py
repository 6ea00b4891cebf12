# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"The `hestia` command as ARCHITECTURE §5 describes it."
import os
import subprocess
import sys
import textwrap

import pytest


def hestia(*args, env=None, cwd=None):
    environ = {k: v for k, v in os.environ.items()
        if k not in {'TRYTOND_DATABASE_URI', 'DB_NAME', 'DB_CACHE',
            'HESTIA_ADMIN_PASSWORD', 'HESTIA_DEBUG'}}
    environ.update(env or {})
    return subprocess.run([sys.executable, '-m', 'hestia.cli', *args],
        capture_output=True, text=True, env=environ, cwd=cwd)


@pytest.fixture
def config(tmp_path):
    path = tmp_path / 'trytond.conf'
    path.write_text(f'[database]\nuri = sqlite://\npath = {tmp_path}\n'
        'language = fr\n')
    return path


@pytest.fixture(scope='session')
def built_bases(tmp_path_factory):
    "Each set of companies initialised once per session (a file each)."
    return {}


@pytest.fixture
def base(config, built_bases, tmp_path_factory):
    """`base(*cities)`: database `cli` with these companies, copied from the
    session's (`hestia init` itself is tested on its own)."""
    import shutil

    def build(*cities):
        if cities not in built_bases:
            folder = tmp_path_factory.mktemp('base')
            template = folder / 'trytond.conf'
            template.write_text(config.read_text().replace(
                    str(config.parent), str(folder)))
            arguments = [a for c in cities for a in ('--city', c)]
            result = hestia('-c', str(template), 'init', '-d', 'cli',
                *arguments)
            assert result.returncode == 0, result.stderr
            built_bases[cities] = folder / 'cli.sqlite'
        shutil.copy(built_bases[cities], config.parent / 'cli.sqlite')
    return build


def check_login(config, login, password):
    "Whether `login`/`password` opens a session on database `cli`."
    script = textwrap.dedent(f'''
        from hestia.config import load_config
        load_config({str(config)!r})
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        Pool('cli').init()
        with Transaction().start('cli', 0):
            User = Pool().get('res.user')
            print(bool(User.get_login({login!r}, {{'password': {password!r}}})))
        ''')
    result = subprocess.run([sys.executable, '-c', script],
        capture_output=True, text=True,
        env={k: v for k, v in os.environ.items()
            if k not in {'TRYTOND_DATABASE_URI', 'DB_NAME'}})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == 'True'


def test_usage_error_exits_2():
    result = hestia()
    assert result.returncode == 2
    assert 'usage' in result.stderr


def test_help_and_usage_errors_are_french():
    "No argparse English: help, required arguments, choices, types"
    english = ['usage:', 'show this help', 'positional arguments',
        'the following arguments', 'invalid choice', 'error:', 'version number',
        'invalid int value', 'unrecognized']
    outputs = [hestia('--help').stdout, hestia('init', '--help').stdout,
        hestia('flux', 'import').stderr,
        hestia('flux', 'import', 'flux9', 'x', '-d', 'y').stderr,
        hestia('serve', '--port', 'abc').stderr,
        hestia('serve', '--inconnu').stderr]
    for output in outputs:
        assert not [w for w in english if w in output], output
    assert "afficher cette aide et quitter" in outputs[0]
    assert "arguments obligatoires manquants : TYPE, FICHIER" in outputs[2]
    assert "choix invalide : 'flux9'" in outputs[3]
    assert "valeur invalide (entier) : 'abc'" in outputs[4]
    assert "arguments inconnus : --inconnu" in outputs[5]


def test_missing_configuration_is_one_french_line(tmp_path):
    result = hestia('-c', str(tmp_path / 'absent.conf'), 'init', '-d', 'x')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"hestia : fichier de configuration introuvable : "
        f"{tmp_path / 'absent.conf'}"]


def test_repository_configuration_found_from_anywhere(tmp_path):
    "Without -c nor HESTIA_CONFIG, another folder falls back to the repo's"
    result = hestia('serve', '-d', 'inconnue', cwd=tmp_path)
    assert result.returncode == 1
    assert "la base « inconnue » n'existe pas" in result.stderr


def test_serve_unknown_database(config):
    result = hestia('-c', str(config), 'serve', '-d', 'inconnue')
    assert result.returncode == 1
    assert "la base « inconnue » n'existe pas" in result.stderr
    assert 'Traceback' not in result.stderr


def test_invalid_database_name(config):
    result = hestia('-c', str(config), 'init', '-d', 'a b;c')
    assert result.returncode == 1
    assert 'nom de base invalide' in result.stderr
    assert 'Traceback' not in result.stderr


def test_init_with_password_from_environment_then_random(config):
    result = hestia('-c', str(config), 'init', '-d', 'cli',
        '--city', "Ville de Bron", env={'HESTIA_ADMIN_PASSWORD': 's3cret-ok'})
    assert result.returncode == 0, result.stderr
    assert 'Mot de passe' not in result.stdout
    assert check_login(config, 'admin', 's3cret-ok')
    assert not check_login(config, 'admin', 'admin')
    # Not a terminal: one plain progress line per step, on stderr.
    steps = result.stderr.splitlines()
    assert steps[0].startswith("[1/2] Activation des modules — ")
    assert steps[1].startswith("[2/2] Langue, communes et administrateur — ")
    assert "encore ≈" in steps[1]
    assert steps[-1].startswith("Base « cli » prête (")

    # Initialising again keeps the password and the data.
    result = hestia('-c', str(config), 'init', '-d', 'cli')
    assert result.returncode == 0, result.stderr
    assert 'Mot de passe' not in result.stdout
    assert check_login(config, 'admin', 's3cret-ok')


def test_init_without_password_prints_a_random_one(config):
    result = hestia('-c', str(config), 'init', '-d', 'cli')
    assert result.returncode == 0, result.stderr
    line, = [l for l in result.stdout.splitlines() if 'Mot de passe' in l]
    password = line.rsplit(' : ', 1)[1]
    assert len(password) >= 12
    assert check_login(config, 'admin', password)


def test_flux1_import_prints_the_report(config, base, tmp_path):
    import json
    import pathlib
    golden = pathlib.Path(__file__).parent / 'golden' / 'flux1' / \
        'plans_ok.txt'
    base("Département de Paris", "Autre Département")

    # Two companies: the Département must be named.
    result = hestia('-c', str(config), 'flux', 'import', 'flux1',
        str(golden), '-d', 'cli')
    assert result.returncode == 2
    assert 'précisez --company' in result.stderr

    args = ['-c', str(config), 'flux', 'import', 'flux1', str(golden),
        '-d', 'cli', '--company', "Département de Paris"]
    first = hestia(*args)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report['lines'], report['created'], report['rejected']) == (
        3, 3, [])
    again = json.loads(hestia(*args).stdout)
    assert (again['created'], again['updated'], again['unchanged']) == (
        0, 0, 3)

    refused = tmp_path / 'refus.csv'
    refused.write_text('nom;prenom\nDUPONT;Jean\n')
    result = hestia(*args[:5], str(refused), *args[6:])
    assert result.returncode == 1
    assert json.loads(result.stdout)['state'] == 'refused'

    result = hestia(*args[:5], str(tmp_path / "absent.txt"), *args[6:])
    assert result.returncode == 2
    assert 'fichier introuvable' in result.stderr

    flux4 = golden.parents[1] / 'flux4' / 'commande_ok.txt'
    args[4:6] = ['flux4', str(flux4)]
    order = hestia(*args)
    assert order.returncode == 0, order.stderr
    assert (json.loads(order.stdout)['created'],
        json.loads(order.stdout)['message']) == (2, None)

    # A week whose file leaves out one plan of three: over the 10 %
    # threshold it waits (exit 1, nothing written); --force confirms it.
    lines = golden.read_bytes().split(b'\r\n')
    shorter = tmp_path / 'flux1_courte.txt'
    shorter.write_bytes(b'\r\n'.join(lines[:2]) + b'\r\n')
    result = hestia(*args[:4], 'flux1', str(shorter), *args[6:])
    assert result.returncode == 1
    waiting = json.loads(result.stdout)
    assert (waiting['state'], waiting['withdrawn']) == ('waiting', 1)
    assert '--force' in waiting['message']
    result = hestia(*args[:4], 'flux1', str(shorter), *args[6:], '--force')
    assert result.returncode == 0, result.stderr
    forced = json.loads(result.stdout)
    assert (forced['state'], forced['withdrawn']) == ('done', 1)
    result = hestia(*args[:4], 'flux4', str(shorter), *args[6:], '--force')
    assert result.returncode == 2
    assert "--force ne vaut que pour flux1" in result.stderr


def test_flux_exports_write_the_month(config, base, tmp_path):
    "hestia flux export flux8.2 / compte-emploi -d DB --period -o FILE"
    import json
    import pathlib
    from hestia.flatfile.layouts import flux82
    golden = pathlib.Path(__file__).parent / 'golden'
    base("Département de Paris")
    for kind, name in [('flux1', 'flux1/plans_ok.txt'),
            ('flux4', 'flux4/commande_ok.txt')]:
        result = hestia('-c', str(config), 'flux', 'import', kind,
            str(golden / name), '-d', 'cli')
        assert result.returncode == 0, result.stderr

    output = tmp_path / 'tpcg.txt'
    result = hestia('-c', str(config), 'flux', 'export', 'flux8.2',
        '-d', 'cli', '--period', '2026-11', '-o', str(output))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary['kind'], summary['period'], summary['lines']) == (
        'flux82', '11/2026', 2)
    details = flux82.read(output.read_bytes())
    assert [d['beneficiary_id'] for d in details] == ['004512', '007731']

    xlsx = tmp_path / 'compte.xlsx'
    result = hestia('-c', str(config), 'flux', 'export', 'compte-emploi',
        '-d', 'cli', '--period', '2026-11', '-o', str(xlsx))
    assert result.returncode == 0, result.stderr
    assert xlsx.read_bytes()[:2] == b'PK'
    assert json.loads(result.stdout)['start'] == '01/01/2026'

    result = hestia('-c', str(config), 'flux', 'export', 'flux5',
        '-d', 'cli', '--period', '2026-13', '-o', str(output))
    assert result.returncode == 2
    assert "période « 2026-13 » invalide" in result.stderr
    result = hestia('-c', str(config), 'flux', 'export', 'compte-emploi',
        '-d', 'cli', '--period', '2026-11', '-o', str(tmp_path / 'a.doc'))
    assert result.returncode == 2


def in_database(config, code):
    """Run `code` (with Pool and the Département as `company`) on `cli`, in
    one transaction restarted when the framework asks for a lock."""
    script = textwrap.dedent(f'''
        from hestia.config import load_config
        load_config({str(config)!r})
        from hestia.database import run_in_transaction
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        Pool('cli').init()

        def work():
            company, = Pool().get('company.company').search([])
            with Transaction().set_context(company=company.id,
                    companies=[company.id]):
        ''') + textwrap.indent(textwrap.dedent(code), ' ' * 8) + \
        "\nrun_in_transaction('cli', work, user=1)\n"
    result = subprocess.run([sys.executable, '-c', script],
        capture_output=True, text=True,
        env={k: v for k, v in os.environ.items()
            if k not in {'TRYTOND_DATABASE_URI', 'DB_NAME'}})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_telegestion_month(config, base, tmp_path):
    """tg-clients, tg-interventions --sad, telegestion preinvoice, flux
    export flux2 -o DIR, log-facture (B2-B8)."""
    import datetime
    import json
    import pathlib
    from hestia.flatfile.layouts import flux2, telegestion
    golden = pathlib.Path(__file__).parent / 'golden'
    base("Département de Paris")
    assert hestia('-c', str(config), 'flux', 'import', 'flux1',
        str(golden / 'flux1' / 'plans_ok.txt'), '-d', 'cli'
        ).returncode == 0
    in_database(config, '''
        Pool().get('dases.sad').create([{'company': company.id,
            'code': '100234', 'name': "SAD ROQUETTE"}])
        ''')
    clients = golden / 'telegestion' / 'clients_ok.csv'
    result = hestia('-c', str(config), 'flux', 'import', 'tg-clients',
        str(clients), '-d', 'cli')
    assert result.returncode == 2
    assert '--sad CODE est requis' in result.stderr
    result = hestia('-c', str(config), 'flux', 'import', 'tg-clients',
        str(clients), '-d', 'cli', '--sad', '999999')
    assert result.returncode == 1
    assert 'SAD inconnu(s) : 999999' in result.stderr
    result = hestia('-c', str(config), 'flux', 'import', 'tg-clients',
        str(clients), '-d', 'cli', '--sad', '100234')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)['created'] == 3

    june = tmp_path / 'interventions.csv'
    june.write_text(telegestion.write_interventions([{
                'identifier': f'J{day}', 'client': 'C0001',
                'worker_code': 'W1', 'nomenclature': 'AMP',
                'raw_start': datetime.datetime(2026, 6, day, 9),
                'raw_end': datetime.datetime(2026, 6, day, 11, 30),
                'source': 'F', 'payer': 'D'} for day in (2, 9, 16)]),
        encoding='utf-8')
    result = hestia('-c', str(config), 'flux', 'import', 'tg-interventions',
        str(june), '-d', 'cli', '--sad', '100234')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)['created'] == 3

    result = hestia('-c', str(config), 'telegestion', 'preinvoice',
        '-d', 'cli', '--period', '2026-06')
    assert result.returncode == 0, result.stderr
    invoice, = json.loads(result.stdout)['preinvoices']
    assert (invoice['sad'], invoice['aid_type'], invoice['hours'],
        invoice['amount']) == ('100234', 'APA75', '7.50', '158.70')

    in_database(config, '''
        PreInvoice = Pool().get('dases.preinvoice')
        PreInvoice.validate_invoice(PreInvoice.search([]))
        ''')
    folder = tmp_path / 'flux2'
    result = hestia('-c', str(config), 'flux', 'export', 'flux2', '-d',
        'cli', '--period', '2026-06', '-o', str(folder))
    assert result.returncode == 0, result.stderr
    name, = json.loads(result.stdout)['files']
    header, (detail,) = flux2.read((folder / name).read_bytes())
    assert (header['reference'], detail['salsa_id'], detail['quantity'],
        detail['amount']) == (invoice['number'], '004512',
        __import__('decimal').Decimal('7.50'),
        __import__('decimal').Decimal('158.70'))

    log = tmp_path / 'log.csv'
    log.write_text(f"1;05/07/2026;03/07/2026;{invoice['number']};SAD "
        "ROQUETTE;01/06/2026;30/06/2026;APA75;OK;;;;;;;\n")
    result = hestia('-c', str(config), 'flux', 'import', 'log-facture',
        str(log), '-d', 'cli')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)['updated'] == 1
    assert 'accepted' in in_database(config, '''
        print(Pool().get('dases.preinvoice').search([])[0].state)
        ''')


def test_billing_run(config, base):
    """hestia billing run --period prints invoices, total, regularisations
    and errors; the same month again bills nothing; a day corrected after
    billing comes back as a regularisation (§2.1.5.2)."""
    import json
    base("Ville de Rillieux-la-Pape")
    in_database(config, '''
        import datetime
        from decimal import Decimal as D
        pool = Pool()
        Party = pool.get('party.party')
        company.sitiv_resident_cities = "Rillieux-la-Pape"
        company.save()
        canteen, = pool.get('sitiv.activity').create([{
            'company': company.id, 'name': "Restauration scolaire",
            'code': 'CANT', 'domain': 'restauration', 'unit': 'meal',
            'tariffs': [('create', [{'name': "2026",
                'start_date': datetime.date(2026, 1, 1),
                'lines': [('create', [{'price': D('3.10')}])]}])]}])
        parent, child = Party.create([
            {'is_person': True, 'last_name': "NGUYEN", 'first_name': "Lan",
                'birth_date': datetime.date(1985, 1, 1)},
            {'is_person': True, 'last_name': "NGUYEN", 'first_name': "Minh",
                'birth_date': datetime.date(2018, 1, 1)}])
        family, = pool.get('sitiv.household').create([{'name': "NGUYEN",
            'company': company.id, 'residence_city': "Rillieux-la-Pape",
            'members': [('create', [{'party': parent.id, 'role': 'head'},
                {'party': child.id, 'role': 'child'}])]}])
        Enrolment = pool.get('sitiv.enrolment')
        enrolment, = Enrolment.create([{'household': family.id,
            'child': child.id, 'activity': canteen.id,
            'start_date': datetime.date(2026, 9, 1)}])
        Enrolment.enrol([enrolment])
        pool.get('sitiv.attendance').create([{'enrolment': enrolment.id,
            'date': datetime.date(2026, 9, day), 'state': 'present'}
            for day in (1, 2, 3)])
        ''')
    result = hestia('-c', str(config), 'billing', 'run', '-d', 'cli',
        '--period', '2026-09', '--city', "Ville de Rillieux-la-Pape")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary['invoices'], summary['total'],
        summary['regularisations'], summary['errors']) == (
        1, '9.30', 0, [])

    result = hestia('-c', str(config), 'billing', 'run', '-d', 'cli',
        '--period', '2026-09')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)['invoices'] == 0

    in_database(config, '''
        import datetime
        Attendance = Pool().get('sitiv.attendance')
        Attendance.mark_absent_excused(Attendance.search([
            ('date', '=', datetime.date(2026, 9, 2))]))
        ''')
    result = hestia('-c', str(config), 'billing', 'run', '-d', 'cli',
        '--period', '2026-10')
    summary = json.loads(result.stdout)
    assert (summary['invoices'], summary['total'],
        summary['regularisations']) == (1, '-3.10', 1)

    result = hestia('-c', str(config), 'billing', 'run', '-d', 'cli',
        '--period', '2026-13')
    assert result.returncode == 2
    assert 'AAAA-MM' in result.stderr


def test_pes_export_and_import(config, base, tmp_path):
    """hestia pes export writes the month's PES Aller, valid against the
    DGFiP schema, and prints pieces and total; hestia pes import reads the
    Acquit back; a corrupted file is refused with exit code 1 (§2.1.5.2)."""
    import json
    import pathlib
    from hestia.pes import schema
    base("Ville de Rillieux-la-Pape")
    in_database(config, '''
        import datetime
        from decimal import Decimal as D
        pool = Pool()
        Party = pool.get('party.party')
        canteen, = pool.get('sitiv.activity').create([{
            'company': company.id, 'name': "Restauration scolaire",
            'code': 'CANT', 'domain': 'restauration', 'unit': 'meal',
            'tariffs': [('create', [{'name': "2026",
                'start_date': datetime.date(2026, 1, 1),
                'lines': [('create', [{'price': D('3.10')}])]}])]}])
        pool.get('pes.budget').create([{'company': company.id,
            'name': "RILLIEUX BUDGET PRINCIPAL", 'id_post': '069045',
            'id_coll': '21690000110000', 'cod_col': '287', 'cod_bud': '00',
            'products': [('create', [{'activity': canteen.id,
                'code': 'REST', 'nature': '7067'}])]}])
        parent, child = Party.create([
            {'is_person': True, 'last_name': "NGUYEN", 'first_name': "Lan",
                'birth_date': datetime.date(1985, 1, 1)},
            {'is_person': True, 'last_name': "NGUYEN", 'first_name': "Minh",
                'birth_date': datetime.date(2018, 1, 1)}])
        family, = pool.get('sitiv.household').create([{'name': "NGUYEN",
            'company': company.id, 'residence_street': "5 rue Hoche",
            'residence_postal_code': '69140',
            'residence_city': "Rillieux-la-Pape",
            'members': [('create', [{'party': parent.id, 'role': 'head'},
                {'party': child.id, 'role': 'child'}])]}])
        Enrolment = pool.get('sitiv.enrolment')
        enrolment, = Enrolment.create([{'household': family.id,
            'child': child.id, 'activity': canteen.id,
            'start_date': datetime.date(2026, 9, 1)}])
        Enrolment.enrol([enrolment])
        pool.get('sitiv.attendance').create([{'enrolment': enrolment.id,
            'date': datetime.date(2026, 9, day), 'state': 'present'}
            for day in (1, 2, 3)])
        ''')
    assert hestia('-c', str(config), 'billing', 'run', '-d', 'cli',
        '--period', '2026-09').returncode == 0
    output = tmp_path / 'pes.xml'
    result = hestia('-c', str(config), 'pes', 'export', '-d', 'cli',
        '--period', '2026-09', '-o', str(output))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary['pieces'], summary['total']) == (1, '9.30')
    assert summary['files'][0]['file'] == str(output)
    root = schema.check(output.read_bytes(), {'aller'})
    assert root.find('PES_RecetteAller/Bordereau/BlocBordereau/MtBordHt'
        ).get('V') == '9.30'
    # Nothing is left for September.
    result = hestia('-c', str(config), 'pes', 'export', '-d', 'cli',
        '--period', '2026-09', '-o', str(tmp_path / 'again.xml'))
    assert json.loads(result.stdout)['pieces'] == 0

    in_database(config, '''
        Transfer = Pool().get('pes.transfer')
        Transfer.send(Transfer.search([]))
        ''')
    golden = pathlib.Path(__file__).parent / 'golden' / 'pes'
    ack = tmp_path / 'ack.xml'
    ack.write_bytes((golden / 'acquit_accepted.xml').read_bytes().replace(
            b'<NumBord V="3"/>', b'<NumBord V="1"/>'))
    result = hestia('-c', str(config), 'pes', 'import', str(ack),
        '-d', 'cli')
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report['kind'], report['state'], report['transfers_updated']) \
        == ('acquit', 'done', 1)

    broken = tmp_path / 'broken.xml'
    broken.write_bytes(ack.read_bytes()[:200])
    result = hestia('-c', str(config), 'pes', 'import', str(broken),
        '-d', 'cli')
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report['state'] == 'refused'
    assert report['message'] == "Le fichier n'est pas un XML lisible."


def test_school_ban_import_and_rollover(config, base, tmp_path):
    """hestia flux import ban reads the city's streets (report as JSON,
    the same file again changes nothing, a wrong file is refused, exit 1);
    hestia ecole rollover moves the pupils up once (§2.1.3.3)."""
    import json
    import pathlib
    ban = (pathlib.Path(__file__).parents[1] / 'addons' / 'sitiv_ecole'
        / 'tests' / 'ban_69_extrait.csv')
    base("Ville de Rillieux-la-Pape")
    in_database(config, '''
        import datetime
        pool = Pool()
        company.sitiv_insee_code = '69286'
        company.save()
        Party = pool.get('party.party')
        Level = pool.get('sitiv.school.level')
        Year = pool.get('sitiv.school.year')
        year, _ = Year.create([{'name': name, 'start_date': start,
            'end_date': start.replace(year=start.year + 1, month=7, day=3)}
            for name, start in [("2026-2027", datetime.date(2026, 9, 1)),
                ("2027-2028", datetime.date(2027, 9, 1))]])
        school, = pool.get('sitiv.school').create([{'company': company.id,
            'name': "Jean Moulin", 'kind': 'maternelle', 'uai': '0690026D',
            'levels': [('add', [l.id for l in Level.search([
                ('code', 'in', ['PS', 'MS', 'GS'])])])]}])
        parent, child = Party.create([
            {'is_person': True, 'last_name': "NGUYEN", 'first_name': "Lan",
                'birth_date': datetime.date(1985, 1, 1)},
            {'is_person': True, 'last_name': "NGUYEN", 'first_name': "Minh",
                'birth_date': datetime.date(2023, 1, 1)}])
        family, = pool.get('sitiv.household').create([{'name': "NGUYEN",
            'company': company.id, 'residence_street': "3 rue des Lilas",
            'members': [('create', [{'party': parent.id, 'role': 'head'},
                {'party': child.id, 'role': 'child'}])]}])
        Enrolment = pool.get('sitiv.school.enrolment')
        enrolment, = Enrolment.create([{'year': year.id, 'child': child.id,
            'household': family.id, 'school': school.id}])
        Enrolment.enrol([enrolment])
        ''')
    args = ['-c', str(config), 'flux', 'import', 'ban', str(ban), '-d', 'cli']
    first = hestia(*args)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report['state'], report['lines'], report['created']) == (
        'done', 7, 2)
    again = json.loads(hestia(*args).stdout)
    assert (again['created'], again['updated'], again['unchanged']) == (
        0, 0, 2)
    wrong = tmp_path / 'adresses.csv'
    wrong.write_text('nom;prenom\nDUPONT;Jean\n')
    result = hestia(*args[:5], str(wrong), *args[6:])
    assert result.returncode == 1
    refused = json.loads(result.stdout)
    assert refused['state'] == 'refused'
    assert "n'est pas un fichier d'adresses de la BAN" in refused['message']

    # ONDE's extraction of a school: no pupil of it is a child of this
    # city's files, so every readable line waits for an agent.
    onde = ban.parents[3] / 'tests' / 'golden' / 'onde' / \
        'eleves_jean_moulin.csv'
    args = ['-c', str(config), 'flux', 'import', 'onde-eleves', str(onde),
        '-d', 'cli', '--school', '0690026d', '--year', '2026-2027']
    result = hestia(*args)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report['lines'], report['created'], len(report['rejected']),
        len(report['to_review'])) == (8, 0, 1, 7)
    assert report['to_review'][0] == {'line': 2, 'pupil': "DURAND Noé",
        'reason': 'unknown'}
    result = hestia(*args[:-4])
    assert result.returncode == 2
    assert "--school UAI et --year" in result.stderr

    rollover = ['-c', str(config), 'ecole', 'rollover', '-d', 'cli',
        '--from', '2026-2027', '--to', '2027-2028']
    result = hestia(*rollover)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)['moved'] == 1
    assert json.loads(hestia(*rollover).stdout)['moved'] == 0
    result = hestia(*rollover[:-1], '2030-2031')
    assert result.returncode != 0
    assert "année scolaire inconnue" in result.stderr
