# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""An agent logs in to Hestia (not « Tryton »), opens Familles › Dossiers
famille and a household file (sitiv_famille)."""
import re
import time

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait

pytestmark = SKIP


def test_agent_opens_a_household(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    login(browser, server)

    # Hestia's name, not the framework's (#22), beside the agent's city.
    wait(browser, '//*[@id="title" and normalize-space()="Hestia"]')
    wait(browser, '//*[@id="user-preferences"]//*[contains(., "Ville de") '
        'or contains(., "Département")]')
    assert "Tryton" not in browser.title, browser.title
    assert browser.find_element('xpath', '/html').get_attribute(
        'lang') == 'fr'

    # The menu is in French.
    click_text(browser, "Familles")
    click_text(browser, "Dossiers famille")
    wait(browser, '//td[starts-with(normalize-space(), "Famille")]')
    time.sleep(1)  # let sao finish rendering the list before the click
    row = wait(browser, '//td[starts-with(normalize-space(), "Famille")]')
    ActionChains(browser).double_click(row).perform()

    # The household form: its French tabs and the members list.
    wait(browser, '//*[normalize-space(text())="Membres"]')
    wait(browser, '//*[normalize-space(text())="Adresses"]')
    wait(browser, '//*[normalize-space(text())="Historique"]')
    wait(browser, '//*[normalize-space(text())="Responsable du foyer"]')
    # The members' headers are read whole, not « R… », « D… » (issue 22).
    time.sleep(0.5)  # sao sets the columns' widths once the rows are in
    for header in ["Responsable légal", "Autre foyer"]:
        cell = wait(browser, f'//th[normalize-space()="{header}"]')
        assert browser.execute_script(
            "const e = arguments[0];"
            "const cut = [e, ...e.querySelectorAll('*')]"
            ".filter(x => getComputedStyle(x).textOverflow == 'ellipsis');"
            "return cut.length > 0"  # sao shortens headers with an ellipsis
            " && cut.every(x => x.scrollWidth <= x.clientWidth + 1);",
            cell), header
    time.sleep(0.5)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'household_form')
    assert "Famille" in browser.page_source
    # Dates as French agents read them.
    assert re.search(r'>\d{2}/\d{2}/\d{4}<', browser.page_source)
