"""Demo data of the services-and-collaboration apps (多方协同推进) for `seed_demo --county`: each app
writes its own through its real actions (`<app>/demo.py`), idempotently."""

from importlib import import_module

from django.apps import apps

from xiangzhi.accounts.models import User
from xiangzhi.core.demo import demo_places, demo_username

COLLAB_APPS = ("services", "socialorgs", "children", "cadres", "pilots")
# How the console names what each app's demo wrote.
LABELS = {
    "service_applications": "申请", "service_results": "办结文书", "service_ratings": "评价",
    "service_notices": "一次性告知", "organisations": "社会组织", "activities": "进村活动",
    "projects": "政府购买服务项目", "stations": "社会工作服务站", "child_directors": "儿童主任",
    "flagged_minors": "新标记的留守儿童", "child_cases": "关爱档案", "child_visits": "走访",
    "trainings": "培训", "attendances": "参训记录", "pay_standards": "报酬标准", "pay_calculations": "报酬核算",
    "cases": "典型案例", "files": "案例材料",
}


def seed_collab(county):
    """{app verbose name: {what: count written now}} for every collaboration app."""
    places = demo_places(county)

    def user_for(role):
        return User.objects.get(username=demo_username(role, county.code))

    made = {}
    for label in COLLAB_APPS:
        config = apps.get_app_config(label)
        made[str(config.verbose_name)] = import_module(f"{config.name}.demo").seed_demo(places, user_for)
    return made
