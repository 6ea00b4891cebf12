# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Layouts: a table of fields mirroring the specification's table.

A reader returns typed records and a list of per-line errors (line number,
field label, French reason); a writer refuses any value that does not fit
(it never truncates)."""
import re
from dataclasses import dataclass, field as dc_field

from .types import FieldType

ENCODINGS = ['utf-8', 'cp1252']


class FileRefused(Exception):
    "The file as a whole is not what it claims to be: nothing is read."


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    message: str

    def __str__(self):
        where = f"ligne {self.line}"
        if self.field:
            where += f", champ « {self.field} »"
        return f"{where} : {self.message}"

    def as_dict(self):
        return {'line': self.line, 'field': self.field,
            'message': self.message}


@dataclass(frozen=True)
class Field:
    "One row of the specification's table."
    order: int
    name: str           # Python name of the value in the record
    label: str          # the specification's French label
    type: FieldType
    mandatory: bool = False
    start: int = None   # fixed width only, 1-based inclusive
    end: int = None


@dataclass
class Record:
    line: int
    values: dict
    raw: str = ''

    def __getitem__(self, name):
        return self.values[name]

    def get(self, name, default=None):
        return self.values.get(name, default)


@dataclass
class Result:
    records: list = dc_field(default_factory=list)
    errors: list = dc_field(default_factory=list)
    lines: int = 0


def decode(data):
    "Text of a file received as bytes: UTF-8, else Windows-1252 / Latin-1."
    if isinstance(data, str):
        return data
    if b'\x00' in data:
        raise FileRefused(
            "le fichier contient des octets nuls : ce n'est pas un fichier "
            "texte")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        "encodage illisible : ni UTF-8 ni Windows-1252 / ISO-8859-1")


# Characters no field may hold (the framework refuses them in a text
# field too): controls, and line or paragraph separators.
_NAMES = {'\t': "tabulation", '\r': "retour chariot", '\n': "saut de ligne",
    '\x0b': "tabulation verticale", '\x0c': "saut de page",
    '\x85': "fin de ligne (NEL)", '\u2028': "séparateur de ligne",
    '\u2029': "séparateur de paragraphe"}


_FORBIDDEN = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029]')


def forbidden_character(text):
    "The name of the first character of `text` no field may hold, or None."
    # A regular expression: every field of every line goes through here.
    if match := _FORBIDDEN.search(text):
        character = match.group()
        code = f"U+{ord(character):04X}"
        name = _NAMES.get(character)
        return f"{name} ({code})" if name else code
    return None


def split_lines(text):
    "Lines without their end (CRLF or LF); a final empty line is dropped."
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return [line[:-1] if line.endswith('\r') else line for line in lines]


def read_lines(data):
    "The lines of `data` (bytes or text); FileRefused when it has none."
    lines = split_lines(decode(data))
    if not any(line.strip() for line in lines):
        raise FileRefused("le fichier est vide")
    return lines


def read_records(lines, split, blank_error=False):
    """The one reading loop of every layout: `split(number, line, result)`
    returns (layout, field texts, extra values) or None after recording the
    line's error in `result`; the fields are then parsed and checked."""
    result = Result(lines=len(lines))
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if blank_error:
                result.errors.append(LineError(number, '', "ligne vide"))
            continue
        found = split(number, line, result)
        if found is None:
            continue
        layout, parts, extra = found
        values, errors = layout.parse_fields(number, parts)
        if errors:
            result.errors.extend(errors)
            continue
        values.update(extra)
        result.records.append(Record(number, values, line))
    return result


