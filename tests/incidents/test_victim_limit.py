"""The incident form takes at most MAX_VICTIMS_PER_INCIDENT victims (default 50)."""

from django.urls import reverse

from incidents.models import Incident


def incident_post(victims: int) -> dict:
    data = {
        "case_number": "BPD-22-0100",
        "date": "2022-04-09",
        "time": "",
        "location": "100 block of Tremont Ave",
        "shots_fired_confirmed": "on",
        "status": "preliminary",
        "address": "",
        "latitude": "",
        "longitude": "",
        "notes": "",
        "victims-TOTAL_FORMS": str(victims),
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
    }
    data.update({f"victims-{n}-outcome": "injured" for n in range(victims)})
    return data


def test_the_form_refuses_more_victims_than_the_most_per_incident(editor_client):
    response = editor_client.post(reverse("incidents:incident_add"), incident_post(51))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "An incident may have at most 50 victims; this one would have 51."
    ]
    assert Incident.objects.count() == 0


def test_the_most_victims_per_incident_is_a_setting(editor_client, settings):
    settings.MAX_VICTIMS_PER_INCIDENT = 2
    response = editor_client.post(reverse("incidents:incident_add"), incident_post(3))
    assert response.context["formset"].non_form_errors() == [
        "An incident may have at most 2 victims; this one would have 3."
    ]
    response = editor_client.post(reverse("incidents:incident_add"), incident_post(2))
    assert response.status_code == 302
    assert Incident.objects.get().victims.count() == 2
