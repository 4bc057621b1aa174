"""The region-wide service catalogue (服务事项清单) every county starts from. Time limits are
natural days; each county adjusts its own copy through the catalogue page."""

from django.db import migrations

REGION_WIDE = "45"

# (name, flow, department, legal basis, days, fully online, proxy allowed, [(material, required, note)])
ITEMS = [
    ("出具证明", "village", "村民委员会",
     "《中华人民共和国村民委员会组织法》第二条；《广西壮族自治区村级组织出具证明事项清单》", 3, True, True,
     [("户口簿或身份证", True, "首页及本人页照片"), ("证明用途说明", False, "写明向何单位出具、用途")]),
    ("最低生活保障申请", "village-township-county", "县民政局",
     "《社会救助暂行办法》第九条至第十一条；《广西壮族自治区最低生活保障办法》", 30, False, True,
     [("户口簿", True, ""), ("家庭成员身份证", True, ""), ("家庭收入及财产状况声明", True, "按样表填写并签名"),
      ("经济状况核对授权书", True, "家庭成员签名"), ("残疾证或病历", False, "家庭成员有残疾、重病的提供")]),
    ("特困人员救助供养申请", "village-township-county", "县民政局",
     "《社会救助暂行办法》第十四条至第十六条；《特困人员认定办法》", 30, False, True,
     [("户口簿", True, ""), ("身份证", True, ""), ("本人声明及收入财产状况", True, ""),
      ("残疾证或丧失劳动能力证明", False, "")]),
    ("临时救助申请", "village-township", "乡镇社会事务办",
     "《社会救助暂行办法》第四十七条至第五十条", 10, False, True,
     [("身份证", True, ""), ("遭遇困难的情况说明", True, "写明事由与金额"),
      ("医疗费用票据或事故证明", False, "")]),
    ("困难残疾人生活补贴和重度残疾人护理补贴申请", "village-township-county", "县残联、县民政局",
     "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》(国发〔2015〕52号)", 20, True, True,
     [("第二代残疾人证", True, ""), ("身份证", True, ""), ("户口簿", True, ""),
      ("银行卡或社保卡", True, "用于发放")]),
    ("高龄津贴申请", "village-township", "乡镇社会事务办",
     "《广西壮族自治区高龄老人津贴制度实施意见》", 15, True, True,
     [("身份证", True, "年满 80 周岁"), ("户口簿", True, ""), ("社保卡或银行卡", True, "")]),
    ("城乡居民基本医疗保险参保登记", "township", "乡镇人力资源和社会保障服务中心",
     "《中华人民共和国社会保险法》第二十五条；《医疗保障基金使用监督管理条例》", 5, True, True,
     [("身份证或户口簿", True, ""), ("特殊人群证明", False, "低保、特困、残疾等可享资助参保")]),
    ("城乡居民基本养老保险参保登记", "township", "乡镇人力资源和社会保障服务中心",
     "《国务院关于建立统一的城乡居民基本养老保险制度的意见》(国发〔2014〕8号)", 5, True, True,
     [("身份证", True, ""), ("户口簿", True, ""), ("银行卡或社保卡", True, "")]),
    ("农村宅基地和建房(规划许可)申请", "village-township", "乡镇人民政府",
     "《中华人民共和国土地管理法》第六十二条；《农村宅基地管理暂行办法》", 20, False, True,
     [("农村宅基地和建房(规划许可)申请表", True, "按样表填写"), ("户口簿", True, ""),
      ("村民小组会议讨论通过的意见", True, "村民小组会议记录"), ("住宅设计图或通用图", True, ""),
      ("承诺书", True, "一户一宅承诺")]),
    ("农机购置补贴申请", "township-county", "县农业农村局",
     "《农业机械购置与应用补贴实施指导意见》", 20, False, True,
     [("身份证", True, ""), ("购机发票", True, ""), ("农机具照片", True, "人机合影并显示铭牌"),
      ("银行卡", True, "")]),
    ("户籍业务代办", "village-township", "派出所",
     "《中华人民共和国户口登记条例》；《广西壮族自治区户籍管理规定》", 10, False, True,
     [("户口簿", True, ""), ("相关证明材料", True, "出生证明、结婚证、死亡证明等，视业务而定")]),
    ("居民身份证代办", "village-township", "派出所",
     "《中华人民共和国居民身份证法》第八条、第十一条", 20, False, True,
     [("户口簿", True, ""), ("原身份证", False, "换领、补领时提供"), ("近期免冠照片", False, "")]),
    ("就业登记与失业登记", "township", "乡镇人力资源和社会保障服务中心",
     "《中华人民共和国就业促进法》；《就业服务与就业管理规定》第六十一条至第六十六条", 5, True, True,
     [("身份证", True, ""), ("劳动合同或就业证明", False, "就业登记时提供")]),
    ("法律援助申请", "township-county", "县司法局法律援助中心",
     "《中华人民共和国法律援助法》第三十八条至第四十三条", 7, False, True,
     [("身份证", True, ""), ("经济困难状况说明表", True, "按样表填写"),
      ("与所申请法律援助事项有关的材料", True, "起诉状、判决书、证据等")]),
]


def seed(apps, schema_editor):
    ServiceItem = apps.get_model("services", "ServiceItem")
    ServiceMaterial = apps.get_model("services", "ServiceMaterial")
    for order, (name, flow, department, basis, days, online, proxy, materials) in enumerate(ITEMS, start=1):
        if ServiceItem.objects.filter(region_code=REGION_WIDE, name=name).exists():
            continue
        item = ServiceItem.objects.create(
            region_code=REGION_WIDE, name=name, flow=flow, department=department, legal_basis=basis,
            time_limit_days=days, fee="免费", fully_online=online, proxy_allowed=proxy, order=order * 10,
        )
        for index, (material, required, note) in enumerate(materials):
            ServiceMaterial.objects.create(item=item, name=material, required=required, note=note, order=index)


def unseed(apps, schema_editor):
    ServiceItem = apps.get_model("services", "ServiceItem")
    ServiceItem.objects.filter(region_code=REGION_WIDE, replaces__isnull=True,
                               name__in=[item[0] for item in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0001_service_catalogue_and_applications")]
    operations = [migrations.RunPython(seed, unseed)]
