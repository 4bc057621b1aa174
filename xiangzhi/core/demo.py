"""Demo data: villages with 屯 and grids, households and residents, organisations, users.

Deterministic: every village draws from its own generator seeded with (seed, village
code), so a village's households come out the same whatever else is seeded around it,
and an interrupted region-scale run resumes township by township with the same result.

Writing goes around the actions on purpose: this is a system load of hundreds of
thousands of rows, done with bulk_create in batches, and it is recorded by one
"demo.seed" audit event with the counts. The demo users and their posts do go through
the account actions (a handful of rows, each audited).
"""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from faker import Faker
from pypinyin import Style, lazy_pinyin

from xiangzhi.accounts import actions as account_actions
from xiangzhi.accounts.models import Department, Post, Role, User
from xiangzhi.people import citizen_id, phones
from xiangzhi.people.models import (
    Gender,
    Household,
    Membership,
    Organisation,
    OrganisationKind,
    PovertyStatus,
    Relation,
    Resident,
    ResidentStatus,
    VillageTally,
)
from xiangzhi.regions.models import (
    GRID_MARK,
    Designation,
    DesignationLevel,
    DesignationTitle,
    Level,
    Region,
)

from .audit import record_event

DEFAULT_COUNTY = "450321"
PROVINCE = "45"
PASSWORD = "Xiangzhi@2025"
# Ages are reckoned at a fixed date so that the data do not change with the calendar.
REFERENCE_DATE = datetime.date(2025, 1, 1)
TERM_START = datetime.date(2021, 1, 15)  # the 2021 village elections (换届)
BATCH_SIZE = 1000

HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6)
HOUSEHOLD_SIZE_WEIGHTS = (10, 20, 26, 24, 13, 7)
ETHNICITIES = ("汉族", "壮族", "瑶族", "苗族", "侗族", "仫佬族", "毛南族")
ETHNICITY_WEIGHTS = (60, 32, 4, 2, 1, 0.5, 0.5)

# Rates, roughly those of rural Guangxi.
PARTY_MEMBER_RATE = 0.075  # of adults: about 6 % of everyone
LOW_INCOME_RATE = 0.04  # households on 低保 (every member flagged)
LEFT_BEHIND_RATE = 0.20  # of children under 16
DISABLED_RATE = 0.05
VETERAN_RATE = 0.04  # of men aged 25–75
LIFTED_RATE = 0.12  # 脱贫户
MONITORED_RATE = 0.02  # 监测户
MOVED_OUT_RATE = 0.04  # of adult children: moved away, still on the household's books
PHONE_RATE = 0.85  # of people aged 16–80

TUN_FIRST = "黄李莫韦覃蒙陆廖周邓唐潘梁罗谢上下大小新老东西南北岩石龙凤马牛水塘江坪"
TUN_SECOND = "家村寨塘岭坪口头冲湾江岩田洞岗垌坡山"
CHINESE_NUMBERS = "一二三四五六七八九十"

# Organisation kind, name pattern, positions (title, how many), party members only?
ORGANISATIONS = (
    (OrganisationKind.PARTY_BRANCH, "中共{short}{unit}支部委员会", (("书记", 1), ("副书记", 1), ("委员", 3)), True),
    (OrganisationKind.VILLAGE_COMMITTEE, "{short}{unit}{people}委员会", (("主任", 1), ("副主任", 1), ("委员", 3)), False),
    (OrganisationKind.SUPERVISION_COMMITTEE, "{short}{unit}务监督委员会", (("主任", 1), ("委员", 2)), False),
    (OrganisationKind.MEDIATION_COMMITTEE, "{short}{unit}人民调解委员会", (("主任", 1), ("调解员", 2)), False),
    (OrganisationKind.WEDDINGS_FUNERALS, "{short}{unit}红白理事会", (("会长", 1), ("理事", 2)), False),
    (OrganisationKind.VILLAGER_COUNCIL, "{short}{unit}{people}议事会", (("召集人", 1), ("成员", 4)), False),
)

