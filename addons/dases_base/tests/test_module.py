# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""dases_base: flux 1 import (spec 002 A1-A6, Annexe 1) on the golden file
written by hand in tests/golden/flux1."""
import datetime
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

from hestia_base.testing import SaoViewsMixin

from .tools import FLUX1


def import_flux1(company, data, filename='flux1.txt', today=None):
    Report = Pool().get('dases.integration.report')
    return Report.import_file('flux1', company, filename, data, today=today)


def business_counts():
    pool = Pool()
    return {name: pool.get(name).search_count([]) for name in [
            'dases.beneficiary', 'dases.tutor', 'dases.beneficiary.event',
            'dases.care_plan']}


class DasesBaseTestCase(SaoViewsMixin, ModuleTestCase):
    "Test dases_base module"
    module = 'dases_base'
    language = 'fr'

    @with_transaction()
    def test_import_golden_file(self):
        "Three plan lines, two beneficiaries, a tutor and an event (A3)"
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        Beneficiary = pool.get('dases.beneficiary')
        Attachment = pool.get('ir.attachment')
        company = create_company()
        data = FLUX1
        with set_company(company):
            report = import_flux1(company, data)
        self.assertEqual(report.state, 'done')
        self.assertEqual((report.lines, report.created, report.updated,
                report.unchanged, report.rejected, report.withdrawn),
            (3, 3, 0, 0, 0, 0))
        self.assertEqual(business_counts(), {
                'dases.beneficiary': 2, 'dases.tutor': 1,
                'dases.beneficiary.event': 1, 'dases.care_plan': 3})
        konate, = Beneficiary.search([('salsa_id', '=', '007731')])
        self.assertEqual(konate.tutor.name, "UDAF DE PARIS")
        self.assertEqual(konate.party.name, "KONATÉ Moussa")
        self.assertEqual(konate.events[0].start_date,
            datetime.date(2026, 11, 10))
        plan, = CarePlan.search([('beneficiary', '=', konate.id)])
        self.assertEqual(plan.management_mode, 'mandataire')
        self.assertEqual(plan.payee_type, 'tutor')
        self.assertEqual(plan.overrun_amount, Decimal('35.20'))
        self.assertTrue(plan.derogation)
        # The original file is archived on the report (A5).
        attachment, = Attachment.search([('resource', '=', str(report))])
        self.assertEqual(attachment.data, data)

    @with_transaction()
    def test_same_file_twice_changes_nothing(self):
        "Idempotent: the second import creates and updates nothing"
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        company = create_company()
        data = FLUX1
        with set_company(company):
            import_flux1(company, data)
            history = CarePlan.__table_history__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*history.select(history.id))
            versions = len(cursor.fetchall())
            report = import_flux1(company, data)
            cursor.execute(*history.select(history.id))
            self.assertEqual(len(cursor.fetchall()), versions)
        self.assertEqual((report.created, report.updated, report.unchanged,
                report.withdrawn), (0, 0, 3, 0))

    @with_transaction()
    def test_changed_and_missing_plans(self):
        """A changed quantity updates; a plan absent is withdrawn, not
        deleted, once an agent confirms a file withdrawing that many (one
        plan of three: over the 10 % threshold)."""
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        Report = pool.get('dases.integration.report')
        Date = pool.get('ir.date')
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        with set_company(company):
            import_flux1(company, FLUX1)
            newer = [lines[0].replace('|45.50|45.50|', '|50.00|50.00|'),
                lines[1]]
            waiting = import_flux1(company,
                ('\r\n'.join(newer) + '\r\n').encode('utf-8'),
                today=datetime.date(2026, 11, 30))
        self.assertEqual(waiting.state, 'waiting')
        self.assertEqual(waiting.withdrawn, 1)
        self.assertIn("retirerait 1 plans d'aide sur 3 actifs (33 %)",
            waiting.message)
        self.assertIn("seuil de 10 %", waiting.message)
        # Nothing written while waiting.
        self.assertEqual(CarePlan.search_count(
                [('transmitted', '=', False)]), 0)
        plan, = CarePlan.search([('service_index', '=', '000001')])
        self.assertEqual(plan.quantity, Decimal('45.50'))

        # A DASES agent confirms it, as from sao (access checked).
        agent, = pool.get('res.user').create([{'name': "Agent DASES",
                    'login': 'agent.dases.test',
                    'companies': [('add', [company.id])],
                    'company': company.id,
                    'groups': [('add', [pool.get('ir.model.data').get_id(
                                    'dases_base', 'group_dases_agent')])]}])
        with set_company(company), Transaction().set_user(agent.id), \
                Transaction().set_context(_check_access=True):
            Report.confirm([Report(waiting.id)])
        self.assertEqual(Report(waiting.id).state, 'confirmed')
        report, = Report.search([('id', '>', waiting.id)])
        self.assertIn(f"rapport n° {report.id}", waiting.message)
        self.assertEqual((report.state, report.created, report.updated,
                report.unchanged, report.withdrawn), ('done', 0, 1, 1, 1))
        withdrawn, = CarePlan.search([('transmitted', '=', False)])
        self.assertEqual(withdrawn.service_index, '000002')
        self.assertEqual(withdrawn.withdrawn_date, Date.today())
        changed, = CarePlan.search([('service_index', '=', '000001')])
        self.assertEqual(changed.quantity, Decimal('50.00'))
        # Transmitted again later: back in force.
        with set_company(company):
            report = import_flux1(company, FLUX1)
        self.assertEqual(report.updated, 2)
        self.assertEqual(CarePlan.search_count(
                [('transmitted', '=', False)]), 0)

    @with_transaction()
    def test_threshold_is_a_setting_and_force_skips_it(self):
        "Under the configured share, or forced, the file goes through"
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        Configuration = pool.get('dases.configuration')
        Report = pool.get('dases.integration.report')
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        shorter = ('\r\n'.join(lines[:2]) + '\r\n').encode('utf-8')
        with set_company(company):
            import_flux1(company, FLUX1)
            forced = Report.import_file('flux1', company, 'f.txt', shorter,
                force=True)
            self.assertEqual((forced.state, forced.withdrawn), ('done', 1))
            import_flux1(company, FLUX1)
            Configuration.write([Configuration(1)], {'withdraw_share': 50})
            report = import_flux1(company, shorter)
        self.assertEqual((report.state, report.withdrawn), ('done', 1))
        self.assertEqual(CarePlan.search_count(
                [('transmitted', '=', False)]), 1)

    @with_transaction()
    def test_each_departement_has_its_own_settings(self):
        "A threshold set by one Département leaves the other's default"
        pool = Pool()
        Configuration = pool.get('dases.configuration')
        paris = create_company("Département de Paris")
        rhone = create_company("Département du Rhône")
        with set_company(paris):
            Configuration.write([Configuration(1)], {'withdraw_share': 50})
            self.assertEqual(Configuration(1).withdraw_share, 50)
        with set_company(rhone):
            self.assertEqual(Configuration(1).withdraw_share, 10)
            Configuration.write([Configuration(1)], {'history_days': 200})
        configuration = Configuration(1)
        self.assertEqual(
            [configuration.get_multivalue(n, company=c.id)
                for c in [paris, rhone]
                for n in ['withdraw_share', 'history_days']],
            [50, 300, 10, 200])
        # The importer reads its own Département's threshold.
        Flux1Import = pool.get('dases.integration.report').importers()[
            'flux1']
        self.assertEqual(Flux1Import(paris).withdraw_share(), 50)
        self.assertEqual(Flux1Import(rhone).withdraw_share(), 10)

    @with_transaction()
    def test_settings_of_another_departement_refused(self):
        "A Département's administrator cannot set another's threshold"
        pool = Pool()
        Configuration = pool.get('dases.configuration')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        paris = create_company("Département de Paris")
        rhone = create_company("Département du Rhône")
        admin, = User.create([{
                    'name': "Administrateur", 'login': 'admin_paris',
                    'companies': [('add', [paris.id])], 'company': paris.id,
                    'groups': [('add', [ModelData.get_id(
                                    'dases_base', 'group_dases_admin')])],
                    }])
        with Transaction().set_user(admin.id), Transaction().set_context(
                _check_access=True, company=paris.id):
            Configuration.write([Configuration(1)], {'withdraw_share': 30})
        # The client sends another company in its context.
        with Transaction().set_user(admin.id), Transaction().set_context(
                _check_access=True, company=rhone.id):
            with self.assertRaises(AccessError):
                Configuration.write([Configuration(1)],
                    {'withdraw_share': 90})
        configuration = Configuration(1)
        self.assertEqual(
            [configuration.get_multivalue('withdraw_share', company=c.id)
                for c in [paris, rhone]], [30, 10])

    @with_transaction()
    def test_truncated_file_refused_whole(self):
        "A file cut in its last line changes nothing and says why"
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        Attachment = pool.get('ir.attachment')
        company = create_company()
        data = FLUX1
        cut = data[:len(data) - 200]
        with set_company(company):
            import_flux1(company, data)
            before = business_counts()
            report = import_flux1(company, cut, filename='coupé.txt')
        self.assertEqual(report.state, 'refused')
        self.assertIn("le fichier semble tronqué : sa dernière ligne "
            "(ligne 3) est incomplète", report.message)
        self.assertEqual(business_counts(), before)
        self.assertEqual(CarePlan.search_count(
                [('transmitted', '=', True)]), 3)
        archive, = Attachment.search([('resource', '=', str(report))])
        self.assertEqual(archive.data, cut)

    @with_transaction()
    def test_history_window_of_the_file(self):
        """A plan whose coverage ended before the file's history window
        (A4, `history_days`) is not expected in it: it stays as it is"""
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        Configuration = pool.get('dases.configuration')
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        today = datetime.date(2026, 11, 30)
        with set_company(company):
            import_flux1(company, FLUX1, today=today)
            # The first plan's coverage ended on 30/06/2026, 153 days ago.
            Configuration.write([Configuration(1)], {'history_days': 100})
            report = import_flux1(company, ('\r\n'.join(lines[1:3])
                    + '\r\n').encode('utf-8'), today=today)
        self.assertEqual((report.state, report.withdrawn), ('done', 0))
        old, = CarePlan.search([('service_index', '=', '000001')])
        self.assertTrue(old.transmitted)

    @with_transaction()
    def test_bad_lines_rejected_good_lines_kept(self):
        "Line-level rejects in French; a duplicate is rejected too (A6)"
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        bad = lines[1].replace('|02/07/1958|', '|31/02/1958|')
        data = '\r\n'.join([lines[0], bad, lines[2], lines[0]]) + '\r\n'
        with set_company(company):
            report = import_flux1(company, data.encode('utf-8'))
        self.assertEqual((report.lines, report.created, report.rejected),
            (4, 2, 2))
        self.assertEqual([(r.line, r.field, r.message)
                for r in report.rejects], [
                (2, "Date de naissance du bénéficiaire",
                    "« 31/02/1958 » n'est pas une date valide (JJ/MM/AAAA)"),
                (4, "Index prestation Salsa",
                    "doublon de la ligne 1 (même bénéficiaire, demande et "
                    "prestation)"),
                ])
        self.assertEqual(report.summary()['rejected'][0]['line'], 2)

    @with_transaction()
    def test_bad_line_does_not_withdraw_its_plan(self):
        "A plan whose line is rejected this week stays in force"
        pool = Pool()
        CarePlan = pool.get('dases.care_plan')
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        with set_company(company):
            import_flux1(company, FLUX1)
            bad = lines[1].replace('|28/02/2027|01/03/2026|',
                '|28/02/2027|1er mars|')
            report = import_flux1(company, ('\r\n'.join(
                        [lines[0], bad, lines[2]]) + '\r\n').encode('utf-8'))
        self.assertEqual((report.rejected, report.withdrawn), (1, 0))
        self.assertEqual(CarePlan.search_count(
                [('transmitted', '=', True)]), 3)

    @with_transaction()
    def test_control_character_rejects_its_line_only(self):
        "A tab or a form feed in a field rejects that line, named, not the file"
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        bad = lines[1].replace('|KONATÉ|', '|KONA\x0cTÉ|')
        tab = lines[2].replace('|DUPUIS|', '|DU\tPUIS|')
        with set_company(company):
            report = import_flux1(company, ('\r\n'.join(
                        [lines[0], bad, tab]) + '\r\n').encode('utf-8'))
        self.assertEqual((report.state, report.created, report.rejected),
            ('done', 1, 2))
        self.assertEqual([(r.line, r.field, r.message)
                for r in report.rejects], [
                (2, "Nom du bénéficiaire",
                    "caractère interdit : saut de page (U+000C)"),
                (3, "Nom du bénéficiaire",
                    "caractère interdit : tabulation (U+0009)"),
                ])

    @with_transaction()
    def test_huge_line_is_archived_not_copied_into_its_rejection(self):
        "A 70 KB field: the reason stays short, the file keeps the line"
        company = create_company()
        lines = FLUX1.decode('utf-8').split('\r\n')
        huge = lines[0].replace('|14/03/1936|', '|' + '9' * 70000 + '|')
        data = ('\r\n'.join([huge] + lines[1:])).encode('utf-8')
        with set_company(company):
            report = import_flux1(company, data)
        reject, = report.rejects
        self.assertEqual(reject.line, 1)
        self.assertLessEqual(len(reject.message), 500)
        self.assertTrue(reject.message.endswith('…'))

    @with_transaction()
    def test_refused_file_changes_no_business_data(self):
        "Not a flux 1 at all: refused whole, nothing stored but the report"
        pool = Pool()
        Report = pool.get('dases.integration.report')
        company = create_company()
        with set_company(company):
            import_flux1(company, FLUX1)
            before = business_counts()
            report = import_flux1(company,
                b'nom;prenom\r\nDUPONT;Jean\r\n', filename='erreur.csv')
        self.assertEqual(business_counts(), before)
        self.assertEqual(report.state, 'refused')
        self.assertIn("ce n'est pas un fichier flux 1", report.message)
        self.assertEqual(Report.search_count([]), 2)

    @with_transaction()
    def test_bug_halfway_refuses_the_file_and_keeps_it(self):
        """A bug of Hestia after the importer wrote: every write undone,
        the file refused with a French message and archived (§4.2)"""
        from unittest.mock import patch
        from dases_base.flux1 import Flux1Import
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        company = create_company()
        upsert = Flux1Import.upsert_events

        def broken(self, *args):
            upsert(self, *args)
            raise KeyError('salsa')
        with set_company(company), \
                patch.object(Flux1Import, 'upsert_events', broken):
            report = import_flux1(company, FLUX1)
        self.assertEqual(business_counts(), dict.fromkeys(
                business_counts(), 0))
        self.assertEqual((report.state, report.kind, report.lines),
            ('refused', 'flux1', 0))
        self.assertTrue(report.message.startswith(
                "erreur inattendue pendant l'import (KeyError) : rien n'a "
                "été importé"), report.message)
        attachment, = Attachment.search([('resource', '=', str(report))])
        self.assertEqual(attachment.data, FLUX1)

    @with_transaction()
    def test_other_departement_cannot_read(self):
        "Records of one Département are invisible to another company"
        pool = Pool()
        Beneficiary = pool.get('dases.beneficiary')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        paris = create_company("Département de Paris")
        other = create_company("Autre Département")
        with set_company(paris):
            import_flux1(paris, FLUX1)
        agent, = User.create([{
                    'name': "Agent", 'login': 'agent_other',
                    'companies': [('add', [other.id])], 'company': other.id,
                    'groups': [('add', [ModelData.get_id(
                                    'dases_base', 'group_dases_agent')])],
                    }])
        some = Beneficiary.search([])
        with Transaction().set_user(agent.id), Transaction().set_context(
                _check_access=True, company=other.id):
            self.assertEqual(Beneficiary.search([]), [])
            with self.assertRaises(AccessError):
                Beneficiary.read([some[0].id], ['last_name'])

    @with_transaction()
    def test_agent_sees_the_aids_given_only(self):
        "An agent of PCH does not see an APA-only file (D8)"
        pool = Pool()
        Beneficiary = pool.get('dases.beneficiary')
        CarePlan = pool.get('dases.care_plan')
        Event = pool.get('dases.beneficiary.event')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        paris = create_company("Département de Paris")
        with set_company(paris):
            import_flux1(paris, FLUX1)
        plans = CarePlan.search([])
        codes = {p.financier_code for p in plans}
        self.assertGreater(len(codes), 1, codes)
        seen_code = sorted(codes)[0]
        group = ModelData.get_id('dases_base', 'group_dases_agent')
        restricted, everything = User.create([{
                    'name': name, 'login': login,
                    'dases_aid_types': aids,
                    'companies': [('add', [paris.id])], 'company': paris.id,
                    'groups': [('add', [group])],
                    } for name, login, aids in [
                    ("Agent restreint", 'agent_aid', f' {seen_code.lower()} '),
                    ("Agent", 'agent_all', None)]])
        expected_plans = {p.id for p in plans
            if p.financier_code == seen_code}
        expected_people = {p.beneficiary.id for p in plans
            if p.financier_code == seen_code}
        other_people = {b.id for b in Beneficiary.search([])
            if b.id not in expected_people}
        self.assertTrue(other_people)
        with Transaction().set_user(restricted.id), Transaction().set_context(
                _check_access=True, company=paris.id):
            self.assertEqual({p.id for p in CarePlan.search([])},
                expected_plans)
            self.assertEqual({b.id for b in Beneficiary.search([])},
                expected_people)
            self.assertTrue(all(e.beneficiary.id in expected_people
                    for e in Event.search([])))
            with self.assertRaises(AccessError):
                Beneficiary.read([min(other_people)], ['last_name'])
        with Transaction().set_user(everything.id), Transaction().set_context(
                _check_access=True, company=paris.id):
            self.assertEqual(len(CarePlan.search([])), len(plans))


del ModuleTestCase
