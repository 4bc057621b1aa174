"""Demo data: the demo county's published 特色亮点/品牌 case (written by the county, published by
the city, with a document) and a village's draft case, all through the real actions."""

from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.accounts.models import Role

from . import actions
from .models import CaseKind, FileKind, PilotCase

BRAND_TITLE = "“积分制+清单制”让村务管理看得见"
DRAFT_TITLE = "屯级理事会议事协商做法"
BRAND_BODY = (
    "县委、县政府把积分制和清单制结合起来,在全县推行“村级小微权力清单”和“户户积分”管理。\n"
    "做法:每村公开小微权力事项清单,事项办理全程留痕;农户参与环境整治、志愿服务、移风易俗等按细则积分,"
    "积分可在爱心超市兑换。\n"
    "机制:乡镇每季度抽查积分台账,村务监督委员会全程监督,积分结果在村务公开栏公示。\n"
    "成效:群众参与村级事务的积极性明显提高,信访和矛盾纠纷数量下降。"
)


def _brief_pdf():
    """A small, well-formed one-page PDF: the case's 经验材料."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def seed_demo(places, user_for):
    county, village = places["county"], places["village"]
    counts = {"cases": 0, "files": 0}
    if not PilotCase.objects.filter(region=county, title=BRAND_TITLE).exists():
        writer = user_for(Role.COUNTY_DEPARTMENT)
        case = actions.create_case(
            writer, county.code, kind=CaseKind.BRAND, title=BRAND_TITLE, year=2024,
            summary=f"{county.name}以积分制、清单制推进乡村治理,做法可看可学可复制。",
            body=BRAND_BODY, tags="积分制 清单制 三治融合",
        )
        actions.add_file(writer, case, kind=FileKind.DOCUMENT, title="经验材料",
                         upload=SimpleUploadedFile("brief.pdf", _brief_pdf(), content_type="application/pdf"))
        actions.submit_case(writer, case)
        actions.publish_case(user_for(Role.CITY_OFFICIAL), case, comment="经验做法成熟,予以发布。")
        counts["cases"] += 1
        counts["files"] += 1
    if not PilotCase.objects.filter(region=village, title=DRAFT_TITLE).exists():
        actions.create_case(
            user_for(Role.TOWNSHIP_OFFICIAL), village.code, kind=CaseKind.BRAND, title=DRAFT_TITLE, year=2024,
            summary=f"{village.name}以屯为单位成立理事会,村民的事村民议。",
            body="各屯推选理事会成员,每月议事一次。\n议事结果经村民小组会议表决后公示。", tags="议事协商",
        )
        counts["cases"] += 1
    return counts