# Who the demo users are and where their posts sit.
DEMO_POSTS = (
    (Role.VILLAGER, "village", ""),
    (Role.PARTY_MEMBER, "village", ""),
    (Role.GRID_WORKER, "grid", ""),
    (Role.GRID_LEADER, "grid", ""),
    (Role.VILLAGE_SECRETARY, "village", ""),
    (Role.VILLAGE_DIRECTOR, "village", ""),
    (Role.VILLAGE_CADRE, "village", ""),
    (Role.VILLAGE_SUPERVISOR, "village", ""),
    (Role.MEDIATOR, "village", ""),
    (Role.LEGAL_ADVISOR, "village", ""),
    (Role.CHILD_DIRECTOR, "village", ""),
    (Role.TOWNSHIP_OFFICIAL, "township", ""),
    (Role.COUNTY_DEPARTMENT, "county", Department.CIVIL_AFFAIRS),
    (Role.AUDITOR, "county", ""),
    (Role.CITY_OFFICIAL, "city", ""),
    (Role.REGION_OFFICIAL, "province", ""),
    (Role.SYSADMIN, "province", ""),
)

DEMO_DESIGNATIONS = (
    (DesignationTitle.DEMOCRACY_LAW_VILLAGE, DesignationLevel.REGION, 2022),
    (DesignationTitle.CIVILIZED_VILLAGE, DesignationLevel.CITY, 2023),
    (DesignationTitle.CUSTOMS_MODEL_VILLAGE, DesignationLevel.COUNTY, 2023),
    (DesignationTitle.NO_CASE_VILLAGE, DesignationLevel.COUNTY, 2024),
)


class SeedError(Exception):
    """Something the person running the command must fix (a Chinese message)."""


def demo_username(role, county_code):
    return f"{role}_{county_code}"


def short_name(village_name):
    for suffix in ("社区居民委员会", "社区居委会", "村民委员会", "村委会", "居委会", "社区", "村"):
        if village_name.endswith(suffix) and len(village_name) > len(suffix):
            return village_name[: -len(suffix)]
    return village_name


def is_community(village_name):
    return "社区" in village_name or village_name.endswith("居委会")


def pinyin_fields(name):
    return {
        "pinyin": "".join(lazy_pinyin(name)),
        "initials": "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)),
    }


# --- Citizen ID numbers: unique across the run --------------------------------------


class IdAllocator:
    """Hands out valid, unused citizen ID numbers, county by county."""

    def __init__(self):
        self.county = None
        self.used = set()

    def start_county(self, county_code):
        """Forget the previous county; remember the numbers the county already holds."""
        if county_code == self.county:
            return
        self.county = county_code
        self.used = set()
        existing = Resident.objects.within(county_code)
        if existing.exists():
            self.used.update(number[:17] for number in existing.values_list("id_number", flat=True).iterator())

    def allocate(self, birth_date, gender, rng):
        for _attempt in range(200):
            number = citizen_id.make(self.county, birth_date, rng.randrange(100), gender)
            if number[:17] not in self.used:
                self.used.add(number[:17])
                return number, birth_date
        # Every sequence of that day is taken (never in practice): move to the next day.
        return self.allocate(birth_date + datetime.timedelta(days=1), gender, rng)


# --- One village ---------------------------------------------------------------------


@dataclass
class VillageRows:
    regions: list = field(default_factory=list)
    households: list = field(default_factory=list)  # (Household, [Resident, …])
    organisations: list = field(default_factory=list)  # (Organisation, [(Resident, position), …])


