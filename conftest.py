"""Shared test fixtures: a small real slice of the hierarchy and the region personas.

Tree (real codes and names from the NBS table, plus one 屯 and one grid):
  45 广西壮族自治区 › 4503 桂林市 › 450321 阳朔县
    › 450321100 阳朔镇 (township A) › 450321100200 矮山村委会 (A1) › 450321100200001 矮山屯, grid …200W01
                                    › 450321100202 骥马村委会 (A2)
    › 450321101 白沙镇 (township B) › 450321101200 白沙村委会 (B1)
"""

import os

import pytest

TREE = [
    ("45", "广西壮族自治区", "province", None),
    ("4503", "桂林市", "city", "45"),
    ("450321", "阳朔县", "county", "4503"),
    ("450321100", "阳朔镇", "township", "450321"),
    ("450321101", "白沙镇", "township", "450321"),
    ("450321100200", "矮山村委会", "village", "450321100"),
    ("450321100202", "骥马村委会", "village", "450321100"),
    ("450321101200", "白沙村委会", "village", "450321101"),
    ("450321100200001", "矮山屯", "natural_village", "450321100200"),
    ("450321100200002", "岩口屯", "natural_village", "450321100200"),
    ("450321100200W01", "矮山第一网格", "grid", "450321100200"),
    ("450321100202001", "骥马屯", "natural_village", "450321100202"),
    ("450321101200001", "白沙屯", "natural_village", "450321101200"),
]

PASSWORD = "Xiangzhi-Test-2025"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are about hashing ask for it back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_grid_config_cache():
    """The grid's per-process configuration cache (grid/config_cache.py) starts empty in every
    test: a flushed database does not send the signals that clear it."""
    from xiangzhi.grid import config_cache

    config_cache.clear()
    yield
    config_cache.clear()


@pytest.fixture
def tree(db):
    from pypinyin import Style, lazy_pinyin

    from xiangzhi.regions.models import Region

    regions = {}
    for code, name, level, parent in TREE:
        regions[code] = Region.objects.create(
            code=code, name=name, level=level, parent_id=parent,
            pinyin="".join(lazy_pinyin(name)),
            initials="".join(lazy_pinyin(name, style=Style.FIRST_LETTER)),
        )
    return regions


def make_user(username, role, region_code, department=""):
    from xiangzhi.accounts.models import Post, User

    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    Post.objects.create(user=user, role=role, region_id=region_code, department=department)
    return user


class Personas:
    """The region personas every scope test uses (STYLE.md §8)."""

    def __init__(self):
        self.county = make_user("county", "county_department", "450321", department="civil_affairs")
        self.township_a = make_user("township_a", "township_official", "450321100")
        self.township_b = make_user("township_b", "township_official", "450321101")
        self.cadre_a1 = make_user("cadre_a1", "village_cadre", "450321100200")
        self.secretary_a1 = make_user("secretary_a1", "village_secretary", "450321100200")
        self.cadre_a2 = make_user("cadre_a2", "village_cadre", "450321100202")
        self.cadre_b1 = make_user("cadre_b1", "village_cadre", "450321101200")
        self.supervisor_a1 = make_user("supervisor_a1", "village_supervisor", "450321100200")
        self.villager_a1 = make_user("villager_a1", "villager", "450321100200")
        self.grid_worker_a1 = make_user("grid_a1", "grid_worker", "450321100200W01")
        self.auditor = make_user("auditor", "auditor", "450321")


@pytest.fixture
def personas(tree):
    return Personas()


@pytest.fixture
def login(client):
    """Log a persona into the Django test client: login(personas.cadre_a1)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- Browser tests -------------------------------------------------------------------
# Playwright drives Debian's Chromium (installed by scripts/system_deps.sh); never
# `playwright install`. Screenshots go to test-output/.

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]
OUTPUT_DIR = os.path.join(os.path.dirname(__file__), "test-output")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser, live_server, request):
    """A 360×740 phone-sized page on the live server; a screenshot is kept after the test."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        base_url=live_server.url,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    os.makedirs(OUTPUT_DIR, exist_ok=True)
    try:
        page.screenshot(path=os.path.join(OUTPUT_DIR, f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


def browser_login(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
