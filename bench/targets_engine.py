"""(h) The targets engine at region scale: seed the records the plan's indicators read, time a
full recompute of the current year against hand-written SQL computing the same numbers (and
compare them unit by unit), time the dashboard pages served from the rollups, and time a single
write until the region's row shows it through the real path (audit event → dirty mark →
django-tasks task run by a `manage.py db_worker` subprocess).
"""

import multiprocessing
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict

from .environment import BENCH_DIR, ROOT, env_int
from .figures import current_memory_mb, figure, heading, median, percentile
from .targets_twins import disclosures_on_time, meeting_compliance

WARM_UP = 10
TOLERANCE = 1e-6
ROLLUP_LENGTHS = (9, 6, 4, 2)  # township, county, city, province


# --- (1) seeding ---------------------------------------------------------------------------

def seed():
    from .targets_seed import TargetsSeeder, operational_records

    heading("(h1) seed the records the plan's indicators read")
    seeder = TargetsSeeder(out=lambda line: print("   " + line)).run()
    for label, rows in sorted(seeder.counts.items()):
        figure(f"  {label}", f"{rows:,}")
    figure("rows written / time", f"{sum(seeder.counts.values()):,} in {seeder.seconds:.1f} s")
    records = operational_records()
    for table, rows in records.items():
        figure(f"  {table}", f"{rows:,}")
    figure("operational records the indicators read", f"{sum(records.values()):,}")
    settle()


def settle():
    """Settle the machine after the bulk load before anything is timed. On PostgreSQL, VACUUM ANALYZE
    as an operator does after one (the autovacuum workers would otherwise work through the millions of
    fresh rows during the recompute measured next) and a CHECKPOINT; then the operating system's
    dirty pages are flushed (os.sync): seeding leaves gigabytes of them, and while the kernel writes
    them back, every new page the first build writes waited for the disk — the recompute right after
    seeding took 52 s, the same recompute a few minutes later 28 s. SQLite is left without
    statistics, as Django leaves an installation: with sqlite_stat1 filled its planner took the
    三会一课 twin's correlated subqueries from ~4 s to over 10 minutes."""
    from django.db import connection

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
    os.sync()
    figure("settle after seeding (PostgreSQL: VACUUM ANALYZE, CHECKPOINT; sync)", f"{time.perf_counter() - started:.1f} s")


# --- (2) the engine's full recompute, in a fresh process -----------------------------------

def recompute_in_child(year, queue):
    """Run in a spawned process: its peak RSS is the recompute's (plus Python and Django)."""
    import django

    django.setup()
    from xiangzhi.targets import engine
    from xiangzhi.targets.periods import YEAR, Period

    timings = []
    last = [time.perf_counter()]

    def progress(done, total, label, rows):
        now = time.perf_counter()
        timings.append((label, now - last[0], rows))
        last[0] = now

    again_timings = defaultdict(float)

    def progress_again(done, total, label, rows):
        now = time.perf_counter()
        again_timings[label.split()[0]] += now - last[0]
        last[0] = now

    from xiangzhi.targets.models import IndicatorValue

    # A first build: the rollup table emptied (the bench's own database), every row inserted. On
    # PostgreSQL by TRUNCATE, as a new installation's table is: a DELETE leaves the previous run's
    # ~400,000 rows dead in the heap and its indexes until a vacuum, and every insert of the same
    # key would first check them.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(IndicatorValue._meta.db_table)}")
    else:
        IndicatorValue.objects.all().delete()
    # The clock of the first indicator starts here: started before the DELETE above, it charged the
    # deletion of the previous run's ~380,000 rows (2–3 s) to grid.visit_coverage 2026Q1.
    started = last[0] = time.perf_counter()
    stats = engine.recompute(periods=[Period(YEAR, year)], progress=progress)
    seconds = time.perf_counter() - started
    # The same recompute again, as cron runs it: the values are those of the run before.
    again = last[0] = time.perf_counter()
    engine.recompute(periods=[Period(YEAR, year)], progress=progress_again)
    again_seconds = time.perf_counter() - again
    # The same computes again, without building and writing rows: what the modules' queries cost.
    from xiangzhi.targets.engine import periods_for
    from xiangzhi.targets.plans import load_plan

    compute_only = defaultdict(float)
    for indicator in load_plan().indicators():
        for period in periods_for(indicator, [Period(YEAR, year)]):
            begun = time.perf_counter()
            indicator.compute(period, None)
            compute_only[indicator.key] += time.perf_counter() - begun
    queue.put({
        "seconds": seconds, "again_seconds": again_seconds, "rows": stats.rows, "timings": timings,
        "compute_only": dict(compute_only), "again_timings": dict(again_timings),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    })


