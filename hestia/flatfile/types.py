# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Field types of the flat files, as the specifications name them.

Each type turns the text of one field into a Python value (`parse`) and
back (`format`). Both raise `ValueError` with a French reason that the
layout completes with the line number and the field's label."""
import datetime
import decimal
import functools
import re

_DATE_FORMATS = {
    'JJ/MM/AAAA': '%d/%m/%Y',
    'AAAAMMJJ': '%Y%m%d',
    'JJMMAAAA': '%d%m%Y',
    'AAAAMM': '%Y%m',
    }
_INTEGER = re.compile(r'^[+-]?\d+$')
_DECIMAL = re.compile(r'^([+-]?)(\d*)(?:[.,](\d*))?$')


class FieldType:
    "A type with a maximum `length` in characters (None: unbounded)."
    length = None
    # Fixed-width padding: numbers to the right with zeros, text to the left.
    align = 'left'
    fill = ' '

    def parse(self, text):
        return text

    def format(self, value):
        return '' if value is None else str(value)

    def check_length(self, text):
        if self.length is not None and len(text) > self.length:
            raise ValueError(
                f"« {text} » dépasse {self.length} caractères "
                f"({len(text)})")
        return text


class Char(FieldType):
    "Caractère(n)"

    def __init__(self, length=None):
        self.length = length

    def parse(self, text):
        return self.check_length(text.strip()) or None

    def format(self, value):
        text = '' if value is None else str(value)
        if '|' in text or '\n' in text or '\r' in text:
            raise ValueError(
                f"« {text} » contient un séparateur ou un retour à la ligne")
        return self.check_length(text)


class Integer(FieldType):
    "Entier(n)"
    align = 'right'
    fill = '0'

    def __init__(self, length=None):
        self.length = length

    def parse(self, text):
        text = text.strip()
        if not text:
            return None
        if not _INTEGER.match(text):
            raise ValueError(f"« {text} » n'est pas un nombre entier")
        self.check_length(text.lstrip('+-'))
        return int(text)

    def format(self, value):
        if value is None:
            return ''
        return self.check_length(str(int(value)))


class Decimal(FieldType):
    """Décimal(i.d): at most `integers` digits before the decimal mark and
    `decimals` after; `.` and `,` are both read, `mark` is written.

    The specifications' Décimal(3.2) holds a percentage of 100.00, so the
    first number counts the integer digits, not the total precision."""
    align = 'right'
    fill = '0'

    def __init__(self, integers, decimals, mark='.'):
        self.integers = integers
        self.decimals = decimals
        self.mark = mark

    def parse(self, text):
        text = text.strip()
        if not text:
            return None
        match = _DECIMAL.match(text)
        if not match or not (match.group(2) or match.group(3)):
            raise ValueError(f"« {text} » n'est pas un nombre décimal")
        sign, integers, decimals = match.groups()
        integers = integers.lstrip('0')
        decimals = (decimals or '').rstrip('0')
        if len(integers) > self.integers or len(decimals) > self.decimals:
            raise ValueError(
                f"« {text} » dépasse {self.integers} chiffres avant la "
                f"virgule ou {self.decimals} après")
        return decimal.Decimal(f"{sign}{integers or '0'}.{decimals or '0'}")

    def format(self, value):
        if value is None:
            return ''
        quantum = decimal.Decimal(1).scaleb(-self.decimals)
        value = decimal.Decimal(value)
        rounded = value.quantize(quantum)
        if rounded != value:
            raise ValueError(
                f"{value} a plus de {self.decimals} décimales")
        text = f'{rounded:f}'
        if len(text.lstrip('-').split('.')[0]) > self.integers:
            raise ValueError(
                f"{value} dépasse {self.integers} chiffres avant la virgule")
        return text.replace('.', self.mark)


@functools.lru_cache(maxsize=4096)
def _date(text, pattern):
    # Files repeat the same few hundred dates over thousands of lines.
    return datetime.datetime.strptime(text, pattern).date()


class Date(FieldType):
    "Date in one of the specifications' notations (JJ/MM/AAAA …)."

    def __init__(self, notation='JJ/MM/AAAA'):
        self.notation = notation
        self.pattern = _DATE_FORMATS[notation]
        self.length = len(notation)

    def parse(self, text):
        text = text.strip()
        if not text or set(text) <= {'0'}:
            return None
        try:
            value = _date(text, self.pattern)
        except ValueError:
            raise ValueError(
                f"« {text} » n'est pas une date valide ({self.notation})")
        return value

    def format(self, value):
        return value.strftime(self.pattern) if value else ''


class DateTime(FieldType):
    "Date and time, « JJ/MM/AAAA HH:MM » (télégestion timestamps)."

    def __init__(self, notation='JJ/MM/AAAA HH:MM'):
        self.notation = notation
        self.pattern = _DATE_FORMATS[notation.split(' ')[0]] + ' %H:%M'
        self.length = len(notation)

    def parse(self, text):
        text = ' '.join(text.split())
        if not text:
            return None
        try:
            return datetime.datetime.strptime(text, self.pattern)
        except ValueError:
            raise ValueError(
                f"« {text} » n'est pas une date et heure valide "
                f"({self.notation})")

    def format(self, value):
        return value.strftime(self.pattern) if value else ''


class Boolean(FieldType):
    "Booléen written as two tokens (1/0, O/N)."

    def __init__(self, true='1', false='0'):
        self.true = true
        self.false = false
        self.length = max(len(true), len(false))

    def parse(self, text):
        text = text.strip()
        if not text:
            return None
        if text.upper() == self.true.upper():
            return True
        if text.upper() == self.false.upper():
            return False
        raise ValueError(
            f"« {text} » n'est ni {self.true} ni {self.false}")

    def format(self, value):
        if value is None:
            return ''
        return self.true if value else self.false


class Cents(Integer):
    "An amount in euros written as an integer number of cents."

    def parse(self, text):
        value = super().parse(text)
        return None if value is None else decimal.Decimal(value) / 100

    def format(self, value):
        if value is None:
            return ''
        cents = decimal.Decimal(value) * 100
        if cents != cents.to_integral_value():
            raise ValueError(f"{value} € n'est pas un nombre entier de "
                "centimes")
        return super().format(int(cents))


class Hours(Cents):
    "Hours written in hundredths of an hour (0001025 = 10,25 h = 10h15)."


class Digits(Char):
    """Entier(n) that is an identifier, not a quantity (postal codes): kept
    as text so that leading zeros survive."""
    align = 'right'
    fill = '0'

    def parse(self, text):
        value = super().parse(text)
        if value is not None and not value.isdigit():
            raise ValueError(f"« {value} » ne contient pas que des chiffres")
        return value
