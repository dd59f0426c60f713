"""The two staff roles and the decorators that guard staff pages.

Editors (city staff) record and correct money and incidents; Viewers (council members) read
dashboards and staff-only detail. Superusers can do both. Anonymous visitors see public pages.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

EDITORS = "Editors"
VIEWERS = "Viewers"


def _group_names(user) -> set[str]:
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def is_editor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or EDITORS in _group_names(user)
    )


def is_viewer(user) -> bool:
    """True for anyone who may read staff pages: viewers, editors and superusers."""
    return user.is_authenticated and (
        user.is_superuser or bool({EDITORS, VIEWERS} & _group_names(user))
    )


def _role_required(test: Callable) -> Callable:
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Anonymous visitors go to the login page; signed-in users without the role get 403.
viewer_required = _role_required(is_viewer)
editor_required = _role_required(is_editor)