def time_recompute(year):
    heading(f"(h2) engine.recompute(periods=[{year}]), every measured indicator, all units")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=recompute_in_child, args=(year, queue))
    child.start()
    result = queue.get()
    child.join()
    per_indicator = defaultdict(float)
    for label, seconds, rows in result["timings"]:
        figure(f"  {label}", f"{seconds:.2f} s ({rows:,} rows)")
        per_indicator[label.split()[0]] += seconds
    figure("total (first build, every row inserted)", f"{result['seconds']:.1f} s")
    figure("rows written", f"{result['rows']:,}")
    figure("recompute again (rows present: only changes written)", f"{result['again_seconds']:.1f} s")
    figure("peak memory of the recompute process", f"{result['peak_mb']:.0f} MB (limit 1,024 MB)")
    return result, per_indicator


# --- (3) hand-written SQL -------------------------------------------------------------------

class Sql:
    """The leaf statement of one indicator: rows (unit code, numerator, denominator) for the units
    of the indicator's level; `run` adds the rollups by substr of the code."""

    def __init__(self, connection, period, now):
        self.connection = connection
        self.ops = connection.ops
        self.period = period
        self.now = now

    def dt(self, value):
        return self.ops.adapt_datetimefield_value(value)

    def d(self, value):
        return self.ops.adapt_datefield_value(value)

    def run(self, leaf_sql, params, leaf_length, count=False):
        rollups = [length for length in ROLLUP_LENGTHS if length < leaf_length]
        den = "NULL" if count else "SUM(den)"
        parts = ["SELECT code, num, den FROM leaf"] + [
            f"SELECT substr(code, 1, {length}), SUM(num), {den} FROM leaf GROUP BY substr(code, 1, {length})"
            for length in rollups
        ]
        sql = f"WITH leaf (code, num, den) AS ({leaf_sql}) " + " UNION ALL ".join(parts)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {code: (float(num or 0), None if den is None else float(den)) for code, num, den in cursor.fetchall()}

    # UNITS over villages: every village counts 1; 1 in the numerator when its measure is ≥ 1.
    def villages_having(self, measure_sql, params):
        sql = (f"SELECT v.code, CASE WHEN m.n >= 1 THEN 1 ELSE 0 END, 1 FROM regions_region v "
               f"LEFT JOIN ({measure_sql}) m ON m.region_code = v.code WHERE v.level = 'village'")
        return self.run(sql, params, 12)

    def literate_coverage(self):
        return self.villages_having(
            "SELECT region_code, COUNT(*) AS n FROM legal_legalliterate WHERE created_at < %s GROUP BY region_code",
            [self.dt(self.period.ends)])

    def publicity_site_coverage(self):
        return self.villages_having(
            "SELECT region_code, COUNT(*) AS n FROM legal_publicitysite WHERE created_at < %s GROUP BY region_code",
            [self.dt(self.period.ends)])

    def advisor_coverage(self):
        return self.villages_having(
            "SELECT region_code, COUNT(*) AS n FROM legal_legaladvisor GROUP BY region_code", [])

    def requests_on_time(self):
        sql = ("SELECT r.region_code, SUM(CASE WHEN r.state = 'answered' AND r.answered_at <= r.due_at THEN 1 ELSE 0 END), "
               "COUNT(*) FROM legal_helprequest r JOIN regions_region v ON v.code = r.region_code AND v.level = 'village' "
               "WHERE r.due_at >= %s AND r.due_at < %s AND (r.state = 'answered' OR r.due_at < %s) GROUP BY r.region_code")
        return self.run(sql, [self.dt(self.period.starts), self.dt(self.period.ends), self.dt(self.now)], 12)

    def applications_on_time(self):
        """便民服务: due in the period and finished, or open past the deadline; finished (completed or
        rejected) by the deadline / all of them, per the application's own code (a village's)."""
        sql = ("SELECT a.region_code, SUM(CASE WHEN a.state IN ('completed', 'rejected') AND a.finished_at <= a.deadline "
               "THEN 1 ELSE 0 END), COUNT(*) FROM services_application a "
               "JOIN regions_region v ON v.code = a.region_code AND v.level = 'village' "
               "WHERE a.deadline >= %s AND a.deadline < %s AND (a.state IN ('completed', 'rejected') OR a.deadline < %s) "
               "GROUP BY a.region_code")
        return self.run(sql, [self.dt(self.period.starts), self.dt(self.period.ends), self.dt(self.now)], 12)

    def child_director_coverage(self):
        """Villages with a 儿童主任 in office on the period's last day (today for a period not yet over)."""
        from django.utils import timezone

        day = self.d(min(self.period.last, timezone.localdate(self.now)))
        return self.villages_having(
            "SELECT region_code, COUNT(*) AS n FROM children_childdirector WHERE appointed_on <= %s "
            "AND (ended_on IS NULL OR ended_on >= %s) GROUP BY region_code", [day, day])

    def social_work_station_coverage(self):
        """Townships with a 社会工作服务站 open on the period's last day (opened by then, not closed by then)."""
        measure = ("SELECT region_code, COUNT(*) AS n FROM socialorgs_socialworkstation WHERE opened_on <= %s "
                   "AND (closed_on IS NULL OR closed_on > %s) GROUP BY region_code")
        sql = (f"SELECT t.code, CASE WHEN m.n >= 1 THEN 1 ELSE 0 END, 1 FROM regions_region t "
               f"LEFT JOIN ({measure}) m ON m.region_code = t.code WHERE t.level = 'township'")
        last = self.d(self.period.last)
        return self.run(sql, [last, last], 9)

    def designated_villages(self, title, levels, count):
        placeholders = ", ".join(["%s"] * len(levels))
        measure = ("SELECT region_code, COUNT(*) AS n FROM regions_designation WHERE title = %s "
                   f"AND level IN ({placeholders}) AND granted_on <= %s AND (revoked_on IS NULL OR revoked_on > %s) "
                   "GROUP BY region_code")
        params = [title, *levels, self.d(self.period.last), self.d(self.period.last)]
        if not count:
            return self.villages_having(measure, params)
        sql = (f"SELECT v.code, 1, NULL FROM regions_region v JOIN ({measure}) m ON m.region_code = v.code "
               "WHERE v.level = 'village'")
        return self.run(sql, params, 12, count=True)

    def democracy_region_villages(self):
        return self.designated_villages("democracy_law_village", ["region"], True)

    def democracy_city_villages(self):
        return self.designated_villages("democracy_law_village", ["city"], True)

    def civilised_villages(self):
        return self.designated_villages("civilized_village", ["national", "region", "city", "county"], False)

    def county_centre_standardised(self):
        sql = ("SELECT v.code, CASE WHEN c.id IS NULL THEN 0 ELSE 1 END, 1 FROM regions_region v "
               "LEFT JOIN petitions_centre c ON c.region_code = v.code AND c.kind = 'mediation' "
               "AND c.standardised = %s AND c.standardised_on <= %s WHERE v.level = 'county'")
        return self.run(sql, [True, self.d(self.period.last)], 6)

    def case_free_or_declining(self):
        """无案村: every count of the county's no-case list is 0; 降发案村: the sum of its fewer-case
        list is lower than last year's. Counties without their own definition use the defaults."""
        from xiangzhi.safety.models import DEFAULT_FEWER_CASE_COUNTS, DEFAULT_NO_CASE_COUNTS, SafetyDefinition

        def condition(no_case, fewer):
            zero = " AND ".join(f"c.{name} = 0" for name in no_case) or "1 = 1"
            total = " + ".join(f"c.{name}" for name in fewer) or "0"
            before = " + ".join(f"p.{name}" for name in fewer) or "0"
            return f"(({zero}) OR (p.id IS NOT NULL AND ({total}) < ({before})))"

        groups = defaultdict(list)
        for county, no_case, fewer in SafetyDefinition.objects.values_list(
                "region_id", "no_case_counts", "fewer_case_counts"):
            groups[(tuple(no_case), tuple(fewer))].append(county)
        cases, params = [], []
        for (no_case, fewer), counties in groups.items():
            cases.append(f"WHEN substr(v.code, 1, 6) IN ({', '.join(['%s'] * len(counties))}) "
                         f"THEN CASE WHEN {condition(no_case, fewer)} THEN 1 ELSE 0 END")
            params += counties
        default = f"CASE WHEN {condition(DEFAULT_NO_CASE_COUNTS, DEFAULT_FEWER_CASE_COUNTS)} THEN 1 ELSE 0 END"
        qualified = f"CASE {' '.join(cases)} ELSE {default} END" if cases else default
        sql = (f"SELECT v.code, CASE WHEN c.id IS NULL THEN 0 ELSE {qualified} END, 1 FROM regions_region v "
               "LEFT JOIN safety_casestatistics c ON c.region_code = v.code AND c.year = %s AND c.is_current = %s "
               "LEFT JOIN safety_casestatistics p ON p.region_code = v.code AND p.year = %s AND p.is_current = %s "
               "WHERE v.level = 'village'")
        year = self.period.year
        return self.run(sql, [year, True, year - 1, True] + params, 12)

    def closed_events(self, measures, extra=""):
        sql = (f"SELECT substr(e.region_code, 1, 12) AS village, {measures} FROM grid_event e "
               f"WHERE e.closed_at >= %s AND e.closed_at < %s {extra} GROUP BY substr(e.region_code, 1, 12)")
        leaf = (f"SELECT x.village, x.num, x.den FROM ({sql}) x "
                "JOIN regions_region v ON v.code = x.village AND v.level = 'village' WHERE x.den > 0")
        return self.run(leaf, [self.dt(self.period.starts), self.dt(self.period.ends)], 12)

    def events_on_time(self):
        return self.closed_events(
            "SUM(CASE WHEN e.state = 'closed' AND e.resolve_deadline IS NOT NULL AND e.escalation_count = 0 AND "
            "(e.resolved_at <= e.resolve_deadline OR (e.resolved_at IS NULL AND e.closed_at <= e.resolve_deadline)) "
            "THEN 1 ELSE 0 END) AS num, SUM(CASE WHEN e.state = 'closed' THEN 1 ELSE 0 END) AS den")

    def event_satisfaction(self):
        return self.closed_events(
            "SUM(CASE WHEN e.rating > 2 THEN 1 ELSE 0 END) AS num, COUNT(*) AS den", "AND e.rating IS NOT NULL")

    def visit_coverage(self):
        households = ("SELECT substr(region_code, 1, 12) AS village, COUNT(*) AS n FROM people_household "
                      "WHERE created_at < %s GROUP BY substr(region_code, 1, 12)")
        visited = ("SELECT substr(region_code, 1, 12) AS village, COUNT(DISTINCT household_id) AS n FROM grid_visit "
                   "WHERE visited_on >= %s AND visited_on <= %s GROUP BY substr(region_code, 1, 12)")
        sql = (f"SELECT h.village, COALESCE(s.n, 0), h.n FROM ({households}) h "
               f"JOIN regions_region v ON v.code = h.village AND v.level = 'village' "
               f"LEFT JOIN ({visited}) s ON s.village = h.village")
        return self.run(sql, [self.dt(self.period.ends), self.d(self.period.first), self.d(self.period.last)], 12)

    def households_with(self, table, column, extra):
        """Households registered by the period's end, per village, and those with a row of `table` in
        the period (points entries, redemptions)."""
        households = ("SELECT substr(region_code, 1, 12) AS village, COUNT(*) AS n FROM people_household "
                      "WHERE created_at < %s GROUP BY substr(region_code, 1, 12)")
        active = (f"SELECT substr({column}, 1, 12) AS village, COUNT(DISTINCT household_id) AS n FROM {table} "
                  f"WHERE created_at >= %s AND created_at < %s {extra} GROUP BY substr({column}, 1, 12)")
        sql = (f"SELECT h.village, COALESCE(a.n, 0), h.n FROM ({households}) h "
               f"JOIN regions_region v ON v.code = h.village AND v.level = 'village' "
               f"LEFT JOIN ({active}) a ON a.village = h.village")
        return self.run(sql, [self.dt(self.period.ends), self.dt(self.period.starts), self.dt(self.period.ends)], 12)

    def points_household_coverage(self):
        return self.households_with("points_pointsentry", "region_code", "")

    def shop_redemption_activity(self):
        return self.households_with("shop_redemption", "village_id", "AND state <> 'cancelled'")

    def powers_cases_on_time(self):
        sql = ("SELECT x.village, x.num, x.den FROM (SELECT substr(c.region_code, 1, 12) AS village, "
               "SUM(CASE WHEN c.concluded_at <= c.overall_deadline THEN 1 ELSE 0 END) AS num, COUNT(*) AS den "
               "FROM powers_powercase c WHERE c.state = 'concluded' AND c.concluded_at >= %s AND c.concluded_at < %s "
               "GROUP BY substr(c.region_code, 1, 12)) x JOIN regions_region v ON v.code = x.village AND v.level = 'village'")
        return self.run(sql, [self.dt(self.period.starts), self.dt(self.period.ends)], 12)

    def star_organisations(self):
        sql = ("SELECT e.region_code, SUM(CASE WHEN e.stars >= 3 THEN 1 ELSE 0 END), COUNT(*) "
               "FROM partyrating_evaluation e JOIN regions_region v ON v.code = e.region_code AND v.level = 'village' "
               "WHERE e.state = 'rated' AND e.score IS NOT NULL AND e.year = %s GROUP BY e.region_code")
        return self.run(sql, [self.period.year], 12)

    def household_links(self):
        households = ("SELECT substr(region_code, 1, 12) AS village, COUNT(*) AS n FROM people_household "
                      "WHERE created_at < %s GROUP BY substr(region_code, 1, 12)")
        linked = ("SELECT substr(l.region_code, 1, 12) AS village, COUNT(DISTINCT l.household_id) AS n "
                  "FROM party_householdlink l JOIN people_household h ON h.id = l.household_id "
                  "WHERE l.linked_on <= %s AND (l.ended_on IS NULL OR l.ended_on > %s) AND h.created_at < %s "
                  "GROUP BY substr(l.region_code, 1, 12)")
        sql = (f"SELECT h.village, COALESCE(k.n, 0), h.n FROM ({households}) h "
               f"JOIN regions_region v ON v.code = h.village AND v.level = 'village' "
               f"LEFT JOIN ({linked}) k ON k.village = h.village")
        last = self.d(self.period.last)
        return self.run(sql, [self.dt(self.period.ends), last, last, self.dt(self.period.ends)], 12)


    def _concluded_disputes(self):
        """Disputes concluded in the period that arose in a village or below (mediation._concluded)."""
        return ("FROM mediation_dispute d WHERE d.state IN ('agreed', 'failed', 'refused') "
                "AND d.closed_at >= %s AND d.closed_at < %s AND length(d.region_code) >= 12")

    def _dispute_villages(self, measures):
        sql = (f"SELECT x.village, x.num, x.den FROM (SELECT substr(d.region_code, 1, 12) AS village, {measures} "
               f"{self._concluded_disputes()} GROUP BY substr(d.region_code, 1, 12)) x "
               "JOIN regions_region v ON v.code = x.village AND v.level = 'village'")
        return self.run(sql, [self.dt(self.period.starts), self.dt(self.period.ends)], 12)

    def mediation_resolved_locally(self):
        """Agreed and never handed to a unit of a higher level (a shorter code: HandOff.goes_up) / concluded."""
        return self._dispute_villages(
            "SUM(CASE WHEN d.state = 'agreed' AND NOT EXISTS (SELECT 1 FROM mediation_handoff h "
            "WHERE h.dispute_id = d.id AND length(h.to_region_id) < length(h.from_region_id)) THEN 1 ELSE 0 END) AS num, "
            "COUNT(*) AS den")

    def mediation_one_venue(self):
        """Parties went to at most one distinct venue / concluded."""
        return self._dispute_villages(
            "SUM(CASE WHEN (SELECT COUNT(DISTINCT w.venue_id) FROM mediation_venuevisit w WHERE w.dispute_id = d.id) "
            "<= 1 THEN 1 ELSE 0 END) AS num, COUNT(*) AS den")

    def petitions_on_time(self):
        """Replied in the period, or accepted and past due in it without a reply: replied by accepted_on +
        60 days + extension / all of them. Kept per the petition's own code (a village's, not its 屯's)."""
        if self.connection.vendor == "postgresql":
            deadline = "p.accepted_on + (60 + p.extension_days)"
        else:
            deadline = "date(p.accepted_on, '+' || (60 + p.extension_days) || ' days')"
        sql = (f"SELECT p.region_code, SUM(CASE WHEN p.replied_on IS NOT NULL AND p.accepted_on IS NOT NULL "
               f"AND p.replied_on <= {deadline} THEN 1 ELSE 0 END), COUNT(*) FROM petitions_petition p "
               "JOIN regions_region v ON v.code = p.region_code AND v.level = 'village' "
               "WHERE (p.replied_on >= %s AND p.replied_on <= %s) "
               "OR (p.state = 'accepted' AND p.due_on >= %s AND p.due_on <= %s AND p.due_on < %s) "
               "GROUP BY p.region_code")
        first, last = self.d(self.period.first), self.d(self.period.last)
        return self.run(sql, [first, last, first, last, self.d(self.now.date())], 12)

    def matters_four_two_compliance(self):
        """重大事项备案 filed in the period whose kind the county's 村级协商目录 covers (its own active
        items with a filing kind, and the region-wide ones it has not replaced; the region-wide list
        when it has no row of its own): with a matter whose current round passed ①–④ and whose
        decision was published / filed."""
        covered = (
            "SELECT c.region_code AS county, c.filing_kind AS kind FROM matters_catalogueitem c "
            "WHERE c.region_code <> '45' AND c.active = %s AND c.filing_kind <> '' AND c.filing_kind IS NOT NULL "
            "UNION SELECT o.county, s.filing_kind FROM (SELECT DISTINCT region_code AS county FROM matters_catalogueitem "
            "WHERE region_code <> '45') o JOIN matters_catalogueitem s ON s.region_code = '45' AND s.active = %s "
            "AND s.filing_kind <> '' AND s.filing_kind IS NOT NULL AND NOT EXISTS (SELECT 1 FROM matters_catalogueitem r "
            "WHERE r.region_code = o.county AND r.replaces_id = s.id)")
        shared = ("SELECT filing_kind FROM matters_catalogueitem WHERE region_code = '45' AND active = %s "
                  "AND filing_kind <> '' AND filing_kind IS NOT NULL")
        steps = " AND ".join(
            f"EXISTS (SELECT 1 FROM matters_matterstep t WHERE t.matter_id = m.id AND t.round = m.round "
            f"AND t.step = {step} AND t.passed = %s)" for step in (1, 2, 3, 4))
        lawful = (f"m.id IS NOT NULL AND EXISTS (SELECT 1 FROM matters_notice n WHERE n.matter_id = m.id "
                  f"AND n.kind = 'resolution') AND {steps}")
        sql = (f"SELECT x.village, x.num, x.den FROM (SELECT substr(f.region_code, 1, 12) AS village, "
               f"SUM(CASE WHEN {lawful} THEN 1 ELSE 0 END) AS num, COUNT(*) AS den FROM finance_filing f "
               "LEFT JOIN matters_matter m ON m.filing_id = f.id "
               "WHERE f.created_at >= %s AND f.created_at < %s AND ("
               f"EXISTS (SELECT 1 FROM ({covered}) k WHERE k.county = substr(f.region_code, 1, 6) AND k.kind = f.kind) "
               "OR (NOT EXISTS (SELECT 1 FROM matters_catalogueitem o WHERE o.region_code = substr(f.region_code, 1, 6)) "
               f"AND f.kind IN ({shared}))) GROUP BY substr(f.region_code, 1, 12)) x "
               "JOIN regions_region v ON v.code = x.village AND v.level = 'village'")
        params = [True] * 4 + [self.dt(self.period.starts), self.dt(self.period.ends), True, True, True]
        return self.run(sql, params, 12)


