# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every test of the repository shares.

* A real SMTP server on the loopback, so that mail is sent as in production
  (no « fail to connect to smtp localhost:25 ») and tests can read what it
  received.
* Both cores (pytest-xdist): each worker has its own database; the cached
  bases (SQLite files, PostgreSQL templates) are shared, and one worker builds
  a given set of modules while the other waits for it instead of building it
  twice or reading it half-written."""
import contextlib
import fcntl
import hashlib
import os
import pathlib
import tempfile

import pytest


def _convert_command():
    """LibreOffice as the repository's trytond.conf runs it: one profile per
    conversion, so that two workers converting at once never share one (the
    framework's default shares the user's, and the second run fails)."""
    import configparser
    parser = configparser.RawConfigParser()
    parser.read(pathlib.Path(__file__).parent / 'trytond.conf')
    from hestia.soffice import resolve
    return resolve(parser.get('report', 'convert_command'))


# Read by trytond.config when it is imported, and by the commands tests run.
os.environ.setdefault('TRYTOND_REPORT__CONVERT_COMMAND', _convert_command())

_WORKER = os.environ.get('PYTEST_XDIST_WORKER')
if _WORKER and os.environ.get('DB_NAME', ':memory:') != ':memory:':
    # Read by trytond.tests.test_tryton when it is imported, after this file.
    os.environ['DB_NAME'] = f"{os.environ['DB_NAME']}_{_WORKER}"


@contextlib.contextmanager
def _cache_lock(name):
    "Held while a cached base is looked for, built and stored."
    where = os.environ.get('PGHOST') or os.environ.get('DB_CACHE') or ''
    folder = pathlib.Path(tempfile.gettempdir()) / (
        'hestia-test-locks-' + hashlib.sha1(where.encode()).hexdigest()[:12])
    folder.mkdir(exist_ok=True)
    key = hashlib.sha1(name.encode()).hexdigest()
    with open(folder / key, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _serialise_cached_bases():
    from trytond.tests import test_tryton, tools

    activate_module = test_tryton.activate_module
    activate_modules = tools.activate_modules

    def locked_activate_module(modules, lang='en'):
        names = [modules] if isinstance(modules, str) else modules
        with _cache_lock(f"{'-'.join(names)}--{lang}"):
            return activate_module(modules, lang=lang)

    def locked_activate_modules(modules, *setup):
        names = [modules] if isinstance(modules, str) else modules
        with _cache_lock('|'.join(sorted(names) + [
                    getattr(f, '__name__', repr(f)) for f in setup])):
            return activate_modules(modules, *setup)

    test_tryton.activate_module = locked_activate_module
    tools.activate_modules = locked_activate_modules


if _WORKER:
    _serialise_cached_bases()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """A test file runs on one worker (its module's cached base is built
    once); the browser tests all on the same one, in order: they share one
    demo server whose invoices the earlier ones bill, pay and send."""
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split('::', 1)[0]
            return 'tests/e2e' if path.startswith('tests/e2e/') else path
    return Scheduling(config, log)


@pytest.fixture(scope='session', autouse=True)
def smtp_server():
    from trytond import config

    from hestia import testing
    server = testing.SMTPServer.running = testing.SMTPServer().start()
    config.set('email', 'uri', server.uri)
    # The servers and commands the tests start read it too.
    os.environ['TRYTOND_EMAIL__URI'] = server.uri
    yield server
    server.stop()
