# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""hestia backup / restore (ARCHITECTURE §5) on the suite's backend:
SQLite in `make test`, the throwaway PostgreSQL of `make test-pg`."""
import io
import json
import os
import subprocess
import sys
import tarfile
import textwrap

import pytest

from test_cli import hestia

URI = os.environ.get('TRYTOND_DATABASE_URI', 'sqlite://')


def run_python(config, code):
    "`code` in a process with the test's configuration loaded."
    script = (f"from hestia.config import load_config\n"
        f"load_config({str(config)!r})\n" + textwrap.dedent(code))
    result = subprocess.run([sys.executable, '-c', script],
        capture_output=True, text=True, env={k: v for k, v in
            os.environ.items() if k not in {'TRYTOND_DATABASE_URI',
                'DB_NAME', 'DB_CACHE'}})
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope='module')
def source(tmp_path_factory):
    "A small database with a user and an attachment in the filestore."
    folder = tmp_path_factory.mktemp('backup')
    config = folder / 'trytond.conf'
    config.write_text(f'[database]\nuri = {URI}\npath = {folder}\n'
        'language = fr\n')
    name = f'sauvegarde{os.getpid()}'
    run_python(config, f'''
        from hestia import database
        from trytond import backend
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        database._ensure_database({name!r})
        backend.Database({name!r}).connect().init()
        Pool({name!r}).init(update=['ir', 'res'], lang=['en'])
        with Transaction().start({name!r}, 0) as transaction:
            pool = Pool()
            User = pool.get('res.user')
            Attachment = pool.get('ir.attachment')
            user, = User.create([{{'name': "Agent Sauvegarde",
                        'login': 'agent.sauvegarde'}}])
            Attachment.create([{{'name': 'flux1.txt',
                        'resource': str(user), 'type': 'data',
                        'data': b'ligne 1|DUPUIS\\r\\n' * 100}}])
            transaction.commit()
        ''')
    return config, name


def summary(config, name):
    return json.loads(run_python(config, f'''
        import json
        from hestia.backup import table_summary
        print(json.dumps(table_summary({name!r})))
        '''))


def test_backup_restores_into_a_new_identical_database(source, tmp_path):
    config, name = source
    archive = tmp_path / 'base.tar.gz'
    result = hestia('-c', str(config), 'backup', '-d', name, '-o',
        str(archive))
    assert result.returncode == 0, result.stderr
    made = json.loads(result.stdout)
    assert made['database'] == name and made['files'] == 1
    assert made['tables'] > 50 and made['rows'] > 100

    copy = name + 'copie'
    result = hestia('-c', str(config), 'restore', str(archive), '-d', copy)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)['checked'] is True
    assert summary(config, copy) == summary(config, name)
    # The attachment comes back from the restored filestore.
    assert run_python(config, f'''
        from trytond.pool import Pool
        from trytond.transaction import Transaction
        Pool({copy!r}).init()
        with Transaction().start({copy!r}, 0):
            attachment, = Pool().get('ir.attachment').search([])
            print(attachment.data[:14].decode())
        ''').strip() == 'ligne 1|DUPUIS'

    # Nothing is overwritten.
    result = hestia('-c', str(config), 'restore', str(archive), '-d', copy)
    assert result.returncode == 1
    assert f"la base « {copy} » existe déjà" in result.stderr


def _archive(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w:gz') as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_bad_archives_are_refused_and_create_nothing(source, tmp_path):
    config, name = source
    good = tmp_path / 'base.tar.gz'
    result = hestia('-c', str(config), 'backup', '-d', name, '-o', str(good))
    assert result.returncode == 0, result.stderr
    data = good.read_bytes()
    with tarfile.open(good) as archive:
        members = {m.name: archive.extractfile(m).read()
            for m in archive.getmembers()}
    manifest = json.loads(members['manifest.json'])
    table = sorted(manifest['tables'])[0]
    manifest['tables'][table]['rows'] += 1
    altered = dict(members, **{'manifest.json': json.dumps(manifest).encode()})
    cases = {
        'tronquee.tar.gz': (data[:len(data) // 2], "ou elle est tronquée"),
        'etrangere.tar.gz': (_archive({'photo.jpg': b'\xff\xd8'}),
            "n'est pas une sauvegarde Hestia (pas de manifeste)"),
        'texte.tar.gz': (b'ceci est un texte', "n'est pas une sauvegarde"),
        'modifiee.tar.gz': (_archive(altered),
            "la base restaurée ne correspond pas à la sauvegarde (tables "
            + table),
        }
    for number, (filename, (content, message)) in enumerate(cases.items()):
        path = tmp_path / filename
        path.write_bytes(content)
        target = f'{name}mauvaise{number}'
        result = hestia('-c', str(config), 'restore', str(path), '-d', target)
        assert result.returncode == 1, filename
        assert message in result.stderr, (filename, result.stderr)
        assert 'Traceback' not in result.stderr
        assert run_python(config, f'''
            from hestia import database
            print(database.exists({target!r}))
            ''').strip() == 'False', filename
