# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Proteus scenarios of pes_asap, counted by pytest (hestia_base.testing)."
from hestia_base.testing import scenario_tests

test_scenario = scenario_tests(__file__)
