# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Hierarchical fixed-width files: one record layout per record code (the
line's first character), and a table of which code may follow which.

The reader returns every record typed, in order, with per-line errors; the
structure (headers, details, footers) is checked line by line. Totals are
the flux's own business: its module checks footers against details."""
from .layout import FileRefused, LineError, read_lines, read_records


class HierarchicalLayout:
    def __init__(self, name, records, follows, line_end='\r\n',
            code_length=1, separator=None):
        """`records`: {code: FixedWidthLayout}; `follows`: {code or None
        (start of file): set of codes allowed next}; a code with no
        successor ends the file, and None among a code's successors lets
        the file end after it (flux 2 has no footer). The code is the first
        `code_length` characters of the line.

        With a `separator`, records are DelimitedLayouts and the code is
        the line's first field (flux 6: DEB;…, DET;…)."""
        self.name = name
        self.records = records
        self.follows = follows
        self.line_end = line_end
        self.code_length = code_length
        self.separator = separator

    def code(self, line):
        if self.separator:
            return line.split(self.separator, 1)[0]
        return line[:self.code_length]

    def parts(self, number, code, line, layout, result):
        "The field texts of `line`, or None after recording its error."
        if self.separator:
            parts = line.split(self.separator)
            if len(parts) not in layout.counts:
                result.errors.append(LineError(number, '',
                        f"enregistrement {code} : {len(layout.fields)} "
                        f"champs attendus, {len(parts)} trouvés"))
                return None
            return parts
        # Trailing blanks are often trimmed by the sender's tools.
        if len(line) > layout.length and line[layout.length:].strip():
            result.errors.append(LineError(number, '',
                    f"enregistrement {code} de {len(line)} caractères, "
                    f"{layout.length} attendus"))
            return None
        padded = line[:layout.length].ljust(layout.length)
        return [padded[f.start - 1:f.end] for f in layout.fields]

    def read(self, data):
        lines = read_lines(data)
        first = self.code(lines[0])
        if first not in self.follows.get(None, ()):
            raise FileRefused(
                f"ce n'est pas un fichier {self.name} : la première ligne "
                f"commence par « {first} » au lieu de « "
                + ' ou '.join(sorted(self.follows[None])) + " »")
        header = self.records[first]
        if not self.separator and len(lines[0].rstrip()) > header.length:
            raise FileRefused(
                f"ce n'est pas un fichier {self.name} : la première ligne "
                f"fait {len(lines[0])} caractères, l'{header.name} en "
                f"compte {header.length}")
        previous = None

        def split(number, line, result):
            nonlocal previous
            code = self.code(line)
            layout = self.records.get(code)
            if layout is None:
                result.errors.append(LineError(number, '',
                        f"code d'enregistrement « {code} » inconnu"))
                return None
            allowed = self.follows.get(previous, set())
            if code not in allowed:
                after = (f"après un enregistrement {previous}" if previous
                    else "en début de fichier")
                result.errors.append(LineError(number, '',
                        f"enregistrement {code} inattendu {after} (attendu : "
                        + ', '.join(sorted(c for c in allowed if c)
                            or ['fin du fichier'])
                        + ")"))
            previous = code
            parts = self.parts(number, code, line, layout, result)
            if parts is None:
                return None
            return layout, parts, {'_code': code}

        result = read_records(lines, split, blank_error=True)
        if (previous is not None and self.follows.get(previous)
                and None not in self.follows[previous]):
            result.errors.append(LineError(len(lines), '',
                    f"fichier incomplet : il se termine par un "
                    f"enregistrement {previous}"))
        return result

    def write(self, records):
        "Text for `records`: dicts with their '_code'."
        lines = []
        for number, values in enumerate(records, 1):
            layout = self.records[values['_code']]
            try:
                lines.append(layout.format_record(
                        dict(values, code=values['_code'])))
            except ValueError as error:
                raise ValueError(f"ligne {number}, {error}")
        return ''.join(line + self.line_end for line in lines)
