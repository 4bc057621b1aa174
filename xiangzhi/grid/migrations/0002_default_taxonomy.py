"""The shared defaults every county starts from: the two-level event taxonomy (大类/小类,
after the grid-event practice of 综治 standards such as GB/T 30428.2), working-day
deadlines for every 小类 and urgency, and China's public holidays and 调休 working
weekends of 2025 and 2026 (from the `chinese_calendar` package, which follows the State
Council's notices).

Category codes are Open311 service codes: ASCII, stable, never renamed.
"""

import datetime

from django.db import migrations

# (code, name, description, [(code suffix, name, description), …])
TAXONOMY = [
    ("dispute", "矛盾纠纷", "群众之间、群众与组织之间的矛盾纠纷。", [
        ("neighbour", "邻里纠纷", "相邻关系、通行、排水、噪音等邻里之间的纠纷。"),
        ("family", "婚姻家庭纠纷", "婚姻、赡养、抚养、继承等家庭纠纷。"),
        ("land_forest", "土地山林纠纷", "承包地、山林、水利等权属和边界纠纷。"),
        ("labour", "劳资纠纷", "拖欠工资、劳务报酬等纠纷。"),
        ("homestead", "宅基地纠纷", "宅基地使用、建房界址等纠纷。"),
    ]),
    ("security", "治安隐患", "影响社会治安的人员、场所和行为线索。", [
        ("suspicious", "可疑人员与物品", "形迹可疑人员、来历不明物品。"),
        ("theft", "盗窃与财物损失", "偷盗牲畜、农机具、财物等。"),
        ("gambling_drugs", "黄赌毒线索", "聚众赌博、涉毒、涉黄活动线索。"),
        ("cult", "邪教与非法宗教活动", "邪教传播、非法宗教聚集活动。"),
        ("public_order", "扰乱公共秩序", "寻衅滋事、聚众闹事等。"),
    ]),
    ("work_safety", "安全生产", "生产经营和建房施工中的安全隐患。", [
        ("hazardous_chemicals", "危险化学品", "危化品、烟花爆竹违规储存和经营。"),
        ("illegal_mining", "非法采矿采砂", "非法开采矿产、河道采砂。"),
        ("construction", "建筑施工安全", "施工现场、脚手架、起重作业等隐患。"),
        ("self_built_house", "自建房安全", "农村自建房裂缝、倾斜、违规加层等隐患。"),
        ("traffic", "农村交通安全", "农用车载人、校车、临水临崖路段等隐患。"),
    ]),
    ("fire", "消防", "火灾和消防安全隐患。", [
        ("outbreak", "火情", "正在发生的火灾、冒烟。"),
        ("outdoor_burning", "野外用火", "烧荒、祭祀用火等山火隐患。"),
        ("wiring", "电气线路隐患", "私拉乱接电线、线路老化。"),
        ("blocked_access", "消防通道堵塞", "消防通道、安全出口被占用。"),
        ("equipment", "消防设施损坏", "消防栓、灭火器缺失或损坏。"),
    ]),
    ("environment", "环境卫生", "人居环境和生态环境问题。", [
        ("garbage", "生活垃圾", "垃圾乱堆乱放、清运不及时。"),
        ("sewage", "污水排放", "生活污水、工业废水乱排。"),
        ("water_pollution", "河道水体污染", "河道、水塘、水源地污染。"),
        ("livestock", "畜禽养殖污染", "养殖粪污直排、病死畜禽乱丢。"),
        ("burning", "秸秆垃圾焚烧", "露天焚烧秸秆、垃圾。"),
        ("illegal_building", "乱搭乱建", "违法占地、私搭乱建。"),
    ]),
    ("infrastructure", "道路设施", "道路、桥梁和公共设施损坏。", [
        ("road", "道路损毁", "路面塌陷、坑洼、水毁。"),
        ("bridge", "桥梁涵洞", "桥梁、涵洞损坏或存在隐患。"),
        ("street_light", "路灯照明", "路灯不亮、损坏。"),
        ("water_supply", "供水设施", "饮水工程、管道损坏或停水。"),
        ("power_telecom", "电力通信线路", "电杆倾斜、线路断落、通信中断。"),
    ]),
    ("geohazard", "地质灾害", "地质灾害险情和隐患。", [
        ("landslide", "山体滑坡", "山体开裂、滑移。"),
        ("rockfall", "崩塌落石", "危岩、落石。"),
        ("debris_flow", "泥石流", "沟谷泥石流险情。"),
        ("karst_collapse", "岩溶塌陷", "地面塌陷、陷坑。"),
        ("ground_crack", "地裂缝", "地面、房屋出现新的裂缝。"),
    ]),
    ("food_safety", "食品安全", "食品生产经营和农村集体聚餐安全。", [
        ("unlicensed", "无证经营", "无证无照生产、经营食品。"),
        ("expired", "过期变质食品", "销售过期、变质、假冒食品。"),
        ("group_dining", "农村集体聚餐", "红白喜事等集体聚餐的申报和安全。"),
        ("school_area", "校园周边食品", "学校周边“三无”食品、流动摊贩。"),
        ("poisoning", "食物中毒", "疑似食物中毒事件。"),
    ]),
    ("special_groups", "特殊人群", "需要服务管理的特殊人群的情况变化。", [
        ("mental_illness", "严重精神障碍患者", "病情波动、脱管漏管、肇事肇祸苗头。"),
        ("community_correction", "社区矫正对象", "社区矫正对象的异常情况。"),
        ("released_prisoners", "刑满释放人员", "刑满释放人员的安置帮教。"),
        ("drug_users", "吸毒人员", "吸毒人员的管控和帮扶。"),
        ("at_risk_youth", "重点青少年", "闲散、辍学、有不良行为的青少年。"),
    ]),
    ("livelihood", "民生服务", "群众生产生活中需要帮助解决的事项。", [
        ("social_assistance", "社会救助", "低保、特困、临时救助需求。"),
        ("elderly_care", "养老服务", "独居、失能老人的照料需求。"),
        ("left_behind_children", "留守儿童关爱", "留守儿童的监护、就学、安全。"),
        ("employment", "就业帮扶", "务工就业、技能培训需求。"),
        ("medical", "看病就医", "医疗、家庭医生签约服务需求。"),
        ("relapse_into_poverty", "防返贫监测", "因病、因灾等返贫致贫风险。"),
    ]),
    ("policy", "政策咨询", "群众对政策和办事流程的咨询。", [
        ("social_insurance", "社保医保", "养老保险、医疗保险的参保和待遇。"),
        ("farm_subsidy", "惠农补贴", "耕地地力保护补贴等惠农政策。"),
        ("certificates", "户籍证照", "户口、身份证和各类证照的办理。"),
        ("land", "土地政策", "土地承包、宅基地审批政策。"),
        ("education", "教育政策", "入学、助学政策。"),
    ]),
    ("other", "其他", "不属于以上类别的事件。", [
        ("other", "其他事件", "不属于以上类别的事件。"),
        ("suggestion", "意见建议", "对村务和公共服务的意见建议。"),
    ]),
]

