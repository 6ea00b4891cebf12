# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A city agent opens « Factures des familles » (sitiv_facturation,
§2.1.5.2, issue 22): the family's invoice in its own screen — family,
payer, period, each child's lines by activity with unit prices in euros,
total, paid, left to pay — not Tryton's accounting form; « Encaisser »
opens the counter with the family and what it owes."""
import time

from selenium.webdriver.common.action_chains import ActionChains

from conftest import SKIP, check_screen, click_text, login, wait

pytestmark = SKIP


def test_agent_reads_a_family_invoice(server, browser):
    login(browser, server, 'agent.rillieux', 'hestia-demo')
    click_text(browser, "Facturation")
    click_text(browser, "Factures des familles")
    for header in ["Numéro", "Date", "Famille", "Payeur", "Période", "Total",
            "Reste à payer", "État"]:
        wait(browser, f'//th[normalize-space()="{header}"]')
    time.sleep(1)  # sao draws the rows, then sets the columns' widths
    check_screen(browser, 'family_invoice_list')

    row = wait(browser, '//tr[.//td[normalize-space()="Comptabilisée"]]'
        '//td[contains(., "2026") or contains(., "2027")]')
    ActionChains(browser).double_click(row).perform()
    for label in ["Famille", "Payeur", "Période", "Payé", "Reste à payer"]:
        wait(browser, f'//label[starts-with(normalize-space(), "{label}")]')
    for header in ["Enfant", "Activité", "Détail", "Quantité",
            "Prix unitaire", "Montant"]:
        wait(browser, f'//th[normalize-space()="{header}"]')
    wait(browser, '//button[normalize-space()="Imprimer la facture"]')
    time.sleep(1)
    page = browser.find_element('tag name', 'body').text
    # Nothing of the accounting form.
    for word in ["Identifiant de taxe", "Conditions de paiement",
            "Lignes de taxe", "7067", "Journal"]:
        assert word not in page, word
    # Unit prices in euros with their cents, not four decimals.
    assert " €" in page and ",0000" not in page
    check_screen(browser, 'family_invoice_form')

    # « Encaisser »: the counter with this family, its payer and its debt.
    click_text(browser, "Encaisser", tag='button')
    wait(browser, '//label[starts-with(normalize-space(), "Montant reçu")]')
    time.sleep(1)
    household = wait(browser, '//input[@name="household"]')
    assert household.get_attribute('value'), "no family in the counter"
    assert wait(browser, '//input[@name="amount"]').get_attribute('value')
    check_screen(browser, 'family_invoice_counter')
