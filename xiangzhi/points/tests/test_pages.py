"""Pages: the villager's phone page, proposals and their decision, rules, reversal, appeals,
the 积分公示 portal section; scope personas, wrong method and bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.points import awards, ledger, publication
from xiangzhi.points.models import Appeal, PointsEntry, Proposal, RuleSet

from .points_data import A1, A2, adopted_rules, item, link_villager, make_household, png_upload, seed_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_set(personas):
    return adopted_rules(personas.cadre_a1)


def test_villager_page_shows_balance_history_and_appeal_link(personas, login, rule_set):
    household = make_household()
    link_villager(personas.villager_a1, household)
    entry = seed_points(personas.cadre_a1, household, 12, reason="参加村民会议")
    seed_points(personas.cadre_a1, make_household(head="李四"), 30, reason="别人家的积分")
    page = login(personas.villager_a1).get(reverse("points:mine")).content.decode()
    assert '<strong id="balance">12</strong>' in page
    assert "参加村民会议" in page and "别人家的积分" not in page
    assert reverse("points:appeal_create", args=[entry.pk]) in page


def test_villager_without_a_household_is_told_how_to_link(personas, login):
    page = login(personas.villager_a1).get(reverse("points:mine")).content.decode()
    assert "还没有关联到户籍登记中的村民" in page
    assert login(personas.cadre_a1).get(reverse("points:mine")).status_code == 403


def test_appeal_page_files_an_appeal_and_refuses_an_empty_reason(personas, login):
    household = make_household()
    link_villager(personas.villager_a1, household)
    entry = seed_points(personas.cadre_a1, household, 5)
    client = login(personas.villager_a1)
    url = reverse("points:appeal_create", args=[entry.pk])
    response = client.post(url, {"reason": ""})
    assert "请填写理由。" in response.content.decode() and not Appeal.objects.exists()
    response = client.post(url, {"reason": "少记了两分"})
    assert response.status_code == 302 and Appeal.objects.get().reason == "少记了两分"
    other = seed_points(personas.cadre_a1, make_household(head="李四"), 5)
    assert client.get(reverse("points:appeal_create", args=[other.pk])).status_code == 404


def test_cadre_proposes_with_photo_and_secretary_approves(personas, login, rule_set):
    household = make_household()
    cadre = login(personas.cadre_a1)
    form_page = cadre.get(reverse("points:proposal_create")).content.decode()
    assert "乱搭乱建(-10)*" in form_page and "王建国" in form_page
    building = item(rule_set, "illegal_building")
    response = cadre.post(reverse("points:proposal_create"), {"household": household.pk, "rule_item": building.pk,
                                                              "note": "无照片"})
    assert response.status_code == 200 and "须附证据" in response.content.decode()
    assert not Proposal.objects.exists()
    seed_points(personas.cadre_a1, household, 15)
    response = cadre.post(reverse("points:proposal_create"), {"household": household.pk, "rule_item": building.pk,
                                                              "photo": png_upload()})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == reverse("points:proposal_detail", args=[proposal.pk])
    assert cadre.get(reverse("points:proposal_photo", args=[proposal.pk])).status_code == 200
    assert login(personas.cadre_b1).get(reverse("points:proposal_detail", args=[proposal.pk])).status_code == 404
    assert login(personas.cadre_a1).post(reverse("points:proposal_decide", args=[proposal.pk]),
                                         {"decision": "approve"}).status_code == 403
    secretary = login(personas.secretary_a1)
    assert secretary.get(reverse("points:proposal_decide", args=[proposal.pk])).status_code == 405
    response = secretary.post(reverse("points:proposal_decide", args=[proposal.pk]), {"decision": "reject"})
    assert response.status_code == 422 and "请填写不予通过的理由。" in response.content.decode()
    response = secretary.post(reverse("points:proposal_decide", args=[proposal.pk]), {"decision": "approve"})
    assert response.status_code == 302
    assert ledger.balance(household) == 5


def test_ledger_pages_reverse_and_scope(personas, login, rule_set):
    household = make_household()
    entry = seed_points(personas.cadre_a1, household, 9, reason="好人好事")
    page = login(personas.township_a).get(reverse("points:entry_list")).content.decode()
    assert "王建国" in page and ">9<" in page
    assert "王建国" not in login(personas.township_b).get(reverse("points:entry_list")).content.decode()
    assert login(personas.cadre_a2).get(reverse("points:household", args=[household.pk])).status_code == 404
    assert login(personas.villager_a1).get(reverse("points:entry_list")).status_code == 403
    secretary = login(personas.secretary_a1)
    assert reverse("points:entry_reverse", args=[entry.pk]) in secretary.get(
        reverse("points:household", args=[household.pk])).content.decode()
    response = secretary.post(reverse("points:entry_reverse", args=[entry.pk]), {"reason": ""})
    assert "请填写理由。" in response.content.decode()
    response = secretary.post(reverse("points:entry_reverse", args=[entry.pk]), {"reason": "重复记分"})
    assert response.status_code == 302 and ledger.balance(household) == 0
    response = secretary.post(reverse("points:entry_reverse", args=[entry.pk]), {"reason": "再冲"})
    assert "该记录已冲正,不能重复冲正。" in response.content.decode()
    assert PointsEntry.objects.count() == 2
    assert login(personas.cadre_a1).post(reverse("points:entry_reverse", args=[entry.pk]),
                                         {"reason": "x"}).status_code == 403


def test_rule_pages_draft_add_item_adopt(personas, login, rule_set):
    cadre = login(personas.cadre_a1)
    response = cadre.post(reverse("points:rule_create"), {"village": A1, "title": "积分细则(修订)"})
    draft = RuleSet.objects.get(version=2)
    assert response.status_code == 302
    response = cadre.post(reverse("points:rule_item_add", args=[draft.pk]), {"code": "good_deed", "name": "",
                                                                            "points": "3"})
    assert response.status_code == 422 and "请填写项目名称。" in response.content.decode()
    cadre.post(reverse("points:rule_item_add", args=[draft.pk]), {"code": "good_deed", "name": "好人好事", "points": "3"})
    response = cadre.post(reverse("points:rule_adopt", args=[draft.pk]), {"body": ""})
    assert response.status_code == 422 and "请选择通过细则的会议" in response.content.decode()
    response = cadre.post(reverse("points:rule_adopt", args=[draft.pk]),
                          {"body": "villagers_assembly", "adopted_on": "2025-04-01"})
    assert response.status_code == 302
    draft.refresh_from_db()
    rule_set.refresh_from_db()
    assert (draft.state, rule_set.state, draft.items.count()) == ("adopted", "superseded", 5)
    page = cadre.get(reverse("points:rule_detail", args=[draft.pk])).content.decode()
    assert "经村民会议通过" in page and "好人好事" in page
    assert login(personas.cadre_a2).get(reverse("points:rule_detail", args=[draft.pk])).status_code == 404
    assert login(personas.cadre_a2).post(reverse("points:rule_create"),
                                         {"village": A1, "title": "越权"}).status_code == 200
    assert login(personas.villager_a1).get(reverse("points:rule_create")).status_code == 403
    assert RuleSet.objects.filter(village_id=A1).count() == 2


def test_appeal_answer_page(personas, login, rule_set):
    household = make_household()
    link_villager(personas.villager_a1, household)
    entry = seed_points(personas.cadre_a1, household, 5)
    from xiangzhi.points import appeals
    appeal = appeals.file_appeal(personas.villager_a1, entry, reason="不对")
    url = reverse("points:appeal_detail", args=[appeal.pk])
    assert login(personas.cadre_b1).get(url).status_code == 404
    assert login(personas.villager_a1).post(url, {"uphold": "yes", "answer": "x"}).status_code == 404
    cadre = login(personas.cadre_a1)
    response = cadre.post(url, {"uphold": "yes", "answer": ""})
    assert response.status_code == 422 and "请填写答复理由。" in response.content.decode()
    assert cadre.post(url, {"uphold": "yes", "answer": "核实后冲正"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == "upheld" and ledger.balance(household) == 0


def test_portal_section_lists_last_months_entries_masked_and_unranked(personas, client, rule_set):
    household = make_household(head="王建国")
    small = make_household(head="李小明")
    proposal = awards.propose(personas.cadre_a1, household, rule_item_id=item(rule_set, "yard_clean").pk, note="净")
    big = awards.approve(personas.secretary_a1, proposal).entry
    proposal = awards.propose(personas.cadre_a1, small, rule_item_id=item(rule_set, "meeting_attendance").pk,
                              note="参会")
    tiny = awards.approve(personas.secretary_a1, proposal).entry
    redemption = seed_points(personas.cadre_a1, small, 3)
    PointsEntry.objects.filter(pk=redemption.pk).update(kind="redemption", points=-1)
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=3)
    moment = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(10)))
    # Created last month: entries are otherwise never updated.
    PointsEntry.objects.filter(pk__in=[big.pk, tiny.pk, redemption.pk]).update(created_at=moment)
    PointsEntry.objects.filter(pk=tiny.pk).update(created_at=moment - datetime.timedelta(days=1))
    page = client.get(reverse("portal:region", args=[A1])).content.decode()
    assert "积分公示" in page
    assert "王** 户" in page and "李** 户" in page and "王建国" not in page
    assert page.index("李** 户") < page.index("王** 户")  # by date, not by points
    assert "参加村民会议" in page and "庭院整洁" in page
    _month, entries = publication.published_entries(A1)
    assert [e.points for e in entries] == [2, 5]  # the redemption is not published
    assert "积分公示" not in client.get(reverse("portal:region", args=[A2])).content.decode()
