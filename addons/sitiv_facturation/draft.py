# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a billing run prepares before it creates any invoice: one draft
invoice per payer, holding named draft lines. Modules that bill other
things (mensualisation, PSU contracts) add draft lines of their own kind
through `sitiv.billing.run._other_lines`."""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ONE = Decimal(1)


@dataclass(eq=False)
class DraftLine:
    """A future invoice line. `rows` are the attendance lines it bills
    (marked with its id once created); the counters make its description."""
    # service, penalty, aid, organism, regularisation, instalment …
    kind: str
    activity: Any
    child: Any
    quantity: Decimal = Decimal(0)
    unit_price: Decimal = Decimal(0)
    rows: list = field(default_factory=list)
    share: Decimal = ONE  # of a split custody
    shared: bool = False  # a regularisation of a shared day
    # service: the days behind the quantity
    present: int = 0
    absent_excused: int = 0
    absent_billed: int = 0
    unbilled: int = 0
    # regularisation: the month it corrects and its days
    month: Any = None
    days: int = 0
    aid: Any = None  # aid: the financial aid deducted
    household: Any = None  # organism: the family whose share it pays
    # instalment: the enrolment, its number, the total, the closing
    enrolment: Any = None
    number: int = 0
    count: int = 0
    closing: bool = False

    @property
    def empty(self):
        """Nothing to bill (only excused absences, a regularisation that
        changes nothing): the line is dropped, its days marked billed."""
        return not self.quantity or (
            self.kind in {'regularisation', 'aid'} and not self.unit_price)

    @property
    def is_shared(self):
        "Billed to several payers (split custody): not cancellable alone."
        return self.shared or self.share != ONE


@dataclass(eq=False)
class DraftInvoice:
    "The future invoice of one payer: party, family and lines by key."
    party: Any
    household: Any = None
    lines: dict = field(default_factory=dict)

    def line(self, key, **values):
        "The draft line of `key`, created from `values` the first time."
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = DraftLine(**values)
        return line
