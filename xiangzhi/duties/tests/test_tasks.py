"""清单之外无事项: tasks reach villages only from a list item or an approved admission; the
village marks them done; the burden per village."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.duties import actions, queries
from xiangzhi.duties.models import DutyItem, DutyTask

from .duty_data import (  # noqa: F401
    A1, A2, B1, COUNTY, TOWNSHIP_A, approved_request, default_item, file_request, fresh, next_week, reviewer,
)

pytestmark = pytest.mark.django_db
OFF_LIST = "该事项不在村级组织履职事项或协助政府工作事项清单内,也未经准入审批,不能派给村里。"


def test_the_default_lists_hold_about_ten_items_each_with_their_basis():
    statutory = DutyItem.objects.filter(list_kind="statutory", county__isnull=True)
    assisting = DutyItem.objects.filter(list_kind="assisting", county__isnull=True)
    assert 8 <= statutory.count() <= 15 and 8 <= assisting.count() <= 15
    assert statutory.filter(name__startswith="村民自治事务").exists()
    for name in ("协助做好征兵", "协助做好计划生育/人口监测", "协助做好防汛抗旱和地质灾害群测群防"):
        assert assisting.filter(name=name).exclude(basis="").exists()


def test_a_township_assigns_a_list_item_to_its_villages(personas):
    item = default_item()
    tasks = actions.assign_task(personas.township_a, villages=[A1, A2], due_on=next_week().isoformat(), item=item)
    assert sorted(task.region_id for task in tasks) == [A1, A2]
    task = DutyTask.objects.get(region_id=A1)
    assert (task.title, task.kind, task.state, task.assigned_by_id, task.due_on) == (
        "协助做好征兵", "task", "assigned", personas.township_a.pk, next_week())
    assert AuditEvent.objects.filter(action="duty_task.assign").count() == 2


def test_anything_off_the_lists_and_not_admitted_is_refused_with_the_reason(personas, reviewer):
    with pytest.raises(ValidationError) as excinfo:
        actions.assign_task(personas.township_a, villages=[A1], due_on=next_week(), title="统计全村养狗户数")
    assert excinfo.value.message_dict["source"] == [OFF_LIST]
    pending = file_request(personas.township_a)
    with pytest.raises(ValidationError) as excinfo:
        actions.assign_task(personas.township_a, villages=[A1], due_on=next_week(), admission=pending)
    assert excinfo.value.message_dict["admission"] == [f"{OFF_LIST}(准入申请“美丽庭院创建达标”待审批)"]
    rejected = file_request(personas.township_a, title="村村建文化墙")
    actions.review_admission(reviewer, rejected, "reject", reason="无依据")
    with pytest.raises(ValidationError) as excinfo:
        actions.assign_task(personas.township_a, villages=[A1], due_on=next_week(), admission=fresh(rejected))
    assert "不予准入" in excinfo.value.message_dict["admission"][0]
    assert not DutyTask.objects.exists()


def test_the_database_itself_refuses_a_task_without_a_source(personas):
    item = default_item()
    actions.assign_task(personas.township_a, villages=[A1], due_on=next_week(), item=item)
    task = DutyTask.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyTask.objects.filter(pk=task.pk).update(item=None)


def test_an_approved_admission_carries_its_kind_and_veto_to_the_villages(personas, reviewer):
    admission = approved_request(personas.county, reviewer, kind="activity", veto=True, basis_level="central",
                                 basis_document="中办发〔2019〕45号")
    tasks = actions.assign_task(personas.township_a, villages=[A1], due_on=next_week(), admission=admission,
                                title="美丽庭院评选")
    assert (tasks[0].kind, tasks[0].veto, tasks[0].admission_id) == ("activity", True, admission.pk)


def test_a_township_admission_reaches_only_its_own_villages(personas, reviewer):
    admission = approved_request(personas.township_a, reviewer, kind="sign", title="“平安乡村”牌子上墙")
    assert not queries.assignable_admissions(personas.township_b).filter(pk=admission.pk).exists()
    assert queries.assignable_admissions(personas.county).filter(pk=admission.pk).exists()
    with pytest.raises(ValidationError) as excinfo:
        actions.assign_task(personas.county, villages=[B1], due_on=next_week(), admission=admission)
    assert excinfo.value.message_dict["villages"] == ["“白沙村委会”不在准入申请的范围内。"]
    assert not DutyTask.objects.exists()


def test_bad_assignment_input_names_the_field(personas):
    item = default_item()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    cases = [
        ({"villages": [], "due_on": next_week()}, "villages", "请至少选择一个村。"),
        ({"villages": [A1], "due_on": "明天"}, "due_on", "请填写完成期限(年-月-日)。"),
        ({"villages": [A1], "due_on": yesterday}, "due_on", "完成期限不能早于今天。"),
        ({"villages": [TOWNSHIP_A], "due_on": next_week()}, "villages", "“450321100”不是村(社区)代码。"),
    ]
    for options, field, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            actions.assign_task(personas.township_a, item=item, **options)
        assert excinfo.value.message_dict[field] == [message]
    assert not DutyTask.objects.exists()


def test_assigning_needs_the_capability_and_the_villages_in_scope(personas):
    item = default_item()
    for user in (personas.cadre_a1, personas.villager_a1):
        with pytest.raises(PermissionDenied):
            actions.assign_task(user, villages=[A1], due_on=next_week(), item=item)
    with pytest.raises(Http404):
        actions.assign_task(personas.township_a, villages=[A1, B1], due_on=next_week(), item=item)
    assert not DutyTask.objects.exists()


def test_the_village_marks_its_task_done_once(personas):
    [task] = actions.assign_task(personas.township_a, villages=[A1], due_on=next_week(), item=default_item())
    with pytest.raises(Http404):
        actions.complete_task(personas.cadre_a2, task, note="不是本村")
    with pytest.raises(PermissionDenied):
        actions.complete_task(personas.villager_a1, task)
    actions.complete_task(personas.cadre_a1, fresh(task), note="已完成适龄青年摸底登记 12 人。")
    task = fresh(task)
    assert (task.state, task.done_note) == ("done", "已完成适龄青年摸底登记 12 人。") and task.done_at
    with pytest.raises(ValidationError) as excinfo:
        actions.complete_task(personas.secretary_a1, task)
    assert excinfo.value.messages == ["当前状态下不能执行此操作。"]


def test_each_village_sees_its_own_tasks_and_by_whom(personas):
    actions.assign_task(personas.township_a, villages=[A1, A2], due_on=next_week(), item=default_item())
    actions.assign_task(personas.county, villages=[B1], due_on=next_week(), item=default_item())
    assert [task.region_id for task in queries.visible_tasks(personas.cadre_a1)] == [A1]
    assert queries.visible_tasks(personas.township_a).count() == 2
    assert queries.visible_tasks(personas.county).count() == 3
    b1_task = DutyTask.objects.get(region_id=B1)
    with pytest.raises(Http404):
        queries.get_task_for_user(personas.cadre_a1, b1_task.pk)
    with pytest.raises(PermissionDenied):
        queries.get_task_for_user(personas.villager_a1, b1_task.pk)
    assert str(queries.get_task_for_user(personas.cadre_b1, b1_task.pk).assigned_post) == "阳朔县 民政·县级部门"


def test_the_county_sees_the_burden_per_village_in_one_query(personas, reviewer, django_assert_num_queries):
    activity = approved_request(personas.county, reviewer, kind="activity")
    sign = approved_request(personas.county, reviewer, kind="sign", title="制度上墙")
    actions.assign_task(personas.county, villages=[A1, A2, B1], due_on=next_week(), item=default_item())
    actions.assign_task(personas.county, villages=[A1], due_on=next_week(), admission=activity)
    actions.assign_task(personas.county, villages=[A1, B1], due_on=next_week(), admission=sign)
    [done] = DutyTask.objects.filter(region_id=B1, kind="sign")
    actions.complete_task(personas.cadre_b1, done)
    DutyTask.objects.filter(region_id=A2).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    with django_assert_num_queries(1):
        rows = {row.code: (row.tasks, row.activities, row.signs, row.open_tasks, row.overdue)
                for row in queries.burden(personas.county, COUNTY)}
    assert rows == {A1: (1, 1, 1, 3, 0), A2: (1, 0, 0, 1, 1), B1: (1, 0, 1, 1, 0)}
    with pytest.raises(PermissionDenied):
        queries.burden(personas.township_a, TOWNSHIP_A)
    with pytest.raises(Http404):
        queries.burden(personas.county, "450312")