class DelimitedLayout:
    """Fields separated by `separator`. `optional_tail` trailing fields may
    be absent (the line then has fewer fields). With `pad`, numbers are
    written with leading zeros to their type's length (flux 6)."""

    def __init__(self, name, fields, separator='|', optional_tail=0,
            line_end='\r\n', pad=False):
        self.name = name
        self.fields = sorted(fields, key=lambda f: f.order)
        self.separator = separator
        self.optional_tail = optional_tail
        self.line_end = line_end
        self.pad = pad

    @property
    def counts(self):
        total = len(self.fields)
        return set(range(total - self.optional_tail, total + 1))

    def looks_like(self, lines, threshold=0.5):
        "Whether enough lines have the expected number of fields."
        lines = [line for line in lines if line.strip()]
        if not lines:
            return False
        good = sum(1 for line in lines
            if line.count(self.separator) + 1 in self.counts)
        return good / len(lines) >= threshold

    def read(self, data):
        """Records and line errors of `data` (bytes or text).

        Raises FileRefused when the file is empty, unreadable or is not
        this kind of file at all (most lines have another shape)."""
        lines = read_lines(data)
        if not self.looks_like(lines):
            raise FileRefused(
                f"ce n'est pas un fichier {self.name} : {self.not_like()}")
        return read_records(lines, self.split_line)

    def not_like(self):
        "Why most lines are not of this layout."
        return (f"la plupart des lignes n'ont pas les {len(self.fields)} "
            f"champs attendus (séparateur « {self.separator} »)")

    def split_line(self, number, line, result):
        parts = line.split(self.separator)
        if len(parts) not in self.counts:
            result.errors.append(LineError(number, '',
                    f"{len(self.fields)} champs attendus, "
                    f"{len(parts)} trouvés"))
            return None
        return self, parts, {}

    def parse_fields(self, number, parts):
        values, errors = {}, []
        for field, text in zip(self.fields, parts):
            if bad := forbidden_character(text):
                errors.append(LineError(number, field.label,
                        f"caractère interdit : {bad}"))
                continue
            try:
                value = field.type.parse(text)
            except ValueError as error:
                errors.append(LineError(number, field.label, str(error)))
                continue
            if value is None and field.mandatory:
                errors.append(LineError(number, field.label,
                        "champ obligatoire vide"))
            values[field.name] = value
        for field in self.fields[len(parts):]:
            values[field.name] = None
        return values, errors

    def format_record(self, values):
        parts = []
        for field in self.fields:
            value = values.get(field.name)
            if value is None and field.mandatory:
                raise ValueError(
                    f"champ « {field.label} » obligatoire non renseigné")
            try:
                text = field.type.format(value)
            except ValueError as error:
                raise ValueError(f"champ « {field.label} » : {error}")
            if self.separator and self.separator in text:
                raise ValueError(f"champ « {field.label} » : « {text} » "
                    f"contient le séparateur « {self.separator} »")
            if (self.pad and text and field.type.align == 'right'
                    and field.type.length):
                text = text.rjust(field.type.length, field.type.fill)
            parts.append(text)
        return self.separator.join(parts)

    def write(self, records):
        "Text of the file for `records` (dicts); ValueError names the line."
        lines = []
        for number, values in enumerate(records, 1):
            try:
                lines.append(self.format_record(values))
            except ValueError as error:
                raise ValueError(f"ligne {number}, {error}")
        return ''.join(line + self.line_end for line in lines)


class FixedWidthLayout(DelimitedLayout):
    """Fields at fixed positions (start/end, 1-based inclusive); the record
    length is the last field's end."""

    def __init__(self, name, fields, line_end='\r\n'):
        super().__init__(name, fields, separator=None, line_end=line_end)
        for field in self.fields:
            assert field.start and field.end >= field.start, field
        self.length = max(f.end for f in self.fields)

    def looks_like(self, lines, threshold=0.5):
        lines = [line for line in lines if line.strip()]
        good = sum(1 for line in lines if len(line) == self.length)
        return bool(lines) and good / len(lines) >= threshold

    def not_like(self):
        return f"la plupart des lignes ne font pas {self.length} caractères"

    def split_line(self, number, line, result):
        if len(line) != self.length:
            result.errors.append(LineError(number, '',
                    f"{self.length} caractères attendus, "
                    f"{len(line)} trouvés"))
            return None
        return self, [line[f.start - 1:f.end] for f in self.fields], {}

    def format_record(self, values):
        chunks = []
        position = 1
        for field in self.fields:
            if field.start > position:
                chunks.append(' ' * (field.start - position))
            width = field.end - field.start + 1
            value = values.get(field.name)
            if value is None and field.mandatory:
                raise ValueError(
                    f"champ « {field.label} » obligatoire non renseigné")
            try:
                text = field.type.format(value)
            except ValueError as error:
                raise ValueError(f"champ « {field.label} » : {error}")
            if len(text) > width:
                raise ValueError(
                    f"champ « {field.label} » : « {text} » dépasse "
                    f"{width} caractères")
            if value is None:
                text = ' ' * width
            elif field.type.align == 'right':
                text = text.rjust(width, field.type.fill)
            else:
                text = text.ljust(width, field.type.fill)
            chunks.append(text)
            position = field.end + 1
        return ''.join(chunks)
