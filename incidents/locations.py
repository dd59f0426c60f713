"""Public locations are block level: a house number becomes its block.

"255 Oak St" is shown as "200 block of Oak St", "23 Tremont Ave" as "unit block of
Tremont Ave" (numbers below 100). Everything without a leading house number is left as
typed: intersections ("Mygatt St & Meadows St", "corner of Court and Water"), text that
is already block level, a street alone, "Precinct 75, Brooklyn". The exact address is
returned too, so that the caller can keep it in the staff-only address field.
`BlockLevelLocation` applies the rules to a model (incidents, firearm recoveries).

The data migration 0003_generalise_public_locations holds a frozen copy of these rules
(0005 uses it for recoveries): change them here, and existing rows keep what the
migrations made of them.
"""

import re

from django.core.exceptions import ValidationError

# A house number: digits, optionally a letter ("255A") or a range ("23-25", "23 - 25B"),
# then a street that has a letter in it ("5th Ave" is no house number: the letters
# follow the digits with no space).
HOUSE_NUMBER = re.compile(
    r"(?P<number>\d+)[^\W\d_]?(?:\s*[-–]\s*\d+[^\W\d_]?)?\s+"
    r"(?P<street>(?=.*[^\W\d_]).+)",
    re.DOTALL,
)
# Already a block ("200 block of Oak St", "200 blk Oak St"): only the number is checked,
# so that "255 block of Oak St" cannot carry a house number either.
BLOCK = re.compile(r"(?P<number>\d+)\s+(?P<rest>(?:block|blk)\b.*)", re.I | re.S)


def block(digits: str) -> str:
    """ "unit" for 0-99, else the hundreds: "255" -> "200", "1300" -> "1300".

    Worked on the digits as text: Python refuses int() of more than 4,300 digits.
    """
    hundreds = digits.lstrip("0")[:-2]
    return f"{hundreds}00" if hundreds else "unit"


def generalise(location: str) -> tuple[str, str | None]:
    """(the block-level text the public sees, the exact address or None).

    The exact address is the trimmed text as given, when it had a house number.
    """
    text = location.strip()
    if match := BLOCK.fullmatch(text):
        number = block(match["number"])
        if number == match["number"]:  # "200 block of Oak St": as typed
            return text, None
        return f"{number} {match['rest']}", text
    if match := HOUSE_NUMBER.fullmatch(text):
        return f"{block(match['number'])} block of {match['street']}", text
    return text, None


def exact_address(address: str, exact: str | None, *, moved: bool) -> str:
    """The staff-only address once a location with house number `exact` is entered.

    It fills a blank address, and replaces one when the incident moved to another
    block (the old address no longer says where it happened); otherwise the address
    staff recorded stays ("257 Oak St" is kept when "255 Oak St" is typed).
    """
    if exact and (moved or not address.strip()):
        return exact
    return address


class BlockLevelLocation:
    """A model mixin: the public `location` is block level after every save, and a house
    number in it moves to the staff-only `address` (see `exact_address`).

    Call `location_problems()` from clean() for the form's field error; save() refuses
    what cannot be made a block.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # As saved, to tell a move to another block from a new house number on it.
        record._saved_place = (
            record.__dict__.get("location"),
            record.__dict__.get("address"),
        )
        return record

    def location_problems(self) -> list[str]:
        """Generalise the location; the problems with it, for clean()."""
        if self.location and not self.location.strip():
            return ["Enter a block-level location."]
        problem = self.generalise_location()
        return [problem] if problem else []

    def generalise_location(self) -> str | None:
        """Make the public location block level; returns the problem if it cannot."""
        public, exact = generalise(self.location)
        limit = self._meta.get_field("location").max_length
        if len(public) > limit:
            return (
                f"As a block, the public location is {len(public)} characters long; "
                f"at most {limit}."
            )
        location, address = getattr(self, "_saved_place", (public, self.address))
        # An address edited in the same save is the editor's word: it stays.
        moved = public != location and self.address == address
        self.location = public
        self.address = exact_address(self.address, exact, moved=moved)
        return None

    def save(self, *args, **kwargs) -> None:
        # Every save, not only the forms' clean(): a house number is never public.
        if problem := self.generalise_location():
            raise ValidationError({"location": [problem]})
        super().save(*args, **kwargs)
        self._saved_place = (self.location, self.address)
