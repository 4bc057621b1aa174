"""Duty pages and API: thin adapters over the actions, scope personas, bad input in Chinese."""

import pytest

from xiangzhi.duties import actions
from xiangzhi.duties.models import AdmissionRequest, DutyItem, DutyTask

from .duty_data import A1, A2, B1, COUNTY, default_item, fresh, next_week, reviewer  # noqa: F401

pytestmark = pytest.mark.django_db
OFF_LIST = "该事项不在村级组织履职事项或协助政府工作事项清单内,也未经准入审批,不能派给村里。"


def test_township_assigns_on_the_page_from_a_list_item_and_the_village_marks_it_done(personas, login):
    item = default_item()
    client = login(personas.township_a)
    page = client.get("/duties/assign/").content.decode()
    assert "协助做好征兵" in page and "矮山村委会" in page and "白沙村委会" not in page
    response = client.post("/duties/assign/", {"source": f"item:{item.pk}", "due_on": next_week().isoformat(),
                                               "villages": [A1, A2]})
    assert response.status_code == 302
    assert DutyTask.objects.count() == 2
    task = DutyTask.objects.get(region_id=A1)
    village = login(personas.cadre_a1)
    listing = village.get("/duties/").content.decode()
    assert "协助做好征兵" in listing and "阳朔镇 乡镇干部" in listing and next_week().isoformat() in listing
    assert village.get(f"/duties/tasks/{task.pk}/complete/").status_code == 405
    assert village.post(f"/duties/tasks/{task.pk}/complete/", {"note": "已摸底"}).status_code == 302
    assert fresh(task).state == "done"
    assert login(personas.cadre_a2).post(f"/duties/tasks/{task.pk}/complete/").status_code == 404


def test_the_page_refuses_an_off_list_task_with_the_reason(personas, login):
    response = login(personas.township_a).post("/duties/assign/", {
        "source": "", "title": "统计全村养狗户数", "due_on": next_week().isoformat(), "villages": [A1]})
    assert response.status_code == 422 and OFF_LIST in response.content.decode()
    assert not DutyTask.objects.exists()
    assert login(personas.cadre_a1).get("/duties/assign/").status_code == 403


def test_admission_on_the_pages_veto_refusal_and_review(personas, reviewer, login):
    client = login(personas.township_a)
    data = {"kind": "activity", "title": "卫生村评比", "description": "每季度评比", "basis_level": "county",
            "basis_document": "阳办发〔2024〕1号", "veto": "on"}
    response = client.post("/duties/admissions/new/", data)
    assert response.status_code == 422
    assert "只有以中央或自治区文件为依据的事项才能申请“一票否决”;本申请的依据是县级文件。" in response.content.decode()
    assert not AdmissionRequest.objects.exists()
    data.pop("veto")
    assert client.post("/duties/admissions/new/", data).status_code == 302
    admission = AdmissionRequest.objects.get()
    assert login(personas.township_a).post(f"/duties/admissions/{admission.pk}/approve/", {"reason": "同意"}).status_code == 403
    assert login(personas.township_b).get(f"/duties/admissions/{admission.pk}/").status_code == 404
    response = login(reviewer).post(f"/duties/admissions/{admission.pk}/reject/", {"reason": ""})
    assert response.status_code == 422 and "请填写审批理由。" in response.content.decode()
    assert login(reviewer).post(f"/duties/admissions/{admission.pk}/reject/", {"reason": "考核过多,不予准入。"}).status_code == 302
    admission = fresh(admission)
    assert (admission.state, admission.decision_reason) == ("rejected", "考核过多,不予准入。")


