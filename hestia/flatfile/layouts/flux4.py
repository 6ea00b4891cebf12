# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 4 — commandes CESU, SALSA → opérateur (spec 002, Annexe 1, §4.3).

Monthly, one file per aid type; hierarchical fixed width:
1 fichier › 2 commande › 3 succursale › 4 carnet (bénéficiaire) › 5 titres,
closed by 6 pied de carnet, 7 pied de succursale, 8 pied de commande,
9 fin de fichier.

Decisions where the table is inconsistent (positions win when they agree
with the neighbouring fields, as docs/specs/README.md says):
* Record 3 « Code succursale » : length 3, format 9999 → 3 (positions 7-9).
* Record 3 « Identifiant externe » : 20 characters at 184-185 → 184-203
  (it is the last field; the length is the only consistent figure).
* Record 4 « Code INSEE » X(58), « Adresse e-mail » X(15), « Complément
  d'adresse tuteur » X(28) : the lengths 5, 150, 38 agree with the
  positions and win over the formats.
* Record 4 « Bureau distributeur » is « O » but « Blanc » : not mandatory.
* Record 9 « Nombre de lignes » 7 with format (9) : 7 (positions 2-8); it
  counts every line of the file, itself included.
* Dates X(8) without notation (record 4 coverage, record 5 validity) use
  JJMMAAAA like the other dates of this flux; amounts are in cents
  (« Valeur du carnet » included); codes client / succursale / carnet are
  identifiers kept with their zeros.