class VillageSeeder:
    """Draws one village's rows from its own generator."""

    def __init__(self, village, existing_subunits, households, seed, faker, ids):
        self.village = village
        self.existing = existing_subunits
        self.household_count = households
        self.rng = random.Random(f"{seed}:{village.code}")
        # 屯 and grids draw from their own generator, so that the people come out the same
        # whether the village's subunits already existed or not.
        self.places_rng = random.Random(f"{seed}:{village.code}:places")
        self.fake = faker
        self.fake.seed_instance(f"{seed}:{village.code}")
        self.ids = ids
        self.short = short_name(village.name)
        self.rows = VillageRows()

    def build(self):
        tuns, grids = self.subunits()
        tun_grid = {tun.code: grids[index % len(grids)] for index, tun in enumerate(tuns)}
        house_numbers = Counter()
        for index in range(1, self.household_count + 1):
            tun = self.rng.choice(tuns)
            house_numbers[tun.code] += 1
            self.add_household(index, tun, tun_grid[tun.code], house_numbers[tun.code])
        self.add_organisations()
        return self.rows

    # 屯 and grids: what the village already registered counts towards the numbers drawn.
    def subunits(self):
        tuns = [r for r in self.existing if r.level == Level.NATURAL_VILLAGE]
        grids = [r for r in self.existing if r.level == Level.GRID]
        tun_target = self.places_rng.randint(2, 5)
        grid_target = self.places_rng.randint(1, 3)
        names = {r.name for r in tuns}
        next_tun = max((int(r.code[-3:]) for r in tuns), default=0) + 1
        while len(tuns) < tun_target:
            name = self.tun_name(names)
            tuns.append(self.new_region(f"{self.village.code}{next_tun:03d}", name, Level.NATURAL_VILLAGE))
            next_tun += 1
        next_grid = max((int(r.code[-2:]) for r in grids), default=0) + 1
        while len(grids) < grid_target:
            number = CHINESE_NUMBERS[(next_grid - 1) % len(CHINESE_NUMBERS)]
            name = f"{self.short}第{number}网格"
            grids.append(self.new_region(f"{self.village.code}{GRID_MARK}{next_grid:02d}", name, Level.GRID))
            next_grid += 1
        return tuns, grids

    def tun_name(self, taken):
        while True:
            name = self.places_rng.choice(TUN_FIRST) + self.places_rng.choice(TUN_SECOND) + "屯"
            if name not in taken:
                taken.add(name)
                return name

    def new_region(self, code, name, level):
        region = Region(code=code, name=name, level=level, parent_id=self.village.code, **pinyin_fields(name))
        self.rows.regions.append(region)
        return region

    # Households
    def add_household(self, index, tun, grid, house_number):
        rng = self.rng
        roll = rng.random()
        poverty = (
            PovertyStatus.MONITORED if roll < MONITORED_RATE
            else PovertyStatus.LIFTED if roll < MONITORED_RATE + LIFTED_RATE
            else PovertyStatus.NONE
        )
        household = Household(
            region_id=tun.code,
            grid_id=grid.code,
            number=f"{self.village.code}{index:04d}",
            address=f"{self.village.name}{tun.name}{house_number}号",
            poverty_status=poverty,
        )
        size = rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_SIZE_WEIGHTS)[0]
        low_income = rng.random() < LOW_INCOME_RATE
        ethnicity = rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0]
        members = [self.resident(household, tun, person, size, low_income, ethnicity)
                   for person in self.family(size)]
        self.rows.households.append((household, members))

    def family(self, size):
        """(relation, age, gender, surname) for each member, the head first."""
        rng = self.rng
        fake = self.fake
        head_age = rng.randint(50, 88) if size == 1 else rng.randint(25, 75)
        head_gender = Gender.MALE if rng.random() < 0.85 else Gender.FEMALE
        head_surname = fake.last_name()
        people = [(Relation.HEAD, head_age, head_gender, head_surname)]
        family_surname = head_surname
        if size > 1 and rng.random() < 0.9:
            spouse_gender = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
            spouse_surname = fake.last_name()
            spouse_age = max(20, head_age + rng.randint(-6, 4) * (1 if head_gender == Gender.MALE else -1))
            people.append((Relation.SPOUSE, spouse_age, spouse_gender, spouse_surname))
            if head_gender == Gender.FEMALE:
                family_surname = spouse_surname
        parents = 0
        while len(people) < size:
            kind = self.member_kind(head_age, parents)
            gender = Gender.MALE if rng.random() < 0.52 else Gender.FEMALE
            if kind == Relation.PARENT:
                parents += 1
                age = head_age + rng.randint(20, 35)
                # Father keeps the head's surname; mother brings her own.
                surname = head_surname if gender == Gender.MALE else fake.last_name()
            elif kind == Relation.GRANDCHILD:
                age = max(0, head_age - rng.randint(42, 60))
                surname = family_surname
            else:
                age = max(0, head_age - rng.randint(20, 38))
                surname = family_surname
            people.append((kind, age, gender, surname))
        return people

    def member_kind(self, head_age, parents):
        roll = self.rng.random()
        if head_age < 50 and parents < 2 and head_age + 20 <= 95 and roll < 0.3:
            return Relation.PARENT
        if head_age >= 55 and roll > 0.5:
            return Relation.GRANDCHILD
        return Relation.CHILD

    def resident(self, household, tun, person, size, low_income, ethnicity):
        relation, age, gender, surname = person
        rng = self.rng
        given = self.fake.first_name_male() if gender == Gender.MALE else self.fake.first_name_female()
        birth = datetime.date(REFERENCE_DATE.year - age - 1, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        number, birth = self.ids.allocate(birth, gender, rng)
        phone = None
        if 16 <= age <= 80 and rng.random() < PHONE_RATE:
            phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        moved_out = relation == Relation.CHILD and age >= 18 and rng.random() < MOVED_OUT_RATE
        if relation != Relation.HEAD and rng.random() < 0.2:
            ethnicity = rng.choices(ETHNICITIES, ETHNICITY_WEIGHTS)[0]
        return Resident(
            household=household,
            region_id=tun.code,
            name=surname + given,
            relation=relation,
            gender=gender,
            birth_date=birth,
            ethnicity=ethnicity,
            id_number=number,
            id_number_index=citizen_id.index(number),
            phone=phone,
            phone_index=phones.index(phone),
            status=ResidentStatus.MOVED_OUT if moved_out else ResidentStatus.PRESENT,
            is_party_member=age >= 18 and rng.random() < PARTY_MEMBER_RATE,
            is_low_income=low_income,
            is_left_behind_child=age < 16 and rng.random() < LEFT_BEHIND_RATE,
            is_elderly_living_alone=size == 1 and age >= 60,
            is_disabled=rng.random() < DISABLED_RATE,
            is_veteran=gender == Gender.MALE and 25 <= age <= 75 and rng.random() < VETERAN_RATE,
        )

    # Organisations
    def add_organisations(self):
        adults = [
            resident for _household, members in self.rows.households for resident in members
            if resident.status == ResidentStatus.PRESENT and 20 <= age_of(resident) <= 70
        ]
        party = [resident for resident in adults if resident.is_party_member]
        community = is_community(self.village.name)
        names = {"short": self.short, "unit": "社区" if community else "村", "people": "居民" if community else "村民"}
        for kind, pattern, positions, party_only in ORGANISATIONS:
            pool = party if party_only else adults
            organisation = Organisation(
                name=pattern.format(**names), kind=kind, region_id=self.village.code, established_on=TERM_START
            )
            wanted = sum(count for _title, count in positions)
            chosen = self.rng.sample(pool, min(wanted, len(pool)))
            titles = [title for title, count in positions for _ in range(count)]
            self.rows.organisations.append((organisation, list(zip(chosen, titles, strict=False))))


def age_of(resident):
    birth = resident.birth_date
    return REFERENCE_DATE.year - birth.year - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (birth.month, birth.day))


