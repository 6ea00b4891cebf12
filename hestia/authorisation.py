# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Who may do what: the authorisation matrix (ARCHITECTURE §4.4).

`MATRIX` declares, for every model of Hestia's modules and the stock models
agents reach, what each role may do: r(ead), w(rite), c(reate), d(elete),
`-` where it may not. `tests/test_authorisation_matrix.py` checks the
database against it, so a new model without declared access, or a change
of access nobody declared, fails the suite.

Record rules narrow what a role may read to its own organisation:
`OWNER` gives, per model, the path from a record to its city or
Département (`company`), `PROVIDER` the path to its home-care provider
(SAD); the test logs in as the agents of another city, of the Département
and as another provider, and expects to see none of these records."""

MODULES = ['hestia_base', 'portal', 'sitiv_famille', 'sitiv_activite',
    'sitiv_facturation', 'sitiv_portail', 'sitiv_ecole', 'onde_connector',
    'sitiv_creche', 'pes_asap',
    'dases_base', 'dases_cesu', 'dases_telegestion', 'dases_plateforme']

# Role: the groups a deployment gives it (module.xml_id).
ROLES = {
    'family_agent': ['sitiv_famille.group_family_agent'],
    'family_admin': ['sitiv_famille.group_family_admin'],
    'health': ['sitiv_famille.group_health'],
    'billing_agent': ['sitiv_facturation.group_billing_agent'],
    'billing_admin': ['sitiv_facturation.group_billing_admin'],
    'regie': ['sitiv_facturation.group_regie'],
    'dases_agent': ['dases_base.group_dases_agent'],
    'dases_admin': ['dases_base.group_dases_admin'],
    'sad': ['dases_telegestion.group_sad'],
    'none': [],
    'creche': ['sitiv_creche.group_creche'],
    }

# Stock models that agents reach through Hestia's screens.
STOCK = ['party.party', 'party.address', 'party.contact_mechanism',
    'party.identifier', 'company.company', 'account.invoice',
    'account.invoice.line', 'account.move', 'account.move.line',
    'account.payment', 'account.payment.group',
    'account.payment.sepa.mandate', 'account.dunning', 'bank.account',
    'ir.attachment', 'web.user']

# model: one column per role, in the order of ROLES.
MATRIX = {
    'account.dunning': '---- ---- ---- rwc- rwc- ---- ---- ---- ---- ---- ----',
    'account.invoice': '---- ---- ---- rwc- rwc- r--- ---- ---- ---- ---- ----',
    'account.invoice.line': '---- ---- ---- rwc- rwc- r--- ---- ---- ---- ---- ----',
    'account.move': '---- ---- ---- r--- r--- ---- ---- ---- ---- ---- ----',
    'account.move.line': '---- ---- ---- r--- r--- ---- ---- ---- ---- ---- ----',
    'account.payment': '---- ---- ---- ---- ---- ---- ---- ---- ---- ---- ----',
    'account.payment.group': '---- ---- ---- ---- ---- ---- ---- ---- ---- ---- ----',
    'account.payment.sepa.mandate': '---- ---- ---- ---- ---- ---- ---- ---- ---- ---- ----',
    'bank.account': 'r--- r--- r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'company.company': 'r--- r--- r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'dases.alert': '---- ---- ---- ---- ---- ---- rwcd rwcd r--- ---- ----',
    'dases.beneficiary': '---- ---- ---- ---- ---- ---- rwc- rwcd r--- ---- ----',
    'dases.beneficiary.event': '---- ---- ---- ---- ---- ---- rwc- rwcd r--- ---- ----',
    'dases.care_plan': '---- ---- ---- ---- ---- ---- rwc- rwcd r--- ---- ----',
    'dases.cesu.book': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.cesu.charge': '---- ---- ---- ---- ---- ---- rw-- rwcd ---- ---- ----',
    'dases.cesu.charge_rate': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.cesu.consumption': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.cesu.event': '---- ---- ---- ---- ---- ---- rwc- rwcd ---- ---- ----',
    'dases.cesu.export': '---- ---- ---- ---- ---- ---- r--- r--d ---- ---- ----',
    'dases.cesu.order': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.cesu.title': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.configuration': 'r--- r--- r--- r--- r--- r--- r--- rwcd r--- r--- r---',
    'dases.configuration.company': 'r--- r--- r--- r--- r--- r--- r--- rwcd r--- r--- r---',
    'dases.integration.reject': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.integration.report': '---- ---- ---- ---- ---- ---- r--- rwcd ---- ---- ----',
    'dases.intervention': '---- ---- ---- ---- ---- ---- r--- rwcd rwcd ---- ----',
    'dases.intervention.correction': '---- ---- ---- ---- ---- ---- r--- r--- r--- ---- ----',
    'dases.platform.access': '---- ---- ---- ---- ---- ---- rwcd rwcd ---- ---- ----',
    'dases.platform.content': '---- ---- ---- ---- ---- ---- rwcd rwcd ---- ---- ----',
    'dases.platform.declaration': '---- ---- ---- ---- ---- ---- rw-- rwcd ---- ---- ----',
    'dases.preinvoice': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.preinvoice.anomaly': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.preinvoice.line': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.preinvoice.log': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad-res.user': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad.client': '---- ---- ---- ---- ---- ---- rw-- rwcd r--- ---- ----',
    'dases.sad.client-dases.beneficiary': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad.event': '---- ---- ---- ---- ---- ---- rw-- rwcd rwc- ---- ----',
    'dases.sad.month': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad.month.reason': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad.notification': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad.tariff': '---- ---- ---- ---- ---- ---- r--- rwcd r--- ---- ----',
    'dases.sad.worker': '---- ---- ---- ---- ---- ---- r--- rwcd rwc- ---- ----',
    'dases.tutor': '---- ---- ---- ---- ---- ---- rwc- rwcd ---- ---- ----',
    'ir.attachment': 'rwcd rwcd rwcd rwcd rwcd rwcd rwcd rwcd rwcd rwcd rwcd',
    'party.address': 'rwc- rwcd r--- rwc- rwc- rwc- rwc- rwcd r--- r--- rwc-',
    'party.contact_mechanism': 'rwc- rwcd r--- rwc- rwc- rwc- rwc- rwcd r--- r--- rwc-',
    'party.identifier': 'rwc- rwcd r--- rwc- rwc- rwc- rwc- rwcd r--- r--- rwc-',
    'party.party': 'rwc- rwcd r--- rwc- rwc- rwc- rwc- rwcd r--- r--- rwc-',
    'pes.budget': '---- ---- ---- r--- rwcd ---- ---- ---- ---- ---- ----',
    'pes.budget.product': '---- ---- ---- r--- rwcd ---- ---- ---- ---- ---- ----',
    'pes.transfer': '---- ---- ---- rwcd rwcd ---- ---- ---- ---- ---- ----',
    'pes.transfer.event': '---- ---- ---- r-c- r-c- ---- ---- ---- ---- ---- ----',
    'pes.transfer.line': '---- ---- ---- rwc- rwc- ---- ---- ---- ---- ---- ----',
    'pes.treasury_return': '---- ---- ---- r--- r--- ---- ---- ---- ---- ---- ----',
    'sitiv.activity': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.activity-sitiv.diet': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.activity.exclusion': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.activity-sitiv.school': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.activity-sitiv.document.type': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.activity.group': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.attendance': 'rwcd rwcd ---- rwcd rwcd ---- ---- ---- ---- ---- rwcd',
    'sitiv.authorization': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.authorization.type': 'r--- rwcd r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'sitiv.billing.run': '---- ---- ---- rwcd rwcd ---- ---- ---- ---- ---- ----',
    'sitiv.child.attribute': 'r--- rwcd r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'sitiv.child.contact': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.configuration': 'r--- rwcd r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'sitiv.configuration.company': 'r--- rwcd r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'sitiv.creche.application': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.application.choice': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.application.day': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.committee': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.committee.item': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.bareme': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.bareme.rate': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.caf_month': 'r--- r--- ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.capacity': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.closure': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.contract': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.contract.day': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.contract.template': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.contract.template.day': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.deduction': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.journal': '---- ---- ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.month': 'r--- r--- ---- rwc- rwc- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.presence': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.section': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.creche.staff': 'r--- r--- ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.creche.structure': 'r--- rwcd ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.ram.absence': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.ram.agrement': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.ram.assistant': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.ram.day': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.ram.payroll': '---- r--- ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.ram.payroll.import': '---- r--- ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.ram.placement': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.ram.placement.day': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.custody': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.diet': 'r--- rwcd r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'sitiv.document': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.document.type': 'r--- rwcd r--- r--- r--- r--- r--- r--- r--- r--- r---',
    'sitiv.enrolment': 'rwcd rwcd ---- rwcd rwcd ---- ---- ---- ---- ---- rwcd',
    'sitiv.financial_aid': '---- ---- ---- rwcd rwcd ---- ---- ---- ---- ---- ----',
    'sitiv.health': '---- ---- rwcd ---- ---- ---- ---- ---- ---- ---- ----',
    'sitiv.health-sitiv.diet': '---- ---- rwcd ---- ---- ---- ---- ---- ---- ---- ----',
    'sitiv.health.vaccination': '---- ---- rwcd ---- ---- ---- ---- ---- ---- ---- ----',
    'sitiv.health.visit': '---- ---- rwcd ---- ---- ---- ---- ---- ---- ---- ----',
    'sitiv.history': 'r--- r--- r--- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.household': 'rwc- rwcd ---- ---- ---- r--- ---- ---- ---- ---- rwc-',
    'sitiv.household.member': 'rwcd rwcd ---- ---- ---- r--- ---- ---- ---- ---- rwcd',
    'sitiv.kitchen_count': 'r--- r--- ---- r--- r--- ---- ---- ---- ---- ---- r---',
    'sitiv.payfip.operation': '---- ---- ---- rwc- rwc- r--- ---- ---- ---- ---- ----',
    'sitiv.payment': '---- ---- ---- r--- rwcd rwc- ---- ---- ---- ---- ----',
    'sitiv.payment.allocation': '---- ---- ---- r--- rwcd rwcd ---- ---- ---- ---- ----',
    'sitiv.payment.deposit': '---- ---- ---- r--- rwcd rwcd ---- ---- ---- ---- ----',
    'sitiv.school': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school-sitiv.school.level': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.class': 'rw-- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rw--',
    'sitiv.school.class-sitiv.school.level': 'rw-- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rw--',
    'sitiv.school.commission': 'rwc- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwc-',
    'sitiv.school.commission.item': 'rwc- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwc-',
    'onde.review': 'rw-- rw-d ---- ---- ---- ---- ---- ---- ---- ---- rw--',
    'sitiv.school.import': 'r--- r--d ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.import.reject': 'r--- r--d ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.enrolment': 'rwc- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwc-',
    'sitiv.school.group': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.level': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.level.capacity': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.perimeter': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.street': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.school.wish': 'rwc- rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwc-',
    'sitiv.school.year': 'r--- rwcd ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.portal.account_request': 'rw-- rw-- ---- ---- ---- ---- ---- ---- ---- ---- rw--',
    'sitiv.portal.message': 'rwc- rwc- ---- ---- ---- ---- ---- ---- ---- ---- rwc-',
    'sitiv.portal.change_request': 'rw-- rw-- ---- ---- ---- ---- ---- ---- ---- ---- rw--',
    'sitiv.portal.publication': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.portal.publication-sitiv.activity': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.portal.publication-sitiv.school': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.quotient_familial': 'rwcd rwcd ---- ---- ---- ---- ---- ---- ---- ---- rwcd',
    'sitiv.regie': '---- ---- ---- r--- rwcd r--- ---- ---- ---- ---- ----',
    'sitiv.regie-res.user': '---- ---- ---- r--- rwcd r--- ---- ---- ---- ---- ----',
    'sitiv.school_holiday': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.statistic.city': 'r--- r--- ---- ---- ---- ---- ---- ---- ---- ---- r---',
    'sitiv.tariff': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'sitiv.tariff.line': 'r--- r--- r--- r--- rwcd r--- r--- r--- r--- r--- r---',
    'web.user': 'rwc- rwc- r--- r--- r--- r--- rwc- rwc- r--- r--- rwc-',
    }

# Paths from a person to its city or Département.
PARTY = ['household_members.household.company',
    'contact_for.child.household_members.household.company',
    'dases_beneficiaries.company', 'dases_tutors.company']
CHILD = 'child.household_members.household.company'

# model: paths from a record to its city or Département; a model with a
# `company` field and not listed here belongs to its `company`.
OWNER = {
    'account.dunning': ['company'],
    'web.user': ['portal_company'],
    'account.invoice': ['company'],
    'account.invoice.line': ['invoice.company'],
    'account.move': ['company'],
    'account.move.line': ['move.company'],
    'account.payment': ['company'],
    'account.payment.group': ['company'],
    'account.payment.sepa.mandate': ['company'],
    'bank.account': ['owners.' + p for p in PARTY],
    'party.party': PARTY,
    'party.address': ['party.' + p for p in PARTY],
    'party.contact_mechanism': ['party.' + p for p in PARTY],
    'party.identifier': ['party.' + p for p in PARTY],
    'dases.beneficiary.event': ['beneficiary.company'],
    'dases.cesu.book': ['beneficiary.company'],
    'dases.cesu.event': ['book.beneficiary.company'],
    'dases.cesu.title': ['book.beneficiary.company'],
    'dases.integration.reject': ['report.company'],
    'dases.intervention.correction': ['intervention.company'],
    'dases.platform.access': ['user.portal_company'],
    'dases.preinvoice.anomaly': ['preinvoice.company'],
    'dases.preinvoice.line': ['preinvoice.company'],
    'dases.preinvoice.log': ['preinvoice.company'],
    'dases.sad-res.user': ['sad.company'],
    'dases.sad.client-dases.beneficiary': ['client.company'],
    'dases.sad.month.reason': ['sad_month.company'],
    'dases.sad.notification': ['sad.company'],
    'dases.sad.tariff': ['sad.company'],
    'dases.sad.worker': ['sad.company'],
    'pes.budget.product': ['budget.company'],
    'pes.transfer.event': ['transfer.company'],
    'pes.transfer.line': ['transfer.company'],
    'sitiv.activity-sitiv.diet': ['activity.company'],
    'sitiv.activity.exclusion': ['activity.company'],
    'sitiv.activity-sitiv.school': ['activity.company'],
    'sitiv.activity-sitiv.document.type': ['activity.company'],
    'sitiv.activity.group': ['activity.company'],
    'sitiv.tariff': ['activity.company'],
    'sitiv.tariff.line': ['tariff.activity.company'],
    'sitiv.authorization': [CHILD],
    'sitiv.child.contact': [CHILD],
    'sitiv.health': [CHILD],
    'sitiv.health-sitiv.diet': ['health.' + CHILD],
    'sitiv.health.vaccination': ['health.' + CHILD],
    'sitiv.health.visit': ['health.' + CHILD],
    'sitiv.creche.application.choice': ['application.company'],
    'sitiv.creche.application.day': ['application.company'],
    'sitiv.creche.committee.item': ['committee.company'],
    'sitiv.creche.capacity': ['structure.company'],
    'sitiv.creche.closure': ['structure.company'],
    'sitiv.creche.section': ['structure.company'],
    'sitiv.creche.contract.day': ['contract.company'],
    'sitiv.creche.contract.template.day': ['template.company'],
    'sitiv.creche.deduction': ['contract.company'],
    'sitiv.ram.absence': ['assistant.company'],
    'sitiv.ram.agrement': ['assistant.company'],
    'sitiv.ram.placement': ['assistant.company'],
    'sitiv.ram.day': ['placement.assistant.company'],
    'sitiv.ram.placement.day': ['placement.assistant.company'],
    'sitiv.custody': ['household.company'],
    'sitiv.document': ['household.company'],
    'sitiv.quotient_familial': ['household.company'],
    'sitiv.school': ['company'],
    'sitiv.school.class': ['school.company'],
    'sitiv.school.enrolment': ['company'],
    'sitiv.school.commission': ['company'],
    'sitiv.school.import': ['company'],
    'onde.review': ['report.company'],
    'sitiv.school.import.reject': ['report.company'],
    'sitiv.school.commission.item': ['commission.company'],
    'sitiv.school.group': ['company'],
    'sitiv.school.street': ['company'],
    'sitiv.school.perimeter': ['street.company'],
    'sitiv.school.wish': ['enrolment.company'],
    'sitiv.school.level.capacity': ['school.company'],
    'sitiv.portal.message': ['household.company'],
    'sitiv.portal.change_request': ['household.company'],
    'sitiv.portal.publication': ['company'],
    'sitiv.portal.publication-sitiv.activity': ['publication.company'],
    'sitiv.portal.publication-sitiv.school': ['publication.company'],
    'sitiv.household.member': ['household.company'],
    'sitiv.payment.allocation': ['payment.company'],
    'sitiv.regie-res.user': ['regie.company'],
    }
# Shared by every organisation: settings, nomenclatures, the companies.
SHARED = {'company.company', 'dases.configuration',
    'sitiv.creche.bareme', 'sitiv.creche.bareme.rate',
    'dases.configuration.company', 'sitiv.configuration',
    'sitiv.configuration.company',
    'sitiv.diet', 'sitiv.document.type', 'sitiv.authorization.type',
    'sitiv.child.attribute', 'sitiv.school_holiday', 'ir.attachment'}

# model: path from a record to its home-care provider; a model with a
# `sad` field and not listed here belongs to its `sad`.
PROVIDER = {
    'dases.sad': 'id',
    'dases.intervention.correction': 'intervention.sad',
    'dases.preinvoice.anomaly': 'preinvoice.sad',
    'dases.preinvoice.line': 'preinvoice.sad',
    'dases.preinvoice.log': 'preinvoice.sad',
    'dases.sad.month.reason': 'sad_month.sad',
    'dases.sad.client-dases.beneficiary': 'client.sad',
    }


def _perms(access):
    return ''.join(letter if access[mode] else '-'
        for letter, mode in zip('rwcd', ['read', 'write', 'create', 'delete']))


def models_to_declare():
    "Names of the stored models of Hestia's modules and of STOCK."
    from trytond.model import ModelStorage
    from trytond.pool import Pool
    pool = Pool()
    IrModel = pool.get('ir.model')
    names = set(STOCK)
    for model in IrModel.search([('module', 'in', MODULES)]):
        Model = pool.get(model.name)
        if issubclass(Model, ModelStorage):
            names.add(model.name)
    return sorted(names)


def role_users():
    "A user per role (created in the current transaction): {role: id}."
    from trytond.pool import Pool
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    users = User.create([{
                'name': f'matrix {role}', 'login': f'matrix.{role}',
                'groups': [('add', [ModelData.get_id(*g.split('.'))
                            for g in groups])],
                } for role, groups in ROLES.items()])
    return {role: user.id for role, user in zip(ROLES, users)}


def database_matrix(users=None):
    "What the database grants: {model: 'rwcd ---- …'} in the order of ROLES."
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    ModelAccess = Pool().get('ir.model.access')
    users = users or role_users()
    names = models_to_declare()
    columns = {}
    for role, user in users.items():
        with Transaction().set_user(user):
            access = ModelAccess.get_access(names)
        columns[role] = {n: _perms(access[n]) for n in names}
    return {n: ' '.join(columns[r][n] for r in ROLES) for n in names}


def differences(actual, declared=None):
    "The differences between the database and MATRIX, in French."
    declared = MATRIX if declared is None else declared
    found = []
    for model in sorted(set(actual) | set(declared)):
        if model not in declared:
            found.append(f"{model} : aucun droit déclaré dans "
                f"hestia/authorisation.py (la base donne {actual[model]!r})")
        elif model not in actual:
            found.append(f"{model} : déclaré mais absent de la base")
        elif actual[model] != declared[model]:
            for role, want, got in zip(ROLES, declared[model].split(),
                    actual[model].split()):
                if want != got:
                    found.append(f"{model}, rôle {role} : déclaré "
                        f"{want}, la base donne {got}")
    return found


def _follow(records, path):
    "Ids at the end of `path` from `records` (x2many fields flattened)."
    values = list(records)
    for name in path.split('.'):
        following = []
        for value in values:
            if value is None:
                continue
            target = getattr(value, name) if name != 'id' else value.id
            if isinstance(target, (list, tuple)):
                following.extend(target)
            elif target is not None:
                following.append(target)
        values = following
    return {int(v) for v in values}


def owner_paths(Model):
    if Model.__name__ in OWNER:
        return OWNER[Model.__name__]
    if Model.__name__ not in SHARED and 'company' in Model._fields:
        return ['company']
    return []


def provider_path(Model):
    if Model.__name__ in PROVIDER:
        return PROVIDER[Model.__name__]
    if 'sad' in Model._fields:
        return 'sad'


def visible(Model, user, company):
    "Ids of `Model` that `user` reads through RPC (access and rules on)."
    from trytond.model.exceptions import AccessError
    from trytond.transaction import Transaction
    with Transaction().set_user(user), Transaction().set_context(
            _check_access=True, company=company, active_test=False):
        try:
            return [r.id for r in Model.search([])]
        except AccessError:
            return []


def leaks(users, sads=None):
    """What `users` read of other organisations' records (or other
    providers', `sads`: {user id: provider ids}), in French; and the models
    the check could try (records of an organisation one of them is not in).
    """
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool()
    sads = sads or {}
    found, tried = [], set()
    with Transaction().set_context(active_test=False):
        for name in models_to_declare():
            Model = pool.get(name)
            paths = owner_paths(Model)
            provider = provider_path(Model)
            if not paths and not provider:
                continue
            owners = {r.id: set().union(*(_follow([r], p) for p in paths))
                for r in Model.search([])} if paths else {}
            for user in users:
                companies = {c.id for c in user.companies}
                if any(o and not o & companies for o in owners.values()):
                    tried.add(name)
                seen = visible(Model, user.id, user.company.id)
                for record in Model.browse(seen):
                    owned = owners.get(record.id, set())
                    if owned and not owned & companies:
                        found.append(f"{user.login} lit {name} "
                            f"#{record.id} d'une autre collectivité")
                    if provider and user.id in sads:
                        providers = _follow([record], provider)
                        if providers and not providers & sads[user.id]:
                            found.append(f"{user.login} lit {name} "
                                f"#{record.id} d'un autre prestataire")
    return found, tried
