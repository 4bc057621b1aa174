"""seed_powers: default lists and a few real cases per village, once."""

from xiangzhi.powers.models import PowerCase, PowerList
from xiangzhi.powers.seeding import seed_powers
from xiangzhi.translog.models import LogEntry

from .power_data import A1, A2, TOWNSHIP_A


def test_seed_powers_adopts_lists_runs_cases_and_skips_what_exists(personas):
    counts = seed_powers(TOWNSHIP_A, [A1, A2], personas.township_a)
    assert counts == {"lists": 3, "cases": 8}
    assert set(PowerList.objects.values_list("region_id", "state")) == {
        (TOWNSHIP_A, "active"), (A1, "active"), (A2, "active"),
    }
    a1 = PowerCase.objects.filter(region_id=A1)
    assert sorted(a1.values_list("state", "result")) == [
        ("concluded", "approved"), ("concluded", "done"), ("concluded", "rejected"), ("in_progress", ""),
    ]
    # A1's cases are run by A1's own cadres, A2's by A2's.
    assert set(a1.values_list("created_by__username", flat=True)) == {"cadre_a1"}
    assert LogEntry.objects.filter(kind="power_case").count() == 6
    assert seed_powers(TOWNSHIP_A, [A1, A2], personas.township_a) == {"lists": 0, "cases": 0}
    assert PowerCase.objects.count() == 8
