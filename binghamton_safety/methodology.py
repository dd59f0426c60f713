"""Where every open-data answer says its figures are explained: the methodology page."""

from django.urls import reverse

# The URL name of the public page that says how every figure is made (pages.methodology).
METHODOLOGY = "methodology"


def with_methodology(data: dict) -> dict:
    """`data` (a JSON answer's figures) with the methodology page's address, as a path
    on this site, under "methodology"."""
    return {**data, "methodology": reverse(METHODOLOGY)}
