# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Family invoices created and posted in bulk (§2.1.5.2, issue 5: a city's
10,000 invoices in under three minutes).

account_invoice creates, validates and posts one invoice after the other:
about eight invoices a second. A billing run's invoices are all alike: one
company, one journal, one date, no tax, a positive total. For those, this
path writes the very rows `Invoice.create` then `Invoice.post` store
(invoice, lines, numbered and posted move, move lines) a few hundred per
query. `tests/test_invoice_batch.py` bills the same month both ways and
compares every stored column.

Anything else (a nil or negative total, taxes, another currency, a payment
term) takes Tryton's own path, untouched."""
import datetime
import re
from collections import defaultdict
from decimal import Decimal

from sql.conditionals import Case

from trytond.i18n import gettext
from trytond.modules.account_invoice.exceptions import InvoiceNumberError
from trytond.pool import Pool
from trytond.transaction import Transaction

from hestia_base.batch import browse, chunks, insert_rows


def create_and_post(vlist):
    """Create and post the invoices of `vlist` (values as for
    `Invoice.create`, their lines as `[('create', [...])]`) and return them
    in the same order."""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    ids = [None] * len(vlist)
    fast, slow = [], []
    for index, values in enumerate(vlist):
        (fast if _bulk_ready(values) else slow).append(index)
    if fast:
        for index, id_ in zip(fast, _bulk([vlist[i] for i in fast])):
            ids[index] = id_
    # The run's invoice date is the agent's decision: an earlier month is
    # not a warning to confirm per invoice.
    for chunk in chunks(slow, 50):
        invoices = Invoice.create([vlist[i] for i in chunk])
        with Transaction().set_context(_skip_warnings=True):
            Invoice.post(invoices)
        for index, invoice in zip(chunk, invoices):
            ids[index] = invoice.id
    records = browse(Invoice, ids)
    return [records[i] for i in ids]


def _line_amount(line):
    "The amount account_invoice computes for a line, in its currency."
    Currency = Pool().get('currency.currency')
    amount = Decimal(str(line['quantity'] or 0)) * line['unit_price']
    return Currency(line['currency']).round(amount)


def _lines(values):
    (action, lines), = values['lines']
    assert action == 'create'
    return lines


def _bulk_ready(values):
    lines = _lines(values)
    company = Pool().get('company.company')(values['company'])
    return (values['type'] == 'out'
        and values['currency'] == company.currency.id
        and not values.get('payment_term')
        and not values.get('taxes')
        and lines
        and all(l['type'] == 'line' and not l.get('taxes') for l in lines)
        and sum(map(_line_amount, lines)) > 0)


