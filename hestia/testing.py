# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Test helpers shared by every module (imported by tests only)."
import doctest
import io
import pathlib
import unittest

import pytest


def scenario_tests(test_file):
    """A pytest test, parametrised by the scenario_*.rst beside `test_file`,
    that runs each one as Tryton's load_doc_tests would."""
    from trytond import backend
    from trytond.tests.test_tryton import (
        STRIP_DECIMAL, doctest_checker, doctest_setup, doctest_teardown)

    folder = pathlib.Path(test_file).parent
    scenarios = sorted(folder.glob('scenario_*.rst'))

    @pytest.mark.parametrize('scenario', scenarios, ids=lambda p: p.stem)
    def test(scenario):
        flags = (doctest.REPORT_ONLY_FIRST_FAILURE | doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL)
        if backend.name == 'sqlite':
            flags |= STRIP_DECIMAL
        suite = doctest.DocFileSuite(
            str(scenario), module_relative=False,
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8', checker=doctest_checker, optionflags=flags)
        output = io.StringIO()
        result = unittest.TextTestRunner(stream=output, verbosity=0).run(
            suite)
        assert result.testsRun == 1
        assert result.wasSuccessful(), output.getvalue()
    return test
