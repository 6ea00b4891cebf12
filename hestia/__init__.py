# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Hestia: the `hestia` command and framework-free libraries."
__version__ = '0.1.0'
