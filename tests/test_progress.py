# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"Progress of long commands: step, count, time spent and left (hestia.progress)."
import io

from hestia import progress


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_plain_lines_with_time_left(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(progress.time, 'monotonic', clock)
    stream = io.StringIO()
    shown = progress.Progress([("Modules", 100), ("Familles", 50),
            ("Facturation", 50)], stream=stream)
    shown.step(1)
    clock.now = 100.0
    shown.step(2)
    clock.now = 150.0
    shown.step(3)
    # A restarted transaction goes back to step 2.
    shown.step(2)
    clock.now = 420.0
    shown.finish("Base « demo » prête")
    assert stream.getvalue().splitlines() == [
        "[1/3] Modules — 0 s écoulées",
        "[2/3] Familles — 1 min 40 s écoulées, encore ≈ 1 min 40 s",
        "[3/3] Facturation — 2 min 30 s écoulées, encore ≈ 50 s",
        "[2/3] Familles — 2 min 30 s écoulées, encore ≈ 2 min 30 s",
        "Base « demo » prête (7 min 00 s)",
        ]


def test_terminal_redraws_one_line_with_a_bar(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(progress.time, 'monotonic', clock)

    class Terminal(io.StringIO):
        def isatty(self):
            return True
    stream = Terminal()
    shown = progress.Progress([("Modules", 1), ("Familles", 1)],
        stream=stream)
    shown.step(1)
    clock.now = 30.0
    shown.step(2)
    assert stream.getvalue().split('\r\033[K')[1:] == [
        "···················· 0% [1/2] Modules — 0 s écoulées",
        "██████████·········· 50% [2/2] Familles — 30 s écoulées, "
        "encore ≈ 30 s",
        ]
