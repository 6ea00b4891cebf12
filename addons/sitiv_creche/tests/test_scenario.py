# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Run the proteus scenarios under pytest.

pytest ignores unittest's `load_tests`, so Tryton's `load_doc_tests` would
silently run nothing: each scenario_*.rst is a parametrised test here."""
from hestia_base.testing import scenario_tests

test_scenario = scenario_tests(__file__)
