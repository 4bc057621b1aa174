"""The yearly rating through the API and pages: self-report, appraisal, 两委 check, 公示 with
objections, award; scope personas and bad input."""

import datetime
import json

import pytest
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.ratings import household_ratings
from xiangzhi.ratings.models import HouseholdRating, Objection, RatingCycle, RatingScore, RatingState, Sanction

from .ratings_data import A1, A2, all_stars, link, person, this_year

pytestmark = pytest.mark.django_db
API = "/api/v1/ratings"


def post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def cycle(personas):
    return household_ratings.open_cycle(personas.cadre_a1, region=A1, year=this_year(), kind="star_household")


@pytest.fixture
def on_notice(personas, cycle):
    head = person(name="张三丰")
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=head.household, text="勤劳致富")
    household_ratings.record_appraisal(personas.cadre_a1, rating, all_stars(rating))
    household_ratings.advance(personas.cadre_a1, rating, "check")
    household_ratings.advance(personas.cadre_a1, rating, "publish")
    return rating


def end_notice(rating):
    HouseholdRating.objects.filter(pk=rating.pk).update(notice_ends=rating.notice_ends - datetime.timedelta(days=8))


def test_cadre_opens_a_cycle_with_a_seven_day_notice(personas, login):
    client = login(personas.cadre_a1)
    response = post(client, f"{API}/cycles", {"region": A1, "year": this_year(), "kind": "star_household"})
    assert response.status_code == 201, response.content
    cycle = RatingCycle.objects.get()
    assert (cycle.region_id, cycle.notice_days) == (A1, 7)
    again = post(client, f"{API}/cycles", {"region": A1, "year": this_year(), "kind": "star_household"})
    assert again.status_code == 422 and "已经开始" in again.json()["errors"]["kind"][0]
    assert RatingCycle.objects.count() == 1


@pytest.mark.parametrize("payload, field", [
    ({"region": A1, "year": 1999, "kind": "star_household"}, "year"),
    ({"region": A1, "year": 0, "kind": "best"}, "kind"),
    ({"region": A1, "year": 0, "kind": "star_household", "notice_days": 0}, "notice_days"),
    ({"region": "999", "year": 0, "kind": "star_household"}, "region"),
])
def test_bad_cycle_input_names_the_field(personas, login, payload, field):
    payload["year"] = payload["year"] or this_year()
    response = post(login(personas.cadre_a1), f"{API}/cycles", payload)
    assert response.status_code == 422 and field in response.json()["errors"]
    assert not RatingCycle.objects.exists()


def test_cycle_scope_personas(personas, login, client):
    assert post(login(personas.cadre_a2), f"{API}/cycles",
                {"region": A1, "year": this_year(), "kind": "star_household"}).status_code == 404
    assert post(login(personas.villager_a1), f"{API}/cycles",
                {"region": A1, "year": this_year(), "kind": "star_household"}).status_code == 403
    assert login(personas.cadre_a1).get(f"{API}/cycles").status_code == 200
    assert not RatingCycle.objects.exists()


def test_villager_self_reports_for_their_own_household_only(personas, login, cycle):
    own = person()
    link(personas.villager_a1, own)
    other = person()
    client = login(personas.villager_a1)
    refused = post(client, f"{API}/cycles/{cycle.pk}/reports", {"household": other.household_id, "self_report": "好"})
    assert refused.status_code == 403
    empty = post(client, f"{API}/cycles/{cycle.pk}/reports", {"self_report": "  "})
    assert empty.status_code == 422 and empty.json()["errors"]["self_report"] == ["请填写自评情况。"]
    assert not HouseholdRating.objects.exists()
    response = post(client, f"{API}/cycles/{cycle.pk}/reports", {"self_report": "家庭和睦,孝老爱亲"})
    assert response.status_code == 201
    rating = HouseholdRating.objects.get()
    assert (rating.household_id, rating.state) == (own.household_id, RatingState.REPORTED)
    twice = post(client, f"{API}/cycles/{cycle.pk}/reports", {"self_report": "再报"})
    assert twice.status_code == 422 and "已经自报过" in twice.json()["errors"]["household"][0]
    # A villager cannot take the cadres' steps.
    assert post(client, f"{API}/ratings/{rating.pk}/appraisal", {"scores": all_stars(rating)}).status_code == 403


