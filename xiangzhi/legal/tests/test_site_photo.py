"""A publicity site's photo is shown on the village page and served only within scope."""

import pytest
from django.urls import reverse

from xiangzhi.legal.models import PublicitySite

from .legal_data import A1, png

pytestmark = pytest.mark.django_db


def test_photo_served_in_scope_only(personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(personas.cadre_a1)
    client.post(reverse("legal:village", args=[A1]), {"form": "site", "kind": "corridor", "name": "法治长廊",
                                                      "photo": png()})
    site = PublicitySite.objects.get()
    url = reverse("legal:site_photo", args=[site.pk])
    assert f'src="{url}"' in client.get(reverse("legal:village", args=[A1])).content.decode()
    photo = client.get(url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    assert login(personas.township_a).get(url).status_code == 200
    assert login(personas.cadre_b1).get(url).status_code == 404
    assert login(personas.villager_a1).get(url).status_code == 404
