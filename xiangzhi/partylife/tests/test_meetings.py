"""Recording a meeting on the page: attendance from the branch's members, the 支委会 rule, dates,
photos, scope and permissions."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from xiangzhi.core.models import AuditEvent
from xiangzhi.partylife.models import Attendance, Meeting, MeetingKind, MeetingPhoto

from .partylife_data import party  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/partylife/record/"


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("会议.png", buffer.getvalue(), content_type="image/png")


def data(party, **extra):
    return {
        "organisation": party.branch.pk, "kind": MeetingKind.THEME_DAY, "held_on": "2025-03-05",
        "topic": "学习新修订的村规民约", "minutes": "全体党员学习并讨论。",
        "present": [m.pk for m in party.members[:4]], "excused": [party.members[4].pk], **extra,
    }


def test_record_a_theme_day(party, personas, login):
    client = login(personas.secretary_a1)
    response = client.post(URL, {**data(party), "photos": [png()]})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/partylife/meetings/{meeting.pk}/"
    assert (meeting.organisation, meeting.kind, meeting.held_on, meeting.region_id, meeting.recorded_by) == (
        party.branch, "theme_day", datetime.date(2025, 3, 5), party.branch.region_id, personas.secretary_a1)
    rows = {row.member.resident.name: (row.present, row.excused) for row in Attendance.objects.select_related(
        "member__resident")}
    assert rows == {"张书记": (True, False), "李委员": (True, False), "王委员": (True, False),
                    "赵党员": (True, False), "钱党员": (False, True)}
    photo = MeetingPhoto.objects.get()
    assert photo.content_type == "image/png" and photo.meeting == meeting
    event = AuditEvent.objects.get(action="party_meeting.record")
    assert event.region_code == party.branch.region_id and event.changes["present"] == [None, 4]
    page = client.get(f"/partylife/meetings/{meeting.pk}/").content.decode()
    assert "应到 5 人,实到 4 人" in page and "请假" in page
    assert client.get(f"/partylife/meetings/{meeting.pk}/photos/{photo.pk}/")["Content-Type"] == "image/png"


def test_wrong_method(party, personas, login):
    client = login(personas.secretary_a1)
    assert client.put(URL).status_code == 405
    assert client.get("/partylife/meetings/1/photos/").status_code == 405


def test_no_capability_is_403(party, personas, login):
    response = login(personas.villager_a1).post(URL, data(party))
    assert response.status_code == 403 and not Meeting.objects.exists()
    # The village director sees meetings but does not record them.
    from xiangzhi.accounts.models import Post
    Post.objects.filter(user=personas.cadre_a2).update(role="village_director")
    assert login(personas.cadre_a2).get(URL).status_code == 403


def test_other_region_is_404(party, personas, login):
    client = login(personas.cadre_b1)
    assert client.post(URL, data(party)).status_code == 404
    assert client.get(f"{URL}?organisation={party.branch.pk}").status_code == 404
    assert not Meeting.objects.exists()
    meeting = Meeting.objects.create(organisation=party.branch, kind="lecture", held_on=datetime.date(2025, 1, 3),
                                     topic="党课", region_id=party.branch.region_id)
    assert client.get(f"/partylife/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/partylife/organisations/{party.branch.pk}/").status_code == 404


@pytest.mark.parametrize("change, field, message", [
    ({"present": ["B1"]}, "present", "参会人员编号“B1”无效。"),
    ({"held_on": "2025-02-30"}, "held_on", "请填写有效的会议日期"),
    ({"held_on": "2014-12-31"}, "held_on", "会议日期早于“矮山村党支部”的成立日期 2015-01-01。"),
    ({"topic": "  "}, "topic", "请填写会议议题或主题。"),
    ({"kind": "picnic"}, "kind", "请选择会议类型。"),
    ({"present": [], "excused": []}, "present", "请选择出席会议的党员。"),
])
def test_bad_input_changes_nothing(party, personas, login, change, field, message):
    response = login(personas.secretary_a1).post(URL, data(party, **change))
    assert response.status_code == 422
    assert message in response.context["form"].errors[field][0]
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert not AuditEvent.objects.filter(action="party_meeting.record").exists()


def test_future_date_refused(party, personas, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(personas.secretary_a1).post(URL, data(party, held_on=tomorrow.isoformat()))
    assert response.status_code == 422 and "会议日期不能晚于今天。" in response.content.decode()
    assert not Meeting.objects.exists()


def test_attendee_outside_the_branch_refused(party, personas, login):
    response = login(personas.secretary_a1).post(URL, data(party, present=[party.members[0].pk, party.b1_member.pk]))
    assert response.status_code == 422
    assert f"参会人员须是“矮山村党支部”在会议当天的党员,编号 {party.b1_member.pk} 不是。" in response.content.decode()
    assert not Meeting.objects.exists()


def test_member_who_left_before_the_meeting_cannot_attend(party, personas, login):
    gone = party.members[3]
    gone.left_on = datetime.date(2025, 1, 1)
    gone.save(update_fields=["left_on"])
    response = login(personas.secretary_a1).post(URL, data(party, present=[gone.pk]))
    assert response.status_code == 422 and not Meeting.objects.exists()


def test_committee_needs_more_than_half_of_its_members(party, personas, login):
    client = login(personas.secretary_a1)
    # 张书记 of three seats, with two ordinary members: 1 of 3 is not more than half.
    one_seat = [party.member("张书记").pk, party.member("赵党员").pk, party.member("钱党员").pk]
    response = client.post(URL, data(party, kind="committee", present=one_seat, excused=[]))
    assert response.status_code == 422
    assert "支委会须有半数以上支部委员出席:委员 3 名,出席 1 名。" in response.content.decode()
    assert not Meeting.objects.exists()
    two_seats = [party.member("张书记").pk, party.member("李委员").pk]
    assert client.post(URL, data(party, kind="committee", present=two_seats, excused=[])).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.kind == "committee" and meeting.attendances.filter(present=True).count() == 2


def test_committee_of_a_branch_without_committee_refused(party, personas, login):
    from xiangzhi.people.models import Membership

    Membership.objects.filter(organisation=party.branch).update(ends_on=datetime.date(2024, 12, 31))
    response = login(personas.secretary_a1).post(URL, data(party, kind="committee"))
    assert response.status_code == 422
    assert "没有登记支部委员会成员" in response.context["form"].errors["kind"][0]
    assert not Meeting.objects.exists()


def test_a_file_that_is_not_a_photo_refused(party, personas, login):
    fake = SimpleUploadedFile("会议.jpg", b"not an image", content_type="image/jpeg")
    response = login(personas.secretary_a1).post(URL, {**data(party), "photos": [fake]})
    assert response.status_code == 422
    assert "“会议.jpg”不是图片" in response.content.decode()
    assert not Meeting.objects.exists() and not MeetingPhoto.objects.exists()


def test_add_photos_later(party, personas, login):
    client = login(personas.secretary_a1)
    client.post(URL, data(party))
    meeting = Meeting.objects.get()
    assert client.post(f"/partylife/meetings/{meeting.pk}/photos/", {"photos": [png(), png()]}).status_code == 302
    assert meeting.photos.count() == 2
    assert AuditEvent.objects.get(action="party_meeting.add_photos").changes == {"photos": [None, 2]}
    assert login(personas.cadre_b1).post(f"/partylife/meetings/{meeting.pk}/photos/",
                                         {"photos": [png()]}).status_code == 404
    assert meeting.photos.count() == 2
