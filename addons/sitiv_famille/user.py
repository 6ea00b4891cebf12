# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Failed logins lock a login out for minutes, not a working day."
from trytond.pool import PoolMeta

from hestia.lockout import LoginAttemptLockout


class LoginAttempt(LoginAttemptLockout, metaclass=PoolMeta):
    __name__ = 'res.user.login.attempt'
