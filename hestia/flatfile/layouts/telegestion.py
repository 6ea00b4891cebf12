# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Pivot files of the home-care providers (SAD), needs B1, B2, B4.

Annexe 2 names the flows (client list, flux 15 for the interventions of
Département beneficiaries, flux 11 for the other clients) but leaves their
format to be agreed with each provider's software (Apologic, Domino, GIES
ATENA, Implicit, NSI, Ximi …). Hestia defines one pivot for each, which a
converter per software produces. Decisions:
* CSV with « ; », UTF-8 (Windows-1252 accepted), a first line naming the
  columns below in this order; dates JJ/MM/AAAA, times HH:MM.
* Clients (B2): the provider's own client code is the key; « departement »
  O/N says whether the provider believes the Département pays for them.
* Interventions: flux 15 and flux 11 share one file; « financeur » D
  (Département, flux 15) or A (another payer, flux 11). The provider's
  intervention identifier is the key: a line sent again with the same
  values changes nothing, with other values it updates the intervention
  (its raw values never change, B4).
* The raw arrival and departure are mandatory; the corrected ones are given
  together with a typed reason, or not at all.
* Workers (intervenants) come with each intervention: code and name."""
import datetime

from ..layout import DelimitedLayout
from ..layout import Field as F
from ..layout import FileRefused, LineError, decode, split_lines
from ..types import Boolean, Char, Date, DateTime, Integer

CORRECTION_REASONS = {
    'OUB': "oubli de pointage",
    'TEL': "téléphone du bénéficiaire indisponible ou incompatible",
    'ERR': "erreur de pointage",
    'REP': "remplacement de l'intervenant",
    'DEP': "dépassement autorisé (minutes supplémentaires)",
    'AUT': "autre motif",
    }
SOURCES = {'F': 'landline', 'M': 'mobile', 'S': 'manual'}
PAYERS = {'D': True, 'A': False}
_DAY = datetime.timedelta(hours=24)

CLIENTS = DelimitedLayout("pivot clients SAD", [
        F(1, 'code', "code_client", Char(20), True),
        F(2, 'last_name', "nom", Char(60), True),
        F(3, 'birth_name', "nom_naissance", Char(60)),
        F(4, 'first_name', "prenom", Char(60), True),
        F(5, 'birth_date', "date_naissance", Date('JJ/MM/AAAA'), True),
        F(6, 'address', "adresse", Char(120)),
        F(7, 'postal_code', "code_postal", Char(5)),
        F(8, 'city', "ville", Char(60)),
        F(9, 'phone', "telephone", Char(20)),
        F(10, 'department', "departement", Boolean('O', 'N'), True),
        ], separator=';')

INTERVENTIONS = DelimitedLayout("pivot interventions SAD (flux 15)", [
        F(1, 'identifier', "identifiant", Char(30), True),
        F(2, 'client', "code_client", Char(20), True),
        F(3, 'worker_code', "code_intervenant", Char(20), True),
        F(4, 'worker_name', "nom_intervenant", Char(80)),
        F(5, 'nomenclature', "prestation", Char(3), True),
        F(6, 'raw_start', "arrivee_brute", DateTime(), True),
        F(7, 'raw_end', "depart_brut", DateTime(), True),
        F(8, 'start', "arrivee_corrigee", DateTime()),
        F(9, 'end', "depart_corrige", DateTime()),
        F(10, 'reason', "motif_correction", Char(3)),
        F(11, 'source', "source", Char(1), True),
        F(12, 'incompatible_phone', "telephone_incompatible",
            Boolean('O', 'N')),
        F(13, 'extra_minutes', "minutes_supplementaires", Integer(3)),
        F(14, 'payer', "financeur", Char(1), True),
        ], separator=';')


def header(layout):
    return ';'.join(f.label for f in layout.fields)


def _read(layout, data):
    lines = split_lines(decode(data))
    if not lines or not lines[0].strip():
        raise FileRefused("le fichier est vide")
    first = lines[0].strip().lstrip('\ufeff').lower()
    if first != header(layout):
        raise FileRefused(f"ce n'est pas un fichier {layout.name} : la "
            f"première ligne doit être « {header(layout)} »")
    body = '\n'.join([''] + lines[1:])
    if not body.strip():
        return [], []
    result = layout.read(body)
    return result.records, list(result.errors)


def read_clients(data):
    "(records, line errors) of a client list; FileRefused if it is not one."
    return _read(CLIENTS, data)


def read_interventions(data):
    """(records, line errors) of an intervention file, each record checked
    for coherence; FileRefused if it is not one."""
    records, errors = _read(INTERVENTIONS, data)
    good = []
    for record in records:
        error = _check(record)
        if error:
            errors.append(LineError(record.line, *error))
        else:
            good.append(record)
    errors.sort(key=lambda e: e.line)
    return good, errors


def _check(record):
    "(field, reason) of an incoherent intervention, or None."
    if record['raw_end'] <= record['raw_start']:
        return "depart_brut", "départ avant ou à l'heure de l'arrivée"
    if record['raw_end'] - record['raw_start'] > _DAY:
        return "depart_brut", "intervention de plus de 24 heures"
    corrected = (record['start'], record['end'])
    if any(corrected) and not all(corrected):
        return ("arrivee_corrigee" if record['start'] is None
            else "depart_corrige"), (
                "arrivée et départ corrigés vont ensemble")
    if all(corrected):
        if record['end'] <= record['start']:
            return "depart_corrige", "départ avant ou à l'heure de l'arrivée"
        if not record['reason']:
            return "motif_correction", "une correction doit être motivée"
    if record['reason'] and record['reason'] not in CORRECTION_REASONS:
        return "motif_correction", (f"motif « {record['reason']} » inconnu "
            "(" + ', '.join(CORRECTION_REASONS) + ")")
    if record['reason'] and not all(corrected):
        return "motif_correction", "motif sans arrivée ni départ corrigés"
    if record['source'] not in SOURCES:
        return "source", (f"« {record['source']} » n'est ni F (fixe), "
            "M (mobile) ni S (saisie)")
    if record['payer'] not in PAYERS:
        return "financeur", (f"« {record['payer']} » n'est ni D "
            "(Département) ni A (autre)")
    if record['extra_minutes'] is not None and not (
            0 <= record['extra_minutes'] <= 240):
        return "minutes_supplementaires", "entre 0 et 240 minutes"
    return None


def write_clients(records):
    return header(CLIENTS) + '\r\n' + CLIENTS.write(records)


def write_interventions(records):
    return header(INTERVENTIONS) + '\r\n' + INTERVENTIONS.write(records)

