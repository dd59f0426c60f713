"""Page sizes of the staff lists: one of a few fixed sizes, never what a URL makes up.

django-tables2 takes `?per_page=` from the request as it stands: -1 made the paginator
raise (a 500) and 100000 rendered every row in one page. The lists check it here first.
"""

from django.http import HttpResponse, HttpResponseBadRequest

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
PARAMETER = "per_page"


def page_size(raw: str | None) -> int:
    """The page size a request asks for (the default when it asks none).

    Raises ValueError, with a message for the person, for anything but a listed size.
    """
    if raw is None or raw == "":
        return DEFAULT_PAGE_SIZE
    if raw in {str(size) for size in PAGE_SIZES}:
        return int(raw)
    sizes = ", ".join(str(size) for size in PAGE_SIZES[:-1])
    raise ValueError(
        f"{PARAMETER} must be one of {sizes} or {PAGE_SIZES[-1]} rows, not {raw!r}."
    )


class BoundedPageSize:
    """For a `SingleTableMixin` list view: pages of one of PAGE_SIZES rows, chosen with
    `?per_page=`; anything else gets a 400 with the sizes it may ask for."""

    paginate_by = DEFAULT_PAGE_SIZE

    def get(self, request, *args, **kwargs) -> HttpResponse:
        try:
            self.paginate_by = page_size(request.GET.get(PARAMETER))
        except ValueError as error:
            return HttpResponseBadRequest(
                str(error), content_type="text/plain; charset=utf-8"
            )
        return super().get(request, *args, **kwargs)
