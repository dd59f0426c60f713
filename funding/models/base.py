"""What every funding model shares: the rule that a name or identifier is one line of
plain text."""

import re

from django.core.exceptions import ValidationError

# Control characters (Unicode category Cc: U+0000 to U+001F, U+007F to U+009F), tab and
# line breaks included: a name is one line of text, and spreadsheet writers refuse most of
# them, so one in a project's name would break every later export of its periods.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> None:
    """Refuse a name or identifier holding a control character (tab and newline too)."""
    if match := _CONTROL_CHARACTER.search(value):
        raise ValidationError(
            "Remove the control character (U+%(code)s) at position %(position)s: "
            "a name or identifier is one line of plain text.",
            code="control_character",
            params={"code": f"{ord(match[0]):04X}", "position": match.start() + 1},
        )
