# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""sitiv_activite (spec 003 §2.1.3.4, §2.1.3.5, §2.1.4, §2.1.7): places
and waiting lists, mass enrolment, weekly reservations on the school
calendar, late cancellations, meals for the central kitchen — without
billing installed."""
import datetime

from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError
from trytond.modules.company.tests import set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia_base.testing import SaoViewsMixin

from .tools import (
    OCT, activities, attend, date, enrol, household, martin, person)


class SitivActiviteTestCase(SaoViewsMixin, ModuleTestCase):
    "Test sitiv_activite module"
    module = 'sitiv_activite'
    language = 'fr'

    @with_transaction()
    def test_capacity_waiting_list_and_full(self):
        "A full activity offers its waiting list, or refuses (§2.1.7)"
        company, canteen, club = activities()
        club.capacity = 1
        club.save()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            first = enrol(family, lea, club)
            second = enrol(family, tom, club)
            self.assertEqual(first.state, 'enrolled')
            self.assertEqual(second.state, 'waiting')
            self.assertEqual(second.waiting_position, 1)
            club.full_policy = 'full'
            club.save()
            noe = person("DURAND", "Noé", date(1, 1, 2018))
            durand = household(company, "DURAND",
                [person("DURAND", "Lise", date(1, 1, 1990))], [noe])
            with self.assertRaises(ValidationError) as error:
                enrol(durand, noe, club)
            self.assertIn("complète", error.exception.message)

    @with_transaction()
    def test_mass_enrolment_from_a_selection(self):
        "A selection of children enrolled at once; the full ones wait"
        pool = Pool()
        MassEnrol = pool.get('sitiv.enrolment.mass', type='wizard')
        Enrolment = pool.get('sitiv.enrolment')
        company, canteen, club = activities()
        club.capacity = 1
        club.save()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            with Transaction().set_context(active_model='party.party',
                    active_ids=[lea.id, tom.id]):
                session_id, _, _ = MassEnrol.create()
                wizard = MassEnrol(session_id)
                wizard.start.children = [lea, tom]
                wizard.start.activity = club
                wizard.start.start_date = OCT
                wizard.start.end_date = None
                action, _ = wizard.do_enrol(
                    {'pyson_domain': '[]', 'views': []})
        states = {e.child: e.state for e in Enrolment.search([])}
        self.assertEqual(states, {lea: 'enrolled', tom: 'waiting'})
        # The wizard opens the enrolments it made.
        from trytond.pyson import PYSONDecoder
        (_, _, ids), = PYSONDecoder().decode(action['pyson_domain'])
        self.assertEqual(sorted(ids),
            sorted(e.id for e in Enrolment.search([])))

    @with_transaction()
    def test_weekly_pattern_books_school_days_only(self):
        "Mondays and Thursdays of October: no holiday, no Wednesday"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = activities()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            enrolment = enrol(family, lea, canteen)
            Attendance.reserve([enrolment], date(1), date(31), {0, 3})
        days = sorted(a.date.day for a in Attendance.search([]))
        # Toussaint holidays (zone A) start on Saturday 17 October.
        self.assertEqual(days, [1, 5, 8, 12, 15])

    @with_transaction()
    def test_cancellation_within_notice(self):
        "Cancelling too late keeps the day due as an unexcused absence"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Date = pool.get('ir.date')
        company, canteen, club = activities()
        today = Date.today()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            enrolment = enrol(family, lea, canteen, start=today)
            soon, later = Attendance.create([
                    {'enrolment': enrolment.id,
                        'date': today + datetime.timedelta(days=1)},
                    {'enrolment': enrolment.id,
                        'date': today + datetime.timedelta(days=10)}])
            Attendance.cancel_reservation([soon, later])
        self.assertEqual(soon.state, 'absent_unexcused')
        self.assertEqual(later.state, 'cancelled')

    @with_transaction()
    def test_kitchen_counts_by_meal_type_and_diet(self):
        "Meals per day for the central kitchen: type and diet (§2.1.3.4)"
        pool = Pool()
        Diet = pool.get('sitiv.diet')
        Count = pool.get('sitiv.kitchen_count')
        company, canteen, club = activities()
        no_meat, = Diet.search([('code', '=', 'NO_MEAT')])
        canteen.diets = [no_meat]
        canteen.save()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            baby = person("MARTIN", "Jade", date(1, 2, 2022))
            family.members += (
                pool.get('sitiv.household.member')(party=baby, role='child'),)
            family.save()
            attend(enrol(family, lea, canteen, diet=no_meat.id),
                {date(1): 'reserved', date(2): 'absent_excused'})
            attend(enrol(family, tom, canteen), {date(1): 'present'})
            attend(enrol(family, baby, canteen), {date(1): 'reserved'})
            counts = sorted((c.date.day, c.meal_category,
                    c.diet.code if c.diet else '', c.meals)
                for c in Count.search([]))
        # Jade is 4: maternelle; the excused absence is not cooked for.
        self.assertEqual(counts, [
                (1, 'elementaire', '', 1),
                (1, 'elementaire', 'NO_MEAT', 1),
                (1, 'maternelle', '', 1),
                ])


    @with_transaction()
    def test_family_booking_follows_the_notices(self):
        "Open weekdays only, the booking and cancellation notices (§2.1.4)"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Date = pool.get('ir.date')
        company, canteen, club = activities()
        today = Date.today()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            enrolment = enrol(family, lea, canteen, start=today)
            # The next open day is inside the booking notice.
            close = canteen.open_days(today + datetime.timedelta(days=1),
                today + datetime.timedelta(days=30))[0]
            canteen.booking_notice = (close - today).days + 1
            canteen.save()
            days = canteen.open_days(
                close + datetime.timedelta(days=1),
                close + datetime.timedelta(days=40))
            self.assertTrue(days)
            self.assertFalse([d for d in days if d.weekday() >= 5])
            saturday = days[0] + datetime.timedelta(
                days=(5 - days[0].weekday()) % 7 or 7)
            for day, reason in [(saturday, "fermée"),
                    (close, "trop proche")]:
                with self.assertRaises(UserError) as error:
                    Attendance.book(enrolment, [days[0], day])
                self.assertIn(reason, error.exception.message)
            self.assertFalse(Attendance.search([]))
            booked, = Attendance.book(enrolment, [days[0]])
            Attendance.cancel_by_family([booked])
            self.assertEqual(booked.state, 'cancelled')
            # Booked again, then too late to cancel from the portal.
            again, = Attendance.book(enrolment, [days[0]])
            self.assertEqual(again, booked)
            canteen.cancel_notice = 60
            canteen.save()
            with self.assertRaises(UserError) as error:
                Attendance.cancel_by_family([Attendance(booked.id)])
            self.assertIn("ne peut plus être annulé", error.exception.message)


    @with_transaction()
    def test_family_withdraws_within_the_notice(self):
        "Unenrolment: ends after a day, later days freed, the notice kept"
        pool = Pool()
        Attendance = pool.get('sitiv.attendance')
        Enrolment = pool.get('sitiv.enrolment')
        Date = pool.get('ir.date')
        company, canteen, club = activities()
        today = Date.today()
        day = datetime.timedelta(days=1)
        with set_company(company):
            family, parent, lea, tom = martin(company)
            canteen.cancel_notice = 3
            canteen.save()
            enrolment = enrol(family, lea, canteen, start=today)
            Enrolment.enrol([enrolment])
            kept, freed = Attendance.create([
                    {'enrolment': enrolment.id, 'date': today + 2 * day},
                    {'enrolment': enrolment.id, 'date': today + 5 * day}])
            later = enrol(family, tom, club, start=today + 30 * day)
            with self.assertRaises(UserError) as error:
                Enrolment.withdraw([enrolment], today)
            self.assertIn(
                (today + 2 * day).strftime('%d/%m/%Y'),
                error.exception.message)
            Enrolment.withdraw([enrolment, later], today + 2 * day)
        self.assertEqual(
            (enrolment.state, enrolment.end_date, later.state),
            ('enrolled', today + 2 * day, 'cancelled'))
        self.assertEqual((Attendance(kept.id).state,
                Attendance(freed.id).state), ('reserved', 'cancelled'))


    @with_transaction()
    def test_the_day_excludes_its_half_days(self):
        "Matin + après-midi, or journée: never both the same day"
        pool = Pool()
        Activity = pool.get('sitiv.activity')
        Attendance = pool.get('sitiv.attendance')
        company, canteen, club = activities()
        with set_company(company):
            family, parent, lea, tom = martin(company)
            morning, afternoon, whole = Activity.create([{
                        'company': company.id, 'name': f"Mercredi {n}",
                        'short_name': n.capitalize(), 'code': f'MER{i}',
                        'domain': 'mercredi', 'unit': 'half_day',
                        'calendar': 'any'}
                    for i, n in enumerate(['matin', 'après-midi',
                            'journée'])])
            whole.exclusions = [morning, afternoon]
            whole.save()
            enrolments = [enrol(family, lea, a)
                for a in [morning, afternoon, whole, canteen]]
            wednesday = date(14)
            halves = Attendance.create([{'enrolment': e.id,
                        'date': wednesday} for e in enrolments[:2]])
            # The canteen has no exclusion: booked with anything.
            Attendance.create([{'enrolment': enrolments[3].id,
                        'date': wednesday}])
            with self.assertRaises(ValidationError) as error:
                Attendance.create([{'enrolment': enrolments[2].id,
                            'date': wednesday}])
            self.assertIn("à la fois pour « Journée » et « ",
                error.exception.message)
            # Tom may; another day may; an excused absence frees the day.
            Attendance.create([{'enrolment': enrolments[2].id,
                        'date': date(21)}])
            excused = Attendance.create([{'enrolment': e.id,
                        'date': date(28), 'state': 'absent_excused'}
                    for e in enrolments[:2]])
            Attendance.create([{'enrolment': enrolments[2].id,
                        'date': date(28)}])
            with self.assertRaises(ValidationError):
                Attendance.write(excused[:1], {'state': 'reserved'})
            self.assertEqual(len(halves), 2)


del ModuleTestCase
