# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from .cursor_dict import name_columns_once
from .sqlite_transaction import keep_sqlite_transactions

# Two corrections to the framework, each explained in its file.
keep_sqlite_transactions()
name_columns_once()
