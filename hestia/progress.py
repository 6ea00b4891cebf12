# This file is part of Hestia.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Progress of long commands (`hestia init --demo`): the step, how many of
how many, the time spent and the time left, on stderr. A terminal gets one
line redrawn with a bar; a log gets one plain line per step.

The time left is each remaining step's usual share of the work (`weight`,
measured on a 2-core machine) at the pace observed so far."""
import sys
import time


def _duration(seconds):
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


class Progress:

    def __init__(self, steps, stream=None):
        "`steps`: [(label, weight)]."
        self.steps = steps
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.total = sum(w for _, w in steps)
        self.start = time.monotonic()
        self.done = 0  # weight of the finished steps
        self.index = 0

    def _left(self):
        elapsed = time.monotonic() - self.start
        if not self.done:
            return None
        return elapsed * (self.total - self.done) / self.done

    def _line(self, label):
        left = self._left()
        share = self.done / self.total
        text = (f"[{self.index}/{len(self.steps)}] {label} — "
            f"{_duration(time.monotonic() - self.start)} écoulées"
            + (f", encore ≈ {_duration(left)}" if left is not None else ''))
        if self.terminal:
            bar = '█' * int(share * 20) + '·' * (20 - int(share * 20))
            return f"\r\033[K{bar} {share:.0%} {text}"
        return text + '\n'

    def step(self, number):
        """Start step `number` (1-based), the ones before it finished. A
        transaction the framework restarts goes back to an earlier one."""
        self.index = number
        self.done = sum(w for _, w in self.steps[:number - 1])
        self.stream.write(self._line(self.steps[number - 1][0]))
        self.stream.flush()

    def finish(self, message):
        self.done = self.total
        text = f"{message} ({_duration(time.monotonic() - self.start)})"
        self.stream.write(('\r\033[K' if self.terminal else '') + text + '\n')
        self.stream.flush()
