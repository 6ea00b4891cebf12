# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The DASES platform in a real Chromium (dases_plateforme, spec 002 D2-D7,
E1-E2, G1-G5, H4, C8 / RGAA): every page of every space passes axe-core
with no serious or critical violation at 360 and 1280 px; a daughter
acting for her mother reads last month's interventions and declares a
hospitalisation with the keyboard alone, which a DASES agent then finds in
sao; a provider's administrator adds a coordinator who chooses a password
from the emailed link and logs in."""
import os
import sqlite3
import time
import urllib.parse

from conftest import ARTIFACTS, SKIP, check_page, click_text, login, wait

PASSWORD = 'hestia-demo'

pytestmark = [SKIP]


def platform(server, path=''):
    return f'{server}e2e/plateforme/{path}'


def log_in(browser, server, email, password=PASSWORD):
    browser.get(platform(server, 'connexion'))
    wait(browser, '//input[@id="email"]').send_keys(email)
    wait(browser, '//input[@id="password"]').send_keys(password)
    wait(browser, '//button[normalize-space()="Se connecter"]').click()
    wait(browser, '//h1')


def log_out(browser):
    wait(browser, '//button[normalize-space()="Se déconnecter"]').click()
    wait(browser, '//h1[normalize-space()="Connexion"]')


def test_every_platform_page_passes_axe(server, browser):
    browser.set_script_timeout(60)
    for name, path in [('public', ''), ('questions', 'questions'),
            ('connexion', 'connexion'), ('accessibilite', 'accessibilite')]:
        browser.get(platform(server, path))
        wait(browser, '//h1')
        check_page(browser, f'plateforme_{name}')
    log_in(browser, server, 'proche.demo@example.fr')
    wait(browser, '//h1[starts-with(normalize-space(), "Dossier de")]')
    file = browser.current_url
    pages = {'dossier': file, 'interventions': file + '/interventions',
        'factures': file + '/factures',
        'informations': platform(server, 'informations')}
    for name, url in pages.items():
        browser.get(url)
        wait(browser, '//h1')
        check_page(browser, f'plateforme_{name}')
    log_out(browser)
    log_in(browser, server, 'intervenant.demo@example.fr')
    wait(browser, '//h2[starts-with(normalize-space(), "Mes interventions")]')
    check_page(browser, 'plateforme_intervenant')
    log_out(browser)
    log_in(browser, server, 'direction.sad@example.fr')
    for name, path in [('sad', 'sad'), ('sad_beneficiaires',
                'sad/beneficiaires'), ('sad_interventions',
                'sad/interventions'), ('sad_factures', 'sad/factures'),
            ('sad_utilisateurs', 'sad/utilisateurs'),
            ('sad_tarifs', 'sad/tarifs')]:
        browser.get(platform(server, path))
        wait(browser, '//h1')
        check_page(browser, f'plateforme_{name}')
    browser.get(platform(server, 'sad/beneficiaires'))
    wait(browser, '//table//a').click()
    wait(browser, '//h2[starts-with(normalize-space(), "Prestations '
        'confiées")]')
    check_page(browser, 'plateforme_sad_beneficiaire')
    log_out(browser)
    log_in(browser, server, 'saisie.sad@example.fr')
    browser.get(platform(server, 'sad/saisie'))
    wait(browser, '//select[@id="client"]')
    check_page(browser, 'plateforme_sad_saisie')


def test_daughter_reads_interventions_and_declares_a_hospitalisation(
        server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    log_in(browser, server, 'proche.demo@example.fr')
    title = wait(browser, '//h1[starts-with(normalize-space(), '
        '"Dossier de")]').text
    mother = title.replace("Dossier de ", "")
    click_text(browser, "Voir les interventions du mois", 'a')
    wait(browser, '//h1[starts-with(normalize-space(), "Interventions")]')
    # The demo clocked last month.
    click_text(browser, "Mois précédent", 'a')
    table = wait(browser, '//table')
    assert "sans correction" in table.text or "corrigé" in table.text
    assert "AIDE ET VIE A DOMICILE PARIS 11" in table.text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / 'plateforme_mois.png'))
    click_text(browser, "Retour au dossier", 'a')
    wait(browser, '//h2[@id="declarer"]')
    keys = ActionChains(browser)

    def focused():
        return browser.execute_script(
            "return document.activeElement.id || "
            "document.activeElement.textContent.trim();")
    # The keyboard alone: Tab to « Nature », choose, type the dates.
    for _ in range(80):
        keys.send_keys(Keys.TAB).perform()
        if focused() == 'nature':
            break
    assert focused() == 'nature'
    keys.send_keys('H').perform()
    keys.send_keys(Keys.TAB).perform()
    assert focused() == 'debut'
    # The same day read dd/mm or mm/dd, whatever the browser's locale.
    keys.send_keys('12122026').perform()
    # A date field has a stop per day, month and year.
    for _ in range(8):
        keys.send_keys(Keys.TAB).perform()
        if focused() == 'commentaire':
            break
    assert focused() == 'commentaire'
    keys.send_keys("Chute, hôpital Saint-Antoine").perform()
    keys.send_keys(Keys.TAB).perform()
    assert focused() == "Envoyer la déclaration"
    keys.send_keys(Keys.ENTER).perform()
    wait(browser, '//*[starts-with(normalize-space(), '
        '"Votre déclaration est envoyée")]')
    assert "Hospitalisation du 12/12/2026" in browser.find_element(
        'tag name', 'main').text
    browser.save_screenshot(str(ARTIFACTS / 'plateforme_declaration.png'))

    # The Département's agent finds it in sao.
    login(browser, server, 'agent.dases', PASSWORD)
    click_text(browser, "Aide à domicile")
    click_text(browser, "Plateforme")
    click_text(browser, "Déclarations de la plateforme")
    row = wait(browser, '//tr[.//td[normalize-space()="Hospitalisation"]]')
    last_name = mother.split()[-1]
    assert last_name in row.text, (last_name, row.text)
    assert "(Proche)" in row.text
    browser.save_screenshot(str(ARTIFACTS / 'plateforme_sao_declarations.png'))


def test_provider_admin_adds_a_coordinator_who_logs_in(server, browser):
    log_in(browser, server, 'direction.sad@example.fr')
    browser.get(platform(server, 'sad/utilisateurs'))
    wait(browser, '//input[@id="nom"]').send_keys("Nadia Roux")
    wait(browser, '//input[@id="courriel"]').send_keys(
        'coordination.demo@example.fr')
    from selenium.webdriver.support.ui import Select
    Select(wait(browser, '//select[@id="role"]')).select_by_visible_text(
        "Gestionnaire ou coordinateur du SAD")
    wait(browser, '//button[normalize-space()="Ajouter l\'utilisateur"]'
        ).click()
    wait(browser, '//*[starts-with(normalize-space(), "Le compte est créé")]')
    assert 'coordination.demo@example.fr' in browser.find_element(
        'tag name', 'table').text
    log_out(browser)
    # The emailed link (read from the database: the e2e server sends no
    # mail): the coordinator chooses a password.
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as connection:
        (token,), = connection.execute(
            "SELECT reset_password_token FROM web_user "
            "WHERE email = 'coordination.demo@example.fr'").fetchall()
    browser.get(platform(server, 'reinitialiser?' + urllib.parse.urlencode(
                {'email': 'coordination.demo@example.fr', 'token': token})))
    for name in ['password', 'confirmation']:
        wait(browser, f'//input[@id="{name}"]').send_keys(
            'Nadia-Coordonne-Paris-11')
    wait(browser, '//button[@type="submit"]').click()
    wait(browser, '//h1[normalize-space()="Connexion"]')
    log_in(browser, server, 'coordination.demo@example.fr',
        'Nadia-Coordonne-Paris-11')
    wait(browser, '//h1[contains(normalize-space(), "plans à suivre")]')
    assert "Utilisateurs" not in browser.find_element('tag name', 'nav').text
    time.sleep(0.2)
    browser.save_screenshot(str(ARTIFACTS / 'plateforme_coordinateur.png'))
