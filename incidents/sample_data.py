"""Illustrative incidents: filled in by the incidents work (issue 3)."""


def load(stdout) -> None:
    return None
