"""binghamton_safety.progress: plain lines throttled by an injected clock, a tqdm bar on
a terminal, nothing when quiet (no sleeping, no timing)."""

import io

import pytest

from binghamton_safety.progress import Progress, checked_in, seconds


class Clock:
    """Seconds that pass only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock():
    return Clock()


def test_plain_lines_come_at_most_every_five_seconds(clock):
    stream = io.StringIO()
    progress = Progress(stream, clock=clock)
    with progress.phase("checking 40,000 rows", 40_000) as phase:
        for _ in range(8):  # 8 batches of 5,000 rows, 2 s apart
            clock.now += 2
            phase.advance(5_000)
    assert stream.getvalue().splitlines() == [
        "checking 40,000 rows: started",
        # 6 s after the start (the first batch at 2 s, the second at 4 s: too soon)
        "checking 40,000 rows: 15,000 done (37%), 2,500 rows/s, about 10 s left",
        "checking 40,000 rows: 30,000 done (75%), 2,500 rows/s, about 4.0 s left",
        "checking 40,000 rows: done, 40,000 rows in 16 s",
    ]


def test_a_phase_of_unknown_length_says_what_is_done_and_how_fast(clock):
    stream = io.StringIO()
    with Progress(stream, clock=clock).phase("restoring", unit="records") as phase:
        clock.now += 5
        phase.advance(1_000)
    assert stream.getvalue().splitlines() == [
        "restoring: started",
        "restoring: 1,000 done, 200 records/s",
        "restoring: done, 1,000 records in 5.0 s",
    ]


def test_slow_units_say_how_long_each_takes(clock):
    stream = io.StringIO()
    with Progress(stream, clock=clock).phase("timing", 5, "measures") as phase:
        clock.now += 80
        phase.advance(2)
    assert stream.getvalue().splitlines()[1] == (
        "timing: 2 done (40%), 40 s each, about 2 min 0 s left"
    )


def test_a_phase_that_fails_says_it_stopped(clock):
    stream = io.StringIO()
    with pytest.raises(ValueError), Progress(stream, clock=clock).phase("writing"):
        clock.now += 75
        raise ValueError
    assert stream.getvalue().splitlines() == [
        "writing: started",
        "writing: stopped after 1 min 15 s",
    ]


def test_counted_advances_by_batches_and_the_rest_at_the_end(clock):
    stream = io.StringIO()
    advanced = []
    with Progress(stream, clock=clock).phase("checking", 25) as phase:
        phase.advance = advanced.append
        assert list(phase.counted(range(26), batch=10, skip=1)) == list(range(26))
    assert advanced == [10, 10, 5]


def test_quiet_prints_nothing(clock):
    stream = Terminal()
    with Progress(stream, quiet=True, clock=clock).phase("checking", 10) as phase:
        clock.now += 60
        phase.advance(10)
    assert stream.getvalue() == ""
    assert phase.done == 10


def test_on_a_terminal_a_bar_shows_the_rows_and_the_rate(clock):
    stream = Terminal()
    with Progress(stream, clock=clock).phase("checking 300 rows", 300) as phase:
        phase.advance(300)
    shown = stream.getvalue()
    assert "checking 300 rows: 100%" in shown
    assert "300/300" in shown
    assert " rows/s]" in shown
    assert "started" not in shown  # a bar, not plain lines


@pytest.mark.parametrize(
    ("value", "text"), [(0.44, "0.4 s"), (12.4, "12 s"), (200, "3 min 20 s")]
)
def test_seconds_read_as_words(value, text):
    assert seconds(value) == text


def test_an_upload_page_says_how_long_its_check_took():
    assert checked_in(1234, 0.41) == "Checked 1,234 rows in 0.4 s."
    assert checked_in(1, 0.0) == "Checked 1 row in 0.0 s."
