"""Progress of long work (an import, a backup, `make bench`), on standard error.

On a terminal each phase is a tqdm bar: units done, rate, time left. Elsewhere (CI, cron,
a log file) a phase prints a plain line when it starts, at most one every `INTERVAL`
seconds while it runs, and one when it ends. Quiet, nothing. Standard output is never
written: a command's report stays the same whether its progress shows or not.

    progress = Progress(sys.stderr, quiet=False)
    with progress.phase("checking 27,312 rows", total=27_312) as phase:
        for batch in batches:
            ...
            phase.advance(len(batch))

Advance in batches (`Phase.counted`): a call per row of a million-row file would cost
more than the rows' own work.
"""

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TextIO, TypeVar

from tqdm import tqdm

from .wording import count_of

INTERVAL = 5.0  # seconds between two plain lines of a phase, at least
BATCH = 10_000  # units `Phase.counted` lets by between two advances

T = TypeVar("T")


class Phase:
    """One named step of the work; it prints nothing (quiet)."""

    def __init__(self, name: str, total: int | None, unit: str) -> None:
        self.name, self.total, self.unit = name, total, unit
        self.done = 0

    def advance(self, units: int) -> None:
        self.done += units

    def end(self, failed: bool) -> None:
        pass

    def counted(self, items: Iterable[T], batch: int = BATCH, skip: int = 0):
        """`items`, one at a time (none is held), advanced by each `batch` of them once
        taken and by the rest at their end; the first `skip` are not counted (a file's
        header)."""
        items = iter(items)
        yield from islice(items, skip)
        number = 0
        for number, item in enumerate(items, 1):
            yield item
            if not number % batch:
                self.advance(batch)
        self.advance(number % batch)


class LinePhase(Phase):
    """A phase shown as plain lines, throttled by `clock` (seconds)."""

    def __init__(self, name, total, unit, stream: TextIO, clock, interval: float):
        super().__init__(name, total, unit)
        self.stream, self.clock, self.interval = stream, clock, interval
        self.started = self.shown = clock()
        self._print(f"{name}: started")

    def advance(self, units: int) -> None:
        self.done += units
        now = self.clock()
        if now - self.shown >= self.interval:
            self.shown = now
            self._print(self.line(now))

    def line(self, now: float) -> str:
        """ "checking 27,312 rows: 12,000 done (44%), 8,100 rows/s, about 2 s left"."""
        elapsed = now - self.started
        text = f"{self.name}: {self.done:,} done"
        if self.total:
            text += f" ({100 * self.done // self.total}%)"
        if elapsed > 0 and self.done:
            rate = self.done / elapsed
            if rate >= 1:
                text += f", {rate:,.0f} {self.unit}/s"
            else:  # slow units (a benchmark's measures): the time each takes
                text += f", {seconds(1 / rate)} each"
            if self.total and rate > 0 and self.done < self.total:
                text += f", about {seconds((self.total - self.done) / rate)} left"
        return text

    def end(self, failed: bool) -> None:
        took = seconds(self.clock() - self.started)
        if failed:
            self._print(f"{self.name}: stopped after {took}")
        elif self.done:
            self._print(f"{self.name}: done, {self.done:,} {self.unit} in {took}")
        else:
            self._print(f"{self.name}: done in {took}")

    def _print(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


class BarPhase(Phase):
    """A phase shown as a tqdm bar on a terminal."""

    def __init__(self, name, total, unit, stream: TextIO):
        super().__init__(name, total, unit)
        self.bar = tqdm(
            desc=name, total=total, unit=f" {unit}", file=stream, dynamic_ncols=True
        )

    def advance(self, units: int) -> None:
        self.done += units
        self.bar.update(units)

    def end(self, failed: bool) -> None:
        self.bar.close()


def checked_in(rows: int, elapsed: float) -> str:
    """ "Checked 1,234 rows in 0.4 s.": what an upload page says of its check."""
    return f"Checked {count_of(rows, 'row')} in {seconds(elapsed)}."


def seconds(value: float) -> str:
    """ "0.4 s", "12 s", "3 min 20 s"."""
    if value < 10:
        return f"{value:.1f} s"
    if value < 60:
        return f"{value:.0f} s"
    minutes, rest = divmod(round(value), 60)
    return f"{minutes} min {rest} s"


class Progress:
    """Where and how the phases of some work show: on `stream` (standard error by
    default), a bar if it is a terminal, plain lines if not; nothing if `quiet`."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        clock: Callable[[], float] = time.monotonic,
        interval: float = INTERVAL,
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.quiet, self.clock, self.interval = quiet, clock, interval

    @classmethod
    def of_command(cls, command, options: dict) -> "Progress":
        """A management command's: on its standard error (`call_command(stderr=...)`'s
        stream in tests), quiet with --quiet (`add_quiet_argument`)."""
        # The stream under Django's OutputWrapper, which would colour every line as an
        # error and end tqdm's redrawn lines with a line break.
        stream = getattr(command.stderr, "_out", command.stderr)
        return cls(stream, quiet=options.get("quiet", False))

    @property
    def terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    @contextmanager
    def phase(
        self, name: str, total: int | None = None, unit: str = "rows"
    ) -> Iterator[Phase]:
        """A phase named `name` ("checking 27,312 rows") of `total` `unit` (if known)."""
        if self.quiet:
            shown = Phase(name, total, unit)
        elif self.terminal:
            shown = BarPhase(name, total, unit, self.stream)
        else:
            shown = LinePhase(name, total, unit, self.stream, self.clock, self.interval)
        try:
            yield shown
        except BaseException:
            shown.end(failed=True)
            raise
        shown.end(failed=False)


QUIET = Progress(quiet=True)  # work that shows no progress: a page's, a test's


def add_quiet_argument(parser) -> None:
    """--quiet, for a command that shows its progress (`Progress.of_command`)."""
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="Show no progress on standard error (problems still show).",
    )
