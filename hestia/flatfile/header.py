# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""CSV files whose first line names their columns (ONDE, FILOUE,
monenfant.fr): read by name in any order, written in the table's order."""
from .layout import (
    FileRefused, LineError, Record, Result, decode, forbidden_character,
    split_lines)


class HeaderLayout:
    """A CSV whose first line names its columns: read by name (any order,
    unknown columns ignored, the mandatory ones required), written in the
    table's order."""

    def __init__(self, name, fields, separator=';', line_end='\r\n'):
        self.name = name
        self.fields = sorted(fields, key=lambda f: f.order)
        self.separator = separator
        self.line_end = line_end

    def header(self):
        return self.separator.join(f.label for f in self.fields)

    def read(self, data):
        """Records and line errors of `data`; FileRefused when it is empty
        or lacks a mandatory column."""
        lines = split_lines(decode(data))
        if not lines or not lines[0].strip():
            raise FileRefused("le fichier est vide")
        names = [n.strip().strip('"').lstrip('\ufeff')
            for n in lines[0].split(self.separator)]
        position = {}
        for index, name in enumerate(names):
            position.setdefault(_key(name), index)
        missing = [f.label for f in self.fields
            if f.mandatory and _key(f.label) not in position]
        if missing:
            raise FileRefused(f"ce n'est pas un fichier {self.name} : "
                "colonnes absentes de la première ligne : "
                + ', '.join(f"« {m} »" for m in missing))
        columns = [(f, position.get(_key(f.label))) for f in self.fields]
        result = Result(lines=len(lines) - 1)
        for number, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            parts = [p.strip().strip('"') for p in line.split(self.separator)]
            if len(parts) != len(names):
                result.errors.append(LineError(number, '',
                        f"{len(names)} colonnes attendues, {len(parts)} "
                        "trouvées"))
                continue
            values, errors = {}, []
            for field, index in columns:
                text = parts[index] if index is not None else ''
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
            if errors:
                result.errors.extend(errors)
            else:
                result.records.append(Record(number, values, line))
        return result

    def write(self, records):
        "Text of the file: the header, then one line per record (dicts)."
        lines = [self.header()]
        for number, values in enumerate(records, 2):
            parts = []
            for field in self.fields:
                value = values.get(field.name)
                if value is None and field.mandatory:
                    raise ValueError(f"ligne {number}, champ « {field.label} "
                        "» obligatoire non renseigné")
                text = field.type.format(value)
                if self.separator in text:
                    raise ValueError(f"ligne {number}, champ « {field.label} "
                        f"» : « {text} » contient le séparateur")
                parts.append(text)
            lines.append(self.separator.join(parts))
        return ''.join(line + self.line_end for line in lines)


def _key(name):
    "Column names compared without case, accents nor spaces."
    from unicodedata import combining, normalize
    text = ''.join(c for c in normalize('NFKD', name) if not combining(c))
    return ''.join(text.lower().split()).replace("'", '').replace('’', '')
