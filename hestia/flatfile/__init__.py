# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The declarative flat-file engine (ARCHITECTURE §4.1), framework-free.

Layouts live in `hestia.flatfile.layouts`, one module per flux, each a
table that mirrors the specification's table."""
from .layout import (  # noqa: F401
    DelimitedLayout, Field, FileRefused, FixedWidthLayout, LineError, Record,
    Result, decode, split_lines)
from .types import (  # noqa: F401
    Boolean, Cents, Char, Date, DateTime, Decimal, Digits, FieldType, Hours,
    Integer)
