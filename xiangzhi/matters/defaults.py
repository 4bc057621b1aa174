"""The region-wide 村级协商目录 (region "45") every county starts from: the matters that
《中华人民共和国村民委员会组织法》第二十四条 reserves to the 村民会议 (which may authorise the
村民代表会议 to decide them), plus the amount threshold the county sets.

Plain data and one installer that takes the model, so that the data migration (with
`apps.get_model`) and tests that flush the database install the same rows.
"""

# The amount above which a matter must go through 四议两公开 unless the county says otherwise is
# the finance module's 重大事项 threshold (5 万元).
from xiangzhi.finance.models import DEFAULT_THRESHOLD_FEN

ART_24 = "《中华人民共和国村民委员会组织法》第二十四条"
ART_24_HEAD = (
    ART_24 + ":涉及村民利益的下列事项,经村民会议讨论决定方可办理:"
)
ART_24_DELEGATION = "村民会议可以授权村民代表会议讨论决定前款规定的事项。"
PLAN_BASIS = (
    "《广西乡村治理能力提升行动方案(2021—2025年)》二(二)2:以县为单位编制村级协商目录,"
    "完善“四议两公开”工作法。"
)

# (name, Art. 24 clause, filing kind (finance.FilingKind) or "")
ART_24_ITEMS = [
    ("本村享受误工补贴的人员及补贴标准", "(一)本村享受误工补贴的人员及补贴标准", ""),
    ("从村集体经济所得收益的使用", "(二)从村集体经济所得收益的使用", ""),
    ("本村公益事业的兴办和筹资筹劳方案及建设承包方案", "(三)本村公益事业的兴办和筹资筹劳方案及建设承包方案", "project"),
    ("土地承包经营方案", "(四)土地承包经营方案", "resource_contract"),
    ("村集体经济项目的立项、承包方案", "(五)村集体经济项目的立项、承包方案", ""),
    ("宅基地的使用方案", "(六)宅基地的使用方案", ""),
    ("征地补偿费的使用、分配方案", "(七)征地补偿费的使用、分配方案", ""),
    ("以借贷、租赁或者其他方式处分村集体财产", "(八)以借贷、租赁或者其他方式处分村集体财产", "asset_disposal"),
]
THRESHOLD_ITEM = "金额超过县定标准的事项"


def basis_of(clause):
    return f"{ART_24_HEAD}{clause}。{ART_24_DELEGATION}"


def default_rows():
    """(name, legal basis, threshold_fen, filing kind, order) of every default item."""
    rows = [
        (name, basis_of(clause), None, filing_kind, order * 10)
        for order, (name, clause, filing_kind) in enumerate(ART_24_ITEMS, start=1)
    ]
    rows.append((
        THRESHOLD_ITEM,
        ART_24 + "(九)村民会议认为应当由村民会议讨论决定的涉及村民利益的其他事项;" + PLAN_BASIS
        + "金额标准由县确定,未确定时按 5 万元。",
        DEFAULT_THRESHOLD_FEN, "large_expense", (len(ART_24_ITEMS) + 1) * 10,
    ))
    return rows


def install(catalogue_item_model, region_code="45"):
    """Create the default items that are missing (by name); returns how many were created."""
    created = 0
    for name, basis, threshold_fen, filing_kind, order in default_rows():
        _item, made = catalogue_item_model.objects.get_or_create(
            region_code=region_code, name=name, replaces=None,
            defaults={
                "legal_basis": basis, "threshold_fen": threshold_fen, "filing_kind": filing_kind,
                "order": order, "active": True,
            },
        )
        created += made
    return created
