# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The check keys of an ORMC article de rôle (Class_TitreAller.xsd, Cle1
and Cle2).

The schema states their inputs: Cle1 is « modulo 11 sur le code
collectivité + le code nature + 2 derniers chiffres de l'exercice + la
période + le numéro de dette », Cle2 « modulo 23 sur les deux derniers
chiffres de l'exercice + la période + 00 + le numéro de dette ». It sends
the weighting to ANNEXE_TECHNIQUE_PES_SEPA_ORMC, which is not public in
this workplace; the README says so. The reading below is the classic one:
letters counted as their rank (A=1 … Z=26 folded to one digit by 9 like
the RIB), weights 2 to 7 from the right for modulo 11, the number itself
for modulo 23, and the 23 letters without I, O and U for Cle2."""

CLE2_LETTERS = 'ABCDEFGHJKLMNPQRSTVWXYZ'


def _digits(text):
    "Letters as digits the RIB way (A, J → 1; B, K, S → 2 …)."
    out = []
    for char in str(text).upper():
        if char.isdigit():
            out.append(char)
        elif 'A' <= char <= 'Z':
            out.append(str((ord(char) - ord('A')) % 9 + 1
                    + (char >= 'S')))
        else:
            raise ValueError(f"caractère « {char} » dans une clé ORMC")
    return ''.join(out)


def cle1(collectivity, nature, exercise, period, debt):
    "One digit: 11 minus the weighted sum modulo 11 (10 and 11 give 0)."
    digits = _digits(f"{collectivity}{nature}{exercise % 100:02d}"
        f"{period}{debt}")
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(digits)))
    key = 11 - total % 11
    return 0 if key >= 10 else key


def cle2(exercise, period, debt):
    "One letter: the number modulo 23 among CLE2_LETTERS."
    return CLE2_LETTERS[int(f"{exercise % 100:02d}{period}00{debt}") % 23]
