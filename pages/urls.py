from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from binghamton_safety import roles
from funding import api as funding_api
from incidents import api as incident_api
from programs import api as programs_api

from . import (
    by_place,
    corrections,
    council,
    embed,
    methodology,
    public_summary,
    results,
    views,
)

urlpatterns = [
    path("", public_summary.home, name="home"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("areas/<slug:slug>/results/", results.area_results_page, name="area_results"),
    path("dashboard/", council.dashboard, name="dashboard"),
    path("dashboard/present/", council.present, name="dashboard_present"),
    path("dashboard/summary/", council.summary, name="dashboard_summary"),
    path("data/", views.open_data, name="open_data"),
    path("glossary/", views.glossary, name="glossary"),
    path("methodology/", methodology.methodology, name="methodology"),
    path("corrections/", corrections.corrections_page, name="corrections"),
    path("embed/<slug:chart>/", embed.embed, name="embed"),
    path("by-place/", by_place.by_place, name="by_place"),
    path("data/ytd.csv", views.open_data_ytd, name="open_data_ytd"),
    path("data/monthly-counts.csv", views.open_data_monthly, name="open_data_monthly"),
    path("data/funding-monthly.csv", views.open_data_funding, name="open_data_funding"),
    path("data/trends.csv", views.open_data_trends, name="open_data_trends"),
    path("data/places.csv", views.open_data_places, name="open_data_places"),
    path("data/awards.csv", views.open_data_awards, name="open_data_awards"),
    path("accounts/login/", roles.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Changing the password signs the user out on every other device (Django checks each
    # session against the password hash).
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("funding/", include("funding.urls")),
    path("incidents/", include("incidents.urls")),
    path("places/", include("places.urls")),
    path("programs/", include("programs.urls")),
    path("documents/", include("documents.urls")),
    path("api/funding.json", funding_api.api_funding, name="api_funding"),
    path("api/ytd.json", incident_api.api_ytd, name="api_ytd"),
    path("api/trends.json", incident_api.api_trends, name="api_trends"),
    path("api/places.json", incident_api.api_places, name="api_places"),
    path("api/programs.json", programs_api.api_programs, name="api_programs"),
    path("admin/", admin.site.urls),
]
