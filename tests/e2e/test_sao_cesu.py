# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A DASES agent goes through the CESU screens of the demo Département:
the month's exports (download), the chequebooks, the charges in anomaly,
and generates a flux 8.2 with the wizard (dases_cesu)."""
import time

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait, wait_value

pytestmark = SKIP


def test_agent_goes_through_the_cesu_month(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    # The demo's DASES agent works in the Département's company.
    login(browser, server, 'agent.dases', 'hestia-demo')
    click_text(browser, "Aide à domicile")
    click_text(browser, "Commandes CESU")
    wait(browser, '//td[starts-with(normalize-space(), "COMMANDE")]')

    # The exports of the demo month, with their lines and file.
    click_text(browser, "Exports CESU")
    row = wait(browser, '//td[starts-with(normalize-space(), '
        '"Flux 8.2 — bénéficiaires CESU vers le CNCESU")]')
    time.sleep(1)  # let sao finish rendering the list before the click
    ActionChains(browser).double_click(row).perform()
    wait(browser, '//*[normalize-space(text())="Lignes écartées"]')
    wait_value(browser, f'flux82_{time.strftime("%Y%m")}_00001.txt')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'cesu_export_form')

    # The CNCESU charges the demo flux 6 put in anomaly.
    click_text(browser, "Charges CNCESU")
    # The full list's tab first: on a busy machine it opened after the
    # anomalies' and hid it.
    wait(browser, '//ul[@id="tablist"]//*[normalize-space(text())='
        '"Charges CNCESU"]', timeout=60)
    click_text(browser, "Charges CNCESU en anomalie")
    wait(browser, '//ul[@id="tablist"]//*[normalize-space(text())='
        '"Charges CNCESU en anomalie"]', timeout=60).click()
    # Every line of this list is an anomaly, with its Accept button (a
    # busy machine takes longer than the default to draw the list).
    accept = wait(browser, '//button[normalize-space()="Accepter"]',
        timeout=90)
    # …on screen, not pushed off its right edge (issue 22).
    width = browser.execute_script('return window.innerWidth')
    assert accept.rect['x'] + accept.rect['width'] <= width, (
        accept.rect, width)
    check_screen(browser, 'cesu_anomalies')

    # A new flux 8.2 for the month through the wizard: sequence 2.
    click_text(browser, "Générer un export")
    wait(browser, '//button[normalize-space()="Générer"]').click()
    wait_value(browser, f'flux82_{time.strftime("%Y%m")}_00002.txt')
    check_screen(browser, 'cesu_generated')
