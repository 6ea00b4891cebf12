# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
# The platform's routes are registered when the module is imported.
from . import pages  # noqa: F401
