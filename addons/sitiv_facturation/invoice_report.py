# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The family invoice (§2.1.5.2 « facture détaillée »): an ODT template
the city edits in LibreOffice, rendered to PDF. It is the avis des sommes
à payer (ASAP) a family receives: the city's logo, address and SIRET, the
lines grouped by activity with a row per child, what is paid and left to
pay, how to pay (PayFiP reference, direct debit, régie, cheque payee), the
legal mentions with the Trésorerie that collects, and a payment stub.
The first print is the original; every later one says DUPLICATA, and a
paid invoice says ACQUITTÉE."""
from collections import OrderedDict

from hestia.french import euro, french_date, number, price

from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction, without_check_access


class FamilyInvoice(Report):
    "Family Invoice"
    __name__ = 'sitiv.family_invoice'

    @classmethod
    def execute(cls, ids, data):
        Invoice = Pool().get('account.invoice')
        invoices = cls._get_records(ids, Invoice.__name__, data)
        result = super().execute(ids, data)
        if Transaction().context.get('sitiv_sending'):
            return result  # the emailed original (invoice_send.py)
        originals = [i for i in invoices
            if not i.sitiv_printed and i.state in {'posted', 'paid'}]
        if originals:
            # Printed by a counter agent without write access on invoices.
            with without_check_access():
                Invoice.write(originals, {'sitiv_printed': True})
        return result

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['euro'] = euro
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        context['sections'] = cls.sections
        context['address'] = cls.address
        context['logo'] = cls.logo
        context['number'] = number
        context['price'] = price
        context['settlements'] = cls.settlements
        context['contacts'] = cls.contacts
        context['address_lines'] = cls.address_lines
        context['paid'] = lambda invoice: invoice.sitiv_paid_amount
        context['ways_to_pay'] = cls.ways_to_pay
        context['legal'] = cls.legal
        context['messages'] = lambda invoice: ' '.join(filter(None, [
                    invoice.company.sitiv_invoice_message,
                    invoice.sitiv_message]))
        return context

    @staticmethod
    def logo(invoice):
        "The city's logo and its type (PNG, JPEG or SVG)."
        data = bytes(invoice.company.sitiv_logo or b'')
        if data.startswith(b'\x89PNG'):
            return data, 'image/png'
        if data.startswith(b'\xff\xd8'):
            return data, 'image/jpeg'
        return data, 'image/svg+xml'

    @staticmethod
    def contacts(company):
        "SIRET, telephone and email of the city, each on its line."
        rows = []
        if company.sitiv_siret:
            rows.append(f"SIRET : {company.sitiv_siret}")
        party = company.party
        for kind, label in [('phone', "Tél."), ('email', "Courriel")]:
            value = getattr(party, kind, None)
            if value:
                rows.append(f"{label} : {value}")
        return rows

    @staticmethod
    def address_lines(invoice):
        """The payer's postal address, one line each, without the payer's
        name printed above it: lines never break inside a word."""
        address = invoice.invoice_address
        if not address:
            return []
        name = invoice.party.full_name
        return [l.strip() for l in (address.full_address or '').splitlines()
            if l.strip() and l.strip() != name]

    @staticmethod
    def ways_to_pay(invoice):
        "How the family can pay this invoice, in the order it should try."
        Regie = Pool().get('sitiv.regie')
        company = invoice.company
        ways = []
        if company.sitiv_payfip_numcli:
            portal = f"sur le portail famille ({company.sitiv_public_url}) " \
                "ou " if company.sitiv_public_url else ""
            ways.append("En ligne, par carte bancaire, 24 h sur 24 : "
                f"{portal}sur www.payfip.gouv.fr avec l'identifiant "
                f"collectivité {company.sitiv_payfip_numcli} et la "
                f"référence {invoice.sitiv_payfip_reference()}.")
        if invoice.sitiv_payment_method == 'sepa':
            ways.append("Par prélèvement : cette facture sera prélevée sur "
                "votre compte à l'échéance ; ne la réglez pas autrement.")
        else:
            ways.append("Par prélèvement automatique, chaque mois : "
                "demandez le mandat SEPA à la régie ou sur le portail.")
        regies = Regie.search([('company', '=', company.id)],
            order=[('id', 'ASC')], limit=1)
        if regies:
            regie, = regies
            labels = dict(Regie.fields_get(['modes'])['modes']['selection'])
            modes = ', '.join(labels[m] if labels[m][:2].isupper()
                else labels[m].lower() for m in regie.modes or [])
            ways.append(f"À la régie ({regie.name}) : {modes}.")
        ways.append("Par chèque à l'ordre de « "
            f"{invoice.sitiv_cheque_payee()} », avec le talon ci-dessous.")
        return ways

    @staticmethod
    def legal(invoice):
        "The mentions of an avis des sommes à payer (CGCT, L.1617-5)."
        company = invoice.company
        treasury = ' '.join((company.sitiv_treasury or '').split())
        text = ("Avis des sommes à payer émis en application de l'article "
            "L.1617-5 du code général des collectivités territoriales ; il "
            "est exécutoire. Dans le délai de deux mois suivant sa "
            "réception, vous pouvez contester la somme mentionnée en "
            "saisissant directement le tribunal judiciaire ou le tribunal "
            "administratif compétent selon la nature de la créance. ")
        if treasury:
            text += ("Faute de paiement à l'échéance, le recouvrement est "
                f"poursuivi par le comptable public : {treasury}. ")
        text += (f"{company.rec_name} traite les données de cette facture "
            "pour la facturation des services aux familles ; vous pouvez "
            "exercer vos droits d'accès et de rectification auprès de ses "
            "services.")
        return text

    @staticmethod
    def settlements(invoice):
        "The split of modes: « 23/11/2026 Chèque 10,00 € ; … »."
        parts = []
        for allocation in invoice.sitiv_payments:
            payment = allocation.payment
            field = payment.__class__.fields_get(['mode'])['mode']
            mode = dict(field['selection'])[payment.mode]
            parts.append(f"{french_date(payment.date)} {mode} "
                f"{euro(allocation.amount)}")
        return ' ; '.join(parts)

    @staticmethod
    def sections(invoice):
        "Lines grouped by activity, in the order of the invoice."
        sections = OrderedDict()
        for line in invoice.lines:
            title = line.sitiv_activity.name if line.sitiv_activity \
                else ''
            sections.setdefault(title, []).append(line)
        return list(sections.items())

    @staticmethod
    def address(party):
        addresses = party.addresses
        return addresses[0].full_address if addresses else ''
