"""Power cases: start, complete steps with evidence, return, reject, terminate, conclude into the
publication log; deadlines and the overdue lists; pages and API with the region personas."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.grid.calendar import BEIJING
from xiangzhi.powers import cases, lists
from xiangzhi.powers.models import CaseProgress, PowerCase
from xiangzhi.translog.models import LogEntry

from .power_data import A1, A2, adopt_all, evidence, item_of, run_to_end, start


@pytest.fixture
def adopted(personas):
    return adopt_all(personas)


@pytest.fixture
def case(personas, adopted):
    return start(personas)


def fresh(case):
    return PowerCase.objects.select_related("current_step", "item__power_list").get(pk=case.pk)


# --- starting -------------------------------------------------------------------------


def test_start_puts_the_case_on_the_first_step_with_its_deadlines(personas, adopted):
    before = timezone.now()
    case = fresh(start(personas))
    assert case.state == "in_progress" and case.current_step.name == "受理申请"
    assert case.region_id == A1 and case.item.power_list.version == 1
    assert case.created_by == personas.cadre_a1 and case.applicant_name == "张三丰"
    # 出具证明: 3 working days overall, 1 working day for the first step; 18:00 Beijing time.
    assert case.overall_deadline == cases.limit_deadline(before, 3, "working", A1)
    assert case.step_deadline == cases.limit_deadline(before, 1, "working", A1)
    assert case.deadline == min(case.step_deadline, case.overall_deadline)
    assert timezone.localtime(case.step_deadline).time() == datetime.time(18, 0)
    event = AuditEvent.objects.get(action="power_case.accept")
    assert event.region_code == A1 and event.changes["current_step"] == [None, "受理申请"]


def test_start_refuses_bad_input_and_changes_nothing(personas, adopted):
    item = item_of(A1)
    bad = [
        ({"applicant_name": " ", "subject": "证明"}, "applicant_name", "请填写申请人姓名。"),
        ({"applicant_name": "张三", "subject": ""}, "subject", "请填写事由摘要。"),
        ({"applicant_name": "张三", "subject": "身份证 45032119800101123X 开证明"}, "subject",
         "事由摘要将公开,不能包含身份证号码。"),
        ({"applicant_name": "张" * 51, "subject": "证明"}, "applicant_name", "申请人姓名不能超过 50 个字。"),
    ]
    for kwargs, field, message in bad:
        with pytest.raises(ValidationError) as caught:
            cases.start_case(personas.cadre_a1, item, **kwargs)
        assert caught.value.message_dict[field] == [message]
    draft = lists.start_new_version(personas.secretary_a1, adopted[A1])
    with pytest.raises(ValidationError) as caught:
        cases.start_case(personas.cadre_a1, draft.items.get(code="06"), applicant_name="张三", subject="证明")
    assert caught.value.message_dict["item"] == ["事项“出具证明”所在的第 2 版清单不是现行版本,不能发起办理。"]
    assert not PowerCase.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="power_case").exists()


def test_start_scope(personas, adopted):
    item = item_of(A1)
    with pytest.raises(Http404):
        cases.start_case(personas.cadre_a2, item, applicant_name="张三", subject="证明")
    with pytest.raises(PermissionDenied):
        cases.start_case(personas.villager_a1, item, applicant_name="张三", subject="证明")
    with pytest.raises(PermissionDenied):  # the township supervises, it does not handle village cases
        cases.start_case(personas.township_a, item, applicant_name="张三", subject="证明")
    with pytest.raises(PermissionDenied):
        cases.start_case(personas.supervisor_a1, item, applicant_name="张三", subject="证明")
    assert not PowerCase.objects.exists()


# --- steps, evidence, conclusion --------------------------------------------------------


def test_a_step_that_requires_evidence_is_refused_without_it(personas, case):
    with pytest.raises(ValidationError) as caught:
        cases.complete_step(personas.cadre_a1, case, comment="材料齐全")
    assert caught.value.message_dict["attachments"] == [
        "步骤“受理申请”须上传证明材料(申请人身份证明及相关材料)后才能完成。"
    ]
    case = fresh(case)
    assert case.current_step.name == "受理申请"
    assert WorkflowStep.objects.filter(subject_id=str(case.pk)).count() == 1  # only the start
    assert not CaseProgress.objects.exists()
    assert not AuditEvent.objects.filter(action="power_case.complete_step").exists()

    cases.complete_step(personas.cadre_a1, case, comment="材料齐全", attachments=[evidence("身份证复印件.jpg")])
    case = fresh(case)
    assert case.current_step.name == "核实情况"
    row = CaseProgress.objects.get()
    assert (row.step.name, row.action) == ("受理申请", "completed")
    assert [a.name for a in row.history.attachments.all()] == ["身份证复印件.jpg"]
    # 核实情况 needs no evidence.
    cases.complete_step(personas.cadre_a1, case)
    assert fresh(case).current_step.name == "审核签批"


def test_concluding_records_the_result_and_appends_exactly_one_log_entry(personas, case):
    for _step in range(3):
        files = [evidence()] if case.current_step.evidence_required else []
        cases.complete_step(personas.cadre_a1, case, attachments=files)
    assert cases.is_last_step(case) and case.current_step.name == "盖章出具"
    with pytest.raises(ValidationError) as caught:
        cases.complete_step(personas.cadre_a1, case, attachments=[evidence()], result="", result_text=" ")
    assert caught.value.message_dict == {"result": ["请选择办理结果。"], "result_text": ["请填写结果说明。"]}
    assert fresh(case).state == "in_progress" and not LogEntry.objects.exists()

    cases.complete_step(
        personas.cadre_a1, case, attachments=[evidence("存根.jpg")], result="done", result_text="已出具居住证明。"
    )
    case = fresh(case)
    assert (case.state, case.result, case.result_text) == ("concluded", "done", "已出具居住证明。")
    assert case.concluded_at is not None and case.current_step is None and case.deadline is None
    entry = LogEntry.objects.get()
    assert (entry.kind, entry.object_id, entry.region_code) == ("power_case", str(case.pk), A1)
    content = json.loads(bytes(entry.data))
    assert content["applicant"] == "张**" and "张三丰" not in bytes(entry.data).decode()
    assert content["item_name"] == "出具证明" and content["list_version"] == 1
    assert [step["name"] for step in content["steps"]] == ["受理申请", "核实情况", "审核签批", "盖章出具"]
    assert all(step["completed_on"] == timezone.localdate().isoformat() for step in content["steps"])
    assert content["result"] == "done" and content["concluded_at"].startswith(timezone.localdate().isoformat())


def test_a_concluded_case_is_never_edited(personas, case):
    run_to_end(personas.cadre_a1, case)
    for call in (
        lambda: cases.complete_step(personas.cadre_a1, case, attachments=[evidence()], result="done", result_text="再办"),
        lambda: cases.return_case(personas.cadre_a1, case, reason="重新办理"),
        lambda: cases.reject_case(personas.cadre_a1, case, reason="撤销"),
        lambda: cases.terminate_case(personas.cadre_a1, case, reason="撤销"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.messages == ["该案件已办结,不能再修改。"]
    assert LogEntry.objects.count() == 1
    assert fresh(case).result_text == "已出具居住证明。"


def test_return_goes_back_one_step_with_a_reason(personas, case):
    with pytest.raises(ValidationError) as caught:
        cases.return_case(personas.cadre_a1, case, reason="材料不全")
    assert caught.value.messages == ["“受理申请”是第一步,不能退回上一步。"]
    cases.complete_step(personas.cadre_a1, case, attachments=[evidence()])
    with pytest.raises(ValidationError) as caught:
        cases.return_case(personas.cadre_a1, case, reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写退回上一步的理由。"]}
    assert fresh(case).current_step.name == "核实情况"
    cases.return_case(personas.cadre_a1, case, reason="户籍信息与申请不符,请补充材料")
    case = fresh(case)
    assert case.current_step.name == "受理申请" and case.state == "in_progress"
    assert list(CaseProgress.objects.values_list("step__name", "action")) == [
        ("受理申请", "completed"), ("核实情况", "returned"),
    ]
    # Back on the first step, it needs its evidence again.
    assert [(step.name, done) for step, done in cases.completion_dates(case)][0] == ("受理申请", None)


def test_reject_concludes_publicly_and_terminate_does_not(personas, case):
    second = start(personas)
    cases.reject_case(personas.cadre_a1, case, reason="不属于村级出具证明的范围")
    case = fresh(case)
    assert (case.state, case.result, case.result_text) == ("concluded", "rejected", "不属于村级出具证明的范围")
    cases.terminate_case(personas.cadre_a1, second, reason="申请人撤回申请")
    second = fresh(second)
    assert second.state == "terminated" and second.concluded_at is None
    assert list(LogEntry.objects.values_list("object_id", flat=True)) == [str(case.pk)]
    assert list(PowerCase.objects.public().values_list("pk", flat=True)) == [case.pk]


def test_two_cadres_cannot_complete_one_step_twice(personas, case):
    mine, theirs = fresh(case), fresh(case)
    cases.complete_step(personas.cadre_a1, mine, attachments=[evidence()])
    with pytest.raises(ValidationError) as caught:
        cases.complete_step(personas.secretary_a1, theirs, attachments=[evidence()])
    assert caught.value.messages == ["该案件已被他人处理,请刷新后重试。"]
    assert CaseProgress.objects.count() == 1
    assert fresh(case).current_step.name == "核实情况"


def test_step_scope(personas, case):
    with pytest.raises(Http404):
        cases.complete_step(personas.cadre_a2, case, attachments=[evidence()])
    with pytest.raises(PermissionDenied):
        cases.complete_step(personas.township_a, case, attachments=[evidence()])
    with pytest.raises(PermissionDenied):
        cases.reject_case(personas.villager_a1, case, reason="x")
    assert fresh(case).current_step.name == "受理申请"


# --- deadlines and overdue -------------------------------------------------------------


def test_deadlines_count_working_days_or_calendar_days(db):
    friday = datetime.datetime(2025, 3, 7, 15, 0, tzinfo=BEIJING)
    assert cases.limit_deadline(friday, 1, "working", A1) == datetime.datetime(2025, 3, 10, 18, 0, tzinfo=BEIJING)
    assert cases.limit_deadline(friday, 3, "working", A1) == datetime.datetime(2025, 3, 12, 18, 0, tzinfo=BEIJING)
    assert cases.limit_deadline(friday, 3, "calendar", A1) == datetime.datetime(2025, 3, 10, 18, 0, tzinfo=BEIJING)


def test_the_next_step_gets_its_own_deadline_and_the_overall_one_stays(personas, case):
    overall = case.overall_deadline
    cases.complete_step(personas.cadre_a1, case, attachments=[evidence()])
    case = fresh(case)
    assert case.overall_deadline == overall
    assert case.step_deadline == cases.limit_deadline(case.state_changed_at, 1, "working", A1)
    assert case.deadline == min(case.step_deadline, overall)


def make_overdue(case, *, step=True):
    """Pretend the case started two weeks ago: its step (or only its overall) deadline has passed."""
    past = timezone.now() - datetime.timedelta(days=14)
    fields = {"overall_deadline": past} if not step else {"step_deadline": past}
    PowerCase.objects.filter(pk=case.pk).update(deadline=past, **fields)


def test_overdue_cases_are_listed_for_the_village_township_and_county(personas, adopted, login):
    late = start(personas)
    on_time = start(personas)
    other = start(personas, region_code=A2, cadre=personas.cadre_a2)
    make_overdue(late)
    make_overdue(other, step=False)
    assert set(PowerCase.objects.overdue()) == {late, other}
    assert cases.deadline_flags(fresh(late))["step_overdue"]
    assert cases.deadline_flags(fresh(other)) == {"step_overdue": False, "overall_overdue": True}

    url = reverse("powers:overdue")

    def listed(user):
        page = login(user).get(url)
        assert page.status_code == 200
        return {case.pk for case in page.context["page"].object_list}

    assert listed(personas.township_a) == {late.pk, other.pk}
    assert listed(personas.county) == {late.pk, other.pk}
    assert listed(personas.cadre_a1) == {late.pk}
    assert listed(personas.supervisor_a1) == {late.pk}
    assert listed(personas.township_b) == set()
    assert login(personas.villager_a1).get(url).status_code == 403
    assert on_time.pk not in listed(personas.township_a)
    api = login(personas.township_a).get("/api/v1/powers/cases?overdue=true").json()
    assert {row["id"] for row in api["items"]} == {late.pk, other.pk} and all(row["overdue"] for row in api["items"])
    # Concluding a late case takes it off the list.
    run_to_end(personas.cadre_a1, late)
    assert listed(personas.township_a) == {other.pk}


# --- pages -----------------------------------------------------------------------------


def test_case_pages(personas, adopted, login):
    client = login(personas.cadre_a1)
    item = item_of(A1)
    response = client.post(reverse("powers:case_create"), {"item": item.pk, "applicant_name": "", "subject": "开证明"})
    assert response.status_code == 200 and "请填写申请人姓名。" in response.content.decode()
    assert not PowerCase.objects.exists()
    response = client.post(reverse("powers:case_create"), {"item": item.pk, "applicant_name": "李四", "subject": "开证明"})
    case = PowerCase.objects.get()
    assert response.url == reverse("powers:case_detail", args=[case.pk])

    step_url = reverse("powers:case_step", args=[case.pk, "complete"])
    assert client.get(step_url).status_code == 405
    response = client.post(step_url, {"comment": "已受理"})
    assert response.status_code == 422
    assert "步骤“受理申请”须上传证明材料" in response.content.decode()
    assert fresh(case).current_step.name == "受理申请"
    response = client.post(step_url, {"comment": "已受理", "attachments": evidence()})
    assert response.status_code == 302 and fresh(case).current_step.name == "核实情况"
    response = client.post(reverse("powers:case_step", args=[case.pk, "return"]), {"reason": ""})
    assert response.status_code == 422 and "请填写退回上一步的理由。" in response.content.decode()
    detail = client.get(reverse("powers:case_detail", args=[case.pk])).content.decode()
    assert 'id="flow-step-2"' in detail and "current" in detail and "证明存根.jpg" in detail

    assert login(personas.cadre_a2).get(reverse("powers:case_detail", args=[case.pk])).status_code == 404
    assert login(personas.township_b).get(reverse("powers:case_detail", args=[case.pk])).status_code == 404
    assert login(personas.villager_a1).get(reverse("powers:case_detail", args=[case.pk])).status_code == 403
    assert login(personas.township_a).get(reverse("powers:case_detail", args=[case.pk])).status_code == 200
    response = login(personas.cadre_a2).post(step_url, {"attachments": evidence()})
    assert response.status_code == 404
    response = login(personas.township_a).post(step_url, {"attachments": evidence()})
    assert response.status_code == 403
    assert login(personas.cadre_a2).get(reverse("powers:case_create") + f"?item={item.pk}").status_code == 404
    assert login(personas.villager_a1).get(reverse("powers:case_create") + f"?item={item.pk}").status_code == 403
    assert fresh(case).current_step.name == "核实情况"


# --- API -------------------------------------------------------------------------------


def test_cases_api(personas, adopted, login):
    client = login(personas.cadre_a1)
    item = item_of(A1)
    response = client.post("/api/v1/powers/cases", {"item": item.pk, "applicant_name": "", "subject": "x"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["applicant_name"] == ["请填写申请人姓名。"]
    response = client.post("/api/v1/powers/cases", {"item": item.pk, "applicant_name": "王五", "subject": "开证明"}, content_type="application/json")
    assert response.status_code == 201
    case_id = response.json()["id"]
    assert response.json()["current_step"] == "受理申请" and "complete_step" in response.json()["allowed_steps"]

    response = client.post(f"/api/v1/powers/cases/{case_id}/complete", {"comment": "无材料"})
    assert response.status_code == 422
    assert response.json()["errors"]["attachments"] == ["步骤“受理申请”须上传证明材料(申请人身份证明及相关材料)后才能完成。"]
    response = client.post(f"/api/v1/powers/cases/{case_id}/complete", {"comment": "齐全", "evidence": evidence()})
    assert response.status_code == 200 and response.json()["current_step"] == "核实情况"
    assert response.json()["steps"][0]["evidence"][0]["name"] == "证明存根.jpg"

    assert login(personas.cadre_a2).get(f"/api/v1/powers/cases/{case_id}").status_code == 404
    assert login(personas.villager_a1).get(f"/api/v1/powers/cases/{case_id}").status_code == 403
    assert login(personas.township_a).post(f"/api/v1/powers/cases/{case_id}/reject", {"reason": "x"}, content_type="application/json").status_code == 403
    assert login(personas.cadre_b1).post(f"/api/v1/powers/cases/{case_id}/reject", {"reason": "x"}, content_type="application/json").status_code == 404
    client = login(personas.cadre_a1)
    response = client.post(f"/api/v1/powers/cases/{case_id}/reject", {"reason": ""}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["reason"] == ["请填写不予办理的理由。"]
    response = client.post(f"/api/v1/powers/cases/{case_id}/reject", {"reason": "不属于出具范围"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "concluded" and response.json()["result"] == "rejected"
    assert LogEntry.objects.filter(object_id=str(case_id)).count() == 1
    listed = client.get("/api/v1/powers/cases?state=concluded").json()
    assert [row["id"] for row in listed["items"]] == [case_id]