# --- Writing a batch -------------------------------------------------------------------


def write_rows(batch, counts):
    """bulk_create one township's rows, parents first so that the keys exist."""
    regions = [region for rows in batch for region in rows.regions]
    Region.objects.bulk_create(regions, batch_size=BATCH_SIZE)
    households = [household for rows in batch for household, _members in rows.households]
    Household.objects.bulk_create(households, batch_size=BATCH_SIZE)
    residents = []
    for rows in batch:
        for household, members in rows.households:
            for resident in members:
                resident.household = household
                residents.append(resident)
    Resident.objects.bulk_create(residents, batch_size=BATCH_SIZE)
    organisations = [organisation for rows in batch for organisation, _members in rows.organisations]
    Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)
    memberships = [
        Membership(organisation=organisation, resident=resident, position=title, starts_on=TERM_START)
        for rows in batch
        for organisation, members in rows.organisations
        for resident, title in members
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    tallies = {}
    for rows in batch:
        for household, members in rows.households:
            village = household.region_id[:12]
            tally = tallies.setdefault(village, VillageTally(village_id=village, households=0, residents=0))
            tally.households += 1
            tally.residents += sum(resident.status == ResidentStatus.PRESENT for resident in members)
    VillageTally.objects.bulk_create(
        tallies.values(), batch_size=BATCH_SIZE,
        update_conflicts=True, unique_fields=["village"], update_fields=["households", "residents"],
    )
    counts["regions"] += len(regions)
    counts["households"] += len(households)
    counts["residents"] += len(residents)
    counts["organisations"] += len(organisations)
    counts["memberships"] += len(memberships)
    counts["tallies"] += len(tallies)


# --- The whole run ---------------------------------------------------------------------


@dataclass
class SeedResult:
    counts: Counter
    seconds: float
    seeded_villages: int
    accounts: list  # (username, role label, region name, region code)

    @property
    def rows(self):
        return sum(self.counts.values())


class DemoSeeder:
    def __init__(self, *, county=DEFAULT_COUNTY, scale="county", households_per_village=None, seed=2025,
                 out=None):
        self.county = county
        self.scale = scale
        self.households = households_per_village or (30 if scale == "county" else 20)
        self.seed = seed
        self.out = out or (lambda line: None)
        self.faker = Faker("zh_CN")
        self.ids = IdAllocator()
        self.counts = Counter()
        self.seeded_villages = 0

    def check(self):
        county = Region.objects.filter(pk=self.county).first()
        if county is None or county.level != Level.COUNTY:
            raise SeedError(f"县级区划“{self.county}”不存在。请先运行 manage.py load_divisions,或核对 --county。")
        if self.scale not in ("county", "region"):
            raise SeedError(f"--scale 只能是 county 或 region,收到“{self.scale}”。")
        if self.households < 1:
            raise SeedError("--households-per-village 至少为 1。")
        return county

    def run(self):
        county = self.check()
        started = time.perf_counter()
        scope = county.code if self.scale == "county" else PROVINCE
        townships = list(Region.objects.within(scope).at_level(Level.TOWNSHIP).order_by("code"))
        total = Region.objects.within(scope).villages().count()
        if self.scale == "county":
            # A county is seeded whole or not at all.
            if not Household.objects.within(county.code).exists():
                with transaction.atomic():
                    for township in townships:
                        self.seed_township(township)
        else:
            self.stream(townships, total, started)
        seconds = time.perf_counter() - started
        if self.seeded_villages:
            record_event(
                None, "demo.seed", None, region_code=scope,
                target_repr=f"演示数据 {self.scale} {scope}",
                changes={name: [0, value] for name, value in sorted(self.counts.items())},
            )
        accounts = ensure_demo_accounts(county, self.seed)
        return SeedResult(self.counts, seconds, self.seeded_villages, accounts)

    def stream(self, townships, total, started):
        """Region scale: one transaction per township, so memory stays bounded and a stopped
        run resumes where it stopped (a township with households is skipped)."""
        done = 0
        last_report = 0.0
        for township in townships:
            villages = Region.objects.filter(parent=township, level=Level.VILLAGE).count()
            if not Household.objects.within(township.code).exists():
                with transaction.atomic():
                    self.seed_township(township)
            done += villages
            elapsed = time.perf_counter() - started
            if elapsed - last_report >= 5 or done == total:
                last_report = elapsed
                rows = sum(self.counts.values())
                self.out(f"进度 {done}/{total} 村 · {rows} 行 · {rows / max(elapsed, 1e-9):,.0f} 行/秒")

    def seed_township(self, township):
        self.ids.start_county(township.code[:6])
        villages = list(Region.objects.filter(parent=township, level=Level.VILLAGE).order_by("code"))
        if not villages:
            return
        subunits = {}
        for region in Region.objects.within(township.code).filter(
            level__in=(Level.NATURAL_VILLAGE, Level.GRID)
        ).order_by("code"):
            subunits.setdefault(region.code[:12], []).append(region)
        batch = [
            VillageSeeder(village, subunits.get(village.code, []), self.households, self.seed, self.faker, self.ids).build()
            for village in villages
        ]
        write_rows(batch, self.counts)
        self.seeded_villages += len(villages)


# --- Demo accounts ---------------------------------------------------------------------


def demo_places(county):
    """The township, village and grid the village-level demo posts sit in."""
    township = Region.objects.within(county.code).at_level(Level.TOWNSHIP).order_by("code").first()
    if township is None:
        raise SeedError(f"{county.name}下没有乡镇。")
    villages = Region.objects.filter(parent=township, level=Level.VILLAGE).order_by("code")
    village = villages.filter(name__endswith="村委会").first() or villages.first()
    if village is None:
        raise SeedError(f"{township.name}下没有村。")
    grid = Region.objects.filter(parent=village, level=Level.GRID).order_by("code").first()
    return {
        "province": Region.objects.get(pk=county.code[:2]),
        "city": Region.objects.get(pk=county.code[:4]),
        "county": county,
        "township": township,
        "village": village,
        "grid": grid or village,
    }


def ensure_demo_accounts(county, seed):
    """One user per role, all with the demo password; creates only what is missing."""
    places = demo_places(county)
    rng = random.Random(f"{seed}:accounts:{county.code}")
    fake = Faker("zh_CN")
    fake.seed_instance(f"{seed}:accounts:{county.code}")
    village_people = Resident.objects.within(places["village"].code).present().filter(user__isnull=True)
    accounts = []
    with transaction.atomic():
        for role, where, department in DEMO_POSTS:
            region = places[where]
            username = demo_username(role, county.code)
            full_name = fake.name()
            user = User.objects.filter(username=username).first()
            if user is None:
                user = account_actions.create_user(
                    None, username, password=PASSWORD, region_code=region.code, full_name=full_name
                )
                resident = None
                if role == Role.VILLAGER:
                    resident = village_people.filter(relation=Relation.HEAD).order_by("id").first()
                elif role == Role.PARTY_MEMBER:
                    resident = village_people.filter(is_party_member=True).order_by("id").first()
                if resident is not None:
                    user.resident = resident
                    user.full_name = resident.name
                    user.save(update_fields=["resident", "full_name"])
            if not Post.objects.active().filter(user=user, role=role, region=region).exists():
                account_actions.add_post(None, user, role, region, department=department, starts_on=TERM_START)
            accounts.append((username, Role(role).label, region.name, region.code))
        ensure_designations(county, rng)
    return accounts


def ensure_designations(county, rng):
    villages = list(Region.objects.within(county.code).villages().order_by("code").values_list("code", flat=True))
    granted_by = User.objects.filter(username=demo_username(Role.COUNTY_DEPARTMENT, county.code)).first()
    if not villages or granted_by is None:
        return
    chosen = rng.sample(villages, min(len(villages), len(DEMO_DESIGNATIONS)))
    for number, (village_code, (title, level, year)) in enumerate(zip(chosen, DEMO_DESIGNATIONS, strict=False), 1):
        Designation.objects.get_or_create(
            region_id=village_code, title=title, level=level, year=year,
            defaults={
                "granted_on": datetime.date(year, 12, 1),
                "granted_by": granted_by,
                "document_number": f"{county.name[:2]}政发〔{year}〕{number}号",
            },
        )
