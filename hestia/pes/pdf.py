# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""One PDF per invoice out of one PDF of many: LibreOffice converts a
whole batch of invoices at once (a conversion costs about a second), and
the pages are dealt out again by the invoice number each one opens with."""
import io

from pypdf import PdfReader, PdfWriter


def split(data, markers):
    """[PDF bytes] in the order of `markers`: a page showing the next
    marker starts the next document; other pages follow the current one."""
    reader = PdfReader(io.BytesIO(data))
    documents = []
    writer = None
    position = 0
    for page in reader.pages:
        text = ' '.join((page.extract_text() or '').split())
        if position < len(markers) and markers[position] in text:
            if writer is not None:
                documents.append(writer)
            writer = PdfWriter()
            position += 1
        if writer is None:
            raise ValueError(f"page 1 does not show « {markers[0]} »")
        writer.add_page(page)
    if writer is not None:
        documents.append(writer)
    if len(documents) != len(markers):
        raise ValueError(f"{len(documents)} documents found for "
            f"{len(markers)} markers")
    out = []
    for writer in documents:
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(buffer.getvalue())
    return out
