"""Demo data of the transparency and self-governance modules for `seed_demo --county`: every
village's fund accounts and a few months of posted vouchers, the demo village's disclosures
published through the real procedure (so its portal page and the publication log have
content), its rosters (村委会, 监委会, 村民代表) with one held 村民代表会议, its points rules with a
stocked 爱心超市 (demo_moral.py), the rule-of-law registers (demo_law.py), and the demo township's 小微权力 lists with a few concluded
cases. Idempotent, like the rest of the demo."""

from xiangzhi.accounts.models import Role, User
from xiangzhi.assembly.models import Meeting
from xiangzhi.assembly.seeding import seed_assembly
from xiangzhi.core.demo import demo_places, demo_username
from xiangzhi.disclosure.seeding import seed_disclosures
from xiangzhi.finance.seeding import seed_finance
from xiangzhi.powers.seeding import seed_powers
from xiangzhi.regions.models import Region

from .demo_law import seed_law
from .demo_moral import seed_moral


def _demo_user(role, county_code):
    return User.objects.get(username=demo_username(role, county_code))


def seed_transparency(county):
    """{"vouchers": n, "disclosures": n, "meetings": n, "power_lists": n, "power_cases": n,
    "points_entries": n, "goods": n} written now."""
    places = demo_places(county)
    vouchers = 0
    for code in Region.objects.within(county.code).villages().order_by("code").values_list("code", flat=True):
        vouchers += seed_finance(code)["vouchers"]
    published = seed_disclosures(
        places["village"].code, _demo_user(Role.VILLAGE_CADRE, county.code),
        supervisor=_demo_user(Role.VILLAGE_SUPERVISOR, county.code),
        publisher=_demo_user(Role.VILLAGE_SECRETARY, county.code),
    )
    meetings = 0
    if not Meeting.objects.filter(region_id=places["village"].code).exists():
        try:
            seed_assembly(places["village"].code, _demo_user(Role.VILLAGE_CADRE, county.code))
            meetings = 1
        except ValueError:  # a village too small for a roster (fewer than 12 households)
            pass
    township_villages = list(
        Region.objects.within(places["township"].code).villages().order_by("code").values_list("code", flat=True)
    )
    powers = seed_powers(
        places["township"].code, township_villages, _demo_user(Role.TOWNSHIP_OFFICIAL, county.code)
    )
    villager = _demo_user(Role.VILLAGER, county.code)
    moral = seed_moral(
        places["village"].code, cadre=_demo_user(Role.VILLAGE_CADRE, county.code),
        secretary=_demo_user(Role.VILLAGE_SECRETARY, county.code),
        household=villager.resident.household if villager.resident_id else None,
    )
    law = seed_law(
        places["village"], places["township"], cadre=_demo_user(Role.VILLAGE_CADRE, county.code),
        township_official=_demo_user(Role.TOWNSHIP_OFFICIAL, county.code),
        county_official=_demo_user(Role.COUNTY_DEPARTMENT, county.code),
    )
    return {
        **{f"law_{key}": value for key, value in law.items()},
        "vouchers": vouchers, "disclosures": len(published), "meetings": meetings,
        "points_entries": moral["entries"], "goods": moral["goods"],
        "power_lists": powers["lists"], "power_cases": powers["cases"],
    }
