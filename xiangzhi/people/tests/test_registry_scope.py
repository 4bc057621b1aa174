"""Every registry page, API list/detail, search and export shows exactly what the post should see."""

import io

import pytest
from openpyxl import load_workbook

from xiangzhi.accounts.models import ApiToken

from .registry_data import registry  # noqa: F401

pytestmark = pytest.mark.django_db

HEADS = {"a1_grid": "张三", "a1_other": "王五", "a2": "赵六", "b1": "孙七"}
RESIDENTS = {"a1_grid": {"张三", "李四"}, "a1_other": {"王五"}, "a2": {"赵六"}, "b1": {"孙七"}}
# persona → the households it sees; None: no people.view at all (403).
SCOPE = {
    "county": {"a1_grid", "a1_other", "a2", "b1"},
    "township_a": {"a1_grid", "a1_other", "a2"},
    "township_b": {"b1"},
    "cadre_a1": {"a1_grid", "a1_other"},
    "cadre_a2": {"a2"},
    "grid_worker_a1": {"a1_grid"},
    "villager_a1": None,
    "auditor": None,
}
# Who may export (people.export): the grid worker may view but not export.
EXPORTERS = {"county", "township_a", "township_b", "cadre_a1", "cadre_a2"}


def names_in(response):
    """Names listed in the page's table (the search box echoes the query, so only the table counts)."""
    html = response.content.decode()
    text = html[html.find("<tbody>"):html.rfind("</tbody>")] if "<tbody>" in html else ""
    return {name for names in RESIDENTS.values() for name in names if name in text}


def bearer(user):
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, key_prefix=key[:8], key_hash=ApiToken.hash_key(key))
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("who", SCOPE)
def test_household_and_resident_lists(registry, personas, login, who):
    client = login(getattr(personas, who))
    seen = SCOPE[who]
    households, residents = client.get("/people/households/"), client.get("/people/residents/")
    if seen is None:
        assert households.status_code == residents.status_code == 403
        return
    assert households.status_code == residents.status_code == 200
    assert names_in(households) == {HEADS[key] for key in seen}
    assert names_in(residents) == set().union(*(RESIDENTS[key] for key in seen))


@pytest.mark.parametrize("who", SCOPE)
def test_details_outside_scope_are_404(registry, personas, login, who):
    client = login(getattr(personas, who))
    seen = SCOPE[who]
    for key in HEADS:
        household = getattr(registry, key)
        resident = household.residents.get(relation="head")
        pages = (f"/people/households/{household.pk}/", f"/people/residents/{resident.pk}/")
        for url in pages:
            status = client.get(url).status_code
            if seen is None:
                assert status == 403, url
            else:
                assert status == (200 if key in seen else 404), (who, url)


@pytest.mark.parametrize("who", SCOPE)
def test_search_never_crosses_scope(registry, personas, login, who):
    client = login(getattr(personas, who))
    seen = SCOPE[who]
    if seen is None:
        assert client.get("/people/residents/", {"q": "孙七"}).status_code == 403
        return
    zhaoliu = registry.resident(registry.a2, "赵六")
    by_name = client.get("/people/residents/", {"q": "赵六"})
    by_id = client.get("/people/households/", {"q": zhaoliu.id_number})
    assert ("赵六" in names_in(by_name)) == ("a2" in seen)
    assert ("赵六" in names_in(by_id)) == ("a2" in seen)
    by_phone = client.get("/people/residents/", {"q": "138-1234-5678".replace("-", "")})
    assert names_in(by_phone) == ({"张三"} if "a1_grid" in seen else set())


@pytest.mark.parametrize("who", SCOPE)
def test_export_holds_only_the_scope(registry, personas, login, who):
    client = login(getattr(personas, who))
    response = client.get("/people/export.xlsx")
    if who not in EXPORTERS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == set().union(*(RESIDENTS[key] for key in SCOPE[who]))


@pytest.mark.parametrize("who", SCOPE)
def test_api_lists_and_details(registry, personas, client, who):
    headers = bearer(getattr(personas, who))
    seen = SCOPE[who]
    households = client.get("/api/v1/households", **headers)
    residents = client.get("/api/v1/residents", **headers)
    if seen is None:
        assert households.status_code == residents.status_code == 403
        return
    assert {item["head_name"] for item in households.json()["items"]} == {HEADS[key] for key in seen}
    assert {item["name"] for item in residents.json()["items"]} == set().union(*(RESIDENTS[k] for k in seen))
    assert residents.json()["count"] == sum(len(RESIDENTS[k]) for k in seen)
    for key in HEADS:
        household = getattr(registry, key)
        resident = household.residents.get(relation="head")
        expected = 200 if key in seen else 404
        assert client.get(f"/api/v1/households/{household.pk}", **headers).status_code == expected
        assert client.get(f"/api/v1/residents/{resident.pk}", **headers).status_code == expected
    found = client.get("/api/v1/residents", {"q": "孙七"}, **headers).json()["items"]
    assert [item["name"] for item in found] == (["孙七"] if "b1" in seen else [])