SQL_FOR = {
    "party.star_organisations": Sql.star_organisations,
    "party.household_links": Sql.household_links,
    "points.household_coverage": Sql.points_household_coverage,
    "shop.redemption_activity": Sql.shop_redemption_activity,
    "powers.cases_on_time": Sql.powers_cases_on_time,
    "legal.literate_coverage": Sql.literate_coverage,
    "legal.publicity_site_coverage": Sql.publicity_site_coverage,
    "legal.advisor_coverage": Sql.advisor_coverage,
    "legal.requests_on_time": Sql.requests_on_time,
    "law.democracy_region_villages": Sql.democracy_region_villages,
    "law.democracy_city_villages": Sql.democracy_city_villages,
    "moral.civilised_villages": Sql.civilised_villages,
    "petitions.county_centre_standardised": Sql.county_centre_standardised,
    "safety.case_free_or_declining": Sql.case_free_or_declining,
    "grid.events_on_time": Sql.events_on_time,
    "grid.event_satisfaction": Sql.event_satisfaction,
    "grid.visit_coverage": Sql.visit_coverage,
    "mediation.resolved_locally": Sql.mediation_resolved_locally,
    "mediation.one_venue": Sql.mediation_one_venue,
    "petitions.on_time": Sql.petitions_on_time,
    "matters.four_two_compliance": Sql.matters_four_two_compliance,
    "services.applications_on_time": Sql.applications_on_time,
    "children.child_director_coverage": Sql.child_director_coverage,
    "socialorgs.social_work_station_coverage": Sql.social_work_station_coverage,
    "party.meeting_compliance": meeting_compliance,
    "disclosure.on_time": disclosures_on_time,
}


