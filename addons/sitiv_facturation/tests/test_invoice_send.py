# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Sending a month's invoices by email and/or paper as each family chose
(§2.1.5.2): MARTIN by email, DURAND on paper, LEROY asked for email but
gave no address, so paper."""
from unittest import mock

from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests import test_tryton
from trytond.tests.test_tryton import with_transaction

from hestia_base.testing import odt_text

from .tools import (
    OCT, attend, bill, city, date, enrol, household, martin, person)


class InvoiceSendTestCase(test_tryton._DBTestCase):
    "Invoices sent by email or on paper"
    module = 'sitiv_facturation'
    language = 'fr'

    @with_transaction()
    def test_email_and_paper_per_family(self):
        "One email for MARTIN, once; DURAND and LEROY in the paper batch"
        pool = Pool()
        BillingRun = pool.get('sitiv.billing.run')
        Email = pool.get('ir.email')
        Attachment = pool.get('ir.attachment')
        Paper = pool.get('sitiv.billing.run.paper', type='report')
        ActionReport = pool.get('ir.action.report')
        company, canteen, club = city()
        with set_company(company):
            martins, parent, lea, tom = martin(company)
            martins.invoice_channel = 'email'
            martins.save()
            parent.contact_mechanisms = [{'type': 'email',
                    'value': 'claire.martin@example.fr'}]
            parent.save()
            attend(enrol(martins, lea, canteen), {date(1): 'present'})
            families = {}
            for name, channel in [("DURAND", 'paper'), ("LEROY", 'email')]:
                head = person(name, "Sam", date(1, 1, 1980))
                child = person(name, "Lou", date(1, 1, 2018))
                families[name] = household(company, name, [head], [child])
                families[name].invoice_channel = channel
                families[name].save()
                attend(enrol(families[name], child, canteen),
                    {date(2): 'present'})
            run = bill(company, OCT)
            outbox = []
            with mock.patch('trytond.ir.email_.send_message_transactional',
                    lambda message, **kwargs: outbox.append(message)):
                BillingRun.send_emails([run])
                BillingRun.send_emails([run])
            records = Paper._get_records([run.id], BillingRun.__name__, {})
            action, = ActionReport.search([
                    ('report_name', '=', 'sitiv.billing.run.paper')])
            context = Paper.get_context(records, {}, {})
            paper = odt_text(Paper.render(action, context))
            ext, pdf, _, _ = Paper.execute([run.id], {})

        self.assertEqual(run.invoice_count, 3)
        self.assertEqual(run.emailed_count, 1)
        email, = Email.search([])
        by_household = {i.sitiv_household: i for i in run.invoices}
        emailed = by_household[martins]
        self.assertEqual(email.resource, emailed)
        self.assertIn('claire.martin@example.fr', email.recipients)
        self.assertEqual(email.subject,
            f"Votre facture {emailed.number} — Ville de Rillieux-la-Pape")
        attachment, = Attachment.search([('resource', '=', str(email))])
        self.assertTrue(attachment.name.endswith('.pdf'))
        self.assertEqual(bytes(attachment.data)[:4], b'%PDF')
        message, = outbox
        self.assertIn('claire.martin@example.fr', message['To'])
        body = message.get_body(('html',)).get_content()
        self.assertIn(f"la facture {emailed.number} pour la période du "
            "01/10/2026 au 31/10/2026 : 2,50 € à régler avant le 16/11/2026",
            body)
        self.assertTrue(emailed.sitiv_emailed)
        self.assertTrue(emailed.sitiv_printed)  # the email was the original

        self.assertEqual({i.sitiv_household.name for i in records},
            {"DURAND", "LEROY"})
        self.assertIn(b'DURAND', paper)
        self.assertIn(b'LEROY', paper)
        self.assertNotIn(b'MARTIN', paper)
        self.assertNotIn(b'DUPLICATA', paper)
        self.assertEqual((ext, bytes(pdf)[:4]), ('pdf', b'%PDF'))
        self.assertTrue(all(i.sitiv_printed for i in records))
