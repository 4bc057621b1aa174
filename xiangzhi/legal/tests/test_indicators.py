"""The legal app's indicators: coverage per village (法律明白人, 宣传阵地, 法律顾问) registered by the
period's end, and requests for help answered by their due time."""

import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_user
from xiangzhi.customs.tests.customs_data import household, resident
from xiangzhi.legal import actions
from xiangzhi.legal.models import HelpRequest
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

from .legal_data import A1, A2, B1, advisor_user, png

pytestmark = pytest.mark.django_db
THIS_YEAR = Period.containing("year")
LAST_YEAR = THIS_YEAR.previous()
_askers = itertools.count(1)


def compute(key, period=THIS_YEAR, codes=None):
    return get(key).compute(period, codes)


def test_coverage_counts_what_was_registered_by_the_period_end(personas):
    actions.register_literate(personas.cadre_a1, resident(household("450321100200001"), name="覃明白"),
                              trained_on="2025-01-10")
    actions.register_literate(personas.cadre_a1, resident(household(A1), name="韦明白"), trained_on="2025-01-10")
    actions.register_literate(personas.cadre_b1, resident(household("450321101200001"), name="黄明白"),
                              trained_on="2025-01-10")
    actions.add_site(personas.cadre_a1, A1, kind="board", name="法治宣传栏", photo=SimpleUploadedFile("a.png", png().read(), content_type="image/png"))
    actions.set_advisor(personas.township_a, A1, name="甲律师", firm="漓江律所", phone="13800138000")
    actions.set_advisor(personas.township_a, A2, name="乙律师", firm="漓江律所", phone="13800138001")

    assert compute("legal.literate_coverage") == {A1: 2, B1: 1}
    assert compute("legal.literate_coverage", codes=[A1, A2]) == {A1: 2}
    assert compute("legal.publicity_site_coverage") == {A1: 1}
    assert compute("legal.advisor_coverage") == {A1: 1, A2: 1}
    # Registered this year: they do not cover last year.
    assert compute("legal.literate_coverage", LAST_YEAR) == {}
    assert compute("legal.publicity_site_coverage", LAST_YEAR) == {}
    indicator = get("legal.literate_coverage")
    assert indicator.kind == "units" and indicator.meets(1) and not indicator.meets(0)
    assert indicator.records_url(A1, THIS_YEAR) == f"/legal/?region={A1}"


def ask(village=A1):
    user = make_user(f"asker_{next(_askers)}", "villager", village)
    return actions.ask_for_help(user, village, kind="consultation", question="土地承包怎么续签?")


def test_requests_answered_on_time(personas):
    lawyer = advisor_user()
    actions.set_advisor(personas.township_a, A1, name="", firm="漓江律所", phone="13800138000",
                        username="lawyer_a1")
    start = THIS_YEAR.starts
    on_time = actions.answer_request(lawyer, ask(), answer="可以续签。")
    HelpRequest.objects.filter(pk=on_time.pk).update(
        asked_at=start + datetime.timedelta(days=30), due_at=start + datetime.timedelta(days=37),
        answered_at=start + datetime.timedelta(days=31))
    overdue = ask()  # still open after its due time
    HelpRequest.objects.filter(pk=overdue.pk).update(asked_at=start + datetime.timedelta(days=40),
                                                     due_at=start + datetime.timedelta(days=47))
    ask()  # asked now, not due yet: not counted
    last_year = actions.answer_request(lawyer, ask(), answer="已答复。")
    HelpRequest.objects.filter(pk=last_year.pk).update(
        asked_at=LAST_YEAR.starts + datetime.timedelta(days=3), due_at=LAST_YEAR.starts + datetime.timedelta(days=10),
        answered_at=LAST_YEAR.starts + datetime.timedelta(days=4))
    late = ask(A2)
    HelpRequest.objects.filter(pk=late.pk).update(
        state="answered", asked_at=start + datetime.timedelta(days=3), due_at=start + datetime.timedelta(days=10),
        answered_at=start + datetime.timedelta(days=12))

    assert compute("legal.requests_on_time") == {A1: (1, 2), A2: (0, 1)}
    assert compute("legal.requests_on_time", LAST_YEAR) == {A1: (1, 1)}
    assert compute("legal.requests_on_time", codes=[A2]) == {A2: (0, 1)}
    assert get("legal.requests_on_time").value(1, 2) == 0.5
    assert timezone.now() > start + datetime.timedelta(days=47)
