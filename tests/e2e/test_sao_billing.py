# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Family billing screens (sitiv_facturation): a city agent bills the
previous month of the demo in one wizard and gets its invoices; billing
it again bills nothing (§2.1.5.2)."""
from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait

pytestmark = SKIP


def bill_previous_month(browser):
    click_text(browser, "Facturation")
    click_text(browser, "Facturations")
    click_text(browser, "Facturer une période")
    wait(browser, '//button[normalize-space()="Facturer"]').click()
    # The run's form replaces the wizard once the month is billed.
    wait(browser, '//*[normalize-space(text())="Résultat"]', timeout=180)


def test_agent_bills_the_previous_month(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait
    login(browser, server, 'agent.rillieux', 'hestia-demo')
    bill_previous_month(browser)
    # The labels come first, the run's values when sao has read it.
    count = WebDriverWait(browser, 60).until(lambda b: b.execute_script(
            "return [...document.querySelectorAll('input')].filter("
            "i => i.offsetParent && /^[0-9]+$/.test(i.value))"
            ".map(i => parseInt(i.value));"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'billing_run')
    # « Factures » and « Régularisations »: the month has invoices.
    assert count and count[0] > 0, count
    assert "Ville de Vaulx-en-Velin" not in browser.page_source
