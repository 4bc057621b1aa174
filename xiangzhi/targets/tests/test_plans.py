"""Plan files: the real plan's targets, pending (待接入) targets, and faulty files refused with the line."""

import pytest

from xiangzhi.targets import plans
from xiangzhi.targets.plans import PlanError, parse_plan

from .engine_data import TEST_PLAN, test_plan, write_plan  # noqa: F401

HEADER = """\
title: 测试规划
start_year: 2021
end_year: 2025
actions:
  - key: law
    title: 乡村法治提升行动
    targets:
      - indicator: test.ratio
        title: 按期办结率
        module: targets
        comparator: ">="
        value: 0.9
        deadline: 2025
"""


def refused(text):
    with pytest.raises(PlanError) as error:
        parse_plan(text, "bad")
    return str(error.value)


def test_an_unknown_indicator_of_an_installed_module_is_refused_with_its_line():
    text = HEADER + "      - {indicator: legal.foo, title: 无此指标, module: legal, comparator: '>=', value: 1, deadline: 2025}\n"
    assert refused(text) == "bad.yaml 第 14 行：未知指标 legal.foo"


def test_a_target_without_a_numeric_value_is_refused_with_its_line():
    assert refused(HEADER.replace("value: 0.9", "value: 九成")) == "bad.yaml 第 12 行：目标值（value）应为数字，而不是「九成」"
    assert "第 8 行：缺少目标值（value）" in refused(HEADER.replace("        value: 0.9\n", ""))


def test_a_share_above_one_is_refused_with_its_line():
    message = refused(HEADER.replace("value: 0.9", "value: 90"))
    assert message.startswith("bad.yaml 第 12 行：占比目标应写成小数")


def test_a_comparator_other_than_at_least_or_at_most_is_refused_with_its_line():
    assert refused(HEADER.replace('">="', '">"')) == "bad.yaml 第 11 行：比较方式只能是 >= 或 <=，而不是「>」"


def test_a_deadline_outside_the_plan_and_a_duplicate_key_are_refused_with_their_lines():
    assert "第 13 行：完成年份 2030 不在规划期 2021—2025 年内" in refused(HEADER.replace("deadline: 2025", "deadline: 2030"))
    duplicate = HEADER + "      - {indicator: test.ratio, title: 再来, module: targets, comparator: '>=', value: 1, deadline: 2025}\n"
    assert refused(duplicate) == "bad.yaml 第 14 行：目标 test.ratio 重复（第 8 行已有）"


def test_broken_yaml_is_refused_with_its_line():
    assert refused(HEADER + "      - [unclosed\n").startswith("bad.yaml 第 15 行：YAML 格式错误")


def test_a_count_target_may_exceed_one_and_a_target_of_a_missing_module_is_pending():
    text = HEADER + (
        "      - {indicator: test.count, title: 个数, module: targets, comparator: '>=', value: 300, deadline: 2025}\n"
        "      - {indicator: future.child_director_coverage, title: 三会一课, module: future, comparator: '>=', value: 1,"
        " deadline: 2025, quantified: false}\n"
    )
    plan = parse_plan(text, "ok")
    count, meetings = plan.target("test.count"), plan.target("future.child_director_coverage")
    assert (count.value, count.pending, count.line) == (300, False, 14)
    assert meetings.pending and meetings.definition is None and not meetings.quantified
    assert meetings.rag(1.0) is None  # 待接入 is never shown as met or missed
    assert [i.key for i in plan.indicators()] == ["test.ratio", "test.count"]


def test_the_current_plan_comes_from_the_plan_folder(test_plan, settings, tmp_path):
    assert plans.available_plans() == ["test-plan"]
    assert test_plan.key == "test-plan" and [a.key for a in test_plan.actions] == ["law", "party"]
    assert test_plan.period_kinds() == ["quarter", "year"]
    write_plan(tmp_path, "next-plan", TEST_PLAN.replace("测试规划", "下一个规划"))
    assert plans.load_plan("next-plan").title == "下一个规划"
    with pytest.raises(PlanError, match="没有名为 missing 的规划文件"):
        plans.load_plan("missing")


def test_red_amber_green_follow_the_targets_thresholds(test_plan):
    at_least, count = test_plan.target("test.ratio"), test_plan.target("test.count")
    assert [at_least.rag(v) for v in (0.95, 0.85, 0.7, None)] == ["green", "amber", "red", None]
    assert count.rag(280) == "amber" and count.rag(300) == "green" and count.rag(100) == "red"


# --- the Guangxi plan ----------------------------------------------------------------------

REQUIRED = {
    "law.democracy_region_villages": (">=", 300, 2025, "safety"),
    "law.democracy_city_villages": (">=", 1000, 2025, "safety"),
    "legal.literate_coverage": (">=", 1.0, 2025, "legal"),
    "legal.publicity_site_coverage": (">=", 0.8, 2025, "legal"),
    "safety.case_free_or_declining": (">=", 0.8, 2025, "safety"),
    "legal.advisor_coverage": (">=", 1.0, 2025, "legal"),
    "petitions.county_centre_standardised": (">=", 1.0, 2025, "petitions"),
    "moral.civilised_villages": (">=", 0.75, 2025, "regions"),
}
COLLAB = {"services.applications_on_time": "services", "children.child_director_coverage": "children",
          "socialorgs.social_work_station_coverage": "socialorgs"}


def test_the_guangxi_plan_holds_the_five_actions_and_every_quantified_target():
    plan = plans.load_plan("guangxi-2021-2025")
    assert [(a.key, a.title) for a in plan.actions] == [
        ("party", "基层党建强化行动"), ("selfgov", "村民自治完善行动"), ("law", "乡村法治提升行动"),
        ("moral", "乡村德治普及行动"), ("collab", "多方协同推进行动"),
    ]
    targets = {t.key: t for t in plan.targets()}
    for key, (comparator, amount, deadline, module) in REQUIRED.items():
        target = targets[key]
        assert (target.comparator, target.value, target.deadline, target.module) == (comparator, amount, deadline, module)
        assert target.quantified and not target.pending and target.definition is not None
        assert target.section.startswith("二（三）") or target.section.startswith("二（四）")
    assert not [t.key for t in plan.targets() if t.pending]  # every module the plan names is installed
    assert {t.key: t.module for t in plan.targets() if t.key in COLLAB} == COLLAB
    operational = {t.key for t in plan.targets() if not t.quantified and not t.pending}
    assert {"grid.events_on_time", "grid.event_satisfaction", "grid.visit_coverage", "disclosure.on_time",
            "mediation.resolved_locally", "mediation.one_venue", "petitions.on_time",
            "legal.requests_on_time"} <= operational
