"""Hand-written SQL twins of the two calendar indicators (三会一课, 村务公开), kept apart from
targets_engine.py for its size. Each takes the engine module's `Sql` (connection, period, now) and
returns its `run` rows. The calendars' small parameter tables — the months, quarters and year with
their first and last days, the disclosure periods with their labels and due instants — are built
here by hand (not with the modules' calendar code) and sent as a UNION ALL of SELECTs; every
per-record decision is made in the database.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")  # the calendar's days and due instants are local
DUE_DAY = 10  # monthly and quarterly disclosures are due by the 10th of the following month
LOOKBACK_MONTHS = 12
COMMITTEE_PATTERNS = ("%书记%", "%委员%")


def _table(columns, rows):
    """(SQL of a derived table with `columns`, its params) for rows of values (at least one row)."""
    select = "SELECT " + ", ".join(f"%s AS {column}" for column in columns)
    return " UNION ALL ".join([select] * len(rows)), [value for row in rows for value in row]


def _month_first(year, month):
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime.date(year, month, 1)


# --- party.meeting_compliance ----------------------------------------------------------------

def meeting_periods(year, first, last):
    """(frequency, first day, last day) of every month, quarter and the year lying within [first, last]."""
    rows = []
    for frequency, months in (("month", 1), ("quarter", 3), ("year", 12)):
        for start in range(1, 13, months):
            begins = datetime.date(year, start, 1)
            ends = _month_first(year, start + months) - datetime.timedelta(days=1)
            if first <= begins and ends <= last:
                rows.append((frequency, begins, ends))
    return rows


def meeting_compliance(sql):
    """三会一课: per village, over its basic party units (every 党支部; a 党总支 or 党委 with no 党支部
    or 党总支 under it) existing in the year, each meeting kind the county's schedule (its own rule,
    else the national default) asks for — 支委会 only with a committee member (书记/委员) in the
    year, 党小组会 only with a 党小组 — and each of its periods in the indicator's period that the
    unit existed for in full: held (a meeting of the kind by the unit or one of its 党小组 in the
    period) / held or ended before today."""
    from xiangzhi.partylife.models import DEFAULT_SCHEDULE

    period = sql.period
    year = period.year
    year_first, year_last = sql.d(datetime.date(year, 1, 1)), sql.d(datetime.date(year, 12, 31))
    today = sql.d(timezone.localdate(sql.now))
    rows = meeting_periods(year, period.first, period.last)
    if not rows:
        return sql.run("SELECT NULL, 0, 0 WHERE 1 = 0", [], 12)
    periods, period_params = _table(("frequency", "first_day", "last_day"),
                                    [(frequency, sql.d(first), sql.d(last)) for frequency, first, last in rows])
    kinds, kind_params = _table(("kind", "frequency"), [(str(kind), str(frequency))
                                                        for kind, frequency in DEFAULT_SCHEDULE.items()])
    committee = " OR ".join(["c.position LIKE %s"] * len(COMMITTEE_PATTERNS))
    units = ("SELECT o.id, o.region_code, o.established_on, o.dissolved_on FROM people_organisation o "
             "WHERE o.kind IN ('party_committee', 'party_general_branch', 'party_branch') "
             "AND (o.kind = 'party_branch' OR NOT EXISTS (SELECT 1 FROM people_organisation s WHERE s.parent_id = o.id "
             "AND s.kind IN ('party_general_branch', 'party_branch'))) "
             "AND (o.established_on IS NULL OR o.established_on <= %s) AND (o.dissolved_on IS NULL OR o.dissolved_on >= %s) "
             "AND length(o.region_code) >= 12")
    groups = "g.parent_id = w.id AND g.kind = 'party_group' AND (g.dissolved_on IS NULL OR g.dissolved_on >= %s)"
    owed = (f"SELECT u.id, u.region_code, u.established_on, u.dissolved_on, k.kind, "
            f"COALESCE(r.frequency, k.frequency) AS frequency FROM ({units}) u CROSS JOIN ({kinds}) k "
            "LEFT JOIN partylife_schedulerule r ON r.county_code = substr(u.region_code, 1, 6) AND r.kind = k.kind")
    held = ("CASE WHEN EXISTS (SELECT 1 FROM partylife_meeting m WHERE m.organisation_id = w.id AND m.kind = w.kind "
            "AND m.held_on >= p.first_day AND m.held_on <= p.last_day) "
            "OR EXISTS (SELECT 1 FROM people_organisation g JOIN partylife_meeting m ON m.organisation_id = g.id "
            f"WHERE {groups} AND m.kind = w.kind AND m.held_on >= p.first_day AND m.held_on <= p.last_day) "
            "THEN 1 ELSE 0 END")
    statuses = (f"SELECT w.region_code, p.last_day, {held} AS held FROM ({owed}) w "
                f"JOIN ({periods}) p ON p.frequency = w.frequency "
                "AND (w.established_on IS NULL OR p.first_day >= w.established_on) "
                "AND (w.dissolved_on IS NULL OR p.last_day <= w.dissolved_on) "
                "WHERE w.frequency <> 'none' "
                "AND (w.kind <> 'committee' OR EXISTS (SELECT 1 FROM people_membership c WHERE c.organisation_id = w.id "
                f"AND c.starts_on <= %s AND (c.ends_on IS NULL OR c.ends_on >= %s) AND ({committee}))) "
                f"AND (w.kind <> 'group' OR EXISTS (SELECT 1 FROM people_organisation g WHERE {groups}))")
    leaf = (f"SELECT x.village, x.num, x.den FROM (SELECT substr(s.region_code, 1, 12) AS village, SUM(s.held) AS num, "
            f"SUM(CASE WHEN s.held = 1 OR s.last_day < %s THEN 1 ELSE 0 END) AS den FROM ({statuses}) s "
            "GROUP BY substr(s.region_code, 1, 12)) x "
            "JOIN regions_region v ON v.code = x.village AND v.level = 'village' WHERE x.den > 0")
    # In the order the placeholders appear: the leaf's today; in `held`, the 党小组's year; the units'
    # year, the kinds, the periods; the committee's year and patterns; the 党小组's year.
    params = [today, year_first, year_last, year_first, *kind_params, *period_params,
              year_last, year_first, *COMMITTEE_PATTERNS, year_first]
    return sql.run(leaf, params, 12)


# --- disclosure.on_time ---------------------------------------------------------------------

def disclosure_periods(cadence, today):
    """(label, due date) of the periods of a cadence a village's calendar lists on `today`: those that
    have ended, whose due date is no earlier than LOOKBACK_MONTHS months before today."""
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[cadence]
    back = today.year * 12 + today.month - 1 - LOOKBACK_MONTHS
    window = datetime.date(back // 12, back % 12 + 1, min(today.day, 28))
    start = (today.month - 1) // months * months + 1  # the running period's first month
    rows = []
    while True:
        start -= months
        first = _month_first(today.year, start)
        if cadence == "yearly":
            label, due = f"{first.year}年", datetime.date(first.year + 1, 1, 31)
        else:
            due = _month_first(first.year, first.month + months).replace(day=DUE_DAY)
            label = (f"{first.year}年{first.month}月" if cadence == "monthly"
                     else f"{first.year}年第{(first.month - 1) // 3 + 1}季度")
        if due < window:
            return rows
        rows.append((label, due))


def disclosures_on_time(sql):
    """村务公开: per village, each active periodic item of its county's 公开目录 (the county's own rows and
    the region-wide ones it has not replaced) and each period its calendar lists (as it stood at the
    period's end, or now if earlier) whose due date falls in the indicator's period: first published
    (the item or the one it replaces) before midnight after the due date, Asia/Shanghai / published
    at all, or not published and past due."""
    period = sql.period
    now = min(sql.now, period.ends)
    today = timezone.localtime(now, SHANGHAI).date()
    rows = []
    for cadence in ("monthly", "quarterly", "yearly"):
        for label, due in disclosure_periods(cadence, today):
            if period.first <= due <= period.last:
                due_at = datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min,
                                                   tzinfo=SHANGHAI)
                rows.append((cadence, label, sql.dt(due_at)))
    if not rows:
        return sql.run("SELECT NULL, 0, 0 WHERE 1 = 0", [], 12)
    periods, period_params = _table(("cadence", "label", "due_at"), rows)
    items = ("SELECT v.code AS village, i.id, i.replaces_id, i.cadence FROM regions_region v "
             "JOIN disclosure_catalogueitem i ON i.active = %s AND i.cadence IN ('monthly', 'quarterly', 'yearly') "
             "AND (i.region_code = substr(v.code, 1, 6) OR (i.region_code = substr(v.code, 1, 2) AND NOT EXISTS "
             "(SELECT 1 FROM disclosure_catalogueitem r WHERE r.region_code = substr(v.code, 1, 6) AND r.replaces_id = i.id))) "
             "WHERE v.level = 'village'")
    first = ("SELECT village_id, item_id, period, MIN(published_at) AS first_at FROM disclosure_disclosure "
             "WHERE state = 'published' AND period <> '' GROUP BY village_id, item_id, period")
    entries = (f"SELECT e.village, p.due_at, MIN(d.first_at) AS first_at FROM ({items}) e "
               f"JOIN ({periods}) p ON p.cadence = e.cadence "
               f"LEFT JOIN ({first}) d ON d.village_id = e.village AND d.period = p.label "
               "AND (d.item_id = e.id OR d.item_id = e.replaces_id) "
               "GROUP BY e.village, e.id, p.label, p.due_at")
    leaf = (f"SELECT x.village, x.num, x.den FROM (SELECT n.village, "
            "SUM(CASE WHEN n.first_at < n.due_at THEN 1 ELSE 0 END) AS num, "
            "SUM(CASE WHEN n.first_at IS NOT NULL OR n.due_at <= %s THEN 1 ELSE 0 END) AS den "
            f"FROM ({entries}) n GROUP BY n.village) x WHERE x.den > 0")
    return sql.run(leaf, [sql.dt(now), True, *period_params], 12)
