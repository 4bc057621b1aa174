"""Person-by-person voting of a small body on the meeting page: open a motion, tick each
attendee's choice, count — all in the browser's forms, scoped and refused as the API is."""

import pytest
from django.urls import reverse

from xiangzhi.assembly import meetings
from xiangzhi.assembly.models import Ballot, Body, Motion, MotionState, Resolution

from .assembly_data import MEETING_DAY, body_with_members, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(personas):
    """A 村委会 of 5 in A1 with 4 signed in (quorum: more than half)."""
    _org, committee = body_with_members("village_committee", 5)
    meeting, _w = meetings.create_meeting(personas.cadre_a1, region="450321100200", body=Body.VILLAGE_COMMITTEE,
                                          title="村委会例会", notice_on=MEETING_DAY, meets_on=MEETING_DAY)
    meetings.sign_in(personas.cadre_a1, meeting, [member.pk for member in committee[:4]])
    return meeting, committee


def test_open_cast_and_count_on_the_meeting_page(personas, login, sitting):
    meeting, committee = sitting
    client = login(personas.cadre_a1)
    client.post(reverse("assembly:motion_open", args=[meeting.pk]), {"text": "同意聘请会计"})
    motion = Motion.objects.get(meeting=meeting)
    page = client.get(reverse("assembly:meeting", args=[meeting.pk])).content.decode()
    assert "同意聘请会计" in page and f'name="choice_{committee[0].pk}"' in page
    assert f'name="choice_{committee[4].pk}"' not in page  # not signed in: no ballot

    choices = {f"choice_{committee[0].pk}": "for", f"choice_{committee[1].pk}": "for",
               f"choice_{committee[2].pk}": "for", f"choice_{committee[3].pk}": "against"}
    response = client.post(reverse("assembly:motion_ballots", args=[motion.pk]), choices)
    assert response.status_code == 302 and Ballot.objects.filter(motion=motion).count() == 4
    assert "已投:赞成" in client.get(reverse("assembly:meeting", args=[meeting.pk])).content.decode()

    again = client.post(reverse("assembly:motion_ballots", args=[motion.pk]), {f"choice_{committee[0].pk}": "against"})
    assert again.status_code == 422 and "已投票,每人只能投一次" in again.content.decode()

    client.post(reverse("assembly:motion_close", args=[motion.pk]))
    resolution = Resolution.objects.get(meeting=meeting)
    assert (resolution.in_favour, resolution.against, resolution.passed) == (3, 1, True)
    assert Motion.objects.get(pk=motion.pk).state == MotionState.CLOSED


def test_a_refused_ballot_changes_nothing(personas, login, sitting):
    meeting, committee = sitting
    stranger = person(name="外来人员")
    motion = meetings.open_motion(personas.cadre_a1, meeting, text="同意修路")
    client = login(personas.cadre_a1)
    response = client.post(reverse("assembly:motion_ballots", args=[motion.pk]), {
        f"choice_{committee[0].pk}": "for", f"choice_{stranger.pk}": "for",
    })
    assert response.status_code == 422 and "外来人员 未签到,不能投票" in response.content.decode()
    assert not Ballot.objects.filter(motion=motion).exists()
    empty = client.post(reverse("assembly:motion_ballots", args=[motion.pk]), {})
    assert empty.status_code == 422 and "请至少为一人选择表决意见" in empty.content.decode()


def test_other_villages_and_villagers_cannot_vote(personas, login, sitting):
    meeting, committee = sitting
    motion = meetings.open_motion(personas.cadre_a1, meeting, text="同意修路")
    for outsider in (personas.cadre_a2, personas.cadre_b1, personas.township_b):
        client = login(outsider)
        assert client.post(reverse("assembly:motion_ballots", args=[motion.pk]),
                           {f"choice_{committee[0].pk}": "for"}).status_code == 404
        assert client.post(reverse("assembly:motion_close", args=[motion.pk])).status_code == 404
        assert client.post(reverse("assembly:motion_open", args=[meeting.pk]), {"text": "x"}).status_code == 404
    villager = login(personas.villager_a1)
    assert villager.post(reverse("assembly:motion_ballots", args=[motion.pk]),
                         {f"choice_{committee[0].pk}": "for"}).status_code in (403, 404)
    assert villager.get(reverse("assembly:motion_close", args=[motion.pk])).status_code == 405
    assert not Ballot.objects.exists() and not Resolution.objects.exists()
