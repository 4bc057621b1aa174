"""Seeding for the targets bench: the records the plan's measured indicators read that the
`seed` and `events` steps do not write, over every village, one transaction per township.

Per village (each village and table draws from its own generator, seeded with both, so a run is
deterministic): 法律明白人 (from the village's residents), 法治文化宣传阵地, the 法律顾问,
villagers' legal help requests of this year, case statistics of last year and this year,
文明村镇 and 民主法治示范村 designations, and a visit to most households this year (网格走访);
in some villages this year's 三会一课 meetings of the party branch, the 村务公开 disclosures the
catalogue's calendar asks for, and 重大事项备案 with the 四议两公开 matters behind them;
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
        from xiangzhi.assembly.models import Meeting as AssemblyMeeting
        from xiangzhi.assembly.models import Resolution
        from xiangzhi.finance.models import Filing
        from xiangzhi.grid.seeding import keeping_given_timestamps
        from xiangzhi.legal.models import HelpRequest, LegalLiterate, PublicitySite
        from xiangzhi.matters.models import CatalogueItem as MatterItem
        from xiangzhi.mediation.models import Dispute
        from xiangzhi.partylife.models import Meeting as PartyMeeting
        from xiangzhi.regions.models import Level, Region
        from xiangzhi.services.models import ServiceItem

        started = time.perf_counter()
        self.user = bench_user()
        # The region-wide 服务事项清单 the platform ships (migration): (pk, time limit in days, completing level).
        self.service_items = [(item.pk, item.time_limit_days, item.level) for item in
                              ServiceItem.objects.filter(region_code="45", active=True).order_by("pk")]
        # The region-wide 村级协商目录's items by the filing kind they cover (a matter names its item).
        self.matter_items = dict(MatterItem.objects.filter(region_code="45", active=True).exclude(filing_kind="")
                                 .order_by("-pk").values_list("filing_kind", "pk"))
        self.disclosure_items = {}  # county → its periodic 公开目录 items, (pk, cadence)
        self.schedules = {}  # county → its 三会一课 schedule
        townships = list(Region.objects.within("45").at_level(Level.TOWNSHIP).order_by("code")
                         .values_list("code", flat=True))
        last = 0.0
        with keeping_given_timestamps(LegalLiterate, PublicitySite, HelpRequest, Dispute, PartyMeeting, Filing,
                                      AssemblyMeeting, Resolution):
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
        from xiangzhi.disclosure.models import Disclosure
        from xiangzhi.finance.models import Filing
        from xiangzhi.grid.models import Visit
        from xiangzhi.legal.models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite
        from xiangzhi.mediation.models import Dispute
        from xiangzhi.partylife.models import Meeting as PartyMeeting
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
            "meetings": self.present(PartyMeeting, township, held_on__year=year),
            "disclosures": self.present(Disclosure, township, field="village_id", created_at__year=year),
            "filings": self.present(Filing, township, created_at__year=year),
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
        units = self.party_units(township)
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
            if code not in has["meetings"]:
                rows[PartyMeeting] += self.meetings(rng("meetings"), units.get(code, []))
            if code not in has["disclosures"]:
                rows[Disclosure] += self.disclosures(rng("disclosures"), code)
            if code not in has["filings"]:
                rows[Filing] += self.filings(rng("filings"), code)
        if not SocialWorkStation.objects.filter(region_id=township).exists():
            rows[SocialWorkStation] += self.stations(random.Random(f"{SEED}:targets:stations:{township}"), township)
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=BATCH)
            self.counts[model._meta.label] += len(objects)
        self.dispute_trails(rows.get(Dispute, []))
        self.filing_trails(rows.get(Filing, []))

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

    # --- 三会一课, 村务公开 and 四议两公开 -------------------------------------------------

    def party_units(self, township):
        """{village: [(organisation id, region, established, dissolved, groups)]}: the basic party units
        of the township that keep the 三会一课 calendar this year, with their 党小组's ids."""
        from xiangzhi.partylife.compliance import basic_units, owes_in
        from xiangzhi.people.models import Organisation, OrganisationKind

        year = self.today.year
        organisations = owes_in(basic_units(Organisation.objects.filter(region_id__prefix=township)), year)
        groups = defaultdict(list)
        for pk, parent in (Organisation.objects.filter(region_id__prefix=township, kind=OrganisationKind.PARTY_GROUP)
                           .filter(dissolved_on__isnull=True).order_by("id").values_list("id", "parent_id")):
            groups[parent].append(pk)
        units = defaultdict(list)
        for pk, region, established, dissolved in organisations.order_by("id").values_list(
                "id", "region_id", "established_on", "dissolved_on"):
            if len(region) >= 12:
                units[region[:12]].append((pk, region, established, dissolved, groups.get(pk, [])))
        return units

    def schedule(self, county):
        from xiangzhi.partylife.compliance import schedule_for

        if county not in self.schedules:
            self.schedules[county] = schedule_for(county)
        return self.schedules[county]

    def meetings(self, rng, units):
        """三会一课 of this year, in the 30 % of villages whose branch keeps its records on the platform:
        most owed periods held once (a few twice), some missed, a few held only after the period
        ended (early in the next one). 党小组会 are held by the branch's 党小组 when it has one."""
        from xiangzhi.partylife.models import Frequency, Meeting, MeetingKind
        from xiangzhi.targets.periods import Period

        if not units or rng.random() >= 0.3:
            return []
        objects = []
        yesterday = self.today - timedelta(days=1)
        topics = {MeetingKind.LECTURE: "学习贯彻党的二十届四中全会精神", MeetingKind.THEME_DAY: "志愿服务进屯入户"}
        for pk, region, established, dissolved, groups in units:
            keeping = rng.random()  # how well this branch keeps its calendar
            for kind, frequency in self.schedule(region[:6]).items():
                if frequency == Frequency.NONE or (kind == MeetingKind.GROUP and not groups):
                    continue
                holder = rng.choice(groups) if kind == MeetingKind.GROUP else pk
                for period in Period.in_year(frequency, self.today.year):
                    if period.first > yesterday:
                        break
                    draw = rng.random()
                    if draw < 0.55 + 0.4 * keeping:
                        days = [self.past_day(rng, period.first, min(period.last, yesterday))]
                        if rng.random() < 0.05:
                            days.append(self.past_day(rng, period.first, min(period.last, yesterday)))
                    elif draw < 0.6 + 0.4 * keeping:  # late: in the first days of the next period
                        days = [period.last + timedelta(days=rng.randint(1, 12))]
                    else:
                        days = []
                    for day in days:
                        if day > yesterday or (established and day < established) or (dissolved and day > dissolved):
                            continue
                        objects.append(Meeting(
                            organisation_id=holder, kind=kind, held_on=day, region_id=region,
                            topic=topics.get(kind, f"{MeetingKind(kind).label}({period.label})"), minutes="会议记录",
                            recorded_by=self.user, created_at=aware(day, 20)))
        return objects

    def periodic_items(self, county):
        from xiangzhi.disclosure.catalogue import items_of
        from xiangzhi.disclosure.models import PERIODIC_CADENCES

        if county not in self.disclosure_items:
            self.disclosure_items[county] = list(items_of(county).active().filter(cadence__in=PERIODIC_CADENCES)
                                                 .order_by("id").values_list("pk", "cadence"))
        return self.disclosure_items[county]

    def disclosures(self, rng, code):
        """村务公开 of the periods whose due date falls in this year and has passed, for each periodic
        item of the county's catalogue, in the 30 % of villages that publish on the platform: most
        published by the due date (some in its last minutes, Asia/Shanghai), some late (a few in the
        first minutes after), some missing; a few corrected by a second publication, a few left as
        drafts."""
        from xiangzhi.disclosure.calendar import periods_to_check
        from xiangzhi.disclosure.models import Disclosure, DisclosureState

        if rng.random() >= 0.3:
            return []
        now = timezone.now()
        objects = []
        keeping = rng.random()
        for item, cadence in self.periodic_items(code[:6]):
            for period in periods_to_check(cadence, self.today):
                if period.due_date.year != self.today.year or period.due_at > now:
                    continue
                due = period.due_at
                opened = timezone.make_aware(datetime.datetime.combine(period.next().first_day, datetime.time(9)))
                draw = rng.random()
                if draw < 0.02:
                    published = due - timedelta(minutes=rng.randint(1, 30))  # the due date's last minutes
                elif draw < 0.04:
                    published = due + timedelta(minutes=rng.randint(0, 30))  # just after midnight: late
                elif draw < 0.6 + 0.35 * keeping:
                    published = opened + (due - opened) * rng.uniform(0, 0.98)
                elif draw < 0.7 + 0.3 * keeping:
                    published = due + timedelta(hours=rng.uniform(1, 24 * 40))
                else:
                    published = None
                if published is not None and published > now:
                    published = None
                if published is None:
                    if rng.random() < 0.2:  # drafted, never published
                        objects.append(Disclosure(
                            village_id=code, item_id=item, period=period.label, title=f"{period.label}公开(草稿)",
                            body="待会签", drafted_by=self.user, state=DisclosureState.DRAFT,
                            state_changed_at=opened, created_at=opened))
                    continue
                times = [published]
                if rng.random() < 0.03:
                    times.append(published + timedelta(days=rng.randint(1, 20)))
                for at in times:
                    at = min(at, now)
                    objects.append(Disclosure(
                        village_id=code, item_id=item, period=period.label, title=f"{period.label}公开",
                        body="公开内容", drafted_by=self.user, countersigned_by=self.user,
                        countersigned_at=at - timedelta(hours=2), published_by=self.user, published_at=at,
                        state=DisclosureState.PUBLISHED, state_changed_at=at, created_at=at - timedelta(hours=3)))
        return objects

    def filings(self, rng, code):
        """重大事项备案 of this year in 12 % of villages, mostly of kinds the 村级协商目录 covers; the
        matters behind them are written by filing_trails."""
        from xiangzhi.finance.models import Filing, FilingKind, FilingState

        if rng.random() >= 0.12:
            return []
        objects = []
        kinds = ([FilingKind.PROJECT] * 7 + [FilingKind.LARGE_EXPENSE] * 5 + [FilingKind.RESOURCE_CONTRACT] * 3
                 + [FilingKind.ASSET_DISPOSAL] * 2 + [FilingKind.OTHER] * 3)
        for _ in range(rng.randint(1, 3)):
            created = aware(self.past_day(rng, datetime.date(self.today.year, 2, 1)), rng.randint(8, 17))
            kind = rng.choice(kinds)
            filing = Filing(
                region_id=code, kind=kind, title=f"{FilingKind(kind).label}备案", amount_fen=rng.randint(5, 80) * 10_000_00,
                description="经村民代表会议决议", resolution="finance/filings/bench.pdf", resolution_name="决议.pdf",
                resolution_sha256="0" * 64, submitted_by=self.user, created_at=created,
                state=FilingState.APPROVED if rng.random() < 0.85 else FilingState.SUBMITTED, state_changed_at=created)
            filing.bench_draw = rng.random(), rng.random()
            objects.append(filing)
        return objects

    def filing_trails(self, filings):
        """The 四议两公开 matter behind a filing (its pk returned by bulk_create): the whole trail (①–④
        passed, ⑤ published) for most, in a second round after a failed vote for some; stopped short
        of ④, or ④ passed without ⑤, for others; no matter at all (a bypass) for a few. Each step is
        a held meeting of the step's body with its resolution."""
        from xiangzhi.assembly.models import Meeting, MeetingState, Resolution
        from xiangzhi.matters.models import Matter, MatterState, MatterStep, Notice, NoticeKind
        from xiangzhi.matters.procedure import STEP_BODIES

        plans = []  # (matter, [(round, step, passed)], resolution notice published)
        for filing in filings:
            draw, late = filing.bench_draw
            whole = [(1, step, True) for step in (1, 2, 3, 4)]
            if draw < 0.15:
                continue
            if draw < 0.65:
                trail, notice, state = whole, True, MatterState.IMPLEMENTING
            elif draw < 0.75:
                trail, notice, state = whole, False, MatterState.RESOLVED
            elif draw < 0.83:
                trail = [(1, 1, True), (1, 2, True), (1, 3, False)] + [(2, step, True) for step in (1, 2, 3, 4)]
                notice, state = True, MatterState.IMPLEMENTING
            elif draw < 0.9:
                trail = [(1, 1, True), (1, 2, True), (1, 3, True), (1, 4, False), (2, 1, True), (2, 2, True)]
                notice, state = False, MatterState.DELIBERATED
            else:
                trail, notice, state = whole[:3], False, MatterState.REVIEWED
            started = filing.created_at - timedelta(days=20 + int(late * 40))
            matter = Matter(
                village_id=filing.region_id, title=filing.title.replace("备案", ""), description=filing.description,
                item_id=self.matter_items.get(filing.kind), amount_fen=filing.amount_fen, filing_id=filing.pk,
                round=trail[-1][0], created_by=self.user, created_at=started, state=state,
                state_changed_at=filing.created_at)
            plans.append((matter, trail, notice, started))
        Matter.objects.bulk_create([plan[0] for plan in plans], batch_size=BATCH)
        meetings, steps = [], []
        for matter, trail, _notice, started in plans:
            for number, (round_, step, passed) in enumerate(trail):
                held = started + timedelta(days=2 * number + 1)
                meeting = Meeting(
                    region_id=matter.village_id, body=STEP_BODIES[step][0], title=f"{matter.title}会议",
                    notice_on=timezone.localdate(held) - timedelta(days=1), meets_on=timezone.localdate(held),
                    held_at=held, state=MeetingState.HELD, created_by=self.user, created_at=held - timedelta(days=1))
                meetings.append(meeting)
                steps.append((matter, round_, step, passed, meeting))
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        resolutions = [Resolution(
            meeting_id=meeting.pk, motion=f"关于{matter.title}的表决", eligible=9, present=8, in_favour=6 if passed else 3,
            against=2 if passed else 5, passed=passed, rule="过半数通过", recorded_by=self.user,
            recorded_at=meeting.held_at) for matter, _round, _step, passed, meeting in steps]
        Resolution.objects.bulk_create(resolutions, batch_size=BATCH)
        MatterStep.objects.bulk_create([MatterStep(
            matter_id=matter.pk, round=round_, step=step, resolution_id=resolution.pk, passed=passed,
            recorded_by=self.user, recorded_at=meeting.held_at)
            for (matter, round_, step, passed, meeting), resolution in zip(steps, resolutions, strict=True)],
            batch_size=BATCH)
        notices = [Notice(matter_id=matter.pk, kind=NoticeKind.RESOLUTION, text="决议公开", published_by=self.user,
                          published_at=started + timedelta(days=2 * len(trail) + 1))
                   for matter, trail, notice, started in plans if notice]
        Notice.objects.bulk_create(notices, batch_size=BATCH)
        for model, rows in ((Matter, plans), (Meeting, meetings), (Resolution, resolutions), (MatterStep, steps),
                            (Notice, notices)):
            self.counts[model._meta.label] += len(rows)

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
    from xiangzhi.disclosure.models import Disclosure
    from xiangzhi.finance.models import Filing
    from xiangzhi.grid.models import Event, Visit
    from xiangzhi.legal.models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite
    from xiangzhi.matters.models import Matter, MatterStep, Notice
    from xiangzhi.mediation.models import Dispute, HandOff, VenueVisit
    from xiangzhi.partylife.models import Meeting as PartyMeeting
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
              HandOff, VenueVisit, Petition, PartyMeeting, Disclosure, Filing, Matter, MatterStep, Notice)
    return {model._meta.db_table: model.objects.aggregate(n=Count("pk"))["n"] for model in models}
