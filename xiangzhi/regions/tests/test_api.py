"""GET /api/v1/regions/{code} and /children for every persona; out of scope is 404."""

import pytest

from xiangzhi.accounts.models import ApiToken
from xiangzhi.regions.models import Level, Region

from .scopes import SCOPES

pytestmark = pytest.mark.django_db

A1 = "450321100200"


@pytest.mark.parametrize("persona", SCOPES)
def test_each_persona_reads_inside_scope_only(personas, login, persona):
    own, inside, outside = SCOPES[persona]
    client = login(getattr(personas, persona))
    for code in (own, inside):
        response = client.get(f"/api/v1/regions/{code}")
        assert response.status_code == 200, code
        assert response.json()["code"] == code
    for path in (f"/api/v1/regions/{outside}", f"/api/v1/regions/{outside}/children",
                 f"/api/v1/regions/{outside}/designations", "/api/v1/regions/999999"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "未找到该记录。"}


def test_region_detail_shape(personas, login):
    body = login(personas.county).get("/api/v1/regions/450321100200W01").json()
    assert body == {
        "code": "450321100200W01",
        "name": "矮山第一网格",
        "level": "grid",
        "level_label": "网格",
        "parent_code": A1,
        "path": [
            {"code": "45", "name": "广西壮族自治区"},
            {"code": "4503", "name": "桂林市"},
            {"code": "450321", "name": "阳朔县"},
            {"code": "450321100", "name": "阳朔镇"},
            {"code": A1, "name": "矮山村委会"},
            {"code": "450321100200W01", "name": "矮山第一网格"},
        ],
    }


def test_children(personas, login):
    body = login(personas.township_a).get(f"/api/v1/regions/{A1}/children").json()
    assert body["count"] == 3
    assert [item["code"] for item in body["items"]] == [A1 + "001", A1 + "002", A1 + "W01"]
    assert body["items"][0]["path"][-2:] == [
        {"code": A1, "name": "矮山村委会"}, {"code": A1 + "001", "name": "矮山屯"},
    ]


def test_children_are_paginated(personas, login, tree):
    Region.objects.bulk_create(
        Region(code=f"{A1}{n:03d}", name=f"屯{n}", level=Level.NATURAL_VILLAGE, parent=tree[A1])
        for n in range(3, 80)
    )
    client = login(personas.cadre_a1)
    body = client.get(f"/api/v1/regions/{A1}/children", {"limit": 50, "offset": 50}).json()
    assert body["count"] == 80
    assert [item["code"] for item in body["items"]][:1] == [f"{A1}051"]
    assert len(body["items"]) == 30
    assert client.get(f"/api/v1/regions/{A1}/children", {"limit": 0}).status_code == 422


def test_children_query_count_does_not_grow_with_the_list(personas, login, tree, django_assert_max_num_queries):
    Region.objects.bulk_create(
        Region(code=f"{A1}{n:03d}", name=f"屯{n}", level=Level.NATURAL_VILLAGE, parent=tree[A1])
        for n in range(3, 60)
    )
    client = login(personas.cadre_a1)
    with django_assert_max_num_queries(10):
        assert len(client.get(f"/api/v1/regions/{A1}/children").json()["items"]) == 50


def test_bearer_token_uses_every_active_post(personas, client):
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=personas.cadre_a1, key_prefix=key[:8], key_hash=ApiToken.hash_key(key))
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get(f"/api/v1/regions/{A1}", headers=headers).json()["name"] == "矮山村委会"
    assert client.get("/api/v1/regions/450321100202", headers=headers).status_code == 404
    assert client.get(f"/api/v1/regions/{A1}", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_openapi_lists_the_region_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/regions/search", "/api/v1/regions/{code}", "/api/v1/regions/{code}/children",
                 "/api/v1/regions/{code}/subunits", "/api/v1/regions/{code}/designations",
                 "/api/v1/regions/designations", "/api/v1/regions/designations/{pk}/revoke"):
        assert path in paths, path
