"""Pages that compose the funding and incidents apps."""

from django.shortcuts import render
from django.utils import timezone

from funding.models import funding_summary


def home(request):
    summary = funding_summary(timezone.localdate())
    return render(request, "public/home.html", {"summary": summary})
