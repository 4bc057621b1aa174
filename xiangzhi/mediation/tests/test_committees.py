"""人民调解委员会 register: 3–9 members, a three-year term, 换届, gaps, scope and audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.mediation import committee_actions as actions
from xiangzhi.mediation.committee_queries import gaps
from xiangzhi.mediation.models import Committee, CommitteeMember, CommitteeTerm, term_end_for

from .helpers import A1, MEMBERS, TOWNSHIP_A, committee, resident

pytestmark = pytest.mark.django_db
A2 = "450321100202"
B1 = "450321101200"


def test_term_end_is_three_years_less_a_day_and_clamps_29_february():
    assert term_end_for(date(2024, 5, 1)) == date(2027, 4, 30)
    assert term_end_for(date(2024, 2, 29)) == date(2027, 2, 27)


def test_township_forms_a_committee_with_a_registry_resident_and_named_members(personas):
    villager = resident("韦国强")
    start = timezone.localdate() - timedelta(days=10)
    formed = actions.form_committee(
        personas.township_a, kind="village", region_code=A1, name="矮山村人民调解委员会", term_start=start,
        members=[{"role": "chair", "id_number": villager.id_number}, {"role": "vice_chair", "name": "蒙副主任"},
                 {"role": "member", "name": "覃委员"}, {"name": "", "id_number": ""}],
    )
    term = CommitteeTerm.objects.get(committee=formed)
    assert (term.number, term.starts_on, term.ends_on) == (1, start, term_end_for(start))
    seats = list(CommitteeMember.objects.filter(committee=formed).values_list("name", "role", "resident_id"))
    assert seats == [("韦国强", "chair", villager.pk), ("蒙副主任", "vice_chair", None), ("覃委员", "member", None)]
    event = AuditEvent.objects.get(action="committee.form", target_id=str(formed.pk))
    assert event.region_code == A1 and event.changes["members"][1] == ["韦国强(主任)", "蒙副主任(副主任)", "覃委员(委员)"]


TEN = [{"role": "chair", "name": "甲"}] + [{"name": f"委员{n}"} for n in range(9)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"members": MEMBERS[:2]}, "members", "人民调解委员会由 3 至 9 名委员组成,此操作后将为 2 名。"),
        ({"members": TEN}, "members", "人民调解委员会由 3 至 9 名委员组成,此操作后将为 10 名。"),
        ({"members": [{"name": "甲"}, {"name": "乙"}, {"name": "丙"}]}, "members", "请指定一名主任。"),
        ({"members": [{"role": "chair", "name": "甲"}, {"role": "chair", "name": "乙"}, {"name": "丙"}]}, "members",
         "一个调解委员会只能有一名主任。"),
        ({"members": MEMBERS + [{"id_number": "450321198005060000"}]}, "members",
         "第 4 位委员:公民身份号码校验位不正确,请核对。"),
        ({"region": TOWNSHIP_A}, "region", "村人民调解委员会须设在村。"),
        ({"name": " "}, "name", "请填写调解委员会名称。"),
        ({"term_start": timezone.localdate() + timedelta(days=1)}, "term_start", "任期开始日期不能晚于今天。"),
        ({"term_start": date(2024, 5, 1), "term_end": date(2027, 5, 1)}, "term_end",
         "人民调解委员会委员每届任期三年,届满日期不能晚于 2027-04-30。"),
    ],
)
def test_bad_committee_names_the_field_and_changes_nothing(personas, overrides, field, message):
    term_end = overrides.pop("term_end", None)
    with pytest.raises(ValidationError) as error:
        if term_end:
            actions.form_committee(personas.township_a, kind="village", region_code=A1, name="矮山村人民调解委员会",
                                   members=MEMBERS, term_start=overrides["term_start"], term_end=term_end)
        else:
            committee(personas.township_a, **overrides)
    assert error.value.message_dict[field] == [message]
    assert not Committee.objects.exists() and not CommitteeMember.objects.exists()
    assert not AuditEvent.objects.filter(action="committee.form").exists()


def test_who_may_form_a_committee(personas):
    with pytest.raises(PermissionDenied):
        committee(personas.cadre_a1)
    with pytest.raises(PermissionDenied):
        committee(personas.villager_a1)
    with pytest.raises(Http404):
        committee(personas.township_b)
    assert committee(personas.county, region=TOWNSHIP_A, kind="township", name="阳朔镇人民调解委员会").pk
    assert committee(personas.county, region="450321", kind="industry", name="阳朔县医疗纠纷人民调解委员会").pk


def test_members_stay_between_three_and_nine(personas):
    formed = committee(personas.township_a)
    with pytest.raises(ValidationError) as error:
        actions.add_member(personas.township_a, formed, role="chair", name="新主任")
    assert error.value.message_dict == {"role": ["已有主任;请先免去现任主任再任命新主任。"]}
    for n in range(6):
        actions.add_member(personas.township_a, formed, name=f"委员{n}")
    with pytest.raises(ValidationError) as error:
        actions.add_member(personas.township_a, formed, name="第十人")
    assert error.value.message_dict == {"members": ["人民调解委员会由 3 至 9 名委员组成,此操作后将为 10 名。"]}
    assert formed.members.filter(left_on__isnull=True).count() == 9
    for member in list(formed.members.filter(role="member"))[:6]:
        actions.remove_member(personas.township_a, formed, member.pk)
    last = formed.members.filter(left_on__isnull=True, role="member").first()
    with pytest.raises(ValidationError) as error:
        actions.remove_member(personas.township_a, formed, last.pk)
    assert error.value.message_dict == {"members": ["人民调解委员会由 3 至 9 名委员组成,此操作后将为 2 名。"]}
    assert formed.members.filter(left_on__isnull=True).count() == 3
    assert formed.members.filter(left_on=timezone.localdate()).count() == 6
    assert AuditEvent.objects.filter(action="committee.member_remove", target_id=str(formed.pk)).count() == 6
    added = AuditEvent.objects.filter(action="committee.member_add").order_by("id").first()
    assert added.changes == {"member": [None, "委员0(委员)"]}
    with pytest.raises(Http404):
        actions.add_member(personas.township_b, formed, name="外乡人")


def test_renewal_starts_the_next_term_and_is_audited(personas):
    start = timezone.localdate() - timedelta(days=4 * 365)
    formed = committee(personas.township_a, term_start=start)
    listed = gaps(personas.township_a, TOWNSHIP_A)
    assert [c.pk for c in listed["expired"]] == [formed.pk]
    assert [v.code for v in listed["villages_without"]] == [A2] and listed["villages"] == 2
    with pytest.raises(ValidationError) as error:
        actions.renew_term(personas.township_a, formed, term_start=start)
    assert "新一届任期须晚于本届开始日期" in error.value.message_dict["term_start"][0]
    renewal = timezone.localdate() - timedelta(days=5)
    actions.renew_term(personas.township_a, formed, term_start=renewal)
    assert list(formed.terms.values_list("number", "starts_on")) == [(1, start), (2, renewal)]
    event = AuditEvent.objects.get(action="committee.renew")
    assert event.changes["term_number"] == [1, 2]
    assert event.changes["term"][1] == [renewal.isoformat(), term_end_for(renewal).isoformat()]
    assert gaps(personas.township_a, TOWNSHIP_A)["expired"] == []
    # Another township sees none of it.
    assert gaps(personas.township_b, "450321101")["committees"] == []


def test_demo_seeding_forms_the_village_and_township_committees_once(personas, tree):
    from xiangzhi.mediation.seeding import seed_committees

    assert seed_committees(tree[A1], tree[TOWNSHIP_A], personas.county) == 2
    assert seed_committees(tree[A1], tree[TOWNSHIP_A], personas.county) == 0
    assert sorted(Committee.objects.values_list("name", flat=True)) == ["矮山村委会人民调解委员会", "阳朔镇人民调解委员会"]
