# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""School enrolment in sao (sitiv_ecole, §2.1.3.3): a city agent opens a
pre-enrolment, finds the level and the sector school proposed, enrols the
child; then opens the dérogation commission and finds a dérogation on
its agenda."""
import os
import sqlite3

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait, wait_value

pytestmark = SKIP


def pre_enrolment():
    "A Rillieux pre-enrolment with no wished school, and its names."
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        return db.execute("""
            SELECT e.id, s.name, l.code
            FROM sitiv_school_enrolment e
            JOIN sitiv_school s ON s.id = e.school
            JOIN sitiv_school_level l ON l.id = e.level
            JOIN company_company c ON c.id = e.company
            JOIN party_party p ON p.id = c.party
            WHERE e.state = 'draft' AND p.name LIKE '%Rillieux%'
                AND e.school = e.sector_school
                AND NOT EXISTS (SELECT 1 FROM sitiv_school_wish w
                    WHERE w.enrolment = e.id)
            ORDER BY e.id""").fetchone()


def state(enrolment_id):
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        return db.execute("SELECT state, derogation FROM "
            "sitiv_school_enrolment WHERE id = ?",
            (enrolment_id,)).fetchone()


def test_agent_enrols_a_child_in_the_proposed_school(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    enrolment_id, school, level = pre_enrolment()
    login(browser, server, 'agent.rillieux', 'hestia-demo')
    wait(browser, '//*[normalize-space(text())="Écoles"]')
    browser.get(f'{server}#e2e/model/sitiv.school.enrolment/{enrolment_id}')
    # The sector school proposed from the address, the level from the
    # birth date, as the pre-enrolment shows them.
    wait(browser, '//*[starts-with(normalize-space(text()), '
        '"École de secteur")]')
    assert level == 'PS'
    wait_value(browser, "Petite section")
    wait_value(browser, school)
    wait(browser, '//button[normalize-space()="Inscrire"]').click()
    WebDriverWait(browser, 30).until(
        lambda b: state(enrolment_id)[0] == 'enrolled')
    assert state(enrolment_id) == ('enrolled', 0)
    # The button is gone once the child is enrolled.
    WebDriverWait(browser, 30).until(lambda b: not [e for e in
            b.find_elements('xpath', '//button[normalize-space()="Inscrire"]')
            if e.is_displayed()])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'school_enrolment')

    # The commission of December and the two dérogations on its agenda.
    from selenium.webdriver.common.action_chains import ActionChains
    click_text(browser, "Écoles")
    click_text(browser, "Commissions")
    row = wait(browser, '//td[contains(normalize-space(), '
        '"Commission des dérogations de décembre")]')
    ActionChains(browser).double_click(row).perform()
    wait(browser, '//*[normalize-space(text())="Ordre du jour"]')
    wait(browser, '//td[normalize-space()="Dérogation"]')
    check_screen(browser, 'school_commission')
