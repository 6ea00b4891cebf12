# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Titles for the Trésorerie (pes_asap, §2.1.5.2): a city agent prepares
the transfer of the oldest month billed and not sent, gets a PES_Aller
that passes the DGFiP schema, and marks it sent."""
import os
import sqlite3

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait

from hestia.pes import schema

pytestmark = SKIP


def transfers():
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        return db.execute("SELECT id, state, piece_count, file "
            "FROM pes_transfer ORDER BY id").fetchall()


def test_agent_prepares_and_sends_a_transfer(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    login(browser, server, 'agent.rillieux', 'hestia-demo')
    click_text(browser, "Facturation")
    click_text(browser, "Trésorerie (PES)")
    click_text(browser, "Envois à la Trésorerie")
    click_text(browser, "Préparer un envoi")
    # The budget and the oldest month not sent are filled in.
    wait(browser, '//button[normalize-space()="Préparer"]').click()
    WebDriverWait(browser, 180).until(lambda b: transfers())
    (transfer_id, state, count, data), = transfers()
    assert state == 'prepared' and count > 0
    root = schema.check(bytes(data), {'aller'})
    assert root.find('EnTetePES/IdColl').get('V') == '21690000110000'
    # The list of the new transfer, then its form.
    wait(browser, '//td[normalize-space()="Préparé"]', timeout=60)
    browser.get(f'{server}#e2e/model/pes.transfer/{transfer_id}')
    click_text(browser, "Marquer comme envoyé", tag='*')
    WebDriverWait(browser, 60).until(
        lambda b: transfers()[0][1] == 'sent')
    wait(browser, '//*[normalize-space(text())="Historique"]')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'pes_transfer')