def warm_up(year):
    """Every hand-written statement once, untimed, before the engine's recompute: the first reader of a
    table after seeding (or after other work pushed it out of the OS cache) pays for reading it from
    disk — 3 to 5 s for people_household in grid.visit_coverage 2026Q1, the recompute's first indicator —
    and that was charged to the engine alone, the SQL running afterwards on warm pages."""
    from django.db import connection
    from django.utils import timezone

    from xiangzhi.targets.engine import periods_for
    from xiangzhi.targets.periods import YEAR, Period
    from xiangzhi.targets.plans import load_plan

    started = time.perf_counter()
    for indicator in load_plan().indicators():
        method = SQL_FOR.get(indicator.key)
        for period in periods_for(indicator, [Period(YEAR, year)]) if method else []:
            method(Sql(connection, period, timezone.now()))
    figure("warm-up (hand-written SQL once, untimed)", f"{time.perf_counter() - started:.1f} s")


def engine_rows(key, period_key):
    from xiangzhi.targets.models import IndicatorValue

    rows = IndicatorValue.objects.filter(indicator=key, period=period_key).values_list(
        "region_id", "numerator", "denominator")
    return {code: (numerator, denominator) for code, numerator, denominator in rows.iterator(chunk_size=5000)}


def mismatches(engine, sql, count):
    """Units whose numerator or denominator differ; a unit missing on one side counts as 0 / 0."""
    zero = (0.0, None if count else 0.0)
    wrong = []
    for code in set(engine) | set(sql):
        mine, theirs = engine.get(code, zero), sql.get(code, zero)
        if abs(mine[0] - theirs[0]) > TOLERANCE or (
                (mine[1] is None) != (theirs[1] is None)
                or (mine[1] is not None and abs(mine[1] - theirs[1]) > TOLERANCE)):
            wrong.append((code, mine, theirs))
    return sorted(wrong)


