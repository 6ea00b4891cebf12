# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Letters of the school service to families (spec 003 §2.1.3.3
« certificat d'inscription », « courriers aux familles » of the
commissions), ODT templates a city may replace from the report's form
(relatorio), printed to PDF."""
from hestia.french import french_date

from trytond.pool import Pool
from trytond.report import Report


class SchoolLetter(Report):
    "The French formats and the family's address, for every letter."

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['french_date'] = french_date
        context['today'] = Pool().get('ir.date').today()
        context['family_address'] = cls.family_address
        context['city_address'] = cls.city_address
        context['school_name'] = cls.school_name
        return context

    @staticmethod
    def school_name(school):
        "« l'école Jean Moulin », « l'École maternelle Paul Éluard »."
        if not school:
            return ''
        if school.name.lower().startswith(('école', 'ecole')):
            return f"l'{school.name}"
        return f"l'école {school.name}"

    @staticmethod
    def family_address(household):
        "The lines of the envelope: heads' names, street, postcode and town."
        lines = [household.heads_name or household.name]
        lines.extend((household.residence_street or '').splitlines())
        lines.append(' '.join(filter(None, [
                        household.residence_postal_code,
                        household.residence_city])))
        return [l for l in lines if l.strip()]

    @staticmethod
    def city_address(company):
        addresses = company.party.addresses
        return addresses[0].full_address.splitlines() if addresses else []


class Certificate(SchoolLetter):
    "Certificat d'inscription scolaire"
    __name__ = 'sitiv.school.certificate'


class DecisionLetter(SchoolLetter):
    "Commission Decision Letter"
    __name__ = 'sitiv.school.commission.letter'
