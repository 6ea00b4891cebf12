# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from .sqlite_transaction import keep_sqlite_transactions

keep_sqlite_transactions()
