"""Remote consultation (远程视频办): the office publishes slots, the applicant books one (one
booking per slot), cancels before it starts, the office records held / no-show; scope and audit,
through the API and the pages."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from xiangzhi.core.audit import AuditEvent
from xiangzhi.services import actions
from xiangzhi.services.models import Booking, ConsultationSlot

from .helpers import A1, item, resident, uploads_for

pytestmark = pytest.mark.django_db

TOWNSHIP_A = "450321100"


def login(user):
    """A client of its own per persona (the shared `login` fixture reuses one client)."""
    client = Client()
    client.force_login(user)
    return client


def later(hours=24):
    return (timezone.localtime() + datetime.timedelta(hours=hours)).replace(microsecond=0, second=0)


@pytest.fixture
def setup(personas):
    """Two villagers of A1, each with an open 出具证明 application waiting at the village."""
    resident(user=personas.villager_a1)
    neighbour = make_user("villager2_a1", "villager", A1)
    resident(name="李秀兰", serial=12, user=neighbour)
    certificate = item("出具证明")
    mine = actions.apply(personas.villager_a1, certificate, uploads=uploads_for(certificate))
    theirs = actions.apply(neighbour, certificate, uploads=uploads_for(certificate))
    return mine, theirs, neighbour


def publish(client, office=A1, hours=24, minutes=30):
    return client.post("/api/v1/services/slots", {"office": office, "starts_at": later(hours).isoformat(),
                                                  "minutes": minutes}, content_type="application/json")


def started(slot):
    ConsultationSlot.objects.filter(pk=slot.pk if hasattr(slot, "pk") else slot).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5))


def test_office_publishes_slot_api_and_page(setup, personas):
    client = login(personas.cadre_a1)
    made = publish(client)
    assert made.status_code == 201 and made.json()["office"] == A1 and made.json()["minutes"] == 30
    slot = ConsultationSlot.objects.get()
    assert slot.created_by == personas.cadre_a1
    event = AuditEvent.objects.get(action="service_slot.publish")
    assert event.region_code == A1 and event.actor == personas.cadre_a1 and event.changes["minutes"] == [None, 30]
    page = client.post("/services/slots/", {"office": A1, "starts_at": later(48).strftime("%Y-%m-%dT%H:%M"),
                                            "minutes": "45"})
    assert page.status_code == 302 and ConsultationSlot.objects.filter(minutes=45).exists()
    office_page = client.get("/services/office/").content.decode()
    assert '<option value="450321100200">矮山村委会</option>' in office_page
    assert later(48).strftime("%Y-%m-%d %H:%M") in office_page


def test_bad_slots_name_the_field_and_change_nothing(setup, personas):
    client = login(personas.cadre_a1)
    past = publish(client, hours=-1)
    assert past.status_code == 422 and "开始时间须晚于现在" in past.json()["errors"]["starts_at"][0]
    short = publish(client, minutes=5)
    assert short.status_code == 422 and "时长须在 10 到 180 之间" in short.json()["errors"]["minutes"][0]
    long = publish(client, minutes=600)
    assert long.status_code == 422 and "时长" in long.json()["errors"]["minutes"][0]
    far = publish(client, hours=24 * 100)
    assert far.status_code == 422 and "90 天内" in far.json()["errors"]["starts_at"][0]
    page = client.post("/services/slots/", {"office": A1, "starts_at": "明天上午", "minutes": "abc"})
    text = page.content.decode()
    assert page.status_code == 422 and "请填写有效的开始时间" in text and "时长须为数字" in text
    assert 'id="slot-form"' in text
    assert not ConsultationSlot.objects.exists()
    assert not AuditEvent.objects.filter(action="service_slot.publish").exists()


def test_slot_publishing_scope(setup, personas):
    assert publish(login(personas.township_b)).status_code == 404  # another township's village
    assert publish(login(personas.cadre_b1)).status_code == 404
    assert publish(login(personas.township_a)).status_code == 404  # the office is the village itself
    assert publish(login(personas.villager_a1)).status_code == 403
    assert login(personas.cadre_a1).get("/api/v1/services/slots").status_code == 405
    assert login(personas.cadre_a1).get("/services/slots/").status_code == 405
    assert not ConsultationSlot.objects.exists()
    assert publish(login(personas.township_a), office=TOWNSHIP_A).status_code == 201


def test_booking_one_per_slot_and_cancel_before_start(setup, personas):
    mine, theirs, neighbour = setup
    slot_id = publish(login(personas.cadre_a1)).json()["id"]
    client = login(personas.villager_a1)
    offered = client.get(f"/api/v1/services/applications/{mine.pk}/slots").json()
    assert [row["id"] for row in offered] == [slot_id]
    booked = client.post(f"/api/v1/services/applications/{mine.pk}/bookings", {"slot_id": slot_id},
                         content_type="application/json")
    assert booked.status_code == 201 and booked.json()["state"] == "booked"
    event = AuditEvent.objects.get(action="service_booking.book")
    assert event.target_id == str(mine.pk) and event.actor == personas.villager_a1 and event.region_code == A1

    # The second applicant is refused: the slot is no longer offered and booking it fails.
    other = login(neighbour)
    assert other.get(f"/api/v1/services/applications/{theirs.pk}/slots").json() == []
    refused = other.post(f"/api/v1/services/applications/{theirs.pk}/bookings", {"slot_id": slot_id},
                         content_type="application/json")
    assert refused.status_code == 422 and "已被预约" in refused.json()["errors"]["slot"][0]
    assert Booking.objects.filter(application=theirs).count() == 0

    # Cancelled before it starts, the slot is free again for the neighbour.
    booking_id = booked.json()["id"]
    cancelled = client.post(f"/api/v1/services/applications/{mine.pk}/bookings/{booking_id}",
                            {"outcome": "cancel"}, content_type="application/json")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert Booking.objects.get(pk=booking_id).closed_at is not None
    assert AuditEvent.objects.filter(action="service_booking.cancelled", target_id=str(mine.pk)).count() == 1
    again = other.post(f"/api/v1/services/applications/{theirs.pk}/bookings", {"slot_id": slot_id},
                       content_type="application/json")
    assert again.status_code == 201

    # After the start the neighbour can no longer cancel.
    started(slot_id)
    late = other.post(f"/api/v1/services/applications/{theirs.pk}/bookings/{again.json()['id']}",
                      {"outcome": "cancel"}, content_type="application/json")
    assert late.status_code == 422 and "开始前" in late.json()["errors"]["booking"][0]
    assert Booking.objects.get(pk=again.json()["id"]).state == "booked"


def test_booking_refused_for_other_applications_and_other_offices(setup, personas):
    mine, theirs, neighbour = setup
    village_slot = publish(login(personas.cadre_a1)).json()["id"]
    township_slot = publish(login(personas.township_a), office=TOWNSHIP_A).json()["id"]
    client = login(personas.villager_a1)
    # Another villager's application: not found, in the API and on the page.
    assert client.post(f"/api/v1/services/applications/{theirs.pk}/bookings", {"slot_id": village_slot},
                       content_type="application/json").status_code == 404
    assert client.post(f"/services/applications/{theirs.pk}/bookings/", {"slot": village_slot}).status_code == 404
    # A slot of another office than the application's current one.
    outside = client.post(f"/api/v1/services/applications/{mine.pk}/bookings", {"slot_id": township_slot},
                          content_type="application/json")
    assert outside.status_code == 422 and "当前办理单位" in outside.json()["errors"]["slot_id"][0]
    page = client.post(f"/services/applications/{mine.pk}/bookings/", {"slot": township_slot})
    assert page.status_code == 422 and "请选择当前办理单位尚未开始的时段" in page.content.decode()
    # A slot that has already started.
    started(village_slot)
    past = client.post(f"/api/v1/services/applications/{mine.pk}/bookings", {"slot_id": village_slot},
                       content_type="application/json")
    assert past.status_code == 422 and "尚未开始" in past.json()["errors"]["slot"][0]
    # The office (no applicant) may not book for the villager; another township sees nothing.
    assert login(personas.township_a).post(f"/api/v1/services/applications/{mine.pk}/bookings",
                                           {"slot_id": village_slot},
                                           content_type="application/json").status_code == 403
    assert login(personas.township_b).post(f"/api/v1/services/applications/{mine.pk}/bookings",
                                           {"slot_id": village_slot},
                                           content_type="application/json").status_code == 404
    assert not Booking.objects.exists()
    assert not AuditEvent.objects.filter(action="service_booking.book").exists()


def test_office_records_held_and_no_show_on_the_page(setup, personas):
    mine, theirs, neighbour = setup
    cadre = login(personas.cadre_a1)
    first = publish(cadre, hours=2).json()["id"]
    second = publish(cadre, hours=3).json()["id"]
    villager = login(personas.villager_a1)
    page = villager.get(f"/services/applications/{mine.pk}/").content.decode()
    assert f'<option value="{first}">' in page and f'<option value="{second}">' in page
    assert villager.post(f"/services/applications/{mine.pk}/bookings/", {"slot": first}).status_code == 302
    assert login(neighbour).post(f"/services/applications/{theirs.pk}/bookings/", {"slot": second}).status_code == 302
    mine_booking = Booking.objects.get(application=mine)
    theirs_booking = Booking.objects.get(application=theirs)
    # Before the start: the office cannot record; the button is not offered.
    url = f"/services/applications/{mine.pk}/bookings/{mine_booking.pk}/held/"
    assert "已办理" not in cadre.get(f"/services/applications/{mine.pk}/").content.decode()
    early = cadre.post(url)
    assert early.status_code == 422 and "时段开始后才能登记" in early.content.decode()
    started(first)
    started(second)
    assert 'bookings/%d/held/' % mine_booking.pk in cadre.get(f"/services/applications/{mine.pk}/").content.decode()
    # Scope: another township 404, another village's cadre 404, the villager has no capability.
    assert login(personas.township_b).post(url).status_code == 404
    assert login(personas.cadre_b1).post(url).status_code == 404
    assert villager.post(url).status_code == 403
    assert villager.get(url).status_code == 405
    assert Booking.objects.get(pk=mine_booking.pk).state == "booked"
    # The office records one held, one no-show; a second record is refused.
    assert cadre.post(url).status_code == 302
    no_show = f"/services/applications/{theirs.pk}/bookings/{theirs_booking.pk}/no_show/"
    assert cadre.post(no_show).status_code == 302
    assert Booking.objects.get(pk=mine_booking.pk).state == "held"
    assert Booking.objects.get(pk=theirs_booking.pk).state == "no_show"
    twice = cadre.post(url)
    assert twice.status_code == 422 and "该预约已处理" in twice.content.decode()
    assert list(AuditEvent.objects.filter(action__in=["service_booking.held", "service_booking.no_show"])
                .order_by("id").values_list("action", "target_id", "actor__username")) == [
        ("service_booking.held", str(mine.pk), "cadre_a1"), ("service_booking.no_show", str(theirs.pk), "cadre_a1")]
    shown = villager.get(f"/services/applications/{mine.pk}/").content.decode()
    assert "已视频办理" in shown
    assert login(neighbour).get(f"/services/applications/{mine.pk}/").status_code == 404
    assert login(personas.township_b).get(f"/services/applications/{mine.pk}/").status_code == 404
    unknown = cadre.post(f"/services/applications/{mine.pk}/bookings/{mine_booking.pk}/bogus/")
    assert unknown.status_code == 404
