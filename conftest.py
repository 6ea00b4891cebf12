# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every test of the repository shares: a real SMTP server on the
loopback, so that mail is sent as in production (no « fail to connect to
smtp localhost:25 ») and tests can read what it received."""
import os

import pytest


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
