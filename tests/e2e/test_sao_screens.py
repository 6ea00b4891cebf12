# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The screens issue 22 found cut or pushed off at 1440 px, opened by the
role that uses them and checked by check_screen() (no « Tryton », no
« Root », no specification code, every column header whole and on
screen): a household's addresses and quotients (family agent), the
integration reports and the pre-invoices (DASES agent)."""
import time

from selenium.webdriver.common.action_chains import ActionChains

from conftest import SKIP, check_screen, click_text, login, wait

pytestmark = SKIP


def test_household_tabs(server, browser):
    login(browser, server, 'agent.rillieux', 'hestia-demo')
    click_text(browser, "Familles")
    click_text(browser, "Dossiers famille")
    wait(browser, '//td[starts-with(normalize-space(), "Famille")]')
    time.sleep(1)
    row = wait(browser, '//td[starts-with(normalize-space(), "Famille")]')
    ActionChains(browser).double_click(row).perform()
    click_text(browser, "Adresses")
    label = wait(browser, '//label[starts-with(normalize-space(), "Rue")]')
    street = wait(browser, '//textarea[@name="residence_street"]')
    # The street's text starts on its label's line, not above it.
    assert abs(street.rect['y'] - label.rect['y']) < 12, (
        street.rect, label.rect)
    check_screen(browser, 'household_addresses')
    click_text(browser, "Quotient familial")
    wait(browser, '//th[normalize-space()="Quotient familial"]')
    time.sleep(0.5)
    check_screen(browser, 'household_quotients')


def test_dases_lists(server, browser):
    login(browser, server, 'agent.dases', 'hestia-demo')
    click_text(browser, "Aide à domicile")
    click_text(browser, "Rapports d'intégration")
    wait(browser, '//th[normalize-space()="Fichier"]')
    time.sleep(1)
    check_screen(browser, 'dases_reports')
    click_text(browser, "Télégestion")
    click_text(browser, "Pré-factures")
    wait(browser, '//th[starts-with(normalize-space(), "Montant")]')
    time.sleep(1)
    check_screen(browser, 'dases_preinvoices')
