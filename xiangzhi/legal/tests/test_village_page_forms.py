"""The village's legal-services page keeps its 法律明白人 (found by citizen ID in the village's
registry), their trainings, publicity sites with photos and 普法 activities — refused in Chinese
with nothing saved, and out of reach for other villages."""

import io

import pytest
from django.urls import reverse

from xiangzhi.customs.tests.customs_data import household, resident
from xiangzhi.legal.models import LegalActivity, LegalLiterate, PublicitySite, Training

from .legal_data import A1, png

pytestmark = pytest.mark.django_db
PAGE = reverse("legal:village", args=[A1])


def test_literate_training_site_and_activity_from_the_page(personas, login):
    person = resident(household("450321100200001"), name="覃明白")
    client = login(personas.cadre_a1)
    client.post(PAGE, {"form": "literate", "id_number": person.id_number, "trained_on": "2025-03-01"})
    literate = LegalLiterate.objects.get()
    assert literate.resident == person
    client.post(PAGE, {"form": "training", "literate": literate.pk, "date": "2025-04-01", "topic": "民法典",
                       "hours": "2.5"})
    assert Training.objects.get().topic == "民法典"
    client.post(PAGE, {"form": "site", "kind": "board", "name": "村部法治宣传栏", "photo": png()})
    assert PublicitySite.objects.get().name == "村部法治宣传栏"
    client.post(PAGE, {"form": "activity", "kind": "civil_code", "date": "2025-05-01", "place": "村部",
                       "topic": "民法典进万家", "attendance": "45"})
    assert LegalActivity.objects.get().attendance == 45
    page = client.get(PAGE).content.decode()
    assert "覃明白" in page and "村部法治宣传栏" in page and "民法典进万家" in page


def test_bad_input_changes_nothing(personas, login):
    elsewhere = resident(household("450321101200001"), name="白沙村民")
    client = login(personas.cadre_a1)
    wrong = client.post(PAGE, {"form": "literate", "id_number": "450321199001011234", "trained_on": "2025-03-01"})
    assert wrong.status_code == 422 and "校验位" in wrong.content.decode()
    other_village = client.post(PAGE, {"form": "literate", "id_number": elsewhere.id_number,
                                       "trained_on": "2025-03-01"})
    assert other_village.status_code == 422 and "本村在册村民中没有这个公民身份号码" in other_village.content.decode()
    not_image = client.post(PAGE, {"form": "site", "kind": "board", "name": "宣传栏",
                                   "photo": io.BytesIO(b"not an image")})
    assert not_image.status_code == 422
    no_people = client.post(PAGE, {"form": "activity", "kind": "civil_code", "date": "2025-05-01", "place": "村部",
                                   "topic": "普法", "attendance": "0"})
    assert no_people.status_code == 422 and "参加人数" in no_people.content.decode()
    assert not LegalLiterate.objects.exists() and not PublicitySite.objects.exists()
    assert not LegalActivity.objects.exists()


def test_other_villages_cannot_use_the_forms(personas, login):
    person = resident(household("450321100200001"), name="覃明白")
    response = login(personas.cadre_b1).post(PAGE, {"form": "literate", "id_number": person.id_number,
                                                    "trained_on": "2025-03-01"})
    assert response.status_code == 404 and not LegalLiterate.objects.exists()
    villager = login(personas.villager_a1).post(PAGE, {"form": "literate", "id_number": person.id_number,
                                                       "trained_on": "2025-03-01"})
    assert villager.status_code in (403, 404) and not LegalLiterate.objects.exists()
