# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""hestia backup / hestia restore (ARCHITECTURE §5).

One archive (tar.gz) holds the database — a consistent copy of the SQLite
file, or pg_dump's custom format for PostgreSQL — and the attachments'
filestore, with a manifest: per table its row count and a checksum of its
rows, per file its SHA-256. A restore checks the archive first (a cut or
foreign file is refused before anything is created), restores into a new
database, then counts and checksums every table again and drops what it
made if anything differs."""
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile

from .config import HestiaError

FORMAT = 'hestia-backup'
VERSION = 1
MANIFEST = 'manifest.json'
CHUNK = 1 << 20


def _backend():
    from trytond import backend
    return backend.name


def _uri(name):
    "libpq URI of database `name` from trytond's [database] uri."
    import trytond.config as config
    scheme, _, rest = config.get('database', 'uri').partition('://')
    location, _, query = rest.partition('?')
    host = location.split('/', 1)[0]
    return f"{scheme}://{host}/{name}" + (f"?{query}" if query else '')


def _sqlite_path(name):
    import trytond.config as config
    return os.path.join(config.get('database', 'path'), name + '.sqlite')


def _filestore(name):
    import trytond.config as config
    return os.path.join(config.get('database', 'path'), name)


def _pg_tool(name):
    "pg_dump or pg_restore: on the PATH, else the newest installed."
    found = shutil.which(name)
    if found:
        return found
    import glob
    candidates = sorted(glob.glob(f'/usr/lib/postgresql/*/bin/{name}'),
        key=lambda p: int(p.split('/')[4]) if p.split('/')[4].isdigit()
        else 0)
    if not candidates:
        raise HestiaError(f"{name} introuvable : installez le client "
            "PostgreSQL (paquet postgresql-client)")
    return candidates[-1]


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as file:
        for block in iter(lambda: file.read(CHUNK), b''):
            digest.update(block)
    return digest.hexdigest()


def _connect(name):
    "A DB-API connection to database `name` of the configured backend."
    if _backend() == 'sqlite':
        return sqlite3.connect(_sqlite_path(name))
    import psycopg
    return psycopg.connect(_uri(name))


def table_summary(name):
    """{table: {'rows': n, 'sha256': …}}: each table's rows, read in a
    fixed order, hashed; the same database restored gives the same."""
    connection = _connect(name)
    try:
        cursor = connection.cursor()
        if _backend() == 'sqlite':
            cursor.execute("SELECT name FROM sqlite_master WHERE type = "
                "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        else:
            cursor.execute("SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                " ORDER BY table_name")
        tables = [t for t, in cursor.fetchall()]
        summary = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
            columns = [c[0] for c in cursor.description]
            order = '"id"' if 'id' in columns else ', '.join(
                f'CAST("{c}" AS TEXT)' for c in columns)
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
            digest, rows = hashlib.sha256(), 0
            for row in cursor:
                digest.update(repr(tuple(row)).encode('utf-8'))
                rows += 1
            summary[table] = {'rows': rows, 'sha256': digest.hexdigest()}
        return summary
    finally:
        connection.close()


def _dump(name, folder):
    "The database's dump in `folder`; its file name."
    if _backend() == 'sqlite':
        source = _sqlite_path(name)
        if not os.path.isfile(source):
            raise HestiaError(f"la base « {name} » n'existe pas")
        target = os.path.join(folder, 'database.sqlite')
        # The backup API copies a consistent state, even while served.
        with sqlite3.connect(source) as live, \
                sqlite3.connect(target) as copy:
            live.backup(copy)
        copy.close()
        live.close()
        return 'database.sqlite'
    target = os.path.join(folder, 'database.dump')
    result = subprocess.run([_pg_tool('pg_dump'), '--format=custom',
            '--no-owner', '--no-privileges', '--file', target,
            '--dbname', _uri(name)], capture_output=True, text=True)
    if result.returncode:
        raise HestiaError("pg_dump a échoué : "
            + (result.stderr.strip().splitlines() or ['?'])[-1])
    return 'database.dump'


def backup(name, output):
    """Write the archive of database `name` and its filestore to `output`;
    returns the manifest."""
    from . import database
    if not database.exists(name):
        raise HestiaError(f"la base « {name} » n'existe pas")
    with tempfile.TemporaryDirectory(prefix='hestia-backup-') as folder:
        dump = _dump(name, folder)
        tables = table_summary(name)
        files = {}
        store = _filestore(name)
        if os.path.isdir(store):
            for root, _, names in os.walk(store):
                for filename in names:
                    path = os.path.join(root, filename)
                    relative = os.path.relpath(path, store)
                    files[relative] = _sha256(path)
        manifest = {
            'format': FORMAT, 'version': VERSION, 'backend': _backend(),
            'database': name,
            'date': datetime.datetime.now().isoformat(timespec='seconds'),
            'dump': {'name': dump,
                'sha256': _sha256(os.path.join(folder, dump))},
            'tables': tables, 'files': files,
            }
        partial = output + '.partiel'
        with tarfile.open(partial, 'w:gz') as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(os.path.join(folder, dump), dump)
            for relative in sorted(files):
                archive.add(os.path.join(store, relative),
                    'filestore/' + relative)
        # A backup cut by a full disk never takes the name of a good one.
        os.replace(partial, output)
    return manifest


def _read_archive(path, folder):
    "Extract and check `path` into `folder`; its manifest."
    refused = f"« {os.path.basename(path)} » n'est pas une sauvegarde Hestia"
    if not os.path.isfile(path):
        raise HestiaError(f"fichier introuvable : {path}")
    try:
        with tarfile.open(path, 'r:gz') as archive:
            names = archive.getnames()
            if MANIFEST not in names:
                raise HestiaError(f"{refused} (pas de manifeste)")
            for member in archive.getmembers():
                if not member.isfile() or member.name.startswith('/') \
                        or '..' in member.name.split('/'):
                    raise HestiaError(f"{refused} (élément « {member.name} »"
                        " inattendu)")
            archive.extractall(folder, filter='data')
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise HestiaError(f"{refused}, ou elle est tronquée ({error})")
    try:
        with open(os.path.join(folder, MANIFEST), 'rb') as file:
            manifest = json.load(file)
        assert manifest['format'] == FORMAT
        dump, files = manifest['dump'], manifest['files']
    except (ValueError, KeyError, TypeError, AssertionError):
        raise HestiaError(f"{refused} (manifeste illisible)")
    if manifest['version'] > VERSION:
        raise HestiaError("sauvegarde d'une version plus récente de Hestia "
            f"(format {manifest['version']})")
    checks = [(dump['name'], dump['sha256'])] + [
        ('filestore/' + n, s) for n, s in files.items()]
    for member, digest in checks:
        target = os.path.join(folder, member)
        if not os.path.isfile(target) or _sha256(target) != digest:
            raise HestiaError(f"sauvegarde altérée : « {member} » manque ou "
                "ne correspond pas à sa somme de contrôle")
    return manifest


def _drop(name):
    if _backend() == 'sqlite':
        if os.path.exists(_sqlite_path(name)):
            os.remove(_sqlite_path(name))
    else:
        from trytond import backend
        from trytond.transaction import Transaction
        with Transaction().start(
                None, 0, close=True, autocommit=True) as transaction:
            backend.Database(name).drop(transaction.connection, name)
    shutil.rmtree(_filestore(name), ignore_errors=True)


def restore(path, name):
    """Restore the archive `path` as the new database `name`; returns the
    manifest once every table's count and checksum match it."""
    from . import database
    if database.exists(name) or os.path.exists(_filestore(name)):
        raise HestiaError(f"la base « {name} » existe déjà : restaurez sous "
            "un autre nom (rien n'est écrasé)")
    with tempfile.TemporaryDirectory(prefix='hestia-restore-') as folder:
        manifest = _read_archive(path, folder)
        if manifest['backend'] != _backend():
            raise HestiaError(f"sauvegarde d'une base {manifest['backend']}, "
                f"la configuration est {_backend()} : restaurez-la avec une "
                "configuration du même type")
        dump = os.path.join(folder, manifest['dump']['name'])
        try:
            if _backend() == 'sqlite':
                shutil.copyfile(dump, _sqlite_path(name))
            else:
                database._ensure_database(name)
                result = subprocess.run([_pg_tool('pg_restore'),
                        '--no-owner', '--no-privileges', '--exit-on-error',
                        '--dbname', _uri(name), dump],
                    capture_output=True, text=True)
                if result.returncode:
                    raise HestiaError("pg_restore a échoué : " + (
                            result.stderr.strip().splitlines() or ['?'])[-1])
            source = os.path.join(folder, 'filestore')
            if os.path.isdir(source):
                shutil.copytree(source, _filestore(name))
            found = table_summary(name)
            differences = [t for t in set(found) | set(manifest['tables'])
                if found.get(t) != manifest['tables'].get(t)]
            if differences:
                raise HestiaError("la base restaurée ne correspond pas à la "
                    "sauvegarde (tables " + ', '.join(sorted(differences)[:5])
                    + ") : elle a été supprimée")
        except BaseException:
            _drop(name)
            raise
    return manifest
