# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Crèches under the PSU (issue 20, spec 003 §2.1.3.1, §2.1.4): the CNAF
barème's edge cases, the contract's mensualisation checked against hand
calculations, deductions, hours beyond the contract per started half-hour,
adaptation hours, a mid-month avenant and the month on the family's single
invoice. Every amount below is computed by hand from the barème 2026
shipped in bareme_data.xml: floor 814,62 €, ceiling 7 000 €, collective
rates 0,0619 % (1 child), 0,0516 % (2), 0,0413 % (3), 0,0310 % (4 to 7).
November 2026 has 20 open days (Monday to Friday, 11 November off): 9 up to
the 15th, 11 from the 16th."""
import datetime
from decimal import Decimal as D

from trytond.exceptions import UserWarning
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import CompanyTestMixin, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia_base.testing import SaoViewsMixin
from sitiv_activite.tests.tools import attend, enrol
from sitiv_facturation.tests.tools import bill

from ..ratio import required_staff, situation
from .tools import (
    FOUR_DAYS, clock, contract, creche_city, date, emma_contract, family,
    proof, time)

NOV = date(1)


class SitivCrecheTestCase(CompanyTestMixin, SaoViewsMixin, ModuleTestCase):
    "Crèches under the PSU"
    module = 'sitiv_creche'
    language = 'fr'

    @with_transaction()
    def test_bareme_edges(self):
        "The barème: floor, ceiling, children, disability, tables, dates"
        Bareme = Pool().get('sitiv.creche.bareme')
        bareme = Bareme.find(NOV)
        rate = bareme.hourly_rate
        # Below the floor: 814,62 × 0,0619 % = 0,5042 → 0,50.
        self.assertEqual(rate('collective', D('500'), 1), D('0.50'))
        # Above the ceiling: 7 000 × 0,0619 % = 4,333 → 4,33.
        self.assertEqual(rate('collective', D('9000'), 1), D('4.33'))
        # Unknown resources: the ceiling.
        self.assertEqual(rate('collective', None, 1), D('4.33'))
        # The number of children changes the rate.
        self.assertEqual(rate('collective', D('3500'), 2), D('1.81'))
        self.assertEqual(rate('collective', D('3500'), 3), D('1.45'))
        self.assertEqual(rate('collective', D('3500'), 4), D('1.09'))
        self.assertEqual(rate('collective', D('3500'), 7), D('1.09'))
        # 3 500 × 0,0206 % = 0,721 → 0,72 from eight children.
        self.assertEqual(rate('collective', D('3500'), 9), D('0.72'))
        # A child with a disability: the rate of one more child.
        self.assertEqual(rate('collective', D('3500'), 2, disabled=True),
            D('1.45'))
        # Family and micro-crèche table: 3 500 × 0,0516 % for one child.
        self.assertEqual(rate('familial', D('3500'), 1), D('1.81'))
        # Ceiling of 6 000 € until 31 August 2024, 7 000 € from September.
        self.assertEqual(Bareme.find(datetime.date(2024, 6, 1)).hourly_rate(
                'collective', D('9000'), 1), D('3.71'))
        self.assertEqual(Bareme.find(datetime.date(2024, 9, 1)).hourly_rate(
                'collective', D('9000'), 1), D('4.33'))
        with self.assertRaises(ValidationError) as error:
            Bareme.find(datetime.date(2021, 6, 1))
        self.assertIn("Aucun barème Cnaf n'est en vigueur le 01/06/2021",
            error.exception.message)

    @with_transaction()
    def test_contract_mensualisation(self):
        "4 days × 9 h × 45 weeks for two children at 3 500 € a month"
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            self.assertEqual(record.state, 'running')
            self.assertEqual(record.weekly_hours, D('36'))
            self.assertEqual(record.months, D('12'))
            self.assertEqual(record.monthly_resources, D('3500'))
            self.assertEqual(record.children, 2)
            self.assertEqual(record.hourly_rate, D('1.81'))
            self.assertEqual(record.monthly_hours, D('135'))
            self.assertEqual(record.monthly_amount, D('244.35'))
            self.assertEqual(record.planned_end, date(31, 8, 2027))
            self.assertTrue(record.number.startswith('LUC-'))
            # Planned hours follow the days, the opening and holidays.
            self.assertEqual(record.planned_hours(date(2)), D(9))
            self.assertEqual(record.planned_hours(date(4)), D(0))  # Wed.
            self.assertEqual(record.planned_hours(date(11)), D(0))
            # Weeks proposed from the crèche's calendar, less the leave.
            record.leave_weeks = D('5')
            proposed = record.proposed_weeks()
            record.leave_weeks = None
            self.assertEqual(record.proposed_weeks() - proposed, D('5'))

    @with_transaction()
    def test_director_month_on_the_single_invoice(self):
        "November: contract, hospitalisation, beyond the contract, canteen"
        pool = Pool()
        Deduction = pool.get('sitiv.creche.deduction')
        Month = pool.get('sitiv.creche.month')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, lucas = emma_contract(company,
                structure)
            # Lucas eats at the canteen twice (QF 700: 2,50 €).
            attend(enrol(household, lucas, canteen, start=NOV),
                {date(2): 'present', date(3): 'present'})
            # 10 minutes late on the 2nd, 10 early on the 3rd: half an
            # hour each; the 9th as planned.
            clock(record, {date(2): ('08:30', '17:40'),
                    date(3): ('08:20', '17:30'),
                    date(9): ('08:30', '17:30')})
            # Hospitalised Thursday 5 and Friday 6: 18 h deducted.
            deduction, = Deduction.create([{'contract': record.id,
                        'reason': 'hospitalisation',
                        'start_date': date(5), 'end_date': date(7)}])
            with self.assertRaises(ValidationError) as error:
                Deduction.confirm([deduction])
            self.assertIn("se confirme avec son justificatif",
                error.exception.message)
            deduction.document = proof(household)
            deduction.save()
            Deduction.confirm([deduction])
            self.assertEqual(deduction.hours, D('18'))

            run = bill(company, NOV)
            invoice, = run.invoices
            amounts = sorted((l.sitiv_kind, D(str(l.quantity)), l.amount)
                for l in invoice.lines)
            self.assertEqual(amounts, [
                    ('psu_contract', 135, D('244.35')),
                    ('psu_deduction', -18, D('-32.58')),
                    ('psu_extra', 1, D('1.81')),
                    ('service', 2, D('5.00')),
                    ])
            self.assertEqual(invoice.total_amount, D('218.58'))
            self.assertEqual(invoice.state, 'posted')
            contract_line, = [l for l in invoice.lines
                if l.sitiv_kind == 'psu_contract']
            self.assertEqual(contract_line.description,
                "Les Lucioles — MARTIN Emma\n"
                "Contrat PSU, novembre 2026 : 135 h à 1,81 € de l'heure")
            month, = Month.search([('contract', '=', record.id)])
            self.assertEqual((month.contracted_hours, month.deducted_hours,
                    month.extra_hours, month.billed_hours,
                    month.attended_hours, month.amount),
                (D('135'), D('18'), D('1'), D('118'), D('27.33'),
                    D('213.58')))
            # Its list's « Mois » column, as people say it.
            self.assertEqual(month.month_label, "novembre 2026")
            # The month is billed: its days no longer change, a second
            # run bills nothing more.
            presence = month.contract.id and pool.get(
                'sitiv.creche.presence').search([('date', '=', date(9))])[0]
            with self.assertRaises(ValidationError) as error:
                presence.departure = time('18:00')
                presence.save()
            self.assertIn("appartient à un mois déjà facturé",
                error.exception.message)
            self.assertEqual(bill(company, NOV).invoice_count, 0)

    @with_transaction()
    def test_adaptation_and_part_month(self):
        """Léo starts on the 16th after two adaptation mornings; above the
        ceiling: 7 000 × 0,0619 % = 4,33 € an hour"""
        pool = Pool()
        Contract = pool.get('sitiv.creche.contract')
        Month = pool.get('sitiv.creche.month')
        company, canteen, structure = creche_city()
        with set_company(company):
            household, (leo,) = family(company, "DUPONT",
                [("Léo", datetime.date(2026, 1, 15))], D('90000'))
            week = [(d, '09:00', '16:00') for d in range(5)]
            record = contract(household, leo, structure, week, date(16),
                date(15, 7, 2027), weeks=D('30'), months=D('9'))
            clock(record, {date(9): ('09:00', '10:00'),
                    date(10): ('09:00', '11:00')}, adaptation=True)
            Contract.start([record])
            # 35 h × 30 ÷ 9 = 116,67 h at 4,33 € = 505,18 € a month.
            self.assertEqual(record.monthly_hours, D('116.67'))
            self.assertEqual(record.monthly_amount, D('505.18'))
            invoice, = bill(company, NOV).invoices
            # From the 16th: 11 of 20 open days, 116,67 × 0,55 = 64,17 h
            # = 277,86 €; adaptation 3 h = 12,99 €.
            self.assertEqual(sorted((l.sitiv_kind, D(str(l.quantity)), l.amount)
                    for l in invoice.lines), [
                    ('psu_adaptation', 3, D('12.99')),
                    ('psu_contract', D('64.17'), D('277.86')),
                    ])
            month, = Month.search([('contract', '=', record.id)])
            self.assertEqual(month.adaptation_hours, D('3'))
            self.assertEqual(month.extra_hours, D('0'))

    @with_transaction()
    def test_adaptation_free(self):
        "A crèche that does not bill adaptation keeps its hours, free"
        pool = Pool()
        Month = pool.get('sitiv.creche.month')
        company, canteen, structure = creche_city()
        structure.adaptation_billed = False
        structure.save()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            clock(record, {date(4): ('09:00', '10:10')}, adaptation=True)
            invoice, = bill(company, NOV).invoices
            self.assertEqual([l.sitiv_kind for l in invoice.lines],
                ['psu_contract'])
            month, = Month.search([('contract', '=', record.id)])
            self.assertEqual(month.adaptation_hours, D('1.5'))

    @with_transaction()
    def test_avenant_mid_month(self):
        """From the 16th Emma comes on Wednesdays too: each version billed
        on its open days of November"""
        pool = Pool()
        Contract = pool.get('sitiv.creche.contract')
        Day = pool.get('sitiv.creche.contract.day')
        Amend = pool.get('sitiv.creche.contract.amend', type='wizard')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            with Transaction().set_context(
                    active_model='sitiv.creche.contract',
                    active_id=record.id, active_ids=[record.id]):
                session_id, _, _ = Amend.create()
                with self.assertRaises(ValidationError) as error:
                    Amend.execute(session_id, {'start': {
                                'contract': record.id,
                                'date': date(1, 9, 2027),
                                'reason': "Trop tard"}}, 'open_')
                self.assertIn("pas le 01/09/2027", error.exception.message)
                session_id, _, _ = Amend.create()
                Amend.execute(session_id, {'start': {
                            'contract': record.id, 'date': date(16),
                            'reason': "Le mercredi en plus"}}, 'open_')
            avenant, = Contract.search([('amends', '=', record.id)])
            Day.create([{'contract': avenant.id, 'weekday': '2',
                        'start_time': time('08:30'),
                        'end_time': time('17:30')}])
            avenant.weeks = D('36')
            avenant.save()
            Contract.start([avenant])
            record = Contract(record.id)
            self.assertEqual(record.end_date, date(15))
            self.assertEqual(record.state, 'closed')
            # 45 h × 36 weeks over 9,55 months (0,55 of November and nine
            # more): 169,63 h at 1,81 € = 307,03 € a month.
            self.assertEqual(avenant.months, D('9.55'))
            self.assertEqual(avenant.monthly_hours, D('169.63'))
            self.assertEqual(avenant.monthly_amount, D('307.03'))
            invoice, = bill(company, NOV).invoices
            # 135 h × 9/20 = 60,75 h (109,96 €); 169,63 × 11/20 = 93,30 h
            # (168,87 €); no regularisation: the avenant goes on.
            self.assertEqual(sorted((l.sitiv_kind, D(str(l.quantity)), l.amount)
                    for l in invoice.lines), [
                    ('psu_contract', D('60.75'), D('109.96')),
                    ('psu_contract', D('93.30'), D('168.87')),
                    ])

    @with_transaction()
    def test_contract_ended_sooner(self):
        """The family leaves on 15 November: the last invoice regularises
        the mensualised hours against those of the days the contract ran"""
        pool = Pool()
        Contract = pool.get('sitiv.creche.contract')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            bill(company, date(1, 9))
            bill(company, date(1, 10))
            record.end_date = date(15)
            record.save()
            Contract.close([record])
            invoice, = bill(company, NOV).invoices
            # Open days: 53 from 1 September to 15 November, 254 over the
            # planned year (261 weekdays, 7 public holidays): 36 h × 45 ×
            # 53 ÷ 254 = 338,03 h due; billed 2 × 135 h and 135 × 9/20 =
            # 60,75 h in November: 7,28 h more, 13,18 €.
            self.assertEqual(sorted((l.sitiv_kind, D(str(l.quantity)),
                        l.amount) for l in invoice.lines), [
                    ('psu_contract', D('60.75'), D('109.96')),
                    ('psu_regularisation', D('7.28'), D('13.18')),
                    ])
            self.assertIn("terminé plus tôt que prévu",
                invoice.lines[-1].description)
            # December bills nothing: the contract has ended.
            self.assertEqual(bill(company, date(1, 12)).invoice_count, 0)

    @with_transaction()
    def test_contract_type(self):
        "A contract type fills the care, the planning and the leave"
        pool = Pool()
        Template = pool.get('sitiv.creche.contract.template')
        Contract = pool.get('sitiv.creche.contract')
        company, canteen, structure = creche_city()
        with set_company(company):
            template, = Template.create([{'name': "4 jours",
                        'leave_weeks': D('5'),
                        'days': [('create', [{'weekday': str(d),
                                        'start_time': time(a),
                                        'end_time': time(b)}
                                    for d, a, b in FOUR_DAYS])]}])
            record = Contract(company=company, structure=structure,
                state='draft', template=template)
            record.on_change_template()
            self.assertEqual(record.leave_weeks, D('5'))
            self.assertEqual(record.on_change_with_weekly_hours(), D('36'))
            self.assertEqual(sorted(d.weekday for d in record.days),
                ['0', '1', '3', '4'])

    @with_transaction()
    def test_deductions(self):
        "Illness: three calendar days still billed; éviction needs no proof"
        pool = Pool()
        Deduction = pool.get('sitiv.creche.deduction')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            illness, eviction = Deduction.create([{
                        'contract': record.id, 'reason': 'illness',
                        'start_date': date(2), 'end_date': date(6),
                        'document': proof(household, "Certificat").id,
                        }, {
                        'contract': record.id, 'reason': 'eviction',
                        'start_date': date(9), 'end_date': date(10),
                        }])
            # Monday 2 to Friday 6: the 2nd, 3rd and 4th are the waiting
            # days; Thursday and Friday are deducted.
            self.assertEqual(illness.hours, D('18'))
            self.assertEqual(eviction.hours, D('18'))
            Deduction.confirm([illness, eviction])
            invoice, = bill(company, NOV).invoices
            self.assertEqual(invoice.total_amount,
                D('244.35') - 36 * D('1.81'))

    @with_transaction()
    def test_contract_checks(self):
        "Opening hours, overlaps, alternating weeks, deleting a contract"
        pool = Pool()
        Contract = pool.get('sitiv.creche.contract')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            with self.assertRaises(ValidationError) as error:
                contract(household, emma, structure, [(0, '07:00', '12:00')],
                    date(1, 9), date(31, 8, 2027))
            self.assertIn("déborde des horaires", error.exception.message)
            other = contract(household, emma, structure, FOUR_DAYS,
                date(1, 1, 2027), date(31, 8, 2027))
            with self.assertRaises(ValidationError) as error:
                Contract.start([other])
            self.assertIn("chevauche le contrat", error.exception.message)
            with self.assertRaises(ValidationError) as error:
                Contract.delete([record])
            self.assertIn("a commencé", error.exception.message)
            Contract.delete([Contract(other.id)])
            # Week A Monday and Tuesday, week B Thursday.
            alternating = contract(household, emma, structure, [
                    ('A', 0, '08:30', '17:30'), ('A', 1, '08:30', '17:30'),
                    ('B', 3, '08:30', '17:30')],
                date(1, 9, 2027), date(31, 8, 2028), alternating=True)
            self.assertEqual(alternating.on_change_with_weekly_hours(),
                D('13.5'))
            # 2 September 2027 is a Thursday of week A, the 9th of week B.
            self.assertEqual(alternating.planned_hours(
                    datetime.date(2027, 9, 2)), D(0))
            self.assertEqual(alternating.planned_hours(
                    datetime.date(2027, 9, 9)), D(9))
            with self.assertRaises(ValidationError) as error:
                Contract.start([contract(household, emma, structure, [],
                            date(1, 9, 2028), date(31, 8, 2029))])
            self.assertIn("n'a pas de planning", error.exception.message)

    @with_transaction()
    def test_clocking_day(self):
        "Prepare the day, arrival and departure buttons"
        pool = Pool()
        Presence = pool.get('sitiv.creche.presence')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            pool.get('sitiv.creche.staff').create([{'company': company.id,
                        'structure': structure.id, 'name': "Nadia",
                        'date': date(2), 'start_time': time('00:00'),
                        'end_time': time('23:59')}])
            self.assertEqual(Presence.prepare(structure, date(4)), [])
            presence, = Presence.prepare(structure, date(2))
            self.assertEqual(Presence.prepare(structure, date(2)), [])
            self.assertEqual((presence.state, presence.child, presence.planned),
                ('expected', emma, "08:30–17:30"))
            Presence.arrive([presence])
            self.assertEqual(presence.state, 'present')
            self.assertIsNotNone(presence.arrival)
            Presence.leave([presence])
            self.assertEqual(presence.state, 'left')
            self.assertIsNotNone(presence.departure)
            with self.assertRaises(ValidationError) as error:
                presence.arrival, presence.departure = (
                    time('10:00'), time('09:00'))
                presence.save()
            self.assertIn("avant son arrivée", error.exception.message)


    @with_transaction()
    def test_staff_ratio(self):
        """1 for 5 who do not walk and 1 for 8 who walk: six babies and
        one walker need two professionals; an arrival below warns"""
        pool = Pool()
        Contract = pool.get('sitiv.creche.contract')
        Presence = pool.get('sitiv.creche.presence')
        Staff = pool.get('sitiv.creche.staff')
        company, canteen, structure = creche_city()
        structure.ratio_rule = 'walking'
        structure.save()
        babies, big = structure.sections
        with set_company(company):
            contracts = []
            for index in range(7):
                household, (child,) = family(company, f"FAMILLE{index}",
                    [("Bébé", datetime.date(2026, 1, index + 1))],
                    D('30000'))
                contracts.append(contract(household, child, structure,
                        FOUR_DAYS, date(1, 9), date(31, 8, 2027),
                        section=babies.id, walks=index == 6))
            Contract.start(contracts)
            Staff.create([{'company': company.id, 'structure': structure.id,
                        'section': babies.id, 'name': "Nadia",
                        'date': date(2), 'start_time': time('08:00'),
                        'end_time': time('18:00')}])
            clock(contracts[6], {date(2): ('08:30', '17:00')})
            for record in contracts[:5]:
                clock(record, {date(2): ('08:30', '17:30')})
            found = situation(structure, babies, date(2), time('10:00'))
            # Five babies (5/5) and a walker (1/8): 1,125 → 2.
            self.assertEqual(found, {'walkers': 1, 'others': 5,
                    'staff': 1, 'required': 2})
            # At 17:15 the walker has left: five babies, one is enough.
            self.assertEqual(situation(structure, babies, date(2),
                    time('17:15'))['required'], 1)
            self.assertEqual(required_staff(structure, 0, 5), 1)
            structure.ratio_rule = 'uniform'
            self.assertEqual(required_staff(structure, 8, 5), 3)
            structure.ratio_rule = 'walking'
            # The sixth baby arrives while one professional is there: the
            # person clocking is warned.
            presence, = Presence.create([{'contract': contracts[5].id,
                        'date': date(2), 'company': company.id,
                        'state': 'expected'}])
            presence.arrival = time('10:00')
            with self.assertRaises(UserWarning) as warning:
                Presence.warn_ratio([presence])
            self.assertIn("il en faut 2", warning.exception.message)
            # From 7:30 to 8:30 the agrément gives five places: a sixth
            # child arriving at 8:00 exceeds it.
            structure.capacities = [{'start_time': time('07:30'),
                    'end_time': time('08:30'), 'places': 5}]
            structure.save()
            Presence.write(Presence.search([('date', '=', date(2))]),
                {'arrival': time('07:45')})
            presence = Presence(presence.id)
            presence.arrival = time('08:00')
            with self.assertRaises(UserWarning) as warning:
                Presence.warn_ratio([presence])
            self.assertIn("dépasse les 5 places agréées à 08:00",
                warning.exception.message)


    @with_transaction()
    def test_daily_journal(self):
        "An entry has the time of the crèche's town and its author"
        pool = Pool()
        Journal = pool.get('sitiv.creche.journal')
        User = pool.get('res.user')
        company, canteen, structure = creche_city()
        with set_company(company):
            record, household, emma, _ = emma_contract(company, structure)
            entry, = Journal.create([{'structure': structure.id,
                        'child': emma.id, 'kind': 'sleep',
                        'text': "Sieste de 13 h à 14 h 30"}])
            self.assertEqual(entry.company, company)
            self.assertIsNotNone(entry.time)
            self.assertEqual(entry.author, User(Transaction().user))
            self.assertEqual(Journal.search([('child', '=', emma.id)]),
                [entry])


del ModuleTestCase
