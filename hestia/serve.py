# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What `hestia serve` prints of each request: one plain French line (the
development server's colours and English are for its developers)."""
import datetime
import sys

from werkzeug.serving import WSGIRequestHandler


class RequestHandler(WSGIRequestHandler):

    def log_request(self, code='-', size='-'):
        path = getattr(self, 'path', None) or self.requestline
        print(f"{datetime.datetime.now():%d/%m/%Y %H:%M:%S} "
            f"{self.command or '-'} {path} → {code}", flush=True)

    def log(self, type, message, *args):
        if type == 'info':
            return
        print(f"{datetime.datetime.now():%d/%m/%Y %H:%M:%S} erreur : "
            + (message % args if args else message).rstrip(), file=sys.stderr,
            flush=True)
