# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Test helpers shared by every module (imported by tests only): scenarios
run under pytest, views checked against what sao can draw."""
import doctest
import io
import pathlib
import unittest

import pytest

from trytond.tests.test_tryton import DB_NAME, RouteTestCase
from trytond.transaction import Transaction, TransactionError


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


def french(config):
    """Scenario set-up (as `activate_modules(…, french)`): the French
    translations loaded and French the admin's language, as on a real
    Hestia database; give the scenario's users `language=fr` too."""
    from proteus import Model
    Lang = Model.get('ir.lang')
    User = Model.get('res.user')
    fr, = Lang.find([('code', '=', 'fr')])
    fr.click('load_translations')
    admin, = User.find([('login', '=', 'admin')])
    admin.language = fr
    admin.save()


# Column types sao 8.0 can draw in a list (Sao.View.TreeXMLViewParser);
# anything else breaks the screen in the browser (a timestamp, say).
SAO_TREE_WIDGETS = {'binary', 'boolean', 'callto', 'char', 'date', 'dict',
    'email', 'float', 'image', 'integer', 'many2many', 'many2one', 'numeric',
    'one2many', 'one2one', 'progressbar', 'reference', 'selection',
    'multiselection', 'sip', 'text', 'time', 'timedelta', 'url'}


class SaoViewsMixin:
    "Checks of a module's views against what the web client can show."

    def test_list_columns_drawable_by_sao(self):
        "Every list column has a widget the web client can draw"
        from lxml import etree
        from trytond.pool import Pool
        from trytond.tests.test_tryton import with_transaction

        @with_transaction()
        def check():
            pool = Pool()
            View = pool.get('ir.ui.view')
            for view in View.search([('module', '=', self.module)]):
                Model = pool.get(view.model)
                result = Model.fields_view_get(view.id)
                if result['type'] != 'tree':
                    continue
                for node in etree.fromstring(result['arch']).iter('field'):
                    field = Model._fields[node.get('name')]
                    widget = node.get('widget', field._type)
                    self.assertIn(widget, SAO_TREE_WIDGETS,
                        msg=f"{view.rec_name}: {node.get('name')}")
        check()


def odt_text(data):
    "The content.xml of an ODT report, to look for what it prints."
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as odt:
        return odt.read('content.xml')


def pdf_pages(pdf, name):
    """A printed document as its reader sees it: the text of the PDF
    (pdftotext, in reading order) and its pages as PNGs in
    var/documents/<name>-<page>.png, to be looked at after a run."""
    import pathlib
    import shutil
    import subprocess
    import tempfile
    folder = pathlib.Path(__file__).resolve().parents[2] / 'var' / 'documents'
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / 'document.pdf'
        path.write_bytes(bytes(pdf))
        text = subprocess.run(['pdftotext', '-layout', str(path), '-'],
            check=True, capture_output=True, text=True).stdout
        if shutil.which('pdftoppm'):
            for old in folder.glob(f'{name}-*.png'):
                old.unlink()
            subprocess.run(['pdftoppm', '-png', '-r', '70', str(path),
                    str(folder / name)], check=True)
    return text


class LockingRouteTestCase(RouteTestCase):
    """trytond's RouteTestCase whose database set-up is retried when it
    locks a table (billing does): SQLite's lock error asks the transaction
    to start again with the table locked."""

    @classmethod
    def setUpClass(cls):
        super(RouteTestCase, cls).setUpClass()
        extras = {}
        while True:
            with Transaction().start(DB_NAME, 1, **extras) as transaction:
                try:
                    cls.setUpDatabase()
                except TransactionError as error:
                    transaction.rollback()
                    error.fix(extras)
                    continue
                break
