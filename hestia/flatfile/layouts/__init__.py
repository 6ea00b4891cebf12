# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"One module per flux of spec 002, Annexe 1 and 2."