* Trailing blanks may be trimmed by the sender: a short line is padded.
* The whole file is all or nothing: an order is money, a partial order is
  refused with every error listed."""
from ..hierarchy import HierarchicalLayout
from ..layout import Field as F
from ..layout import FileRefused, FixedWidthLayout
from ..types import Boolean, Cents, Char, Date, Digits, Integer


def code():
    return F(0, 'code', "Code enregistrement", Char(1), True, 1, 1)


FILE_HEADER = FixedWidthLayout("entête de fichier", [code(),
        F(2, 'order_date', "Date commande", Date('JJMMAAAA'), True, 2, 9),
        F(3, 'origin', "Origine du fichier", Char(30), False, 10, 39),
        ])
ORDER_HEADER = FixedWidthLayout("entête de commande", [code(),
        F(2, 'client', "Code Client", Digits(5), True, 2, 6),
        F(3, 'name', "Raison sociale", Char(32), True, 7, 38),
        F(4, 'external_ref', "Référence commande externe", Char(20), False,
            39, 58),
        F(5, 'filler', "Filler", Char(221), False, 59, 279),
        F(6, 'order_type', "Type de commande", Char(2), False, 280, 281),
        ])
BRANCH_HEADER = FixedWidthLayout("entête de succursale", [code(),
        F(2, 'client', "Code Client", Digits(5), True, 2, 6),
        F(3, 'branch', "Code succursale", Digits(3), True, 7, 9),
        F(4, 'legal_entity', "Code entité juridique externe", Char(15),
            False, 10, 24),
        F(5, 'filler', "Filler", Char(159), False, 25, 183),
        F(6, 'external_id', "Identifiant externe", Char(20), False,
            184, 203),
        ])
BOOK_HEADER = FixedWidthLayout("entête de carnet", [code(),
        F(2, 'client', "Code client", Digits(5), True, 2, 6),
        F(3, 'branch', "Code Succursale", Digits(3), True, 7, 9),
        F(4, 'book', "Code carnet", Digits(4), True, 10, 13),
        F(5, 'books', "Nombre de carnets", Integer(5), True, 14, 18),
        F(6, 'salsa_id', "Matricule salarié (index individu)", Char(15),
            False, 19, 33),
        F(7, 'civility', "Civilité", Char(1), True, 34, 34),
        F(8, 'last_name', "Nom du bénéficiaire", Char(32), True, 35, 66),
        F(9, 'first_name', "Prénom du bénéficiaire", Char(32), True, 67, 98),
        F(10, 'birth_date', "Date de naissance", Date('JJMMAAAA'), True,
            99, 106),
        F(11, 'street_number', "Numéro de la voie", Char(4), False, 107, 110),
        F(12, 'street_letter', "Lettre dans la voie", Char(1), False,
            111, 111),
        F(13, 'street_type', "Type de voie", Char(4), False, 112, 115),
        F(14, 'street', "Nom de la voie", Char(27), False, 116, 142),
        F(15, 'street2', "Complément d'adresse", Char(38), False, 143, 180),
        F(16, 'locality', "Nom du lieu dit", Char(38), False, 181, 218),
        F(17, 'postal_code', "Code postal", Digits(5), True, 219, 223),
        F(18, 'post_office', "Bureau distributeur", Char(32), False,
            224, 255),
        F(19, 'insee', "Code INSEE", Char(5), False, 256, 260),
        F(20, 'city', "Nom de la commune", Char(32), False, 261, 292),
        F(21, 'mobile', "Téléphone portable", Char(15), False, 293, 307),
        F(22, 'phone', "Téléphone domicile", Char(15), False, 308, 322),
        F(23, 'other_phone', "Autre téléphone", Char(15), False, 323, 337),
        F(24, 'email', "Adresse e-mail", Char(150), False, 338, 487),
        F(25, 'tutor_civility', "Civilité tuteur", Char(1), False, 488, 488),
        F(26, 'tutor_name', "Nom du tuteur", Char(32), False, 489, 520),
        F(27, 'tutor_first_name', "Prénom du tuteur", Char(32), False,
            521, 552),
        F(28, 'tutor_street_number', "Numéro de la voie tuteur", Char(4),
            False, 553, 556),
        F(29, 'tutor_street_letter', "Lettre dans la voie tuteur", Char(1),
            False, 557, 557),
        F(30, 'tutor_street_type', "Type de voie tuteur", Char(4), False,
            558, 561),
        F(31, 'tutor_street', "Nom de la voie tuteur", Char(27), False,
            562, 588),
        F(32, 'tutor_street2', "Complément d'adresse tuteur", Char(38),
            False, 589, 626),
        F(33, 'tutor_locality', "Nom du lieu dit tuteur", Char(38), False,
            627, 664),
        F(34, 'tutor_postal_code', "Code postal tuteur", Char(5), False,
            665, 669),
        F(35, 'tutor_city', "Bureau distributeur tuteur (ville)", Char(32),
            False, 670, 701),
        F(36, 'bank_code', "Code banque", Char(5), False, 702, 706),
        F(37, 'branch_code', "Code Guichet", Char(5), False, 707, 711),
        F(38, 'account', "Numéro de Compte", Char(11), False, 712, 722),
        F(39, 'rib_key', "Clé Rib", Char(2), False, 723, 724),
        F(40, 'bank_name', "Domiciliation Bancaire", Char(50), False,
            725, 774),
        F(41, 'account_holder', "Titulaire du compte", Char(50), False,
            775, 824),
        F(42, 'iban', "IBAN", Char(34), False, 825, 858),
        F(43, 'coverage_start', "Date début prise en charge",
            Date('JJMMAAAA'), False, 859, 866),
        F(44, 'coverage_end', "Date de fin de prise en charge",
            Date('JJMMAAAA'), False, 867, 874),
        F(45, 'dematerialised', "Titre Dématérialisé", Boolean('O', 'N'),
            False, 875, 875),
        F(46, 'service_index', "Référence ligne commande externe", Char(20),
            False, 876, 895),
        ])
TITLES = FixedWidthLayout("typologie titre", [code(),
        F(2, 'client', "Code client", Digits(5), True, 2, 6),
        F(3, 'branch', "Code succursale", Digits(3), True, 7, 9),
        F(4, 'book', "Code carnet", Digits(4), True, 10, 13),
        F(5, 'count', "Nombre de titres", Integer(2), True, 14, 15),
        F(6, 'unit_value', "Valeur unitaire des titres", Cents(5), True,
            16, 20),
        F(7, 'financier_part', "Part Financier unitaire", Cents(5), False,
            21, 25),
        F(8, 'validity', "Date de validité", Date('JJMMAAAA'), False,
            26, 33),
        F(9, 'mention1', "Code mention 1", Char(3), False, 34, 36),
        F(10, 'mention2', "Code mention 2", Char(3), False, 37, 39),
        F(11, 'mention', "Mention libre", Char(40), False, 40, 79),
        F(12, 'month', "Mois de référence", Date('AAAAMM'), False, 80, 85),
        ])
BOOK_FOOTER = FixedWidthLayout("pied de carnet", [code(),
        F(2, 'count', "Nombre de titres du carnet", Integer(7), True, 2, 8),
        F(3, 'amount', "Valeur du carnet", Cents(11), True, 9, 19),
        ])


def _totals(name):
    return FixedWidthLayout(name, [code(),
            F(2, 'count', "Nombre de titres", Integer(7), True, 2, 8),
            F(3, 'amount', "Montant des titres", Cents(11), True, 9, 19),
            F(4, 'financier_part', "Montant de la Part Financier", Cents(11),
                False, 20, 30),
            F(5, 'books', "Nombre de carnets", Integer(9), True, 31, 39),
            ])


BRANCH_FOOTER = _totals("pied de succursale")
ORDER_FOOTER = _totals("pied de commande")
FILE_FOOTER = FixedWidthLayout("fin de fichier", [code(),
        F(2, 'lines', "Nombre de lignes du fichier", Integer(7), True, 2, 8),
        ])

LAYOUT = HierarchicalLayout("flux 4 (commande CESU)", {
        '1': FILE_HEADER, '2': ORDER_HEADER, '3': BRANCH_HEADER,
        '4': BOOK_HEADER, '5': TITLES, '6': BOOK_FOOTER,
        '7': BRANCH_FOOTER, '8': ORDER_FOOTER, '9': FILE_FOOTER,
        }, {
        None: {'1'}, '1': {'2'}, '2': {'3'}, '3': {'4'}, '4': {'5'},
        '5': {'5', '6'}, '6': {'4', '7'}, '7': {'3', '8'}, '8': {'2', '9'},
        '9': set(),
        })


def read(data):
    """The orders of the file as nested dicts, every footer checked.

    Raises FileRefused listing every error: the file is all or nothing."""
    result = LAYOUT.read(data)
    errors = [str(e) for e in result.errors]
    orders = []
    if not errors:
        errors = _build(result.records, orders)
    if errors:
        raise FileRefused("commande refusée : " + ' ; '.join(errors))
    return orders


def _build(records, orders):
    errors = []
    header = order = branch = book = None
    for record in records:
        code_, values = record['_code'], record.values
        if code_ == '1':
            header = values
        elif code_ == '2':
            # The order date is the file's (record 1).
            order = dict(values, line=record.line, branches=[],
                order_date=header['order_date'], origin=header['origin'])
            orders.append(order)
        elif code_ == '3':
            branch = dict(values, line=record.line, books=[])
            order['branches'].append(branch)
        elif code_ == '4':
            book = dict(values, line=record.line, titles=[])
            branch['books'].append(book)
        elif code_ == '5':
            if values['book'] != book['book']:
                errors.append(f"ligne {record.line} : titres du carnet "
                    f"{values['book']} dans le carnet {book['book']}")
            book['titles'].append(dict(values, line=record.line))
        elif code_ == '6':
            _check(errors, record, "carnet", book['titles'], [book])
        elif code_ == '7':
            titles = [t for b in branch['books'] for t in b['titles']]
            _check(errors, record, "succursale", titles, branch['books'])
        elif code_ == '8':
            books = [b for s in order['branches'] for b in s['books']]
            titles = [t for b in books for t in b['titles']]
            _check(errors, record, "commande", titles, books)
        elif code_ == '9':
            if values['lines'] != record.line:
                errors.append(f"ligne {record.line} : fin de fichier "
                    f"annonçant {values['lines']} lignes pour "
                    f"{record.line}")
    return errors


def _check(errors, record, what, titles, books):
    "Compare a footer with the titles and books it closes."
    values = record.values
    count = sum(t['count'] for t in titles)
    amount = sum(t['count'] * t['unit_value'] for t in titles)
    if values['count'] != count:
        errors.append(f"ligne {record.line} : pied de {what} annonçant "
            f"{values['count']} titres pour {count} détaillés")
    if values['amount'] != amount:
        errors.append(f"ligne {record.line} : pied de {what} annonçant "
            f"{values['amount']:.2f} € pour {amount:.2f} € détaillés")
    if 'books' in values and values['books'] != len(books):
        errors.append(f"ligne {record.line} : pied de {what} annonçant "
            f"{values['books']} carnets pour {len(books)}")
