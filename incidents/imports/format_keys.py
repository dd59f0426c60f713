"""The checks a format file's keys share (incidents.imports.mapping, .places): each
refusal is a FormatError whose message names the key."""


class FormatError(ValueError):
    """A format file that cannot be used; the message names the key."""


def text_key(table: dict, key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise FormatError(f"{where}{key} must be a text, not {value!r}.")
    return value


def texts_key(table: dict, key: str, where: str, *, required: bool = True) -> frozenset:
    """A list of texts (a single text is a list of one)."""
    if key not in table:
        if required:
            raise FormatError(f"{where} lacks the key {key}.")
        return frozenset()
    value = table[key]
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FormatError(f"{where}.{key} must be a text or a list of texts.")
    return frozenset(value)


def known_keys(table: dict, allowed, where: str) -> None:
    if unknown := sorted(set(table) - set(allowed)):
        raise FormatError(
            f"Unknown key {where}{unknown[0]}; known keys: {', '.join(allowed)}."
        )


def table_key(data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise FormatError(f"{key} must be a table ([{key}]), not {value!r}.")
    return value
