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
        from xiangzhi.mediation.models import Dispute
        from xiangzhi.regions.models import Level, Region
        from xiangzhi.services.models import ServiceItem

        started = time.perf_counter()
        self.user = bench_user()
        # The region-wide 服务事项清单 the platform ships (migration): (pk, time limit in days, completing level).
        self.service_items = [(item.pk, item.time_limit_days, item.level) for item in
                              ServiceItem.objects.filter(region_code="45", active=True).order_by("pk")]
        townships = list(Region.objects.within("45").at_level(Level.TOWNSHIP).order_by("code")
                         .values_list("code", flat=True))
        last = 0.0
        with keeping_given_timestamps(LegalLiterate, PublicitySite, HelpRequest, Dispute):
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

    def present(self, model, township, field="region_id", **filters):
        """The villages of the township that already have rows of `model` (`field`: its region column)."""
        rows = model.objects.filter(**{f"{field}__prefix": township}, **filters).values_list(field, flat=True)
        return {code[:12] for code in rows.distinct()}

    def seed_township(self, township):
        from xiangzhi.children.models import ChildDirector
        from xiangzhi.grid.models import Visit
        from xiangzhi.legal.models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite
        from xiangzhi.mediation.models import Dispute
        from xiangzhi.people.models import Household, Resident
        from xiangzhi.petitions.models import Petition
        from xiangzhi.regions.models import Designation, Level, Region
        from xiangzhi.safety.models import CaseStatistics
        from xiangzhi.services.models import Application
        from xiangzhi.socialorgs.models import SocialWorkStation

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
            "applications": self.present(Application, township, submitted_at__year=year),
            "directors": self.present(ChildDirector, township, field="village_id"),
            "disputes": self.present(Dispute, township, created_at__year=year),
            "petitions": self.present(Petition, township, received_on__year=year),
        }
        residents = defaultdict(list)
        people = defaultdict(list)  # any residents of the village (applicants, petitioners)
        taken = set(LegalLiterate.objects.filter(region_id__prefix=township).values_list("resident_id", flat=True))
        for pk, region in Resident.objects.filter(region_id__prefix=township).order_by("id").values_list("id", "region_id"):
            if len(people[region[:12]]) < 20:
                people[region[:12]].append(pk)
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
            if code not in has["applications"]:
                rows[Application] += self.applications(rng("applications"), code, people.get(code, []))
            if code not in has["directors"]:
                rows[ChildDirector] += self.directors(rng("directors"), code)
            if code not in has["disputes"]:
                rows[Dispute] += self.disputes(rng("disputes"), code, households.get(code, []))
            if code not in has["petitions"]:
                rows[Petition] += self.petitions(rng("petitions"), code, people.get(code, []))
        if not SocialWorkStation.objects.filter(region_id=township).exists():
            rows[SocialWorkStation] += self.stations(random.Random(f"{SEED}:targets:stations:{township}"), township)
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
            self.counts[model._meta.label] += len(objects)
        self.dispute_trails(rows.get(Dispute, []))

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

    def applications(self, rng, code, people):
        """便民服务申请 of this year: most finished by the deadline, some late, some rejected, some still
        open past the deadline, and the recent ones open and not yet due."""
        from xiangzhi.services.models import Application, ApplicationState

        if not people or not self.service_items:
            return []
        objects = []
        now = timezone.now()
        open_pairs = set()  # one open application per applicant and item (service_one_open_application)
        offices = {"village": code, "township": code[:9], "county": code[:6]}
        for _ in range(rng.randint(0, 4)):
            item, limit, level = rng.choice(self.service_items)
            applicant = rng.choice(people)
            submitted = aware(self.past_day(rng, datetime.date(self.today.year, 1, 1)), rng.randint(8, 17))
            deadline = submitted + timedelta(days=limit)
            draw = rng.random()
            if draw < 0.70:
                state, finished = ApplicationState.COMPLETED, submitted + (deadline - submitted) * rng.uniform(0.1, 0.95)
            elif draw < 0.78:
                state, finished = ApplicationState.REJECTED, submitted + (deadline - submitted) * rng.uniform(0.1, 0.95)
            elif draw < 0.88:
                state, finished = ApplicationState.COMPLETED, deadline + timedelta(hours=rng.uniform(2, 24 * 10))
            else:
                state, finished = ApplicationState.IN_PROGRESS, None
            if finished is not None and finished > now:
                state, finished = ApplicationState.IN_PROGRESS, None
            if finished is None:
                if (applicant, item) in open_pairs:
                    continue
                open_pairs.add((applicant, item))
            objects.append(Application(
                item_id=item, applicant_id=applicant, region_id=code, office_id=offices[level],
                note="网上申请", applied_by=self.user, submitted_at=submitted, deadline=deadline, state=state,
                state_changed_at=finished or submitted, finished_at=finished))
        return objects

    def directors(self, rng, code):
        """儿童主任: most villages have one in office; some had an earlier term; a few saw theirs leave."""
        from xiangzhi.children.models import ChildDirector

        draw = rng.random()
        if draw >= 0.92:
            return []
        objects = []
        first = self.past_day(rng, datetime.date(self.today.year - 5, 1, 1), self.today - timedelta(days=30))
        if rng.random() < 0.15:  # an earlier director, ended before the present one came
            ended = self.past_day(rng, first, self.today - timedelta(days=20))
            objects.append(ChildDirector(village_id=code, name=f"原儿童主任{code[-3:]}", appointed_on=first,
                                         ended_on=ended, end_reason="工作调动", appointed_by=self.user))
            first = ended + timedelta(days=1)
        ended = self.past_day(rng, first) if draw >= 0.87 else None  # left, no successor yet
        objects.append(ChildDirector(village_id=code, name=f"儿童主任{code[-3:]}", appointed_on=first,
                                     ended_on=ended, end_reason="离职" if ended else "", appointed_by=self.user))
        return objects

    def stations(self, rng, township):
        """乡镇社会工作服务站: most townships have one open; a few closed theirs."""
        from xiangzhi.socialorgs.models import SocialWorkStation

        if rng.random() >= 0.85:
            return []
        opened = self.past_day(rng, datetime.date(self.today.year - 5, 1, 1))
        closed = self.past_day(rng, opened) if rng.random() < 0.06 else None
        return [SocialWorkStation(region_id=township, name=f"{township}社会工作服务站", opened_on=opened,
                                  staff_count=rng.randint(1, 6), closed_on=closed, created_by=self.user)]

    def disputes(self, rng, code, households):
        """矛盾纠纷 of this year arising in the village or one of its 屯: most concluded (agreed, failed,
        refused), some still being mediated; hand-offs and venue visits follow (dispute_trails)."""
        from xiangzhi.mediation.models import Channel, Dispute, DisputeState, DisputeType

        objects = []
        now = timezone.now()
        places = sorted({region for _pk, region, _grid in households}) or [code]
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
            created = aware(self.past_day(rng, datetime.date(self.today.year, 1, 1)), rng.randint(8, 17))
            closed = created + timedelta(days=rng.uniform(1, 40))
            draw = rng.random()
            state = (DisputeState.AGREED if draw < 0.72 else DisputeState.FAILED if draw < 0.85
                     else DisputeState.REFUSED if draw < 0.92 else DisputeState.MEDIATING)
            if closed > now:
                state = DisputeState.MEDIATING
            final = state != DisputeState.MEDIATING
            up = rng.random() < 0.12
            dispute = Dispute(
                region_id=rng.choice(places), venue_id=code, handler_region_id=code[:9] if up else code,
                dispute_type=rng.choice(DisputeType.values), channel=Channel.PEOPLE, summary="邻里宅基地界址纠纷",
                state=state, state_changed_at=closed if final else created, accepted_at=created,
                closed_at=closed if final else None, created_by=self.user, created_at=created)
            dispute.bench_draws = (up, rng.random() < 0.06, rng.choice((1, 1, 1, 1, 2, 2, 3)))
            objects.append(dispute)
        return objects

    def dispute_trails(self, disputes):
        """Hand-offs (up to the township, or sideways to another committee of the village) and the
        places the parties went to, for disputes just written (their pks returned by bulk_create)."""
        from xiangzhi.mediation.models import Channel, HandOff, VenueVisit

        handoffs, visits = [], []
        for dispute in disputes:
            up, sideways, venues = dispute.bench_draws
            village = dispute.venue_id
            if up or sideways:
                handoffs.append(HandOff(
                    dispute_id=dispute.pk, from_region_id=village, to_region_id=village[:9] if up else village,
                    from_channel=Channel.PEOPLE, to_channel=Channel.PEOPLE, reason="移交调解",
                    parties_visit=up, actor=self.user))
            for place in (village, village[:9], village[:6])[:venues]:
                visits.append(VenueVisit(dispute_id=dispute.pk, venue_id=place))
        HandOff.objects.bulk_create(handoffs, batch_size=BATCH)
        VenueVisit.objects.bulk_create(visits, batch_size=BATCH)
        self.counts[HandOff._meta.label] += len(handoffs)
        self.counts[VenueVisit._meta.label] += len(visits)

    def petitions(self, rng, code, people):
        """信访代办 of this year: replied (mostly within 60 days of acceptance, some extended, some late),
        accepted and still open (past due or not), or only received."""
        from xiangzhi.petitions.models import HANDLING_DAYS, Petition, PetitionState

        if not people:
            return []
        objects = []
        yesterday = self.today - timedelta(days=1)
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            received = self.past_day(rng, datetime.date(self.today.year, 1, 1))
            accepted = received + timedelta(days=rng.randint(0, 14))
            extension = 30 if rng.random() < 0.1 else 0
            due = accepted + timedelta(days=HANDLING_DAYS + extension)
            reply = accepted + timedelta(days=rng.randint(5, HANDLING_DAYS + extension + 25))
            fields = {}
            if accepted > yesterday:
                state, fields = PetitionState.RECEIVED, {"accepted_on": None, "due_on": None}
            elif reply <= yesterday and rng.random() < 0.9:
                state, fields = PetitionState.REPLIED, {"replied_on": reply, "due_on": None}
            else:
                state = PetitionState.ACCEPTED
            objects.append(Petition(**{
                "region_id": code, "petitioner_id": rng.choice(people), "subject": "土地征收补偿",
                "facts": "反映征地补偿款未足额发放", "state": state, "received_on": received,
                "accepted_on": accepted, "extension_days": extension,
                "extension_reason": "情况复杂" if extension else "", "due_on": due, "handler": self.user, **fields}))
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
    from xiangzhi.children.models import ChildDirector
    from xiangzhi.grid.models import Event, Visit
    from xiangzhi.legal.models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite
    from xiangzhi.mediation.models import Dispute, HandOff, VenueVisit
    from xiangzhi.petitions.models import Centre, Petition
    from xiangzhi.points.models import PointsEntry
    from xiangzhi.powers.models import PowerCase
    from xiangzhi.regions.models import Designation
    from xiangzhi.safety.models import CaseStatistics
    from xiangzhi.services.models import Application
    from xiangzhi.shop.models import Redemption
    from xiangzhi.socialorgs.models import SocialWorkStation

    models = (Event, Visit, LegalLiterate, PublicitySite, LegalAdvisor, HelpRequest, CaseStatistics, Designation,
              Centre, PointsEntry, Redemption, PowerCase, Application, ChildDirector, SocialWorkStation, Dispute,
              HandOff, VenueVisit, Petition)
    return {model._meta.db_table: model.objects.aggregate(n=Count("pk"))["n"] for model in models}
