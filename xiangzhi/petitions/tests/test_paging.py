"""The petitions list pages through every record (no cap), in the page and the API, keeping the
filters in the page links."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from xiangzhi.petitions.models import Petition, PetitionState

from .petitions_data import A1, resident

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def many(personas):
    petitioner = resident(name="韦大伯")
    today = timezone.localdate()
    rows = [
        Petition(region_id=A1, petitioner=petitioner, subject=f"事项{n:03d}", facts="x", handler=personas.cadre_a1,
                 received_on=today - datetime.timedelta(days=n % 40), due_on=today - datetime.timedelta(days=1)
                 if n % 2 else today + datetime.timedelta(days=5), state=PetitionState.RECEIVED)
        for n in range(230)
    ]
    Petition.objects.bulk_create(rows)
    return rows


def test_page_links_walk_every_petition_and_keep_the_filter(many, personas):
    client = _client(personas.township_a)
    seen, url, pages = set(), "/petitions/?overdue=on", 0
    while url:
        response = client.get(url)
        pages += 1
        page = response.context["page"]
        seen |= {petition.pk for petition in page.object_list}
        assert all(petition.is_overdue() for petition in page.object_list)
        url = f"/petitions/?{response.context['query']}&page={page.next_page_number()}" if page.has_next() else None
        if url:
            assert "overdue=on" in url and f"overdue=on&amp;page={page.next_page_number()}" in response.content.decode()
    assert len(seen) == 115 and pages == 4
    assert "共 230 件" in client.get("/petitions/").content.decode()


def test_api_pages_with_count_and_filters(many, personas):
    client = _client(personas.township_a)
    first = client.get("/api/v1/petitions/petitions?limit=100").json()
    assert first["count"] == 230 and len(first["items"]) == 100
    ids = {row["id"] for offset in (0, 100, 200)
           for row in client.get(f"/api/v1/petitions/petitions?limit=100&offset={offset}").json()["items"]}
    assert len(ids) == 230
    assert client.get("/api/v1/petitions/petitions?overdue=true").json()["count"] == 115
    assert client.get("/api/v1/petitions/petitions?state=accepted").json()["count"] == 0
    assert _client(personas.cadre_a2).get("/api/v1/petitions/petitions").json()["count"] == 0