def test_villager_of_another_village_cannot_see_the_cycle(personas, login, cycle):
    from xiangzhi.accounts.models import Post

    Post.objects.filter(user=personas.villager_a1).update(region_id=A2)
    client = login(personas.villager_a1)
    assert post(client, f"{API}/cycles/{cycle.pk}/reports", {"self_report": "好"}).status_code == 404
    assert client.get(reverse("ratings:cycle", args=[cycle.pk])).status_code == 404


def test_appraisal_needs_every_criterion_within_its_stars(personas, login, cycle):
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=person().household, text="好")
    client = login(personas.cadre_a1)
    stars = all_stars(rating)
    assert len(stars) == 10
    partial = dict(list(stars.items())[:9])
    response = post(client, f"{API}/ratings/{rating.pk}/appraisal", {"scores": partial})
    assert response.status_code == 422 and "请为以下项目评星" in response.json()["errors"]["scores"][0]
    too_many = {**stars, next(iter(stars)): 3}
    response = post(client, f"{API}/ratings/{rating.pk}/appraisal", {"scores": too_many})
    assert "星数应为 0 到 1" in response.json()["errors"]["scores"][0]
    assert not RatingScore.objects.exists()
    stars[next(iter(stars))] = 0
    response = post(client, f"{API}/ratings/{rating.pk}/appraisal", {"scores": stars})
    assert response.status_code == 200 and response.json()["stars"] == 9
    assert response.json()["state"] == RatingState.APPRAISED
    assert post(login(personas.cadre_a2), f"{API}/ratings/{rating.pk}/appraisal",
                {"scores": stars}).status_code == 404


def test_check_refused_before_appraisal(personas, login, cycle):
    rating = household_ratings.self_report(personas.cadre_a1, cycle, household=person().household, text="好")
    response = post(login(personas.cadre_a1), f"{API}/ratings/{rating.pk}/steps/check")
    assert response.status_code == 422
    rating.refresh_from_db()
    assert rating.state == RatingState.REPORTED


def test_result_refused_before_the_notice_period_ends(personas, login, on_notice):
    assert on_notice.notice_ends - on_notice.notice_starts == datetime.timedelta(days=7)
    response = post(login(personas.cadre_a1), f"{API}/ratings/{on_notice.pk}/steps/award")
    assert response.status_code == 422 and "公示期到" in json.dumps(response.json(), ensure_ascii=False)
    on_notice.refresh_from_db()
    assert on_notice.state == RatingState.NOTICE


def test_an_unanswered_objection_blocks_the_result_until_answered(personas, login, on_notice):
    villager = link(personas.villager_a1, person())
    objected = post(login(villager), f"{API}/ratings/{on_notice.pk}/objections", {"text": "该户乱搭乱建未整改"})
    assert objected.status_code == 201
    objection = Objection.objects.get()
    end_notice(on_notice)
    cadre = login(personas.cadre_a1)
    refused = post(cadre, f"{API}/ratings/{on_notice.pk}/steps/award")
    assert refused.status_code == 422
    assert "还有 1 条异议未答复" in json.dumps(refused.json(), ensure_ascii=False)
    on_notice.refresh_from_db()
    assert on_notice.state == RatingState.NOTICE
    # Objections close with the notice.
    late = post(login(villager), f"{API}/ratings/{on_notice.pk}/objections", {"text": "再提"})
    assert late.status_code == 422 and Objection.objects.count() == 1
    cadre = login(personas.cadre_a1)
    blank = post(cadre, f"{API}/objections/{objection.pk}/answer", {"answer": ""})
    assert blank.status_code == 422 and blank.json()["errors"]["answer"] == ["请填写答复。"]
    assert post(login(personas.cadre_a2), f"{API}/objections/{objection.pk}/answer",
                {"answer": "已核实"}).status_code == 404
    cadre = login(personas.cadre_a1)
    answered = post(cadre, f"{API}/objections/{objection.pk}/answer", {"answer": "经核实已整改,拆除违建"})
    assert answered.status_code == 200
    awarded = post(cadre, f"{API}/ratings/{on_notice.pk}/steps/award")
    assert awarded.status_code == 200 and awarded.json()["state"] == RatingState.AWARDED
    assert AuditEvent.objects.filter(action="rating.award").count() == 1