def compare_with_sql(year, engine_seconds, per_indicator, compute_only, again_timings):
    from django.db import connection
    from django.utils import timezone

    from xiangzhi.targets.engine import periods_for
    from xiangzhi.targets.periods import YEAR, Period
    from xiangzhi.targets.plans import load_plan
    from xiangzhi.targets.registry import COUNT

    heading("(h3) hand-written SQL (GROUP BY, rolled up by substr of the code) against the engine's rows")
    plan = load_plan()
    total_sql = 0.0
    compared_engine = 0.0
    wrong_total = 0
    not_compared = []
    for indicator in plan.indicators():
        method = SQL_FOR.get(indicator.key)
        if method is None:
            not_compared.append(indicator.key)
            continue
        seconds = 0.0
        wrong = []
        units = 0
        for period in periods_for(indicator, [Period(YEAR, year)]):
            started = time.perf_counter()
            sql = method(Sql(connection, period, timezone.now()))
            seconds += time.perf_counter() - started
            engine = engine_rows(indicator.key, period.key)
            units += len(set(engine) | set(sql))
            wrong += mismatches(engine, sql, indicator.kind == COUNT)
        total_sql += seconds
        compared_engine += per_indicator.get(indicator.key, 0.0)
        wrong_total += len(wrong)
        figure(f"  {indicator.key}", f"SQL {seconds:.2f} s · engine {per_indicator.get(indicator.key, 0.0):.2f} s "
                                     f"(its compute() alone {compute_only.get(indicator.key, 0.0):.2f} s) · "
                                     f"{units:,} units · {len(wrong)} mismatches")
        for code, mine, theirs in wrong[:3]:
            print(f"      {code}: engine {mine} SQL {theirs}")
    figure("mismatching units (must be 0)", f"{wrong_total:,}")
    figure("SQL total / engine total (same indicators)", f"{total_sql:.1f} s / {compared_engine:.1f} s "
                                                          f"({len(plan.indicators()) - len(not_compared)} of "
                                                          f"{len(plan.indicators())} measured indicators)")
    figure("ratio engine / SQL (target ≤ 2)", f"{compared_engine / max(total_sql, 1e-9):.2f}×")
    again = sum(again_timings.get(key, 0.0) for key in SQL_FOR)
    figure("ratio engine / SQL, recompute with rows present", f"{again / max(total_sql, 1e-9):.2f}× ({again:.1f} s)")
    computed = sum(compute_only.get(key, 0.0) for key in SQL_FOR)
    figure("ratio of the modules' compute() alone / SQL", f"{computed / max(total_sql, 1e-9):.2f}× "
                                                          "(the rest: rollup in Python, building and writing rows)")
    if not_compared:
        figure("no hand-written SQL (logic in Python)", ", ".join(not_compared))
    figure("whole recompute incl. those", f"{engine_seconds:.1f} s")
    return wrong_total


