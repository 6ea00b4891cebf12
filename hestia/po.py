# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Check that a module's locale/fr.po covers every string it shows.

    python -m hestia.po MODULE       list the missing French strings

The reference is the framework's own export, from a database whose default
language is English (the framework refuses otherwise)."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile

import polib


_DATABASE = {}  # one English database per process, shared by modules


def _database():
    "(config, env) of an English database with every module, made once."
    if not _DATABASE:
        folder = tempfile.mkdtemp(prefix='hestia-po-')
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        config = os.path.join(folder, 'trytond.conf')
        with open(config, 'w') as file:
            file.write(f'[database]\nuri = sqlite://\npath = {folder}\n'
                'language = en\n')
        env = dict(os.environ, HESTIA_CONFIG=config)
        for name in ['TRYTOND_DATABASE_URI', 'DB_NAME']:
            env.pop(name, None)
        hestia = [sys.executable, '-m', 'hestia.cli']
        subprocess.run(hestia + ['init', '-d', 'po', '--lang', 'en'],
            env=env, check=True, capture_output=True)
        _DATABASE.update(config=config, env=env)
    return _DATABASE['config'], _DATABASE['env']


def export(module):
    "The module's strings as the framework exports them (a POFile)."
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    config, env = _database()
    target = os.path.join(root, 'addons', module, 'locale', 'fr.po')
    saved = open(target, 'rb').read() if os.path.exists(target) else None
    try:
        subprocess.run([os.path.join(os.path.dirname(sys.executable),
                    'trytond-admin'), '-c', config, '-d', 'po',
                '-u', module, '-l', 'fr', '--export-translations'],
            env=env, check=True, capture_output=True)
        return polib.pofile(target)
    finally:
        if saved is not None:
            with open(target, 'wb') as file:
                file.write(saved)


def missing(module):
    "(msgctxt, msgid) the framework exports that fr.po does not translate."
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    current = polib.pofile(
        os.path.join(root, 'addons', module, 'locale', 'fr.po'))
    translated = {(e.msgctxt, e.msgid) for e in current if e.msgstr}
    return sorted({(e.msgctxt, e.msgid) for e in export(module)}
        - translated)


if __name__ == '__main__':
    gaps = missing(sys.argv[1])
    for context, msgid in gaps:
        print(f'{context}\t{msgid}')
    sys.exit(1 if gaps else 0)
