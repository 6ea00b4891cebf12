# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A real SMTP server for the tests (no framework here: the root conftest.py
starts it before anything else)."""


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