# --- (4) dashboard pages ---------------------------------------------------------------------

def bench_account(username, role, region, department=""):
    from django.contrib.auth.hashers import make_password

    from xiangzhi.accounts.models import Post, User
    from xiangzhi.core.demo import TERM_START

    user, _ = User.objects.get_or_create(username=username, defaults={"password": make_password(None),
                                                                      "full_name": username})
    if not Post.objects.filter(user=user, role=role, region_id=region).exists():
        Post.objects.create(user=user, role=role, region_id=region, department=department, starts_on=TERM_START)
    return user


def pick_units():
    """(county, township, village) of the demo county: its first township and that township's first village."""
    from xiangzhi.core.demo import DEFAULT_COUNTY
    from xiangzhi.regions.models import Level, Region

    township = Region.objects.filter(parent_id=DEFAULT_COUNTY, level=Level.TOWNSHIP).order_by("code").first()
    village = Region.objects.filter(parent_id=township.code, level=Level.VILLAGE).order_by("code").first()
    return DEFAULT_COUNTY, township.code, village.code


def time_pages(year):
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from xiangzhi.accounts.models import Role

    requests = env_int("BENCH_REQUESTS", 200)
    heading(f"(h4) dashboard pages from the rollups, {requests} requests each after {WARM_UP} warm-up")
    county, township, village = pick_units()
    region_user = bench_account("bench_targets_region", Role.REGION_OFFICIAL, "45")
    county_user = bench_account("bench_targets_county", Role.COUNTY_DEPARTMENT, county)
    results = {}
    for label, user, code in (("region 45", region_user, "45"), (f"county {county}", county_user, county),
                              (f"township {township}", county_user, township),
                              (f"village {village}", county_user, village)):
        client = Client()
        client.force_login(user)
        url = reverse("targets:unit", args=[code]) + f"?period={year}"
        response = client.get(url)
        if response.status_code != 200:
            figure(f"  {label}", f"GET {url} answered {response.status_code}: not measured")
            continue
        for _ in range(WARM_UP):
            client.get(url)
        statements = []
        with connection.execute_wrapper(lambda execute, sql, params, many, context: (
                statements.append(sql), execute(sql, params, many, context))[1]):
            client.get(url)
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - started)
        results[label] = median(samples) * 1000
        figure(f"  {label} ({len(statements)} queries)",
               f"median {median(samples) * 1000:.1f} ms · p95 {percentile(samples, 0.95) * 1000:.1f} ms")
    return results


