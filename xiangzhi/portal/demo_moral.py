"""Demo data of moral governance for `seed_demo --county`: the demo village's points rules in
force, a few approved awards to the demo villager's household (so the villager account has a
balance), and a stocked 爱心超市 — all through the real actions. Idempotent: a village that
already has points rules is left alone."""

import datetime

from django.db import transaction
from django.utils import timezone

from xiangzhi.points import awards, rules
from xiangzhi.points.models import AdoptionBody, RuleSet
from xiangzhi.shop import actions as shop_actions
from xiangzhi.shop.models import MovementKind

RULE_ITEMS = [
    ("base", "每户基础分", 60, False),
    ("meeting_attendance", "参加村民会议", 5, False),
    ("volunteer_hour", "志愿服务每小时", 2, False),
    ("clean_yard", "庭院卫生检查优秀", 10, True),
    ("good_deed", "好人好事", 20, True),
    ("illegal_building", "违规建房", -30, True),
]
GOODS = [("洗衣粉", 20, "袋", 850, 30), ("食用油", 60, "桶", 4580, 10), ("大米(10斤)", 80, "袋", 3500, 12)]


def seed_moral(village_code, *, cadre, secretary, household):
    """{"rule_items": n, "entries": n, "goods": n} written now."""
    if RuleSet.objects.filter(village_id=village_code).exists():
        return {"rule_items": 0, "entries": 0, "goods": 0}
    draft = rules.create_draft(secretary, village_code, title="村民积分管理细则")
    for code, name, points, evidence in RULE_ITEMS:
        rules.add_item(secretary, draft, code=code, name=name, points=points, evidence_required=evidence)
    rules.adopt(secretary, draft, adopted_on=timezone.localdate() - datetime.timedelta(days=60),
                body=AdoptionBody.REPRESENTATIVES)
    entries = 0
    if household is not None:
        for code, note in (("base", "年度基础分"), ("meeting_attendance", "参加村民代表会议")):
            item = rules.item_in_force(village_code, code)
            proposal = awards.propose(cadre, household, rule_item_id=item.pk, note=note)
            awards.approve(secretary, proposal, note="道德评议会审议通过")
            entries += 1
    shop = shop_actions.create_shop(secretary, region_code=village_code, name="爱心超市", address="村部一楼")
    for name, price, unit, unit_value_fen, quantity in GOODS:
        goods = shop_actions.add_goods(secretary, shop, name=name, price=price, unit=unit,
                                       unit_value_fen=unit_value_fen)
        with transaction.atomic():
            shop_actions.stock_in(secretary, goods, kind=MovementKind.DONATION, quantity=quantity,
                                  source="爱心企业捐赠", value_fen=quantity * unit_value_fen)
    return {"rule_items": len(RULE_ITEMS), "entries": entries, "goods": len(GOODS)}
