"""后备人才 pool: residents of the registry, targets per county, status steps, training."""

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.talent.models import PoolTarget, Reserve, Training

from .talent_data import A1, A2, B1_TUN, person, post

pytestmark = pytest.mark.django_db


def test_add_reserve_and_pool_below_target(personas, login):
    one = person(name="覃一")
    client = login(personas.cadre_a1)
    created = post(client, "/api/v1/talent/reserves",
                   {"resident_id": one.pk, "category": "secretary", "added_on": "2025-03-01"})
    assert created.status_code == 201 and created.json()["village"] == A1 and created.json()["status"] == "active"
    again = post(client, "/api/v1/talent/reserves",
                 {"resident_id": one.pk, "category": "director", "added_on": "2025-03-01"})
    assert again.status_code == 422 and "已在后备人才库" in again.json()["errors"]["resident"][0]
    assert Reserve.objects.count() == 1
    assert AuditEvent.objects.filter(action="talent_reserve.add", region_code=A1).count() == 1

    overview = login(personas.township_a).get("/api/v1/talent/overview").json()
    rows = {row["code"]: row for row in overview["villages"]}
    # Default target 2 per village: A1 has 1, A2 has none — both listed under 阳朔镇.
    assert rows[A1]["pool"] == 1 and rows[A1]["target"] == 2 and rows[A1]["below_target"]
    township = overview["townships"][0]
    assert township["name"] == "阳朔镇" and {row["code"] for row in township["below_target"]} == {A1, A2}


def test_county_target_changes_who_is_below(personas, login):
    person_a = person(name="覃一")
    login(personas.cadre_a1)
    post(login(personas.cadre_a1), "/api/v1/talent/reserves",
         {"resident_id": person_a.pk, "category": "committee", "added_on": "2025-03-01"})
    county = login(personas.county)
    bad = county.put("/api/v1/talent/targets/450321", {"per_village": "0"}, content_type="application/json")
    assert bad.status_code == 422 and "每村后备人才目标人数" in bad.json()["errors"]["per_village"][0]
    assert not PoolTarget.objects.exists()
    good = county.put("/api/v1/talent/targets/450321", {"per_village": "1"}, content_type="application/json")
    assert good.status_code == 200 and PoolTarget.objects.get().per_village == 1
    rows = {row["code"]: row for row in county.get("/api/v1/talent/overview").json()["villages"]}
    assert not rows[A1]["below_target"] and rows[A2]["below_target"]
    # A township official may not set the county's target; a county elsewhere is not found.
    assert login(personas.township_a).put("/api/v1/talent/targets/450321", {"per_village": "3"},
                                          content_type="application/json").status_code == 403
    assert PoolTarget.objects.get().per_village == 1


def test_status_transitions(personas, login):
    client = login(personas.cadre_a1)
    pk = post(client, "/api/v1/talent/reserves",
              {"resident_id": person().pk, "category": "secretary", "added_on": "2025-03-01"}).json()["id"]
    no_note = post(client, f"/api/v1/talent/reserves/{pk}/status", {"status": "removed"})
    assert no_note.status_code == 422 and "说明" in no_note.json()["errors"]["note"][0]
    appointed = post(client, f"/api/v1/talent/reserves/{pk}/status", {"status": "appointed", "note": "任村委委员"})
    assert appointed.status_code == 200 and appointed.json()["status_label"] == "已任用"
    back = post(client, f"/api/v1/talent/reserves/{pk}/status", {"status": "removed", "note": "调离"})
    assert back.status_code == 422 and "不能从“已任用”改为“已出库”" in back.json()["errors"]["status"][0]
    assert Reserve.objects.get().status == "appointed"
    assert AuditEvent.objects.filter(action="talent_reserve.status").count() == 1


def test_training_scope_and_bad_input(personas, login):
    client = login(personas.cadre_a1)
    pk = post(client, "/api/v1/talent/reserves",
              {"resident_id": person().pk, "category": "secretary", "added_on": "2025-03-01"}).json()["id"]
    bad = post(client, f"/api/v1/talent/reserves/{pk}/trainings", {"date": "2999-01-01", "topic": "", "hours": "x"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"date", "topic", "hours"}
    good = post(client, f"/api/v1/talent/reserves/{pk}/trainings",
                {"date": "2025-04-01", "topic": "乡村振兴政策", "hours": "4"})
    assert good.status_code == 201 and good.json()["trainings"][0]["topic"] == "乡村振兴政策"
    assert post(login(personas.cadre_b1), f"/api/v1/talent/reserves/{pk}/trainings",
                {"date": "2025-04-01", "topic": "x", "hours": "1"}).status_code == 404
    assert post(login(personas.villager_a1), f"/api/v1/talent/reserves/{pk}/trainings",
                {"date": "2025-04-01", "topic": "x", "hours": "1"}).status_code == 403
    assert Training.objects.count() == 1


def test_resident_of_other_village_is_not_found(personas, login):
    response = post(login(personas.cadre_a1), "/api/v1/talent/reserves",
                    {"resident_id": person(B1_TUN).pk, "category": "secretary", "added_on": "2025-03-01"})
    assert response.status_code == 404 and not Reserve.objects.exists()


def test_no_capability(personas, login):
    response = post(login(personas.villager_a1), "/api/v1/talent/reserves",
                    {"resident_id": person().pk, "category": "secretary", "added_on": "2025-03-01"})
    assert response.status_code == 403 and not Reserve.objects.exists()
    assert login(personas.villager_a1).get("/api/v1/talent/overview").status_code == 403
