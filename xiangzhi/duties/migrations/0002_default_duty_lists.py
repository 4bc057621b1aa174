"""The regional default lists (county empty), from Guangxi's 村级组织工作事项清单 practice; each
county starts from them and adds its own."""

from django.db import migrations

ORGANIC_LAW = "《中华人民共和国村民委员会组织法》"

STATUTORY = [
    ("村民自治事务:召集村民会议、村民代表会议,讨论决定涉及村民利益的事项", ORGANIC_LAW + "第二条、第二十一条至第二十四条"),
    ("村务公开、财务公开和民主管理", ORGANIC_LAW + "第三十条;《广西壮族自治区村务公开条例》"),
    ("管理本村集体所有的土地和其他财产,发展集体经济", ORGANIC_LAW + "第八条;《中华人民共和国土地管理法》第十一条"),
    ("办理本村公共事务和公益事业(一事一议筹资筹劳)", ORGANIC_LAW + "第二条、第二十四条"),
    ("调解民间纠纷", ORGANIC_LAW + "第二条;《中华人民共和国人民调解法》第七条"),
    ("制定和修改村规民约、村民自治章程并备案", ORGANIC_LAW + "第二十七条"),
    ("组织村民委员会换届选举和成员罢免", ORGANIC_LAW + "第十一条至第二十条"),
    ("村务监督委员会监督村务", ORGANIC_LAW + "第三十二条、第三十三条"),
    ("宣传宪法、法律、法规和国家政策,开展移风易俗", ORGANIC_LAW + "第九条"),
    ("村党组织领导村级各类组织和党建工作", "《中国共产党农村基层组织工作条例》第九条、第十九条"),
]

ASSISTING = [
    ("协助做好社会保障(城乡居民养老、医疗保险参保登记和待遇资格认证)", "《中华人民共和国社会保险法》第二十条、第二十四条"),
    ("协助做好最低生活保障、特困人员供养申请受理和入户调查", "《社会救助暂行办法》第十一条、第十九条"),
    ("协助做好计划生育/人口监测", "《中华人民共和国人口与计划生育法》第十二条"),
    ("协助做好征兵", "《中华人民共和国兵役法》第三十二条"),
    ("协助做好防汛抗旱和地质灾害群测群防", "《中华人民共和国防洪法》第三十八条;《地质灾害防治条例》第十五条"),
    ("协助做好森林防火", "《森林防火条例》第二十条"),
    ("协助做好公共卫生和传染病防控", "《中华人民共和国传染病防治法》第九条"),
    ("协助做好退役军人和优抚对象服务", "《中华人民共和国退役军人保障法》第十一条"),
    ("协助维护社会治安、做好禁毒宣传", ORGANIC_LAW + "第二条;《中华人民共和国禁毒法》第十五条"),
    ("协助做好耕地保护和农村宅基地管理", "《中华人民共和国土地管理法》第六十二条"),
    ("协助做好人口普查、农业普查等统计调查", "《中华人民共和国统计法》第七条"),
]


def add_defaults(apps, schema_editor):
    DutyItem = apps.get_model("duties", "DutyItem")
    for list_kind, rows in (("statutory", STATUTORY), ("assisting", ASSISTING)):
        for order, (name, basis) in enumerate(rows, start=1):
            DutyItem.objects.get_or_create(
                list_kind=list_kind, county=None, name=name, defaults={"basis": basis, "order": order}
            )


def remove_defaults(apps, schema_editor):
    DutyItem = apps.get_model("duties", "DutyItem")
    DutyItem.objects.filter(county__isnull=True, tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_duty_lists_admission_tasks")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