# Working days (accept, resolve) per urgency. Fire and geological hazards threaten lives
# and are handled faster; disputes need time for mediation.
DEFAULT_DEADLINES = {"normal": (1, 5), "urgent": (1, 2), "critical": (1, 1)}
DEADLINES_BY_GROUP = {
    "fire": {"normal": (1, 2), "urgent": (1, 1), "critical": (1, 1)},
    "geohazard": {"normal": (1, 2), "urgent": (1, 1), "critical": (1, 1)},
    "dispute": {"normal": (1, 10), "urgent": (1, 3), "critical": (1, 1)},
}

CALENDAR_YEARS = (2025, 2026)
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


def category_codes():
    for code, _name, _description, children in TAXONOMY:
        yield code
        for suffix, _child_name, _child_description in children:
            yield f"{code}.{suffix}"


def calendar_exceptions():
    """(date, is_workday, name) for each weekday holiday and each weekend worked (调休)."""
    import chinese_calendar

    days = []
    for date, name in chinese_calendar.holidays.items():
        if date.year in CALENDAR_YEARS and date.weekday() < 5:
            days.append((date, False, HOLIDAY_NAMES.get(name, name)))
    for date, name in chinese_calendar.workdays.items():
        if date.year in CALENDAR_YEARS and date.weekday() >= 5:
            days.append((date, True, f"{HOLIDAY_NAMES.get(name, name)}调休上班"))
    return sorted(days)


def seed(apps, schema_editor):
    EventCategory = apps.get_model("grid", "EventCategory")
    DeadlineRule = apps.get_model("grid", "DeadlineRule")
    CalendarDay = apps.get_model("grid", "CalendarDay")

    for group_order, (code, name, description, children) in enumerate(TAXONOMY, start=1):
        group, _created = EventCategory.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "parent": None, "county": None,
                      "active": True, "order": group_order * 100},
        )
        deadlines = DEADLINES_BY_GROUP.get(code, DEFAULT_DEADLINES)
        for child_order, (suffix, child_name, child_description) in enumerate(children, start=1):
            leaf, _created = EventCategory.objects.update_or_create(
                code=f"{code}.{suffix}",
                defaults={"name": child_name, "description": child_description, "parent": group,
                          "county": None, "active": True, "order": group_order * 100 + child_order},
            )
            for urgency, (accept_days, resolve_days) in deadlines.items():
                DeadlineRule.objects.update_or_create(
                    county=None, category=leaf, urgency=urgency,
                    defaults={"accept_days": accept_days, "resolve_days": resolve_days},
                )

    for date, is_workday, name in calendar_exceptions():
        CalendarDay.objects.update_or_create(
            county=None, date=date, defaults={"is_workday": is_workday, "name": name}
        )


def unseed(apps, schema_editor):
    EventCategory = apps.get_model("grid", "EventCategory")
    DeadlineRule = apps.get_model("grid", "DeadlineRule")
    CalendarDay = apps.get_model("grid", "CalendarDay")

    codes = list(category_codes())
    DeadlineRule.objects.filter(county__isnull=True, category__code__in=codes).delete()
    EventCategory.objects.filter(code__in=codes, parent__isnull=False).delete()
    EventCategory.objects.filter(code__in=codes).delete()
    CalendarDay.objects.filter(
        county__isnull=True,
        date__gte=datetime.date(min(CALENDAR_YEARS), 1, 1),
        date__lte=datetime.date(max(CALENDAR_YEARS), 12, 31),
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("grid", "0001_grid_events"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
