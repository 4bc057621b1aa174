"""Activities of organisations in villages, recorded by the township or county."""

import pytest
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.socialorgs import actions
from xiangzhi.socialorgs.models import Activity

from .socialorgs_data import VILLAGE_A1, VILLAGE_A2, VILLAGE_B1, register

pytestmark = pytest.mark.django_db


def activity(village=VILLAGE_A1, **changes):
    return {"village": village, "date": "2024-06-01", "title": "关爱留守儿童", "participants": "25",
            "description": "课业辅导", **changes}


def test_township_records_an_activity(personas, login):
    organisation = register(personas.county)
    client = login(personas.township_a)
    url = reverse("socialorgs:activity_create", args=[organisation.pk])
    assert client.get(reverse("socialorgs:detail", args=[organisation.pk])).content.decode().count(
        'id="activity-form"') == 1
    response = client.post(url, activity())
    assert response.status_code == 302
    row = Activity.objects.get()
    assert (row.region_id, row.participants, row.title, row.recorded_by) == (VILLAGE_A1, 25, "关爱留守儿童",
                                                                             personas.township_a)
    event = AuditEvent.objects.get(action="socialorg_activity.record")
    assert event.region_code == VILLAGE_A1 and event.changes["participants"] == [None, 25]
    assert client.get(url).status_code == 405


def test_visible_to_the_village_township_and_county_in_scope(personas, login):
    organisation = register(personas.county)
    actions.record_activity(personas.township_a, organisation, VILLAGE_A1, date="2024-06-01", title="探访老人",
                            participants=10)
    for persona in (personas.cadre_a1, personas.township_a, personas.county, personas.auditor):
        assert "探访老人" in login(persona).get(reverse("socialorgs:activities")).content.decode()
    for persona in (personas.cadre_a2, personas.township_b, personas.cadre_b1):
        assert "探访老人" not in login(persona).get(reverse("socialorgs:activities")).content.decode()


def test_village_cadre_may_not_record(personas, login):
    organisation = register(personas.county)
    response = login(personas.cadre_a1).post(reverse("socialorgs:activity_create", args=[organisation.pk]),
                                             activity())
    assert response.status_code == 403 and not Activity.objects.exists()


def test_other_township_village_is_not_found(personas, login):
    organisation = register(personas.county)
    response = login(personas.township_a).post(reverse("socialorgs:activity_create", args=[organisation.pk]),
                                               activity(village=VILLAGE_B1))
    assert response.status_code == 404 and not Activity.objects.exists()


def test_bad_input_is_named(personas, login):
    organisation = register(personas.county)
    response = login(personas.township_a).post(reverse("socialorgs:activity_create", args=[organisation.pk]),
                                               activity(participants="很多", title="", date="2099-01-01"))
    page = response.content.decode()
    assert response.status_code == 422
    assert "参与人数须为数字。" in page and "请填写活动名称。" in page and "活动日期不能晚于今天。" in page
    assert not Activity.objects.exists()


def test_organisation_of_another_township_cannot_act_here(personas, login):
    organisation = register(personas.county, region="450321101", villages=[VILLAGE_B1])
    response = login(personas.county).post(reverse("socialorgs:activity_create", args=[organisation.pk]),
                                           activity(village=VILLAGE_A2))
    assert response.status_code == 422 and "不在其登记地范围内" in response.content.decode()
    assert not Activity.objects.exists()
