"""四议两公开 compliance per village: 重大事项备案 of a catalogue kind filed in the period, with a matter
behind them that passed ①–④ and published its decision (⑤) / filed — the supervision page's rule."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.finance import filings
from xiangzhi.finance.models import Filing
from xiangzhi.matters import actions, catalogue
from xiangzhi.matters.queries import bypassed_filings
from xiangzhi.regions.models import Region
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import RATIO, get

from .helpers import A1, A2, B1, COUNTY, TOWNSHIP_A, Village, item, register, take_steps

pytestmark = pytest.mark.django_db
YEAR = Period.containing("year")
LAST_YEAR = YEAR.previous()
PROJECT = "本村公益事业的兴办和筹资筹劳方案及建设承包方案"
ASSETS = "以借贷、租赁或者其他方式处分村集体财产"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def filing(actor, village, kind, title):
    return filings.submit_filing(
        actor, village, kind=kind, title=title, amount_fen=50_000_00, description="经村民代表会议表决通过",
        resolution=SimpleUploadedFile("决议.pdf", b"%PDF-1.4 resolution", content_type="application/pdf"),
    )


def test_four_two_compliance(personas):
    cadre = personas.cadre_a1
    village = Village(A1)
    lawful = register(personas, title="修建村道", catalogue_item=item(PROJECT),
                      actor=cadre)
    lawful = take_steps(personas, village, lawful)
    actions.publish_resolution(cadre, lawful, text="经村民代表会议决议,修建村道。")
    actions.link_filing(cadre, lawful, filing(cadre, A1, "project", "村道硬化工程").pk)
    unpublished = take_steps(personas, village, register(personas, title="出租仓库", catalogue_item=item(ASSETS)))
    actions.link_filing(cadre, unpublished, filing(cadre, A1, "asset_disposal", "出租村集体仓库").pk)  # no ⑤
    filing(cadre, A1, "resource_contract", "发包村集体果园")  # no matter behind it
    filing(cadre, A1, "other", "其他事项")  # a kind the catalogue does not cover: not counted
    old = filing(cadre, A1, "project", "去年的工程")
    Filing.objects.filter(pk=old.pk).update(created_at=YEAR.starts - datetime.timedelta(minutes=1))
    filing(personas.cadre_a2, A2, "large_expense", "购买垃圾车")
    assert len(bypassed_filings(A1)) == 3  # the supervision page flags the same ones (all years)

    indicator = get("matters.four_two_compliance")
    assert (indicator.kind, indicator.module) == (RATIO, "matters")
    assert indicator.compute(YEAR, None) == {A1: (1, 3), A2: (0, 1)}
    assert indicator.compute(LAST_YEAR, None) == {A1: (0, 1)}
    assert indicator.compute(YEAR, [A2, B1]) == {A2: (0, 1)}
    assert indicator.compute(YEAR, [TOWNSHIP_A]) == {A1: (1, 3), A2: (0, 1)}
    assert indicator.records_url(A1, YEAR) == f"/matters/supervision/?region={A1}"

    # The county retires the 资产处置 item for itself: those filings no longer need the procedure.
    county = Region.objects.get(code=COUNTY)
    catalogue.update_item(personas.county, county, item(ASSETS), active=False)
    assert indicator.compute(YEAR, None) == {A1: (1, 2), A2: (0, 1)}
