# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""How long wrong passwords lock a login out.

trytond counts failed logins over the session timeout: with agents'
sessions lasting a working day, six wrong passwords typed by anyone
locked the real user out for eight hours. The window is `[session]
lockout` seconds instead (15 minutes by default)."""
import datetime

from trytond import config
from trytond.pool import PoolMeta

LOCKOUT = 15 * 60


def lockout_seconds():
    return config.getint('session', 'lockout', default=LOCKOUT)


class LoginAttempt(metaclass=PoolMeta):
    __name__ = 'res.user.login.attempt'

    @staticmethod
    def delay():
        return datetime.datetime.now() - datetime.timedelta(
            seconds=lockout_seconds())