def test_the_catalogue_page_and_adding_a_county_item(personas, login):
    page = login(personas.cadre_a1).get("/duties/lists/").content.decode()
    assert "村级组织依法履职事项" in page and "协助做好征兵" in page and "本县增加事项" not in page
    assert login(personas.cadre_a1).post("/duties/lists/", {"name": "x"}).status_code == 403
    client = login(personas.county)
    response = client.post("/duties/lists/", {"list_kind": "assisting", "name": "", "basis": ""})
    assert response.status_code == 422 and "请填写事项名称。" in response.content.decode()
    assert client.post("/duties/lists/", {"list_kind": "assisting", "name": "协助做好漓江禁渔巡查",
                                          "basis": "《中华人民共和国渔业法》"}).status_code == 302
    assert DutyItem.objects.get(name="协助做好漓江禁渔巡查").county_id == COUNTY
    response = client.post("/duties/lists/", {"list_kind": "assisting", "name": "协助做好征兵", "basis": "重复"})
    assert "清单中已有“协助做好征兵”。" in response.content.decode()


def test_burden_page_for_the_county_only(personas, login):
    actions.assign_task(personas.county, villages=[A1, B1], due_on=next_week(), item=default_item())
    page = login(personas.county).get("/duties/burden/").content.decode()
    assert "矮山村委会" in page and "白沙村委会" in page and "骥马村委会" in page
    assert login(personas.cadre_a1).get("/duties/burden/").status_code == 403
    assert login(personas.township_a).get("/duties/burden/").status_code == 403


def test_api_full_path_and_personas(personas, reviewer, login):
    county = login(personas.county)
    response = county.post("/api/v1/duties/admissions", {
        "kind": "sign", "title": "禁毒制度上墙", "description": "村部上墙", "basis_level": "city",
        "basis_document": "桂林市文件", "veto": True}, content_type="application/json")
    assert response.status_code == 422 and "veto" in response.json()["errors"]
    response = county.post("/api/v1/duties/admissions", {
        "kind": "sign", "title": "禁毒制度上墙", "description": "村部上墙", "basis_level": "regional",
        "basis_document": "桂禁毒发〔2022〕5号", "veto": True}, content_type="application/json")
    assert response.status_code == 201
    admission_id = response.json()["id"]
    response = county.post("/api/v1/duties/tasks", {"villages": [A1], "admission": admission_id,
                                                    "due_on": next_week().isoformat()}, content_type="application/json")
    assert response.status_code == 422 and OFF_LIST in response.json()["errors"]["admission"][0]
    response = login(reviewer).post(f"/api/v1/duties/admissions/{admission_id}/approve", {"reason": "依据充分"},
                                    content_type="application/json")
    assert response.json()["state"] == "approved"
    county = login(personas.county)
    response = county.post("/api/v1/duties/tasks", {"villages": [A1, B1], "admission": admission_id,
                                                    "due_on": next_week().isoformat()}, content_type="application/json")
    assert response.status_code == 201 and {row["kind"] for row in response.json()} == {"sign"}
    task_id = next(row["id"] for row in response.json() if row["village"] == A1)
    assert login(personas.cadre_b1).post(f"/api/v1/duties/tasks/{task_id}/complete", {},
                                         content_type="application/json").status_code == 404
    response = login(personas.cadre_a1).post(f"/api/v1/duties/tasks/{task_id}/complete", {"note": "已上墙"},
                                             content_type="application/json")
    assert response.json()["state"] == "done"
    burden = {row["village"]: row for row in login(personas.county).get("/api/v1/duties/burden").json()["items"]}
    assert (burden[A1]["signs"], burden[A1]["open_tasks"], burden[B1]["open_tasks"], burden[A2]["signs"]) == (1, 0, 1, 0)
    assert login(personas.cadre_a1).get("/api/v1/duties/burden").status_code == 403
    assert login(personas.villager_a1).get("/api/v1/duties/tasks").status_code == 403
    assert login(personas.township_b).get(f"/api/v1/duties/tasks/{task_id}").status_code == 404
    assert login(personas.cadre_a1).get("/api/v1/duties/tasks").json()["count"] == 1
    assert len(login(personas.cadre_a1).get("/api/v1/duties/items?list_kind=statutory").json()) == 10
