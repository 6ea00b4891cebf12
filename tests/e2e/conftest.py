# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""End to end: `hestia serve` on a small demo base, a real headless
Chromium, sao in French. Screenshots go to tests/e2e/artifacts/ (not
committed)."""
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / 'tests' / 'e2e' / 'artifacts'
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
CHROMEDRIVER = shutil.which('chromedriver')

AXE = ROOT / 'var' / 'axe' / 'node_modules' / 'axe-core' / 'axe.min.js'

SKIP = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER
        and (ROOT / 'var' / 'sao' / 'index.html').exists()),
    reason="needs Debian chromium, chromium-driver and sao (make sao)")


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture(scope='session')
def server(tmp_path_factory):
    "A fresh SQLite demo database (small) served by `hestia serve`."
    folder = tmp_path_factory.mktemp('e2e')
    config = folder / 'trytond.conf'
    config.write_text(
        (ROOT / 'trytond.conf').read_text()
        .replace('path = var/db', f'path = {folder}')
        .replace('root = var/sao', f'root = {ROOT / "var" / "sao"}'))
    env = dict(os.environ, HESTIA_CONFIG=str(config),
        HESTIA_ADMIN_PASSWORD='e2e-secret')
    # The module test environment must not leak into the server.
    for name in ['TRYTOND_DATABASE_URI', 'DB_NAME', 'DB_CACHE']:
        env.pop(name, None)
    hestia = [sys.executable, '-m', 'hestia.cli']
    subprocess.run(hestia + ['init', '-d', 'e2e', '--demo', '--families',
            '40'], env=env, check=True, cwd=ROOT, capture_output=True)
    # Tests may read the database (SQLite file) to choose what to click.
    os.environ['HESTIA_E2E_DATABASE'] = str(folder / 'e2e.sqlite')
    port = free_port()
    # What the server printed is shown when a test times out.
    log = folder / 'serve.log'
    os.environ['HESTIA_E2E_LOG'] = str(log)
    with open(log, 'w') as output:
        # PayFiP is the module tests' double (no test reaches the DGFiP).
        process = subprocess.Popen([sys.executable,
                str(ROOT / 'tests' / 'e2e' / 'payfip_double_server.py'),
                'serve', '-d', 'e2e', '--port', str(port)],
            env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    url = f'http://localhost:{port}/'
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("hestia serve did not answer")
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture
def browser(tmp_path, request):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ['--headless', '--no-sandbox', '--disable-gpu',
            '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--disable-dev-shm-usage',
            '--window-size=1400,900', '--lang=fr-FR',
            f'--user-data-dir={tmp_path / "profile"}']:
        options.add_argument(argument)
    options.add_experimental_option(
        'prefs', {'intl.accept_languages': 'fr-FR,fr'})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    # What the browser showed last, to read a failure.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(
        str(ARTIFACTS / f'last_screen_{request.node.name}.png'))
    driver.quit()


def wait(driver, xpath, timeout=30):
    """The first visible element at `xpath` (sao keeps the other tabs in the
    page, hidden)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.common.exceptions import TimeoutException
    # sao redraws lists while their rows load: look again.
    try:
        return WebDriverWait(driver, timeout,
            ignored_exceptions=[StaleElementReferenceException]).until(
            ec.visibility_of_any_elements_located((By.XPATH, xpath)))[0]
    except TimeoutException:
        # Say what the page showed instead (an error dialog, mostly).
        dialogs = [d.text for d in driver.find_elements(
                By.XPATH, '//div[contains(@class, "modal-content")]')
            if d.is_displayed()]
        log = pathlib.Path(os.environ.get('HESTIA_E2E_LOG', '/nonexistent'))
        errors = [l for l in (log.read_text().splitlines()
                if log.exists() else []) if '→ 200' not in l][-20:]
        raise TimeoutException(f"{xpath} absent après {timeout} s ; "
            f"dialogues : {dialogs!r} ; page : "
            f"{driver.find_element(By.TAG_NAME, 'body').text[:800]!r} ; "
            "serveur : " + '\n'.join(errors))


def click_text(driver, text, tag='*'):
    element = wait(driver, f'//{tag}[normalize-space(text())="{text}"]')
    element.click()
    return element


def login(driver, url, user='admin', password='e2e-secret'):
    "Log in; the demo administrator has every group."
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select
    driver.get(url)
    field = wait(driver, '//input[@name="login"]')
    # With one database sao shows its name read-only; else choose it.
    for database in driver.find_elements(
            'xpath', '//*[@name="database"]'):
        if database.is_displayed() and database.is_enabled() and (
                not database.get_attribute('readonly')):
            if database.tag_name == 'select':
                Select(database).select_by_value('e2e')
            else:
                database.clear()
                database.send_keys('e2e')
    field.send_keys(user, Keys.ENTER)
    wait(driver, '//input[@type="password"]').send_keys(password,
        Keys.ENTER)


def wait_value(driver, value, timeout=30):
    "Wait for an input showing `value` (sao sets the property, not @value)."
    from selenium.webdriver.support.ui import WebDriverWait
    script = ("return [...document.querySelectorAll('input')]"
        ".some(i => i.offsetParent && i.value === arguments[0]);")
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(script, value))


def violations(browser):
    "axe-core's serious and critical WCAG 2.1 A/AA violations of the page."
    browser.execute_script(AXE.read_text())
    return browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
            .then(r => done(r.violations
                .filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ' : ' + v.nodes.map(
                    n => n.target.join(' ')).join(', '))));""")


def check_page(browser, name):
    """No serious or critical axe-core violation (RGAA AA); screenshots
    at phone and desktop widths; nothing wider than a 360 px phone."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for width in [360, 1280]:
        browser.set_window_size(width, 900)
        found[width] = violations(browser)
        browser.save_screenshot(str(ARTIFACTS / f'{name}_{width}.png'))
        # Nothing wider than the screen at 360 px.
        if width == 360:
            assert browser.execute_script(
                "return document.documentElement.scrollWidth") <= 360, name
    assert found == {360: [], 1280: []}, (name, found)


# A specification's need number as it would show on screen: « (B4) ».
SPEC_CODE = r'\((?:[A-I]\d{1,2}|§[\d.]+)\)'


def check_screen(browser, name):
    """What an agent sees (issue 22): saved as `name`.png, then no
    « Tryton », no « Root », no specification code, and no column header
    of a visible list cut short at the window's width."""
    import re
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f'{name}.png'))
    text = browser.find_element('tag name', 'body').text
    assert "Tryton" not in text and "Tryton" not in browser.title, name
    assert not re.search(r'\bRoot\b', text), name
    assert not re.search(SPEC_CODE, text), (name, re.findall(SPEC_CODE, text))
    # A header is cut when sao shortens it with an ellipsis, or pushed
    # off when it ends beyond the list's visible width.
    cut = browser.execute_script("""
        return [...document.querySelectorAll('th')]
            .filter(th => th.offsetParent && th.textContent.trim())
            .filter(th => {
                const box = th.closest('.treeview') || th.closest('table')
                    .parentElement;
                const shortened = [th, ...th.querySelectorAll('*')].some(
                    x => getComputedStyle(x).textOverflow == 'ellipsis'
                    && x.scrollWidth > x.clientWidth + 1);
                return shortened || th.getBoundingClientRect().right
                    > box.getBoundingClientRect().right + 1;})
            .map(th => th.textContent.trim() + ' (' + Math.round(
                th.getBoundingClientRect().right - (th.closest('.treeview')
                    || th.closest('table').parentElement)
                    .getBoundingClientRect().right) + ' px)');""")
    assert not cut, (name, cut)
