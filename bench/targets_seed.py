"""Seeding for the targets bench: the records the plan's measured indicators read that the
`seed` and `events` steps do not write, over every village, one transaction per township.

Per village (each village and table draws from its own generator, seeded with both, so a run is
deterministic): 法律明白人 (from the village's residents), 法治文化宣传阵地, the 法律顾问,
villagers' legal help requests of this year, case statistics of last year and this year,
文明村镇 and 民主法治示范村 designations, and a visit to most households this year (网格走访);
per county a 矛调中心. A table a village already has rows in is skipped for that village (the
step can be run again, or after a partial run), so rows written by the real actions stay as
they are. Writing goes around the actions on purpose: this is a system load, as in
xiangzhi/grid/seeding.py.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

SEED = 2025
BATCH = 2000
BENCH_SEEDER = "bench_targets_seeder"


def bench_user():
    from xiangzhi.accounts.models import User

    user, _ = User.objects.get_or_create(
        username=BENCH_SEEDER, defaults={"full_name": "台账基准", "password": make_password(None)})
    return user


def aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class TargetsSeeder:
    def __init__(self, out=None, today=None):
        self.out = out or (lambda line: None)
        self.today = today or timezone.localdate()
        self.counts = Counter()

    def run(self):
        from xiangzhi.grid.seeding import keeping_given_timestamps
        from xiangzhi.legal.models import HelpRequest, LegalLiterate, PublicitySite
        from xiangzhi.regions.models import Level, Region

        started = time.perf_counter()
        self.user = bench_user()
        townships = list(Region.objects.within("45").at_level(Level.TOWNSHIP).order_by("code")
                         .values_list("code", flat=True))
        last = 0.0
        with keeping_given_timestamps(LegalLiterate, PublicitySite, HelpRequest):
            for done, township in enumerate(townships, start=1):
                with transaction.atomic():
                    self.seed_township(township)
                elapsed = time.perf_counter() - started
                if elapsed - last >= 5 or done == len(townships):
                    last = elapsed
                    self.out(f"进度 {done}/{len(townships)} 乡镇 · {sum(self.counts.values()):,} 行 · "
                             f"{sum(self.counts.values()) / max(elapsed, 1e-9):,.0f} 行/秒")
            with transaction.atomic():
                self.seed_centres()
        self.seconds = time.perf_counter() - started
        return self

    # --- one township ------------------------------------------------------------------

    def present(self, model, township, **filters):
        """The villages of the township that already have rows of `model`."""
        rows = model.objects.filter(region_id__prefix=township, **filters).values_list("region_id", flat=True)
        return {code[:12] for code in rows.distinct()}

    def seed_township(self, township):
        from xiangzhi.grid.models import Visit
        from xiangzhi.legal.models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite
        from xiangzhi.people.models import Household, Resident
        from xiangzhi.regions.models import Designation, Level, Region
        from xiangzhi.safety.models import CaseStatistics

        villages = list(Region.objects.filter(parent_id=township, level=Level.VILLAGE).order_by("code")
                        .values_list("code", flat=True))
        if not villages:
            return
        year = self.today.year
        has = {
            "literates": self.present(LegalLiterate, township),
            "sites": self.present(PublicitySite, township),
            "advisors": self.present(LegalAdvisor, township),
            "requests": self.present(HelpRequest, township, asked_at__year=year),
            "stats": self.present(CaseStatistics, township, year__in=[year - 1, year]),
            "designations": self.present(Designation, township),
            "visits": self.present(Visit, township, visited_on__year=year),
        }
        residents = defaultdict(list)
        taken = set(LegalLiterate.objects.filter(region_id__prefix=township).values_list("resident_id", flat=True))
        for pk, region in Resident.objects.filter(region_id__prefix=township).order_by("id").values_list("id", "region_id"):
            if len(residents[region[:12]]) < 20 and pk not in taken:
                residents[region[:12]].append(pk)
        households = defaultdict(list)
        for row in Household.objects.filter(region_id__prefix=township).order_by("id").values_list("id", "region_id", "grid_id"):
            households[row[1][:12]].append(row)
        workers = self.grid_workers(township)
        rows = defaultdict(list)
        for code in villages:
            # One generator per village and table: a table skipped on a second run leaves the
            # others' draws unchanged (a village that drew no rows draws none again).
            def rng(table, code=code):
                return random.Random(f"{SEED}:targets:{table}:{code}")

            if code not in has["literates"]:
                rows[LegalLiterate] += self.literates(rng("literates"), code, residents.get(code, []))
            if code not in has["sites"]:
                rows[PublicitySite] += self.sites(rng("sites"), code)
            if code not in has["advisors"] and rng("advisors").random() < 0.95:
                rows[LegalAdvisor].append(LegalAdvisor(
                    region_id=code, name=f"律师{code[-4:]}", firm="桂法律师事务所", phone="0771-5550000",
                    assigned_by=self.user))
            if code not in has["requests"]:
                rows[HelpRequest] += self.requests(rng("requests"), code)
            if code not in has["stats"]:
                rows[CaseStatistics] += self.statistics(rng("stats"), code)
            if code not in has["designations"]:
                rows[Designation] += self.designations(rng("designations"), code)
            if code not in has["visits"]:
                rows[Visit] += self.visits(rng("visits"), households.get(code, []), workers)
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
            self.counts[model._meta.label] += len(objects)

    def grid_workers(self, township):
        from xiangzhi.accounts.models import Post, Role

        posts = Post.objects.filter(role=Role.GRID_WORKER, region_id__prefix=township).order_by("id")
        return dict(posts.values_list("region_id", "user_id"))

    # --- rows of one village -----------------------------------------------------------

    def past_day(self, rng, first, last=None):
        last = last or self.today - timedelta(days=1)
        if last < first:
            return first
        return first + timedelta(days=rng.randrange((last - first).days + 1))

    def literates(self, rng, code, residents):
        from xiangzhi.legal.models import LegalLiterate

        if not residents or rng.random() >= 0.9:
            return []
        chosen = rng.sample(residents, min(len(residents), rng.randint(1, 3)))
        objects = []
        for pk in chosen:
            trained = self.past_day(rng, datetime.date(self.today.year - 3, 1, 1))
            objects.append(LegalLiterate(region_id=code, resident_id=pk, trained_on=trained,
                                         registered_by=self.user, created_at=aware(trained)))
        return objects

    def sites(self, rng, code):
        from xiangzhi.legal.models import PublicitySite, SiteKind

        if rng.random() >= 0.8:
            return []
        objects = []
        for number in range(rng.randint(1, 2)):
            day = self.past_day(rng, datetime.date(self.today.year - 3, 1, 1))
            objects.append(PublicitySite(
                region_id=code, kind=rng.choice(SiteKind.values), name=f"法治宣传阵地{number + 1}",
                photo="legal/sites/bench.jpg", content_type="image/jpeg", sha256="0" * 64,
                created_by=self.user, created_at=aware(day)))
        return objects

    def requests(self, rng, code):
        from xiangzhi.legal.models import HelpRequest, RequestKind, RequestState

        objects = []
        now = timezone.now()
        for _ in range(rng.randint(0, 6)):
            asked = aware(self.past_day(rng, datetime.date(self.today.year, 1, 1)), rng.randint(8, 18))
            due = asked + timedelta(days=HelpRequest.DEFAULT_DAYS)
            answered_at = asked + timedelta(hours=rng.uniform(2, 24 * 8))
            if rng.random() < 0.12 or answered_at > now:
                objects.append(HelpRequest(region_id=code, kind=rng.choice(RequestKind.values), question="土地承包纠纷咨询",
                                           asked_by=self.user, asked_at=asked, due_at=due))
            else:
                objects.append(HelpRequest(
                    region_id=code, kind=rng.choice(RequestKind.values), question="土地承包纠纷咨询",
                    asked_by=self.user, asked_at=asked, due_at=due, state=RequestState.ANSWERED,
                    answer="已答复", answered_by=self.user, answered_at=answered_at))
        return objects

    def statistics(self, rng, code):
        from xiangzhi.safety.models import CaseStatistics, StatisticsSource

        objects = []
        for year in (self.today.year - 1, self.today.year):
            if rng.random() >= 0.95:
                continue
            counts = {name: (0 if rng.random() < 0.55 else rng.randint(1, 4))
                      for name in ("criminal", "public_order")}
            counts.update({name: (0 if rng.random() < 0.9 else 1)
                           for name in ("civil_to_criminal", "mass_incidents", "collective_petitions")})
            objects.append(CaseStatistics(region_id=code, year=year, source=StatisticsSource.IMPORTED,
                                          entered_by=self.user, **counts))
        return objects

    def designations(self, rng, code):
        from xiangzhi.regions.models import Designation, DesignationLevel, DesignationTitle

        objects = []

        def grant(title, level):
            year = rng.randint(self.today.year - 4, self.today.year)
            granted = self.past_day(rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31),
                                                                         self.today - timedelta(days=1)))
            revoked = self.past_day(rng, granted) if rng.random() < 0.03 else None
            objects.append(Designation(region_id=code, title=title, level=level, year=year, granted_on=granted,
                                       granted_by=self.user, revoked_on=revoked,
                                       revoke_reason="复核不合格" if revoked else ""))

        if rng.random() < 0.72:
            grant(DesignationTitle.CIVILIZED_VILLAGE, rng.choice(
                [DesignationLevel.COUNTY] * 6 + [DesignationLevel.CITY] * 3 + [DesignationLevel.REGION]))
        draw = rng.random()
        if draw < 0.02:
            grant(DesignationTitle.DEMOCRACY_LAW_VILLAGE, DesignationLevel.REGION)
        elif draw < 0.08:
            grant(DesignationTitle.DEMOCRACY_LAW_VILLAGE, DesignationLevel.CITY)
        return objects

    def visits(self, rng, households, workers):
        from xiangzhi.grid.models import Visit

        objects = []
        first = datetime.date(self.today.year, 1, 1)
        for pk, region, grid in households:
            for _ in range(rng.choice((0, 0, 0, 1, 1, 1, 1, 1, 2, 2))):
                objects.append(Visit(household_id=pk, region_id=region, grid_id=grid,
                                     visitor_id=workers.get(grid, self.user.pk),
                                     visited_on=self.past_day(rng, first), findings="入户走访，家庭情况正常"))
        return objects

    # --- counties ----------------------------------------------------------------------

    def seed_centres(self):
        from xiangzhi.petitions.models import Centre, CentreKind
        from xiangzhi.regions.models import Level, Region

        have = set(Centre.objects.filter(kind=CentreKind.MEDIATION).values_list("region_id", flat=True))
        objects = []
        for code, name in Region.objects.at_level(Level.COUNTY).order_by("code").values_list("code", "name"):
            if code in have:
                continue
            rng = random.Random(f"{SEED}:centre:{code}")
            done = rng.random() < 0.85
            objects.append(Centre(
                region_id=code, kind=CentreKind.MEDIATION, name=f"{name}矛盾纠纷调处化解中心", standardised=done,
                standardised_on=self.past_day(rng, datetime.date(self.today.year - 3, 1, 1)) if done else None))
        Centre.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[Centre._meta.label] += len(objects)


def operational_records():
    """{table: rows} of the records the plan's indicators read."""
    from xiangzhi.grid.models import Event, Visit
    from xiangzhi.legal.models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite
    from xiangzhi.petitions.models import Centre
    from xiangzhi.points.models import PointsEntry
    from xiangzhi.powers.models import PowerCase
    from xiangzhi.regions.models import Designation
    from xiangzhi.safety.models import CaseStatistics
    from xiangzhi.shop.models import Redemption

    models = (Event, Visit, LegalLiterate, PublicitySite, LegalAdvisor, HelpRequest, CaseStatistics, Designation,
              Centre, PointsEntry, Redemption, PowerCase)
    return {model._meta.db_table: model.objects.aggregate(n=Count("pk"))["n"] for model in models}