def test_objection_bad_input_and_wrong_method(personas, login, on_notice):
    client = login(link(personas.villager_a1, person()))
    response = post(client, f"{API}/ratings/{on_notice.pk}/objections", {"text": ""})
    assert response.status_code == 422 and response.json()["errors"]["text"] == ["请填写异议内容。"]
    assert client.get(reverse("ratings:object", args=[on_notice.pk])).status_code == 405
    assert not Objection.objects.exists()


def test_rating_page_flow_for_cadre_and_villager(personas, login, on_notice):
    villager = link(personas.villager_a1, person())
    client = login(villager)
    page = client.get(reverse("ratings:rating", args=[on_notice.pk])).content.decode()
    assert "公示中" in page and "提出异议" in page
    client.post(reverse("ratings:object", args=[on_notice.pk]), {"text": "有异议"})
    assert Objection.objects.filter(raised_by=villager).count() == 1
    end_notice(on_notice)
    cadre = login(personas.cadre_a1)
    response = cadre.post(reverse("ratings:step", args=[on_notice.pk, "award"]), follow=True)
    assert "还有 1 条异议未答复" in response.content.decode()
    objection = Objection.objects.get()
    cadre.post(reverse("ratings:answer", args=[objection.pk]), {"answer": "已核实"})
    cadre.post(reverse("ratings:step", args=[on_notice.pk, "award"]))
    on_notice.refresh_from_db()
    assert on_notice.state == RatingState.AWARDED


def test_township_sees_but_cannot_act_and_other_township_gets_404(personas, login, on_notice):
    assert login(personas.township_a).get(f"{API}/ratings/{on_notice.pk}").status_code == 200
    assert post(login(personas.township_a), f"{API}/ratings/{on_notice.pk}/steps/reject",
                {"comment": "x"}).status_code == 403
    assert login(personas.township_b).get(f"{API}/ratings/{on_notice.pk}").status_code == 404
    assert login(personas.cadre_b1).get(reverse("ratings:rating", args=[on_notice.pk])).status_code == 404


def test_public_notice_masks_the_head_and_shows_stars(personas, client, on_notice):
    page = client.get(f"/v/{A1}/").content.decode()
    assert "评星公示" in page and "张**" in page and "张三丰" not in page
    assert client.get(f"/v/{A2}/").content.decode().count("张**") == 0


def test_sanctions_are_kept_by_cadres(personas, login):
    resident = person()
    client = login(personas.cadre_a1)
    future = (datetime.date.today() + datetime.timedelta(days=5)).isoformat()
    bad = post(client, f"{API}/sanctions", {"resident": resident.pk, "date": future, "note": "x"})
    assert bad.status_code == 422 and "date" in bad.json()["errors"]
    assert post(login(personas.cadre_a2), f"{API}/sanctions",
                {"resident": resident.pk, "date": "2025-01-02", "note": "x"}).status_code == 404
    assert post(login(personas.villager_a1), f"{API}/sanctions",
                {"resident": resident.pk, "date": "2025-01-02", "note": "x"}).status_code == 403
    assert not Sanction.objects.exists()
    client = login(personas.cadre_a1)
    ok = post(client, f"{API}/sanctions", {"resident": resident.pk, "date": "2025-01-02", "note": "违规"})
    assert ok.status_code == 201 and Sanction.objects.get().resident_id == resident.pk
