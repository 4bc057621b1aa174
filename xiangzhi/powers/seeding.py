"""Demo data: a township and its villages adopt the default lists, and each village runs a few
cases through the real actions (so they have their history, evidence, audit events and, when
concluded, their publication log entries).

seed_powers(township_code, village_codes, actor) -> {"lists": n, "cases": n}
`actor` adopts the lists where it may manage them; elsewhere, and for the cases, the
village's own secretary / director / cadre acts (the first one posted there); a village
without one gets its list but no cases. Run again, it skips what exists.
"""

from django.core.files.base import ContentFile

from xiangzhi.accounts.capabilities import capabilities_of
from xiangzhi.accounts.models import Post
from xiangzhi.accounts.permissions import can
from xiangzhi.regions.models import Region

from . import cases, lists
from .models import PowerCase, PowerItem, PowerList

# (item code, applicant, subject, how far: "done" / "approved" / "reject" / open step count)
DEMO_CASES = [
    ("06", "张秀英", "申请出具居住证明(子女入学)", "done", "已出具居住证明一份。"),
    ("05", "李建国", "村集体土地承包合同用印", "approved", "审核无误,已登记用印。"),
    ("01", "黄丽萍", "申请最低生活保障", "reject", "经入户调查,家庭人均收入高于当地低保标准,不符合条件。"),
    ("02", "韦文军", "申请新建住房宅基地", 2, ""),
]


def _evidence(step):
    return [ContentFile(f"{step.name}:{step.evidence_description}\n".encode(), name=f"{step.name}.txt")]


def _person_for(region_code, capability, actor):
    if actor is not None and can(actor, capability, region_code):
        return actor
    for post in Post.objects.active().filter(region_id=region_code).select_related("user", "region"):
        if capability in capabilities_of(post) and post.user.is_active:
            return post.user
    return None


def _run(cadre, item, applicant, subject, outcome, result_text):
    case = cases.start_case(cadre, item, applicant_name=applicant, subject=subject)
    if outcome == "reject":
        cases.complete_step(cadre, case, attachments=_evidence(case.current_step))
        cases.reject_case(cadre, case, reason=result_text)
        return case
    steps_to_take = outcome if isinstance(outcome, int) else len(cases.ordered_steps(item))
    for _number in range(steps_to_take):
        step = case.current_step
        evidence = _evidence(step) if step.evidence_required else []
        if cases.is_last_step(case):
            cases.complete_step(cadre, case, attachments=evidence, result=outcome, result_text=result_text)
        else:
            cases.complete_step(cadre, case, attachments=evidence, comment="")
    return case


def seed_powers(township_code, village_codes, actor):
    counts = {"lists": 0, "cases": 0}
    for code in [township_code, *village_codes]:
        if PowerList.objects.filter(region_id=code).exists():
            continue
        manager = _person_for(code, lists.MANAGE, actor)
        region = Region.objects.filter(code=code).first()
        if manager is None or region is None:
            continue
        lists.adopt_default_list(manager, region, note="示范数据:采用默认清单")
        counts["lists"] += 1
    for code in village_codes:
        if PowerCase.objects.filter(region_id=code).exists():
            continue
        cadre = _person_for(code, cases.HANDLE, None)
        if cadre is None:
            continue
        items = {
            item.code: item
            for item in PowerItem.objects.filter(power_list__region_id=code, power_list__state="active")
        }
        for item_code, applicant, subject, outcome, result_text in DEMO_CASES:
            if item_code in items:
                _run(cadre, items[item_code], applicant, subject, outcome, result_text)
                counts["cases"] += 1
    return counts
