# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A provider's view of its beneficiaries on the platform (G1, G2, G4)."""
import datetime

from trytond.pool import Pool, PoolMeta


class Sad(metaclass=PoolMeta):
    __name__ = 'dases.sad'

    def platform_beneficiaries(self):
        """The beneficiaries whose care plans name the provider (its SALSA
        third-party code) and its clients matched to a beneficiary (G4)."""
        pool = Pool()
        Beneficiary = pool.get('dases.beneficiary')
        return Beneficiary.search([
                ('company', '=', self.company.id),
                ['OR',
                    ('care_plans', 'where', [
                            ('tiers_code', '=', self.code),
                            ('transmitted', '=', True),
                            ]),
                    ('platform_sad_clients', 'where', [
                            ('sad', '=', self.id),
                            ]),
                    ],
                ], order=[('last_name', 'ASC'), ('first_name', 'ASC'),
                ('id', 'ASC')])

    def platform_other_clients(self):
        "The provider's clients the Département does not pay for (G4)."
        Client = Pool().get('dases.sad.client')
        return Client.search([('sad', '=', self.id),
                ('beneficiary', '=', None)],
            order=[('last_name', 'ASC'), ('first_name', 'ASC')])

    def platform_plans(self, today, kind):
        """The provider's plan lines ending within the Département's days
        (`kind` 'ending', G1) or decided or received within its days
        ('revised', G2), each with its beneficiary."""
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        Configuration = pool.get('dases.configuration')
        configuration = Configuration(1)
        domain = [('company', '=', self.company.id),
            ('tiers_code', '=', self.code),
            ('transmitted', '=', True),
            ('coverage_end', '>=', today)]
        if kind == 'ending':
            days = configuration.get_multivalue('ending_days',
                company=self.company.id)
            domain += [('coverage_end', '<=',
                    today + datetime.timedelta(days=days))]
            order = [('coverage_end', 'ASC'), ('id', 'ASC')]
        else:
            days = configuration.get_multivalue('revised_days',
                company=self.company.id)
            since = datetime.datetime.combine(
                today - datetime.timedelta(days=days), datetime.time())
            domain += [('coverage_start', '<=', today),
                ['OR', ('decision_date', '>=', since.date()),
                    ('create_date', '>=', since),
                    ('write_date', '>=', since)]]
            order = [('decision_date', 'DESC NULLS LAST'), ('id', 'DESC')]
        return CarePlan.search(domain, order=order)