# --- (5) a single write until the region's row shows it --------------------------------------

def start_worker(interval):
    environment = {**os.environ, "XIANGZHI_DEBUG": "0"}
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", str(interval),
               "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(command, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=open(BENCH_DIR / "targets_worker.log", "w"))


def writable_villages(year):
    """The county with the most villages that have no 法律明白人 yet, and those villages with a resident
    each (a first one changes the village's value, hence the region's numerator)."""
    from collections import Counter

    from xiangzhi.legal.models import LegalLiterate
    from xiangzhi.people.models import Resident
    from xiangzhi.regions.models import Region

    covered = set(LegalLiterate.objects.values_list("region_id", flat=True).distinct())
    bare = [code for code in Region.objects.villages().values_list("code", flat=True) if code not in covered]
    if not bare:
        return None, []
    county = Counter(code[:6] for code in bare).most_common(1)[0][0]
    chosen = []
    for code in sorted(c for c in bare if c.startswith(county)):
        resident = Resident.objects.filter(region_id__prefix=code).order_by("id").first()
        if resident is not None:
            chosen.append(resident)
    return county, chosen


def region_numerator(key, period_key):
    from xiangzhi.targets.models import IndicatorValue

    row = IndicatorValue.objects.filter(indicator=key, period=period_key, region_id="45").values_list(
        "numerator", flat=True).first()
    return row


