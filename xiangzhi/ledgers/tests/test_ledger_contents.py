"""Each module's ledger, generated from records made through the module's own actions: the file
opens with openpyxl, has the Chinese headers, the unit's records of the period and nothing from
another village or another period."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from xiangzhi.regions.models import Region

from .ledger_data import A1, A1_FULL_NAME, A1_TUN, A2, A2_TUN, B1, B1_TUN, TOWNSHIP_A, headers, last_year, \
    ledger_rows, sheet_of, download, this_year

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def secretary(personas, login):
    return login(personas.secretary_a1)


def household(region=A1_TUN, head="王建国"):
    from xiangzhi.points.tests.points_data import make_household

    return make_household(region, head=head)


def test_disclosure_ledger(personas, secretary):
    from xiangzhi.disclosure.tests.helpers import publish_general

    publish_general(personas, title="第一季度村务公开")
    sheet = sheet_of(download(secretary, A1, "disclosure.disclosures"))
    assert sheet["A1"].value == f"{A1_FULL_NAME} {this_year()}年 村务公开台账"
    assert headers(sheet)[:5] == ["村", "类别", "公开目录项", "公开期间", "标题"]
    rows = ledger_rows(secretary, A1, "disclosure.disclosures")
    assert [(row[0], row[2], row[4], row[6], row[8]) for row in rows] == [
        ("矮山村委会", "一般村务事项", "第一季度村务公开", "supervisor_a1", "secretary_a1"),
    ]
    assert isinstance(rows[0][9], datetime.datetime)
    assert ledger_rows(secretary, A1, "disclosure.disclosures", last_year()) == []


def test_disclosure_ledger_leaves_out_drafts(personas, secretary):
    from xiangzhi.disclosure.tests.helpers import draft_general

    draft_general(personas, title="尚未公开的草稿")
    assert ledger_rows(secretary, A1, "disclosure.disclosures") == []


def test_four_two_ledger(personas, secretary):
    from xiangzhi.matters.tests.helpers import Village, register, take_steps

    village = Village(A1)
    matter = register(personas, title="修建村道", amount_fen=12_345_00)
    take_steps(personas, village, matter, upto=2)
    rows = ledger_rows(secretary, A1, "matters.four_two")
    assert len(rows) == 1
    row = rows[0]
    assert row[:2] == ("矮山村委会", "修建村道")
    assert row[3] == Decimal("12345")
    assert row[5].startswith(f"{today():%Y-%m-%d} 通过") and "赞成3" in row[5]
    assert row[6].startswith(f"{today():%Y-%m-%d} 通过") and "赞成6" in row[6]
    assert row[7] is None and row[8] is None
    assert ledger_rows(secretary, A1, "matters.four_two", last_year()) == []


def test_mediation_ledger(personas, secretary):
    from xiangzhi.mediation.tests.helpers import intake

    dispute = intake(personas.cadre_a1)
    intake(personas.cadre_b1, venue=B1, summary="白沙村的纠纷")
    rows = ledger_rows(secretary, A1, "mediation.disputes")
    assert len(rows) == 1
    row = rows[0]
    assert row[0] == dispute.pk
    assert row[2] == "矮山村委会"
    assert row[4] == "宅基地"
    assert "张大山" in row[5] and "李小河" in row[5]
    assert row[6] == "两户宅基地界址争议"
    assert row[7] == Decimal("5000")
    assert ledger_rows(secretary, A1, "mediation.disputes", last_year()) == []


def test_grid_visit_ledger(personas, secretary):
    from xiangzhi.grid import visits

    home = household(A1_TUN, head="张三")
    visits.log_visit(personas.cadre_a1, home, visited_on=today(), findings="老人独居，身体尚好。")
    other = household(A2_TUN, head="李四")
    visits.log_visit(personas.cadre_a2, other, visited_on=today(), findings="骥马村的走访。")
    rows = ledger_rows(secretary, A1, "grid.visits")
    assert [(row[0].date(), row[1], row[3], row[4], row[6], row[7]) for row in rows] == [
        (today(), "矮山屯", home.number, "张三", "cadre_a1", "老人独居，身体尚好。"),
    ]
    month = f"{today():%Y-%m}"
    assert len(ledger_rows(secretary, A1, "grid.visits", month)) == 1
    assert ledger_rows(secretary, A1, "grid.visits", last_year()) == []


def test_points_ledger_with_running_balance(personas, secretary):
    from xiangzhi.points.tests.points_data import seed_points

    home = household(A1_TUN, head="韦大成")
    seed_points(personas.cadre_a1, home, 10, reason="参加村民会议")
    seed_points(personas.cadre_a1, home, 5, reason="庭院整洁")
    seed_points(personas.cadre_b1, household(B1_TUN, head="白沙户主"), 7)
    rows = ledger_rows(secretary, A1, "points.entries")
    assert [(row[2], row[3], row[4], row[6], row[7], row[9]) for row in rows] == [
        (home.number, "韦大成", "加分", 10, "参加村民会议", 10),
        (home.number, "韦大成", "加分", 5, "庭院整洁", 15),
    ]
    assert ledger_rows(secretary, A1, "points.entries", last_year()) == []


def test_legal_literate_ledger(personas, secretary):
    from xiangzhi.legal import actions

    person = household(A1_TUN, head="覃明白").head
    literate = actions.register_literate(personas.cadre_a1, person, trained_on=today() - datetime.timedelta(days=3))
    actions.add_training(personas.cadre_a1, literate, date=today(), topic="民法典", hours="2")
    actions.register_literate(personas.cadre_b1, household(B1_TUN, head="白沙明白人").head, trained_on=today())
    rows = ledger_rows(secretary, A1, "legal.literates")
    assert len(rows) == 1
    row = rows[0]
    assert row[:4] == ("矮山村委会", "覃明白", "男", "矮山屯")
    assert row[6:8] == (1, 2)
    assert "民法典" in row[8]
    # Registered this year: not yet on last year's roster.
    assert ledger_rows(secretary, A1, "legal.literates", last_year()) == []


def test_petition_ledger_hides_the_petitioner_when_the_respondent_is_a_user(personas, secretary):
    from xiangzhi.petitions import actions

    village = Region.objects.get(code=A1)
    actions.register_petition(personas.cadre_a1, village=village, petitioner=household(head="韦信访").head,
                              subject="土地补偿", facts="补偿款未发放。", respondent_name="某村干部")
    actions.register_petition(personas.cadre_a1, village=village, petitioner=household(head="蒙反映").head,
                              subject="反映村干部", facts="作风问题。", respondent_user=personas.cadre_a1)
    rows = ledger_rows(secretary, A1, "petitions.proxy")
    assert [(row[1], row[2], row[3], row[4]) for row in rows] == [
        ("矮山村委会", "韦信访", "土地补偿", "某村干部"),
        ("矮山村委会", "信访人(已隐去)", "反映村干部", None),
    ]
    assert all("蒙反映" not in str(value) for row in rows for value in row)
    assert ledger_rows(secretary, A1, "petitions.proxy", last_year()) == []


def test_powers_ledger(personas, secretary):
    from xiangzhi.powers.tests.power_data import adopt_all, run_to_end, start

    adopt_all(personas)
    case = run_to_end(personas.cadre_a1, start(personas))
    start(personas, region_code=B1, cadre=personas.cadre_b1)
    rows = ledger_rows(secretary, A1, "powers.cases")
    assert len(rows) == 1
    row = rows[0]
    assert row[1:3] == ("矮山村委会", "06")
    assert row[5:7] == ("张三丰", "申请出具居住证明")
    assert row[10] == "已办理" and row[12] == "已办结" and row[13] == "是"
    assert case.concluded_at is not None
    assert ledger_rows(secretary, A1, "powers.cases", last_year()) == []


def test_finance_ledger_with_balance_and_reversal(personas, secretary):
    from xiangzhi.finance import vouchers
    from xiangzhi.finance.tests.conftest import record, run_to_posted

    account = vouchers.open_account(
        personas.secretary_a1, A1, kind="bank", name="农商行基本户", opening_balance_fen=1_000_00,
        opened_on=today() - datetime.timedelta(days=60),
    )
    expense = run_to_posted(personas, record(personas.cadre_a1, account, amount=120_50))
    run_to_posted(personas, record(personas.cadre_a1, account, direction="income", category="contract_income",
                                   amount=300_00, summary="鱼塘承包费", counterparty="承包户"))
    reversal = vouchers.reverse_voucher(personas.cadre_a1, expense, reason="重复记账")
    run_to_posted(personas, reversal)
    record(personas.cadre_a1, account, amount=50_00, summary="尚未入账")
    rows = ledger_rows(secretary, A1, "finance.vouchers")
    assert [(row[5], row[8], row[9], row[10]) for row in rows] == [
        ("购买办公用品", None, Decimal("120.5"), Decimal("879.5")),
        ("鱼塘承包费", Decimal("300"), None, Decimal("1179.5")),
        (f"冲销 {expense.number}:购买办公用品", None, Decimal("-120.5"), Decimal("1300")),
    ]
    assert rows[2][12] == f"冲销 {expense.number}：重复记账"
    assert ledger_rows(secretary, A1, "finance.vouchers", last_year()) == []


def test_township_ledger_holds_its_villages_only(personas, login):
    from xiangzhi.mediation.tests.helpers import intake

    intake(personas.cadre_a1)
    intake(personas.cadre_a2, venue=A2, summary="骥马村的纠纷")
    intake(personas.cadre_b1, venue=B1, summary="白沙村的纠纷")
    client = login(personas.township_a)
    rows = ledger_rows(client, TOWNSHIP_A, "mediation.disputes")
    assert sorted(row[2] for row in rows) == ["矮山村委会", "骥马村委会"]
