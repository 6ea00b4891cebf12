# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What agents read on every screen, checked on the models themselves
(issue 22); the screens are looked at in Chromium by tests/e2e."""
import pytest

from hestia import authorisation


@pytest.fixture(scope='module')
def database():
    from trytond.tests.test_tryton import activate_module
    activate_module(authorisation.MODULES)


def test_times_show_hours_and_minutes(database):
    """An arrival, a departure, a declaration: « 08:30 », never with the
    seconds the framework shows by default."""
    from trytond.model import fields
    from trytond.pool import Pool
    from trytond.tests.test_tryton import with_transaction

    @with_transaction()
    def check():
        pool = Pool()
        IrModel = pool.get('ir.model')
        with_seconds = []
        for model in IrModel.search([('module', 'in', authorisation.MODULES)]):
            Model = pool.get(model.name)
            for name, field in Model._fields.items():
                if isinstance(field, fields.Function):
                    field = field._field
                if (isinstance(field, (fields.DateTime, fields.Time))
                        and not isinstance(field, fields.Timestamp)
                        and field.format != '%H:%M'):
                    with_seconds.append(f'{model.name}.{name}')
        assert not with_seconds, with_seconds
    check()
