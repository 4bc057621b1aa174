"""A malformed divisions file is rejected with every problem by line number, and nothing is written."""

import pytest
from django.core.management import CommandError, call_command

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region

pytestmark = pytest.mark.django_db

HEADER = "code,name,level,parent_code\n"
GOOD = HEADER + (
    "45,广西壮族自治区,province,\n"
    "4503,桂林市,city,45\n"
    "450321,阳朔县,county,4503\n"
    "450321100,阳朔镇,township,450321\n"
    "450321100200,矮山村委会,village,450321100\n"
)


@pytest.fixture
def write(tmp_path):
    def _write(text, name="divisions.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def rejected(path):
    with pytest.raises(CommandError) as caught:
        call_command("load_divisions", file=path)
    assert Region.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    return str(caught.value)


def test_a_good_small_file_loads(write):
    call_command("load_divisions", file=write(GOOD))
    assert Region.objects.count() == 5
    assert Region.objects.get(code="450321100200").initials == "ascwh"


def test_bad_header(write):
    message = rejected(write("代码,名称,层级,上级\n45,广西壮族自治区,province,\n"))
    assert "第 1 行" in message and "表头" in message


def test_bad_code_length_for_the_level(write):
    message = rejected(write(GOOD + "45032110020,短代码村,village,450321100\n"))
    assert "第 7 行 code 列" in message
    assert "12 位" in message


def test_unknown_level(write):
    message = rejected(write(GOOD + "450321100201,某村,hamlet,450321100\n"))
    assert "第 7 行 level 列" in message and "hamlet" in message


def test_units_below_a_village_are_not_statistical_levels(write):
    message = rejected(write(GOOD + "450321100200001,矮山屯,natural_village,450321100200\n"))
    assert "第 7 行 level 列" in message


def test_duplicate_code(write):
    message = rejected(write(GOOD + "450321100200,重复村委会,village,450321100\n"))
    assert "第 7 行 code 列" in message and "首次出现在第 6 行" in message


def test_parent_missing_in_file_and_database(write):
    message = rejected(write(GOOD + "450321101200,白沙村委会,village,450321101\n"))
    assert "第 7 行 parent_code 列" in message and "450321101" in message and "都不存在" in message


def test_code_not_starting_with_its_parents_code(write):
    message = rejected(write(GOOD + "450322100200,错位村委会,village,450321100\n"))
    assert "第 7 行 parent_code 列" in message and "不以上级代码 450321100 开头" in message


def test_every_problem_is_listed_with_its_line(write):
    text = GOOD + (
        "4503211002,短码村,village,450321100\n"  # line 7: length
        "450321100201,,village,450321100\n"  # line 8: empty name
        "450321100200,重复,village,450321100\n"  # line 9: duplicate
        "450321102,兴坪镇,township,450399\n"  # line 10: parent missing, not a prefix
    )
    message = rejected(write(text))
    for expected in ("第 7 行 code 列", "第 8 行 name 列", "第 9 行 code 列", "第 10 行 parent_code 列"):
        assert expected in message
    assert "5 处问题" in message
    assert "未写入任何数据" in message


def test_a_parent_already_in_the_database_is_enough(write):
    call_command("load_divisions", file=write(GOOD))
    call_command(
        "load_divisions",
        file=write(HEADER + "450321100202,骥马村委会,village,450321100\n", name="more.csv"),
    )
    assert Region.objects.get(code="450321100202").parent_id == "450321100"
    # A parent of the wrong level is still refused.
    path = write(HEADER + "450321100203,某村委会,village,450321\n", name="wrong.csv")
    with pytest.raises(CommandError, match="第 2 行 parent_code 列"):
        call_command("load_divisions", file=path)
    assert not Region.objects.filter(code="450321100203").exists()


def test_missing_file():
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("load_divisions", file="/nonexistent/divisions.csv")
