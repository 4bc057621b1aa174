"""Demo data of the cadres app for `seed_demo`: the county's training for village secretaries held
today with its attendance, the county's pay standards for last year, and last year's pay of the demo
village's cadres (from the published assessment result, or an entered score where none is
published). Written through the real actions; a second call writes nothing."""

from django.utils import timezone

from xiangzhi.accounts.models import Role

from . import actions, queries
from .models import Attendance, AttendanceStatus, PayCalculation, PayStandard, TrainingPlan

TRAINING_TITLE = "村党组织书记履职能力提升培训班"
STANDARDS = {Role.VILLAGE_SECRETARY: "2600", Role.VILLAGE_DIRECTOR: "2400", Role.VILLAGE_CADRE: "2000"}


def seed_demo(places, user_for) -> dict[str, int]:
    county, village = places["county"], places["village"]
    county_user, township_user = user_for(Role.COUNTY_DEPARTMENT), user_for(Role.TOWNSHIP_OFFICIAL)
    counts = {"trainings": 0, "attendances": 0, "pay_standards": 0, "pay_calculations": 0}
    today = timezone.localdate()
    plan = TrainingPlan.objects.filter(region=county, title=TRAINING_TITLE, year=today.year).first()
    if plan is None:
        plan = actions.create_training(
            county_user, region_code=county.code, title=TRAINING_TITLE, year=today.year, starts_on=today,
            ends_on=today, venue="县委党校", hours="8",
            content="基层党组织建设、乡村治理政策与村务管理实务、化解矛盾纠纷方法", target_roles=[Role.VILLAGE_SECRETARY])
        counts["trainings"] = 1
    if not plan.attendances.exists():
        entries = [{"user": post.user_id, "status": AttendanceStatus.PRESENT} for post in queries.trainee_posts(plan)]
        if entries:
            actions.record_attendance(county_user, plan, entries)
            counts["attendances"] = Attendance.objects.filter(plan=plan).count()
    year = today.year - 1
    for role, monthly in STANDARDS.items():
        if not PayStandard.objects.filter(region=county, year=year, role=role).exists():
            actions.set_pay_standard(county_user, county.code, year=year, role=role, monthly_basic=monthly,
                                     performance="6000", rule="grade_bands")
            counts["pay_standards"] += 1
    if not PayCalculation.objects.filter(region=village, year=year).exists():
        entered = {} if queries.published_result(village.code, year) else {
            "score": "82", "reason": "县级考核结果尚未发布,按乡镇年度考评得分计算"}
        try:
            counts["pay_calculations"] = len(actions.calculate_pay(township_user, village.code, year=year, **entered))
        except actions.ValidationError:  # no cadre held a post in the village last year
            pass
    return counts
