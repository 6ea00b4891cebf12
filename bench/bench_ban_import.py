# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The BAN street import (sitiv_ecole, issue 19): a département's address
file through the school integration report — batched path vs per-record
ORM.

    python bench/bench_ban_import.py [--lines 200000] [--sample 2000]

Writes a département file in the BAN's public layout (« ; », the 23
columns of adresses-<département>.csv): `--lines` addresses, a quarter of
them in the city (INSEE 69286), 40 numbers per street.  Times the import
(read, group by street, create in batches, report and archive), then the
same file again (nothing to change), then the plain per-record path on a
sample (for each address: search its street, create or write it), rolled
back.  Checks the streets and their address counts before printing a rate.
Runs on the backend it is given (make bench: PostgreSQL)."""
import argparse

import _setup

HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;"
    "nom_commune;code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;"
    "lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;"
    "source_position;source_nom_voie;certification_commune;cad_parcelles")
CITY = ('69286', "Rillieux-la-Pape", '69140')
OTHERS = [('69256', "Vaulx-en-Velin", '69120'),
    ('69266', "Villeurbanne", '69100'), ('69123', "Lyon", '69001')]
NUMBERS = 40


def ban_file(lines):
    "The département's file: a quarter of its addresses in the city."
    rows = [HEADER]
    for index in range(lines):
        insee, name, postcode = (CITY if index % 4 == 0
            else OTHERS[index % 3])
        street = index // (4 * NUMBERS) if insee == CITY[0] else index // 120
        number = index // 4 % NUMBERS + 1 if insee == CITY[0] else index
        voie = f"Rue {street:05d} des Tilleuls"
        rows.append(f"{insee}_{street:04d}_{number:05d};{insee}_{street:04d};"
            f"{number};;{voie};{postcode};{insee};{name};;;845512.3;"
            f"6525421.7;4.89852;45.82111;entrée;;;{name.upper()};"
            f"{voie.upper()};commune;commune;1;{insee}000AB0101")
    return ('\n'.join(rows) + '\n').encode('utf-8')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--lines', type=int, default=200000)
    parser.add_argument('--sample', type=int, default=2000)
    options = parser.parse_args()
    from hestia.bootstrap import DEMO_CITIES
    name = _setup.database('bench_ban', ['sitiv_ecole'],
        cities=[DEMO_CITIES[0][0]])
    data = ban_file(options.lines)
    city_lines = len(range(0, options.lines, 4))
    streets = -(-city_lines // NUMBERS)
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    def import_(company):
        company.sitiv_insee_code = CITY[0]
        company.save()
        report = Pool().get('sitiv.school.import').import_file(
            'ban', company, 'adresses-69.csv', data)
        assert report.state == 'done', report.message
        return report.lines
    timer = _setup.Timer(name, width=20)
    rate = timer("import", import_, "lignes")

    def check(company):
        Street = Pool().get('sitiv.school.street')
        found = Street.search([('company', '=', company.id)])
        assert len(found) == streets, (len(found), streets)
        assert sum(s.numbers for s in found) == city_lines
        return f"{len(found)} rues, {city_lines} adresses de la commune"
    _setup.check(name, "contrôle", check)

    def again(company):
        report = Pool().get('sitiv.school.import').import_file(
            'ban', company, 'adresses-69.csv', data)
        assert (report.created, report.updated, report.unchanged) == (
            0, 0, streets), report.summary()
        return report.lines
    timer("même fichier", again, "lignes")

    def one_by_one(company):
        count = per_record(company, data, options.sample)
        Transaction().rollback()
        return count
    single = timer("par enregistrement", one_by_one, "lignes")
    print(f"{'rapport':<20}: {rate / single:.1f}x", flush=True)


def per_record(company, data, count):
    """The plain ORM path on the first `count` lines: each address of the
    city searches its street, then creates it or writes its count."""
    import csv
    import io
    from trytond.pool import Pool
    Street = Pool().get('sitiv.school.street')
    Street.delete(Street.search([('company', '=', company.id)]))
    reader = csv.DictReader(io.StringIO(data.decode('utf-8')),
        delimiter=';')
    read = 0
    for row in reader:
        if read == count:
            break
        read += 1
        if row['code_insee'] != company.sitiv_insee_code:
            continue
        key = '_'.join(row['id'].split('_')[:2])
        found = Street.search([('company', '=', company.id),
                ('ban_id', '=', key)])
        if found:
            street, = found
            street.numbers += 1
            street.save()
        else:
            Street.create([{'company': company.id, 'ban_id': key,
                        'name': row['nom_voie'],
                        'postal_code': row['code_postal'], 'numbers': 1}])
    return read


if __name__ == '__main__':
    main()
