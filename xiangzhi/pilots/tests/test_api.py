"""/api/v1/pilots: cases CRUD in scope, the steps, the public showcase, bad input as 422."""

import json

import pytest
from django.utils import timezone

from xiangzhi.pilots.models import CaseFile, CaseState, PilotCase

from .pilots_data import A1, COUNTY, city_official, png_bytes, upload

pytestmark = pytest.mark.django_db
API = "/api/v1/pilots"
CASE = {"region": COUNTY, "kind": "brand", "title": "积分制", "summary": "摘要", "body": "正文", "year": 2024,
        "tags": ["积分制", "清单制"]}


def send(client, path, payload=None, method="post"):
    return getattr(client, method)(API + path, data=json.dumps(payload or {}), content_type="application/json")


def test_case_life_through_the_api(personas, login, client):
    county = login(personas.county)
    created = send(county, "/cases", CASE)
    assert created.status_code == 201 and created.json()["tags"] == ["积分制", "清单制"]
    pk = created.json()["id"]
    changed = send(county, f"/cases/{pk}", CASE | {"title": "积分制改"}, method="put")
    assert changed.json()["title"] == "积分制改"
    photo = county.post(f"{API}/cases/{pk}/files", {"kind": "photo", "title": "现场",
                                                   "file": upload("a.png", png_bytes(), "image/png")})
    assert photo.status_code == 201 and photo.json()["files"][0]["kind"] == "photo"
    assert send(county, f"/cases/{pk}/submit").json()["state"] == "submitted"
    assert send(county, f"/cases/{pk}/publish").status_code == 403
    city = city_official()
    assert send(login(city), f"/cases/{pk}/publish", {"comment": "好"}).json()["state"] == "published"
    client.logout()
    public = client.get(f"{API}/showcase")
    assert public.status_code == 200 and [row["id"] for row in public.json()["items"]] == [pk]
    assert client.get(f"{API}/showcase/{pk}").json()["files"][0]["url"] == f"/pilots/files/{CaseFile.objects.get().pk}/"
    assert client.get(f"{API}/cases/{pk}").status_code == 401


def test_scope_and_capability(personas, login):
    case = send(login(personas.township_a), "/cases", CASE | {"region": A1}).json()
    assert send(login(personas.township_b), "/cases", CASE | {"region": A1}).status_code == 404
    assert send(login(personas.cadre_a1), "/cases", CASE | {"region": A1}).status_code == 403
    assert login(personas.township_b).get(f"{API}/cases/{case['id']}").status_code == 404
    assert login(personas.cadre_b1).get(f"{API}/cases").json()["items"] == []
    assert [row["id"] for row in login(personas.auditor).get(f"{API}/cases").json()["items"]] == [case["id"]]
    assert login(personas.villager_a1).get(f"{API}/cases").status_code == 403
    assert login(personas.villager_a1).get(f"{API}/showcase/{case['id']}").status_code == 404
    assert send(login(personas.township_b), f"/cases/{case['id']}", method="delete").status_code == 404
    assert send(login(personas.township_a), f"/cases/{case['id']}", method="delete").status_code == 204
    assert not PilotCase.objects.exists()


def test_bad_input_is_422_in_chinese(personas, login):
    county = login(personas.county)
    bad = send(county, "/cases", CASE | {"title": "", "year": 1999, "kind": "pilot_county", "region": A1})
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    this_year = timezone.localdate().year
    assert errors["title"] == ["请填写标题。"] and errors["year"] == [f"年度须在 2000 到 {this_year} 之间。"]
    assert "region" in errors and not PilotCase.objects.exists()
    pk = send(county, "/cases", CASE).json()["id"]
    wrong = county.post(f"{API}/cases/{pk}/files", {"kind": "document", "title": "x",
                                                   "file": upload("x.txt", b"hello", "text/plain")})
    assert wrong.status_code == 422 and wrong.json()["errors"]["file"] == ["“x.txt”的格式不对:文件材料只接受 PDF、JPEG、PNG。"]
    send(county, f"/cases/{pk}/submit")
    withdraw = send(login(city_official()), f"/cases/{pk}/return", {"reason": ""})
    assert withdraw.status_code == 422 and withdraw.json()["errors"] == {"reason": ["请填写退回理由。"]}
    assert PilotCase.objects.get().state == CaseState.SUBMITTED
