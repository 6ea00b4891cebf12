# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Test helpers shared by every module (imported by tests only)."
import doctest
import io
import pathlib
import unittest

import pytest


def scenario_tests(test_file):
    """A pytest test, parametrised by the scenario_*.rst beside `test_file`,
    that runs each one as Tryton's load_doc_tests would."""
    from trytond import backend
    from trytond.tests.test_tryton import (
        STRIP_DECIMAL, doctest_checker, doctest_setup, doctest_teardown)

    folder = pathlib.Path(test_file).parent
    scenarios = sorted(folder.glob('scenario_*.rst'))

    @pytest.mark.parametrize('scenario', scenarios, ids=lambda p: p.stem)
    def test(scenario):
        flags = (doctest.REPORT_ONLY_FIRST_FAILURE | doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL)
        if backend.name == 'sqlite':
            flags |= STRIP_DECIMAL
        suite = doctest.DocFileSuite(
            str(scenario), module_relative=False,
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8', checker=doctest_checker, optionflags=flags)
        output = io.StringIO()
        result = unittest.TextTestRunner(stream=output, verbosity=0).run(
            suite)
        assert result.testsRun == 1
        assert result.wasSuccessful(), output.getvalue()
    return test


# Column types sao 8.0 can draw in a list (Sao.View.TreeXMLViewParser);
# anything else breaks the screen in the browser (a timestamp, say).
SAO_TREE_WIDGETS = {'binary', 'boolean', 'callto', 'char', 'date', 'dict',
    'email', 'float', 'image', 'integer', 'many2many', 'many2one', 'numeric',
    'one2many', 'one2one', 'progressbar', 'reference', 'selection',
    'multiselection', 'sip', 'text', 'time', 'timedelta', 'url'}


class SaoViewsMixin:
    "Checks of a module's views against what the web client can show."

    def test_list_columns_drawable_by_sao(self):
        "Every list column has a widget the web client can draw"
        from lxml import etree
        from trytond.pool import Pool
        from trytond.tests.test_tryton import with_transaction

        @with_transaction()
        def check():
            pool = Pool()
            View = pool.get('ir.ui.view')
            for view in View.search([('module', '=', self.module)]):
                Model = pool.get(view.model)
                result = Model.fields_view_get(view.id)
                if result['type'] != 'tree':
                    continue
                for node in etree.fromstring(result['arch']).iter('field'):
                    field = Model._fields[node.get('name')]
                    widget = node.get('widget', field._type)
                    self.assertIn(widget, SAO_TREE_WIDGETS,
                        msg=f"{view.rec_name}: {node.get('name')}")
        check()


class SMTPServer:
    """A real SMTP server on the loopback, in a thread, keeping what it
    receives: tests send mail as production does and read the result.

    `messages`: (sender, recipients, email.message.EmailMessage);
    `SMTPServer.running`: the one the suite started (conftest.py)."""
    running = None

    def __init__(self):
        import socketserver
        import threading
        self.messages = []
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, text):
                self.wfile.write(text.encode('ascii') + b'\r\n')

            def handle(self):
                sender, recipients = None, []
                self.reply('220 hestia-test ESMTP')
                while line := self.rfile.readline():
                    command = line.decode('utf-8', 'replace').strip()
                    verb = command[:4].upper()
                    if verb in {'HELO', 'EHLO'}:
                        self.reply('250 hestia-test')
                    elif verb == 'MAIL':
                        sender = command.split(':', 1)[1].strip(' <>')
                        recipients = []
                        self.reply('250 OK')
                    elif verb == 'RCPT':
                        recipients.append(
                            command.split(':', 1)[1].strip(' <>'))
                        self.reply('250 OK')
                    elif verb == 'DATA':
                        self.reply('354 End data with <CR><LF>.<CR><LF>')
                        server._receive(sender, recipients, self.rfile)
                        self.reply('250 OK')
                    elif verb == 'QUIT':
                        self.reply('221 Bye')
                        return
                    else:  # RSET, NOOP …
                        self.reply('250 OK')

        self._server = socketserver.ThreadingTCPServer(
            ('127.0.0.1', 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.uri = f'smtp://127.0.0.1:{self.port}'
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True)

    def _receive(self, sender, recipients, stream):
        import email
        import email.policy
        lines = []
        while (line := stream.readline()) not in {b'.\r\n', b'.\n', b''}:
            lines.append(line[1:] if line.startswith(b'..') else line)
        self.messages.append((sender, recipients, email.message_from_bytes(
                    b''.join(lines), policy=email.policy.default)))

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
