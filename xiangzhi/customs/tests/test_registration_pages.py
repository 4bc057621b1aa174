"""Organisers register volunteer teams and activities, and cultural events and heritage items,
from the pages: refused in Chinese with nothing saved, scoped."""

import pytest
from django.urls import reverse

from xiangzhi.customs.models import CulturalEvent, HeritageItem, VolunteerActivity, VolunteerTeam

from .customs_data import A1

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_cadre_registers_a_team_and_publishes_an_activity(personas, login):
    client = login(personas.cadre_a1)
    page = client.get(reverse("customs:activity_list")).content.decode()
    assert 'id="team-form"' in page and 'id="activity-form"' not in page  # no team yet

    client.post(reverse("customs:activity_list"), {"form": "team", "region": A1, "name": "矮山志愿服务队"})
    team = VolunteerTeam.objects.get()
    response = client.post(reverse("customs:activity_list"), {
        "form": "activity", "team": team.pk, "title": "春泥课堂", "starts_at": "2025-07-10T09:00",
        "place": "村部", "for_minors": "1"})
    activity = VolunteerActivity.objects.get()
    assert response.url == reverse("customs:activity_detail", args=[activity.pk])
    assert (activity.title, activity.for_minors, activity.organiser) == ("春泥课堂", True, personas.cadre_a1)


def test_bad_input_and_other_villages(personas, login):
    client = login(personas.cadre_a1)
    refused = client.post(reverse("customs:activity_list"), {"form": "team", "region": A1, "name": ""}, follow=True)
    assert any("队名" in message for message in messages_of(refused))
    client.post(reverse("customs:activity_list"), {"form": "team", "region": A1, "name": "矮山志愿服务队"})
    team = VolunteerTeam.objects.get()
    no_time = client.post(reverse("customs:activity_list"), {"form": "activity", "team": team.pk, "title": "义诊"},
                          follow=True)
    assert any("开始时间" in message for message in messages_of(no_time))
    outsider = login(personas.cadre_a2).post(reverse("customs:activity_list"), {
        "form": "activity", "team": team.pk, "title": "义诊", "starts_at": "2025-07-10T09:00"}, follow=True)
    assert any("请选择服务队" in message for message in messages_of(outsider))
    assert login(personas.cadre_b1).post(reverse("customs:activity_list"), {
        "form": "team", "region": A1, "name": "白沙队"}).status_code == 404
    assert VolunteerTeam.objects.count() == 1 and not VolunteerActivity.objects.exists()


def test_culture_events_and_heritage_from_the_page(personas, login):
    client = login(personas.cadre_a1)
    assert 'id="heritage-form"' in client.get(reverse("customs:culture")).content.decode()
    client.post(reverse("customs:culture"), {
        "form": "event", "region": A1, "kind": "village_gala", "title": "矮山村晚", "starts_at": "2026-02-10T19:30"})
    client.post(reverse("customs:culture"), {
        "form": "heritage", "region": A1, "kind": "traditional_village", "name": "矮山古村", "level": "region",
        "year": "2019"})
    assert CulturalEvent.objects.get().title == "矮山村晚"
    assert HeritageItem.objects.get().name == "矮山古村"
    refused = client.post(reverse("customs:culture"), {
        "form": "heritage", "region": A1, "kind": "traditional_village", "name": "某古村", "level": "region",
        "year": "1800"}, follow=True)
    assert any("公布年份" in message for message in messages_of(refused))
    assert HeritageItem.objects.count() == 1
    villager = login(personas.villager_a1).post(reverse("customs:culture"), {
        "form": "event", "region": A1, "kind": "other", "title": "x", "starts_at": "2026-02-10T19:30"})
    assert villager.status_code == 403 and CulturalEvent.objects.count() == 1
