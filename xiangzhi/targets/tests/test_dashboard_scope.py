"""Who may open which dashboard: a unit under one of the user's posts; another unit is a 404 (its existence
is not leaked), no targets capability at all is a 403."""

import pytest
from django.urls import reverse

from .conftest import DASH_A, DASH_A1, DASH_A2, DASH_B, DASH_COUNTY

pytestmark = pytest.mark.django_db

PAGES = [
    lambda code: reverse("targets:unit", args=[code]),
    lambda code: reverse("targets:target", args=[code, "dash.ratio"]),
    lambda code: reverse("targets:target", args=[code, "dash.ratio"]) + "?show=unmet",
    lambda code: reverse("targets:report", args=[code]),
]


@pytest.mark.parametrize("page", PAGES)
def test_township_official_cannot_open_another_township(dash_values, personas, login, page):
    client = login(personas.township_a)
    assert client.get(page(DASH_A)).status_code == 200
    assert client.get(page(DASH_A1)).status_code == 200
    response = client.get(page(DASH_B))
    assert response.status_code == 404
    assert "白沙镇" not in response.content.decode()
    # Nor the county above it.
    assert client.get(page(DASH_COUNTY)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_village_cadre_sees_only_their_village(dash_values, personas, login, page):
    client = login(personas.cadre_a1)
    assert client.get(page(DASH_A1)).status_code == 200
    assert client.get(page(DASH_A2)).status_code == 404
    assert client.get(page(DASH_A)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_villager_and_grid_worker_have_no_dashboard(dash_values, personas, login, page):
    assert login(personas.villager_a1).get(page(DASH_A1)).status_code == 403
    assert login(personas.grid_worker_a1).get(page(DASH_A1)).status_code == 403


def test_home_without_capability_is_403_and_anonymous_must_sign_in(dash_values, personas, login, client):
    response = client.get(reverse("targets:unit", args=[DASH_A]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login(personas.villager_a1).get(reverse("targets:home")).status_code == 403


def test_breadcrumb_links_only_units_in_scope(dash_values, personas, login):
    html = login(personas.township_a).get(reverse("targets:unit", args=[DASH_A1])).content.decode()
    crumbs = html.split('class="breadcrumb"')[1].split("</ul>")[0]
    assert "阳朔县" in crumbs and reverse("targets:unit", args=[DASH_COUNTY]) not in crumbs
    assert reverse("targets:unit", args=[DASH_A]) in crumbs
    county_view = login(personas.county).get(reverse("targets:unit", args=[DASH_A1])).content.decode()
    assert reverse("targets:unit", args=[DASH_COUNTY]) in county_view.split('class="breadcrumb"')[1].split("</ul>")[0]


def test_auditor_reads_the_county(dash_values, personas, login):
    client = login(personas.auditor)
    assert client.get(reverse("targets:unit", args=[DASH_COUNTY])).status_code == 200
    assert client.get(reverse("targets:unit", args=["4503"])).status_code == 404
