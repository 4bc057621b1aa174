"""小微权力 cases concluded in the period within their 办结期限, per village."""

import datetime

import pytest

from xiangzhi.powers import cases
from xiangzhi.powers.models import PowerCase
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import RATIO, get

from .power_data import A1, A2, B1, TOWNSHIP_A, adopt_all, run_to_end, start

pytestmark = pytest.mark.django_db
YEAR = Period.containing("year")
LAST_YEAR = YEAR.previous()


def test_cases_on_time(personas):
    adopt_all(personas)
    cadre = personas.cadre_a1
    run_to_end(cadre, start(personas))  # on time
    late = run_to_end(cadre, start(personas))
    PowerCase.objects.filter(pk=late.pk).update(overall_deadline=late.concluded_at - datetime.timedelta(hours=1))
    cases.reject_case(cadre, start(personas), reason="不属于村级出具证明的范围")  # concluded (rejected), on time
    cases.terminate_case(cadre, start(personas), reason="申请人撤回申请")  # terminated: not concluded
    start(personas)  # still in progress: not counted
    old = run_to_end(cadre, start(personas))
    PowerCase.objects.filter(pk=old.pk).update(concluded_at=YEAR.starts - datetime.timedelta(minutes=1))
    run_to_end(personas.cadre_a2, start(personas, A2, cadre=personas.cadre_a2))
    b1 = run_to_end(personas.cadre_b1, start(personas, B1, cadre=personas.cadre_b1))
    PowerCase.objects.filter(pk=b1.pk).update(overall_deadline=b1.concluded_at)  # concluded at the deadline: on time

    indicator = get("powers.cases_on_time")
    assert (indicator.kind, indicator.module) == (RATIO, "powers")
    assert indicator.compute(YEAR, None) == {A1: (2, 3), A2: (1, 1), B1: (1, 1)}
    assert indicator.compute(LAST_YEAR, None) == {A1: (1, 1)}
    assert indicator.compute(YEAR, [A2, B1]) == {A2: (1, 1), B1: (1, 1)}
    assert indicator.compute(YEAR, [TOWNSHIP_A]) == {A1: (2, 3), A2: (1, 1)}
    assert indicator.records_url(A1, YEAR) == "/powers/cases/"
