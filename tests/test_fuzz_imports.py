# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Fuzzing the imports (ARCHITECTURE §4.2): mutated copies of the golden
files (cut, control characters, bytes changed, lines lost, doubled or
huge …), seeded, through every importer of the Département's chain.

Every run must end in a report with the file archived, never in an error
of Hestia's own (a crash, or the safety net's « erreur inattendue »), and a
file refused whole, or waiting for an agent, writes no business data.

HESTIA_FUZZ_FILES sets the number of files (2,000 by default);
HESTIA_FUZZ_SEED the seed."""
import os
import pathlib
import random

import pytest

GOLDEN = pathlib.Path(__file__).resolve().parent / 'golden'
FILES = int(os.environ.get('HESTIA_FUZZ_FILES', 2000))
SEED = int(os.environ.get('HESTIA_FUZZ_SEED', 20261203))
# kind: golden file, whether the import needs the provider
KINDS = {
    'flux1': ('flux1/plans_ok.txt', False),
    'flux4': ('flux4/commande_ok.txt', False),
    'crcesu': ('crcesu/remboursements_ok.csv', False),
    'flux6': ('flux6/charges_apa_ok.txt', False),
    'tg-clients': ('telegestion/clients_ok.csv', True),
    'tg-interventions': ('telegestion/interventions_ok.csv', True),
    'log-facture': ('log_facture/log_ok.csv', False),
    }
# Tables whose rows are the business data an import may write.
BUSINESS = ['dases.beneficiary', 'dases.tutor', 'dases.beneficiary.event',
    'dases.care_plan', 'dases.cesu.order', 'dases.cesu.book',
    'dases.cesu.title', 'dases.cesu.charge', 'dases.cesu.consumption',
    'dases.sad.client', 'dases.intervention', 'dases.preinvoice',
    'party.party']
CONTROL = ['\t', '\r', '\n', '\x0c', '\x0b', '\x00', '\x1c', '\x1f', '\x7f',
    '\x85', '\u2028', '\ufeff', '"', ';', '|', "'"]


def _lines(data):
    return data.split(b'\n')


def mutate(data, rng):
    "One to three mutations of `data` (bytes)."
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(11)
        position = rng.randrange(len(data) + 1)
        if kind == 0:  # cut anywhere
            data = data[:position]
        elif kind == 1:  # a control or separator character
            data = (data[:position] + rng.choice(CONTROL).encode('utf-8')
                + data[position:])
        elif kind == 2 and data:  # a byte changed
            data = (data[:position] + bytes([rng.randrange(256)])
                + data[position + 1:])
        elif kind in {3, 4, 5}:  # a line lost, doubled, moved
            lines = _lines(data)
            index = rng.randrange(len(lines))
            line = lines.pop(index)
            if kind == 4:
                lines.insert(index, line)
            if kind in {4, 5}:
                lines.insert(rng.randrange(len(lines) + 1), line)
            data = b'\n'.join(lines)
        elif kind == 6:  # a huge field
            data = (data[:position] + b'X' * rng.choice([300, 70000])
                + data[position:])
        elif kind == 7:  # another encoding
            try:
                data = data.decode('utf-8').encode(
                    rng.choice(['latin-1', 'utf-16', 'cp1252']))
            except (UnicodeError, ValueError):
                pass
        elif kind == 8:  # a line of nothing or of separators
            lines = _lines(data)
            lines.insert(rng.randrange(len(lines) + 1),
                rng.choice([b'', b' ', b'|' * 80, b';' * 30, b'\r']))
            data = b'\n'.join(lines)
        elif kind == 9:  # a field emptied
            lines = _lines(data)
            index = rng.randrange(len(lines))
            separator = b'|' if b'|' in lines[index] else b';'
            fields = lines[index].split(separator)
            fields[rng.randrange(len(fields))] = b''
            lines[index] = separator.join(fields)
            data = b'\n'.join(lines)
        else:  # line ends changed
            data = data.replace(b'\r\n', rng.choice([b'\n', b'\r', b'\r\r\n']))
    return data


def test_mutation_is_seeded():
    "The same seed gives the same files (a failure can be replayed)"
    golden = (GOLDEN / 'flux1' / 'plans_ok.txt').read_bytes()
    first = [mutate(golden, random.Random(7)) for _ in range(5)]
    assert first == [mutate(golden, random.Random(7)) for _ in range(5)]
    assert any(m != golden for m in first)


@pytest.fixture(scope='module')
def database():
    from trytond.tests.test_tryton import activate_module
    activate_module(['dases_cesu', 'dases_telegestion'])


def _counts():
    from trytond.pool import Pool
    pool = Pool()
    return {name: pool.get(name).search_count([]) for name in BUSINESS}


def test_fuzzed_files_never_crash_nor_write_half(database):
    from hestia_base.integration import unexpected
    from dases_telegestion.tests.tools import department, providers
    from trytond.modules.company.tests import create_company, set_company
    from trytond.pool import Pool
    from trytond.tests.test_tryton import with_transaction

    from hestia_base.savepoint import savepoint

    class Undo(Exception):
        pass

    @with_transaction()
    def check():
        pool = Pool()
        Report = pool.get('dases.integration.report')
        Attachment = pool.get('ir.attachment')
        company = create_company()
        rng = random.Random(SEED)
        goldens = {k: (GOLDEN / path).read_bytes()
            for k, (path, _) in KINDS.items()}
        failures = []
        with set_company(company):
            department(company)
            sad, _ = providers(company)
            for kind in ['flux1', 'flux4']:
                Report.import_file(kind, company, 'golden', goldens[kind])
            kinds = sorted(KINDS)
            for number in range(FILES):
                kind = kinds[number % len(kinds)]
                data = mutate(goldens[kind], rng)
                options = {'sad': sad} if KINDS[kind][1] else {}
                before = _counts()
                try:
                    with savepoint():
                        report = Report.import_file(kind, company,
                            f'fuzz-{number}', data, **options)
                        archived = Attachment.search(
                            [('resource', '=', str(report))])
                        problem = None
                        if (report.message or '').startswith(
                                unexpected(Exception()).split('(')[0]):
                            problem = report.message
                        elif [a.data or b'' for a in archived] != [data]:
                            problem = "fichier non archivé"
                        elif (report.state in {'refused', 'waiting'}
                                and _counts() != before):
                            problem = "écriture partielle d'un fichier refusé"
                        if problem:
                            failures.append((number, kind, problem, data))
                        raise Undo
                except Undo:
                    pass
                except Exception as error:
                    failures.append((number, kind, repr(error), data))
        assert not failures, '\n'.join(
            f"fichier {n} ({k}) : {p} — {d[:120]!r}"
            for n, k, p, d in failures[:20]) + f"\n({len(failures)} en tout)"
    check()