def _bulk(vlist):
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Line = pool.get('account.invoice.line')
    Move = pool.get('account.move')
    MoveLine = pool.get('account.move.line')
    Party = pool.get('party.party')
    Address = pool.get('party.address')
    Account = pool.get('account.account')
    Date = pool.get('ir.date')
    User = pool.get('res.user')
    employee = User(Transaction().user).employee

    parties = browse(Party, {v['party'] for v in vlist})
    countries = {i: a.country for i, a in browse(
            Address, {v['invoice_address'] for v in vlist}).items()}
    receivables = browse(Account, {v['account'] for v in vlist})

    # Numbers, periods and identifiers per company and date, as
    # Invoice.set_number and Move.post draw them.
    by_date = defaultdict(list)
    for index, values in enumerate(vlist):
        by_date[(values['company'], values.get('accounting_date')
                or values['invoice_date'])].append(index)
    numbers, move_numbers, periods = {}, {}, {}
    tax_identifiers = {}
    today = {}
    for (company_id, date), indexes in sorted(by_date.items()):
        sample = Invoice(**dict({'accounting_date': None, 'number': None,
                    'sequence_type_cache': 'invoice'},
                **{k: v for k, v in vlist[indexes[0]].items()
                    if k != 'lines'}))
        company = sample.company
        with Transaction().set_context(company=company_id):
            today[company_id] = Date.today()
        sequence, sequence_date = sample._number_sequence()
        _check_number_after(sample, sequence)
        with Transaction().set_context(date=sequence_date,
                company=company_id):
            for index, number in zip(indexes,
                    sequence.get_many(len(indexes))):
                numbers[index] = (sequence.id, number)
        period = pool.get('account.period').find(company, date=date)
        with Transaction().set_context(company=company_id):
            for index, number in zip(indexes,
                    period.move_sequence_used.get_many(len(indexes))):
                move_numbers[index] = number
                periods[index] = period.id
        for index in indexes:
            country = countries[vlist[index]['invoice_address']]
            key = (company_id, country.id if country else None)
            if key not in tax_identifiers:
                sample.invoice_address = vlist[index]['invoice_address']
                identifier = sample.get_tax_identifier()
                tax_identifiers[key] = identifier.id if identifier else None
            vlist[index]['tax_identifier'] = tax_identifiers[key]

    invoice_rows, line_rows, totals = [], [], []
    for index, values in enumerate(vlist):
        lines = _lines(values)
        total = sum(map(_line_amount, lines))
        totals.append(total)
        sequence, number = numbers[index]
        party = parties[values['party']]
        row = {k: v for k, v in values.items() if k != 'lines'}
        row.update({
                'state': 'posted',
                'sequence': sequence,
                'number': number,
                'number_alnum': re.sub(r'[\W_]', '', number),
                'number_digit': _number_digit(number),
                'sequence_type_cache': 'invoice',
                'party_tax_identifier': (party.tax_identifier.id
                    if party.tax_identifier else None),
                'untaxed_amount_cache': total,
                'tax_amount_cache': Decimal(0),
                'total_amount_cache': total,
                'posted_by': (employee.id if employee
                    and employee.company.id == values['company'] else None),
                })
        invoice_rows.append(row)
    invoice_ids = insert_rows(Invoice, invoice_rows)
    for invoice_id, values in zip(invoice_ids, vlist):
        for line in _lines(values):
            line_rows.append(dict(line, invoice=invoice_id))
    line_ids = iter(insert_rows(Line, line_rows))

    move_ids = insert_rows(Move, [{
                'company': values['company'],
                'journal': values['journal'],
                'period': periods[index],
                'date': values.get('accounting_date')
                or values['invoice_date'],
                'origin': f'account.invoice,{invoice_id}',
                'state': 'posted',
                'number': move_numbers[index],
                'post_date': today[values['company']],
                } for index, (invoice_id, values) in enumerate(
                zip(invoice_ids, vlist))])
    _set_moves(Invoice, invoice_ids, move_ids)

    accounts = browse(Account, {l['account'] for l in line_rows})
    move_line_rows = []
    for move_id, values, total in zip(move_ids, vlist, totals):
        party = values['party']
        for line in _lines(values):
            amount = _line_amount(line)
            account = accounts[line['account']]
            move_line_rows.append({
                    'move': move_id,
                    'account': account.id,
                    'party': party if account.party_required else None,
                    'debit': Decimal(0),
                    'credit': amount,
                    'origin': f'account.invoice.line,{next(line_ids)}',
                    'state': 'valid',
                    })
        receivable = receivables[values['account']]
        move_line_rows.append({
                'move': move_id,
                'account': receivable.id,
                'party': party if receivable.party_required else None,
                'debit': total,
                'credit': Decimal(0),
                'maturity_date': values['payment_term_date']
                or today[values['company']],
                'description': values.get('description'),
                'payment_direct_debit': values.get(
                    'payment_direct_debit', False),
                'state': 'valid',
                })
    insert_rows(MoveLine, move_line_rows)

    if _payment_means_apply(parties):
        for chunk in chunks(invoice_ids, 300):
            Invoice.set_payment_means(Invoice.browse(chunk))
    return invoice_ids


def _payment_means_apply(parties):
    """Whether Invoice.set_payment_means may add anything: a payment
    mean rule, or a payer's direct debit reception (account_payment)."""
    pool = Pool()
    if pool.get('account.invoice.payment.mean.rule').search([], limit=1):
        return True
    Reception = pool.get('party.party.reception_direct_debit')
    return any(Reception.search([('party', 'in', chunk)], limit=1)
        for chunk in chunks(list(parties), 1000))


def _number_digit(number):
    digits = re.sub(r'\D', '', number)[-18:]
    return int(digits) if digits else None


def _check_number_after(sample, sequence):
    "No invoice of the sequence is dated after these (Invoice.set_number)."
    Invoice = Pool().get('account.invoice')
    later = Invoice.search([
            ('sequence', '=', sequence.id),
            ('invoice_date', '>', sample.invoice_date),
            ], limit=1, order=[('invoice_date', 'DESC')])
    if later:
        raise InvoiceNumberError(gettext('account_invoice.msg_invoice_number_after',
                invoice=sample.rec_name, sequence=sequence.rec_name,
                date=sample.invoice_date.strftime('%d/%m/%Y'),
                after_invoice=later[0].rec_name))


def _set_moves(Invoice, invoice_ids, move_ids):
    "invoice.move for each invoice, a few hundred per UPDATE."
    table = Invoice.__table__()
    cursor = Transaction().connection.cursor()
    now = datetime.datetime.now()
    user = Transaction().user
    for pairs in chunks(list(zip(invoice_ids, move_ids)), 300):
        cursor.execute(*table.update(
                [table.move, table.write_uid, table.write_date],
                [Case(*((table.id == i, m) for i, m in pairs)), user, now],
                where=table.id.in_([i for i, _ in pairs])))
