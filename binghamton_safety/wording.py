"""Plural-aware wording for messages: "1 problem", "2 problems", never "problem(s)"."""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun that goes with `count`: `plural(2, "column")` is "columns"."""
    return singular if count == 1 else plural_form or f"{singular}s"


def count_of(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count_of(2, "problem")` is "2 problems"; thousands get separators."""
    return f"{count:,} {plural(count, singular, plural_form)}"
