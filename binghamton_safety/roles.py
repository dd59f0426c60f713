"""The two staff roles and the decorators that guard staff pages.

Editors (city staff) record and correct money and incidents; Viewers (council members) read
dashboards and staff-only detail. Superusers can do both. Anonymous visitors see public pages.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url

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


def _role_required(test: Callable, denial: str) -> Callable:
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied(denial)  # templates/403.html shows it
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Anonymous visitors go to the login page; signed-in users without the role get 403.
viewer_required = _role_required(
    is_viewer, "This page is for council members and city staff (viewer role)."
)
editor_required = _role_required(
    is_editor, "This page is for city staff who record data (editor role)."
)


def landing_url(user) -> str:
    """Where logging in without a `next` page leads: council members to their
    dashboard, editors (and anyone else) to LOGIN_REDIRECT_URL, the funding overview."""
    if is_viewer(user) and not is_editor(user):
        return resolve_url("dashboard")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)
