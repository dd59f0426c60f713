from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The composed pages: public summary, dashboard, area pages, open data, glossary."""

    name = "pages"
    verbose_name = "Pages"
