# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Flux 1 — plans d'aide, SALSA → opérateur (spec 002, Annexe 1, §4.1).

Weekly; `.txt`, separator `|`, one line per (beneficiary, request index,
service index) with the beneficiary, tutor and event repeated.

Decisions where the table is silent or inconsistent:
* Décimal(i.d) counts integer digits then decimals (Décimal(3.2) must hold
  the ticket percentage 100.00).
* Entier fields that are codes or identifiers — postal codes (30, 49),
  event id and type (36, 37), payment mode (51) — are read as digits kept
  as text, so that leading zeros survive (000452, 02, 001).
* Field 20 is cut in the source (« Code nomenclature de la ») : it is the
  nomenclature code of the prestation.
* Fields 70-74 have no « Obl » column: optional. Field 74 (line number of
  the file) has no type: an integer, and it may be absent (73 fields).
* Management mode (22): P prestataire, M mandataire, E emploi direct;
  payee type (35): B bénéficiaire, P prestataire, T tuteur."""
from ..layout import DelimitedLayout, Field
from ..types import Boolean, Char, Date, Decimal, Digits, Integer

F = Field
FIELDS = [
    F(1, 'tiers_code', "Code tiers Salsa", Char(6)),
    F(2, 'financier_code', "Code Financier", Char(10), True),
    F(3, 'portal_id', "Identifiant Bénéficiaire Portail Unique", Char(15)),
    F(4, 'salsa_id', "Identifiant Bénéficiaire Salsa", Char(6), True),
    F(5, 'module', "Module", Char(4)),
    F(6, 'request_index', "Index demande Salsa", Char(6), True),
    F(7, 'service_index', "Index prestation Salsa", Char(6), True),
    F(8, 'right_start', "Date de début de droit de l'aide", Date(), True),
    F(9, 'right_end', "Date de fin de droit de l'aide", Date(), True),
    F(10, 'coverage_start', "Date de début de prise en charge (prestation)",
        Date(), True),
    F(11, 'coverage_end', "Date de fin de prise en charge (prestation)",
        Date(), True),
    F(12, 'quantity', "Quantité prise en charge", Decimal(5, 2), True),
    F(13, 'total_quantity', "Quantité totale", Decimal(5, 2)),
    F(14, 'participation', "Montant participation", Decimal(7, 2)),
    F(15, 'ticket_percentage', "Pourcentage ticket", Decimal(3, 2), True),
    F(16, 'derogation', "Dérogation", Boolean('1', '0')),
    F(17, 'overrun_amount', "Montant dépassement", Decimal(5, 2)),
    F(18, 'financial_amount', "Montant financier", Decimal(7, 2), True),
    F(19, 'total_cost', "Coût total de la prestation", Decimal(7, 2), True),
    F(20, 'nomenclature', "Code nomenclature de la prestation", Char(3),
        True),
    F(21, 'periodicity', "Périodicité", Char(2), True),
    F(22, 'management_mode', "Mode de gestion", Char(1), True),
    F(23, 'civility', "Civilité du bénéficiaire", Char(5)),
    F(24, 'last_name', "Nom du bénéficiaire", Char(30), True),
    F(25, 'first_name', "Prénom du bénéficiaire", Char(60), True),
    F(26, 'birth_date', "Date de naissance du bénéficiaire", Date(), True),
    F(27, 'gir', "GIR du bénéficiaire", Integer(1)),
    F(28, 'address1', "Adresse 1", Char(50)),
    F(29, 'address2', "Adresse 2", Char(40)),
    F(30, 'postal_code', "Code postal", Digits(5)),
    F(31, 'city', "Ville", Char(40)),
    F(32, 'file_number', "N° dossier du bénéficiaire", Char(6)),
    F(33, 'phone', "Téléphone du bénéficiaire", Char(10)),
    F(34, 'mobile', "Téléphone portable du bénéficiaire", Char(10)),
    F(35, 'payee_type', "Type attributaire du Paiement", Char(1), True),
    F(36, 'event_id', "Identifiant Evènement", Digits(6)),
    F(37, 'event_type', "Type Evènement", Digits(2)),
    F(38, 'event_start', "Date de Début Evènement", Date()),
    F(39, 'event_end', "Date de Fin Evènement", Date()),
    F(40, 'tutor_id', "Identifiant Tuteur", Char(6)),
    F(41, 'tutor_civility', "Civilité Tuteur", Char(5)),
    F(42, 'tutor_name', "Nom Tuteur ou nom de l'organisme", Char(100)),
    F(43, 'tutor_first_name', "Prénom Tuteur", Char(60)),
    F(44, 'tutor_birth_date', "Date de Naissance Tuteur", Date()),
    F(45, 'tutor_phone', "Téléphone Tuteur", Char(10)),
    F(46, 'tutor_recipient', "Complément destinataire (tuteur)", Char(50)),
    F(47, 'tutor_address1', "Adresse1 Tuteur", Char(50)),
    F(48, 'tutor_address2', "Adresse2 Tuteur", Char(40)),
    F(49, 'tutor_postal_code', "Code Postal Tuteur", Digits(5)),
    F(50, 'tutor_city', "Ville Tuteur", Char(40)),
    F(51, 'payment_mode_code', "Code mode règlement", Digits(3)),
    F(52, 'recipient', "Complément destinataire", Char(50)),
    F(53, 'decision_date', "Date de décision de l'aide", Date()),
    F(54, 'unit_amount_department', "Montant unitaire à facturer au CD",
        Decimal(7, 2)),
    F(55, 'unit_amount_beneficiary',
        "Montant unitaire à facturer au bénéficiaire", Decimal(7, 2)),
    F(56, 'quantity_without_overrun', "Quantité à facturer sans dépassement",
        Decimal(5, 2)),
    F(57, 'notification_date', "Date notification", Date()),
    F(58, 'request_type_code', "Code type demande", Char(3)),
    F(59, 'request_nature_code', "Code nature demande", Char(3)),
    F(60, 'tariff_tiers_code', "Code tiers tarif", Char(6)),
    F(61, 'modalities', "Modalité plan d'aide", Char(2000)),
    F(62, 'sector1', "Code secteur 1", Char(4)),
    F(63, 'sector2', "Code secteur 2", Char(4)),
    F(64, 'sector3', "Code secteur 3", Char(4)),
    F(65, 'family_context_code', "Code Contexte familial du dossier",
        Char(2)),
    F(66, 'family_situation_code', "Code Situation familial de l'individu",
        Char(2)),
    F(67, 'tutelle_type_code', "Code type tutelle", Char(2)),
    F(68, 'tutelle_contact', "Interlocuteur de l'organisme de tutelle",
        Char(117)),
    F(69, 'tutor_cedex', "Cedex adresse tuteur", Char(10)),
    F(70, 'birth_name', "Nom de naissance du bénéficiaire", Char(30)),
    F(71, 'cedex', "Cedex adresse", Char(10)),
    F(72, 'social_worker', "Travailleur social de l'aide", Char(67)),
    F(73, 'instructor', "Instructeur de l'aide", Char(67)),
    F(74, 'line_number', "Numéro de ligne du fichier", Integer()),
    ]
MANAGEMENT_MODES = {'P': 'prestataire', 'M': 'mandataire',
    'E': 'emploi_direct'}
PAYEE_TYPES = {'B': 'beneficiary', 'P': 'provider', 'T': 'tutor'}

LAYOUT = DelimitedLayout("flux 1 (plans d'aide)", FIELDS, separator='|',
    optional_tail=1)


def read(data):
    "Records and line errors; the coded values are checked too."
    result = LAYOUT.read(data)
    from ..layout import LineError
    kept = []
    for record in result.records:
        errors = []
        if record['management_mode'] not in MANAGEMENT_MODES:
            errors.append(LineError(record.line, "Mode de gestion",
                    f"« {record['management_mode']} » inconnu (P, M ou E "
                    "attendu)"))
        if record['payee_type'] not in PAYEE_TYPES:
            errors.append(LineError(record.line,
                    "Type attributaire du Paiement",
                    f"« {record['payee_type']} » inconnu (B, P ou T "
                    "attendu)"))
        for start, end, label in [
                ('right_start', 'right_end', "Date de fin de droit de l'aide"),
                ('coverage_start', 'coverage_end',
                    "Date de fin de prise en charge (prestation)")]:
            if record[end] < record[start]:
                errors.append(LineError(record.line, label,
                        "antérieure à la date de début"))
        if errors:
            result.errors.extend(errors)
        else:
            kept.append(record)
    result.records = kept
    return result
