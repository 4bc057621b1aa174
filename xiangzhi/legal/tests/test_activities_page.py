"""The 普法 activities page: a township or a village logs 宪法/民法典进万家 and 送法下乡, and
everyone with the legal view sees the activities of their area."""

import pytest
from django.urls import reverse

from xiangzhi.legal.models import LegalActivity

from .legal_data import A1, B1, advisor_user

pytestmark = pytest.mark.django_db
PAGE = reverse("legal:activities")
TOWNSHIP_A = "450321100"


def _activity(region, **overrides):
    data = {"region": region, "kind": "to_countryside", "date": "2025-06-10", "place": "镇政府广场",
            "topic": "送法下乡进集市", "attendance": "200"}
    data.update(overrides)
    return data


def test_township_logs_an_activity_of_its_own(personas, login):
    client = login(personas.township_a)
    form = client.get(PAGE).content.decode()
    assert f'value="{TOWNSHIP_A}"' in form and f'value="{A1}"' in form and f'value="{B1}"' not in form
    response = client.post(PAGE, _activity(TOWNSHIP_A))
    assert response.status_code == 302
    activity = LegalActivity.objects.get()
    assert (activity.region_id, activity.kind, activity.attendance, activity.created_by) == (
        TOWNSHIP_A, "to_countryside", 200, personas.township_a)
    listing = client.get(PAGE).content.decode()
    assert "送法下乡进集市" in listing and "阳朔镇" in listing
    # A village cadre sees the village's own activities, not the township's.
    assert "送法下乡进集市" not in login(personas.cadre_a1).get(PAGE).content.decode()


def test_bad_input_names_the_field(personas, login):
    client = login(personas.township_a)
    response = client.post(PAGE, _activity(A1, attendance="0", place=""))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_attendance_error">参加人数须在 1 到 100000 之间' in html
    assert 'id="id_place_error">请填写地点' in html
    no_region = client.post(PAGE, _activity(""))
    assert no_region.status_code == 422 and "请选择有效的村或乡镇" in no_region.content.decode()
    assert not LegalActivity.objects.exists()


def test_other_township_and_no_capability(personas, login):
    assert login(personas.township_a).post(PAGE, _activity(B1)).status_code == 404
    assert login(personas.villager_a1).post(PAGE, _activity(A1)).status_code == 403
    assert login(personas.villager_a1).get(PAGE).status_code == 403
    assert not LegalActivity.objects.exists()


def test_advisor_sees_but_has_no_form(personas, login):
    LegalActivity.objects.create(region_id=A1, kind="constitution", date="2025-12-04", place="村部",
                                 topic="宪法宣传日", attendance=60, created_by=personas.cadre_a1)
    client = login(advisor_user())
    advisor = client.get(PAGE)
    assert advisor.status_code == 200
    html = advisor.content.decode()
    assert "宪法宣传日" in html and "scoped-activity-form" not in html
    assert client.put(PAGE).status_code == 405
