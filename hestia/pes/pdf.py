# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""One PDF per invoice out of one PDF of many: LibreOffice converts a
whole batch of invoices at once (a conversion costs seconds), and the
pages are dealt out again by the invoice each one opens with.

Where each invoice starts is read from the PDF's bookmarks (the invoice
title is a heading, which LibreOffice exports as a bookmark); without
them, from the text of each page, ten times slower."""
import io

from pypdf import PdfReader, PdfWriter


def _starts_from_outline(reader, markers):
    "{marker: first page index} from the bookmarks, or None."
    starts = {}
    for item in reader.outline:
        if isinstance(item, list):
            continue
        title = ' '.join((item.title or '').split())
        if title in markers and title not in starts:
            starts[title] = reader.get_destination_page_number(item)
    return starts if len(starts) == len(markers) else None


def _starts_from_text(reader, markers):
    "{marker: first page index}: a page showing the next marker starts it."
    starts = {}
    position = 0
    for index, page in enumerate(reader.pages):
        if position == len(markers):
            break
        text = ' '.join((page.extract_text() or '').split())
        if markers[position] in text:
            starts[markers[position]] = index
            position += 1
    return starts


def split(data, markers):
    """[PDF bytes] in the order of `markers`, each from the page where its
    marker starts to the page before the next one."""
    reader = PdfReader(io.BytesIO(data))
    starts = (_starts_from_outline(reader, markers)
        or _starts_from_text(reader, markers))
    pages = [starts.get(m) for m in markers]
    if None in pages or pages != sorted(pages) or (pages and pages[0]):
        raise ValueError(f"{len(starts)} documents found for "
            f"{len(markers)} markers")
    out = []
    for position, first in enumerate(pages):
        last = (pages[position + 1] if position + 1 < len(pages)
            else len(reader.pages))
        writer = PdfWriter()
        for index in range(first, last):
            writer.add_page(reader.pages[index])
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