def time_single_writes(year):
    import datetime

    from xiangzhi.accounts.models import Role
    from xiangzhi.legal.actions import register_literate
    from xiangzhi.targets import engine

    writes = env_int("BENCH_TARGET_WRITES", 20)
    interval = float(os.environ.get("BENCH_WORKER_INTERVAL", "1"))
    heading(f"(h5) single write → region rollup: {writes} 法律明白人 registered through legal.actions, "
            f"db_worker polling every {interval:g} s")
    engine.refresh_dirty()  # marks left by seeding and set-up, so the worker starts clean
    county, residents = writable_villages(year)
    if len(residents) < 3:
        figure("not measured", "fewer than 3 villages without a 法律明白人 left in any county")
        return {}
    actor = bench_account(f"bench_targets_writer_{county}", Role.COUNTY_DEPARTMENT, county)
    key, period_key = "legal.literate_coverage", str(year)
    worker = start_worker(interval)
    samples = []
    try:
        time.sleep(2)  # the worker's start-up
        for number, resident in enumerate(residents[:writes + 2]):
            before = region_numerator(key, period_key) or 0.0
            started = time.perf_counter()
            register_literate(actor, resident, trained_on=datetime.date(year, 1, 2))
            while (region_numerator(key, period_key) or 0.0) < before + 1:
                if time.perf_counter() - started > 60:
                    raise RuntimeError("the region's row did not change within 60 s (see var/bench/targets_worker.log)")
                time.sleep(0.01)
            if number >= 2:  # the first two are warm-up
                samples.append(time.perf_counter() - started)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    figure("writes measured", f"{len(samples)} in county {county}")
    figure("write → region row: median / p95",
           f"{median(samples):.2f} s / {percentile(samples, 0.95):.2f} s (target ≤ 2 s)")
    return {"write_median_s": median(samples)}


def run():
    from django.utils import timezone

    from xiangzhi.targets.plans import load_plan

    year = timezone.localdate().year
    plan = load_plan()
    heading(f"(h) targets engine, plan {plan.key}, year {year}")
    figure("measured indicators", f"{len(plan.indicators())}: " + ", ".join(i.key for i in plan.indicators()))
    figure("待接入 targets", ", ".join(t.indicator for t in plan.targets() if t.pending) or "none")
    seed()
    warm_up(year)
    result, per_indicator = time_recompute(year)
    wrong = compare_with_sql(year, result["seconds"], per_indicator, result["compute_only"], result["again_timings"])
    pages = time_pages(year)
    writes = time_single_writes(year)
    now = current_memory_mb()
    if now:
        figure("memory of the bench process now", f"{now:.0f} MB")
    return {"recompute_s": result["seconds"], "mismatches": wrong, **pages, **writes}
