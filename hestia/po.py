# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Check that a module's locale/fr.po covers every string it shows.

    python -m hestia.po MODULE       list the missing French strings

The reference is the framework's own export (what `trytond-admin
--export-translations` writes), read inside a transaction on a database
whose default language is English (the framework refuses otherwise) and
rolled back: nothing is written, neither in the database nor in the
module's folder."""
import os
import sys

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def framework_strings(modules, language='fr'):
    """{module: {(msgctxt, msgid)}} the framework would export for
    `language`, computed in the current transaction (which the caller rolls
    back)."""
    from trytond.pool import Pool
    pool = Pool()
    Lang = pool.get('ir.lang')
    Translation = pool.get('ir.translation')
    for name, state in [('ir.translation.set', 'set_'),
            ('ir.translation.clean', 'clean')]:
        Wizard = pool.get(name, type='wizard')
        session_id, _, _ = Wizard.create()
        Wizard.execute(session_id, {}, state)
        Wizard.delete(session_id)
    lang, = Lang.search([('code', '=', language)])
    Update = pool.get('ir.translation.update', type='wizard')
    session_id, _, _ = Update.create()
    Update.execute(session_id, {'start': {'language': lang.id}}, 'update')
    Update.delete(session_id)
    result = {}
    for module in modules:
        data = Translation.translation_export(language, module)
        result[module] = {(e.msgctxt, e.msgid)
            for e in polib.pofile(data.decode('utf-8'))} if data else set()
    return result


def translated(module, language='fr'):
    "(msgctxt, msgid) that the module's po file translates."
    path = os.path.join(ROOT, 'addons', module, 'locale', f'{language}.po')
    if not os.path.exists(path):
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(path) if e.msgstr}


def _english_database():
    "A temporary English database with every module: (name, config path)."
    import atexit
    import shutil
    import subprocess
    import tempfile
    folder = tempfile.mkdtemp(prefix='hestia-po-')
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config = os.path.join(folder, 'trytond.conf')
    with open(config, 'w') as file:
        file.write(f'[database]\nuri = sqlite://\npath = {folder}\n'
            'language = en\n')
    env = dict(os.environ, HESTIA_CONFIG=config)
    for name in ['TRYTOND_DATABASE_URI', 'DB_NAME']:
        env.pop(name, None)
    subprocess.run([sys.executable, '-m', 'hestia.cli', 'init', '-d', 'po',
            '--lang', 'en'], env=env, check=True, capture_output=True)
    return 'po', config


def main(module):
    name, config = _english_database()
    from .config import load_config
    load_config(config)
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Pool(name).init()
    with Transaction().start(name, 0) as transaction:
        exported = framework_strings([module])[module]
        transaction.rollback()
    gaps = sorted(exported - translated(module), key=str)
    for context, msgid in gaps:
        print(f'{context}\t{msgid}')
    return 1 if gaps else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
