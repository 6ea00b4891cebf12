# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""« Annuler et recalculer » (sitiv_facturation, §2.1.5.2): a city agent
opens a family's unpaid invoice (from its link), clicks the button, confirms, gives the
reason; the invoice is cancelled and a new one replaces it."""
import os
import sqlite3

from conftest import ARTIFACTS, SKIP, check_screen, click_text, login, wait, wait_value
from test_sao_billing import bill_previous_month

pytestmark = SKIP


def contestable_invoice():
    """A Rillieux invoice nothing has paid, shared with no one, not sent to
    the Trésorerie: the last one, away from the counter test's first
    household."""
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        rows = db.execute("""
            SELECT i.id, i.number
            FROM account_invoice i
            JOIN company_company c ON c.id = i.company
            JOIN party_party p ON p.id = c.party
            WHERE i.state = 'posted' AND p.name LIKE '%Rillieux%'
                AND i.sitiv_payment_method = 'counter'
                AND NOT EXISTS (SELECT 1 FROM account_invoice_line l
                    WHERE l.invoice = i.id AND (l.sitiv_shared
                        OR l.sitiv_kind IN ('aid', 'organism')))
                AND NOT EXISTS (SELECT 1 FROM sitiv_payment_allocation a
                    WHERE a.invoice = i.id)
                AND NOT EXISTS (SELECT 1 FROM pes_transfer_line t
                    WHERE t.invoice = i.id)
            ORDER BY i.id DESC""").fetchall()
    return rows[0] if rows else None


def replacement(invoice_id):
    with sqlite3.connect(os.environ['HESTIA_E2E_DATABASE']) as db:
        state, reason = db.execute("SELECT state, sitiv_cancel_reason "
            "FROM account_invoice WHERE id = ?", (invoice_id,)).fetchone()
        new = db.execute("SELECT state, number FROM account_invoice "
            "WHERE sitiv_replaces = ?", (invoice_id,)).fetchall()
    return state, reason, new


def test_agent_cancels_and_recomputes_an_invoice(server, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    login(browser, server, 'agent.rillieux', 'hestia-demo')
    wait(browser, '//*[normalize-space(text())="Facturation"]')
    if not contestable_invoice():
        # The tests before it on this server paid or sent to the
        # Trésorerie every unpaid invoice: bill the last month then.
        bill_previous_month(browser)
    invoice = contestable_invoice()
    assert invoice, "no unpaid invoice to contest in Rillieux"
    invoice_id, number = invoice
    # sao opens a record from its URL, as from a link in an email.
    browser.get(f'{server}#e2e/model/account.invoice/{invoice_id}')
    wait_value(browser, number)
    click_text(browser, "Famille")
    click_text(browser, "Annuler et recalculer")
    # The button asks first: the cancellation is for good.
    wait(browser, '//div[contains(@class, "modal")]'
        '//button[normalize-space()="Valider"]').click()
    # Type once the wizard's defaults are drawn: sao redraws the form
    # when they arrive and would keep only what was typed before.
    WebDriverWait(browser, 30).until(lambda b: wait(
            b, '//input[@name="invoice_date"]').get_attribute('value'))
    wait(browser, '//textarea[@name="reason"]').send_keys(
        "La famille a fourni un certificat médical.")
    wait(browser, '//div[contains(@class, "modal")]'
        '//button[normalize-space()="Annuler et recalculer"]').click()
    # A tab lists the new invoice and the cancelled one.
    wait(browser, f'//*[contains(normalize-space(text()), '
        f'"Recalcul de {number}")]', timeout=120)
    WebDriverWait(browser, 30).until(
        lambda b: replacement(invoice_id)[0] == 'cancelled')
    state, reason, new = replacement(invoice_id)
    assert reason == "La famille a fourni un certificat médical."
    (new_state, new_number), = new
    assert new_state == 'posted'
    wait(browser, f'//td[normalize-space()="{new_number}"]')
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    check_screen(browser, 'recompute')
