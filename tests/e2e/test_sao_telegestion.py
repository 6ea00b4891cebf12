# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Télégestion screens of the demo Département (dases_telegestion): a
provider's manager validates its pre-invoice and sees no other provider;
a DASES agent opens a beneficiary's file from an alert in one click."""
import time

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait

pytestmark = SKIP


def test_provider_validates_its_preinvoice(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    login(browser, server, 'sad.paris11', 'hestia-demo')
    click_text(browser, "Télégestion")
    click_text(browser, "Pré-factures")
    row = wait(browser, '//td[starts-with(normalize-space(), "100000 — ")]')
    time.sleep(1)  # let sao finish rendering the list before the click
    # Only its own invoices: no other provider in the list.
    assert "SERVICE AUTONOMIE PARIS 15" not in browser.page_source
    assert "ENTRAIDE SENIORS" not in browser.page_source
    # The number cell: the provider cell is a link to the provider.
    row = wait(browser, '//td[starts-with(normalize-space(), "TG")]')
    check_screen(browser, 'tg_preinvoice_list')
    ActionChains(browser).double_click(row).perform()
    wait(browser, '//*[normalize-space(text())="Anomalies"]')
    wait(browser, '//*[normalize-space(text())="Historique"]')
    time.sleep(0.5)
    check_screen(browser, 'tg_preinvoice_form')
    wait(browser, '//button[normalize-space()="Valider"]').click()
    wait(browser, '//*[normalize-space(text())="Validée par le SAD"]')
    browser.save_screenshot(str(ARTIFACTS / 'tg_preinvoice_validated.png'))


def test_agent_opens_a_file_from_an_alert(server, browser):
    from selenium.common.exceptions import (
        StaleElementReferenceException, TimeoutException)
    login(browser, server, 'agent.dases', 'hestia-demo')
    click_text(browser, "Télégestion")
    click_text(browser, "Alertes")
    click_text(browser, "Plans à échéance")
    wait(browser, '//button[normalize-space()="Ouvrir le dossier"]')
    time.sleep(1)  # let sao finish rendering the list before the click
    check_screen(browser, 'tg_alerts')
    # A row still loading takes the first click as a selection: try again.
    for _ in range(5):
        try:
            wait(browser,
                '//button[normalize-space()="Ouvrir le dossier"]').click()
            wait(browser, '//a[contains(normalize-space(), "Bénéficiaires")]',
                timeout=3)
            break
        except (StaleElementReferenceException, TimeoutException):
            time.sleep(0.5)
    # The beneficiary's form, with its care plans.
    wait(browser, '//*[normalize-space(text())="Lignes de plan d\'aide"]')
    time.sleep(0.5)
    check_screen(browser, 'tg_beneficiary')
