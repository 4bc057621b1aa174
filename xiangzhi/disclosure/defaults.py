"""The region-wide 公开目录 every county starts from (region "45"), after 《中华人民共和国村民委员会
组织法》 Art. 30 and the 党务公开 practice of village party organisations.

Plain data and one installer that takes the model, so that the data migration (with
`apps.get_model`) and tests that flush the database install the same rows.
"""

ART_30 = (
    "《中华人民共和国村民委员会组织法》第三十条:村民委员会实行村务公开制度。"
    "村民委员会应当及时公布下列事项,接受村民的监督:"
    "(一)本法第二十三条、第二十四条规定的由村民会议、村民代表会议讨论决定的事项及其实施情况;"
    "(二)国家计划生育政策的落实方案;"
    "(三)政府拨付和接受社会捐赠的救灾救助、补贴补助等资金、物资的管理使用情况;"
    "(四)村民委员会协助人民政府开展工作的情况;"
    "(五)涉及本村村民利益,村民普遍关心的其他事项。"
    "前款规定事项中,一般事项至少每季度公布一次;集体财务往来较多的,财务收支情况应当每月公布一次;"
    "涉及村民利益的重大事项应当随时公布。"
    "村民委员会应当保证所公布事项的真实性,并接受村民的查询。"
)
ART_30_FINANCE = "《中华人民共和国村民委员会组织法》第三十条第三款:集体财务往来较多的,财务收支情况应当每月公布一次。"
ART_30_GENERAL = "《中华人民共和国村民委员会组织法》第三十条第三款:一般事项至少每季度公布一次。"
ART_30_MAJOR = "《中华人民共和国村民委员会组织法》第三十条第三款:涉及村民利益的重大事项应当随时公布。"
ART_30_FUNDS = (
    "《中华人民共和国村民委员会组织法》第三十条第二款第(三)项:"
    "政府拨付和接受社会捐赠的救灾救助、补贴补助等资金、物资的管理使用情况。"
)
ART_30_DECISIONS = (
    "《中华人民共和国村民委员会组织法》第三十条第二款第(一)项:"
    "由村民会议、村民代表会议讨论决定的事项及其实施情况。"
)
ART_30_ASSIST = "《中华人民共和国村民委员会组织法》第三十条第二款第(四)项:村民委员会协助人民政府开展工作的情况。"
PARTY_BASIS = "《中国共产党党务公开条例(试行)》:党的基层组织应当向党员和群众公开党务。"

# (category, name, cadence, generator, legal basis)
DEFAULT_ITEMS = [
    ("finance", "财务收支", "monthly", "finance_monthly", ART_30_FINANCE),
    ("finance", "政府拨付和接受社会捐赠的救灾救助、补贴补助等资金物资的管理使用", "per_event", "", ART_30_FUNDS),
    ("finance", "集体资产资源发包、租赁及收益", "yearly", "", ART_30),
    ("village", "一般村务事项", "quarterly", "", ART_30_GENERAL),
    ("village", "重大事项", "immediate", "", ART_30_MAJOR),
    ("village", "四议两公开决议及实施结果", "per_event", "", ART_30_DECISIONS),
    ("village", "村民委员会协助人民政府开展工作情况", "quarterly", "", ART_30_ASSIST),
    ("village", "村民委员会年度工作报告", "yearly", "", ART_30),
    ("party", "党组织换届选举", "per_event", "", PARTY_BASIS),
    ("party", "发展党员", "quarterly", "", PARTY_BASIS),
    ("party", "党费收缴使用", "quarterly", "", PARTY_BASIS),
    ("party", "党组织年度工作计划和落实情况", "yearly", "", PARTY_BASIS),
]


def install(catalogue_item_model, region_code="45"):
    """Create the default items that are missing (by name); returns how many were created."""
    created = 0
    for order, (category, name, cadence, generator, basis) in enumerate(DEFAULT_ITEMS, start=1):
        _item, made = catalogue_item_model.objects.get_or_create(
            region_code=region_code, name=name, replaces=None,
            defaults={
                "category": category, "cadence": cadence, "generator": generator,
                "legal_basis": basis, "order": order * 10, "active": True,
            },
        )
        created += made
    return created
