# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The crèche director's morning in sao (sitiv_creche, issue 20): she opens
« Pointage du jour » on the tablet, taps « Arrivée » for a child expected
today, and the child is present; then reads a contract's monthly amount."""
import os
import sqlite3

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait

pytestmark = SKIP


def expected_today():
    "An expected presence of Rillieux's crèche today, and the child's name."
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        return db.execute("""
            SELECT p.id, c.name
            FROM sitiv_creche_presence p
            JOIN party_party c ON c.id = p.child
            JOIN sitiv_creche_structure s ON s.id = p.structure
            WHERE p.state = 'expected' AND s.code = 'LUC'
                AND p.date = date('now')
            ORDER BY c.name, p.id""").fetchone()


def state(presence_id):
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        return db.execute("SELECT state, arrival FROM sitiv_creche_presence "
            "WHERE id = ?", (presence_id,)).fetchone()


def test_director_clocks_a_child_in(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    found = expected_today()
    if not found:
        import pytest
        pytest.skip("the crèche is closed today (week-end, holiday)")
    presence_id, child = found
    login(browser, server, 'creche.rillieux', 'hestia-demo')
    click_text(browser, "Petite enfance")
    click_text(browser, "Pointage du jour")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        row = wait(browser, f'//tr[.//td[normalize-space()="{child}"]]')
    except Exception:
        browser.save_screenshot(str(ARTIFACTS / 'creche_clocking_error.png'))
        raise
    # sao runs a list button on the selected row: tap the row (not the
    # child's name, a link to the file), then « Arrivée ».
    row.find_element('xpath', './/td[normalize-space()="Attendu"]').click()
    row = wait(browser, f'//tr[.//td[normalize-space()="{child}"]]')
    row.find_element('xpath',
        './/button[normalize-space()="Arrivée"]').click()

    def present(browser):
        # Outside the staff's hours (the demo's staff leave at the end of
        # the afternoon) the ratio warning asks first: the director goes on.
        for button in browser.find_elements('xpath', '//button[translate('
                'normalize-space(), "oui", "OUI")="OUI"]'):
            if button.is_displayed():
                assert "taux d'encadrement" in browser.find_element(
                    'tag name', 'body').text
                button.click()
        return state(presence_id)[0] == 'present'
    try:
        WebDriverWait(browser, 30).until(present)
    except Exception:
        browser.save_screenshot(str(ARTIFACTS / 'creche_clocking_error.png'))
        raise
    assert state(presence_id)[1]  # the time of the tap
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'creche_clocking')

    click_text(browser, "Contrats PSU")
    wait(browser, '//th[normalize-space()="Mensualité (€)"]')
    check_screen(browser, 'creche_contracts')
