"""Shared helpers of the safety tests: the police and 政法委 personas, statistics rows."""

from conftest import make_user

from xiangzhi.safety.models import CaseStatistics, StatisticsSource

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
COUNTY, TOWNSHIP_A, TOWNSHIP_B = "450321", "450321100", "450321101"


def police_county():
    return make_user("police", "county_department", COUNTY, department="public_security")


def police_b():
    """The 派出所 of township B: may enter statistics for B's villages only."""
    return make_user("police_b", "township_official", TOWNSHIP_B, department="public_security")


def political_legal():
    return make_user("zfw", "county_department", COUNTY, department="political_legal")


def stats(village, year, user, criminal=0, public_order=0, **others):
    return CaseStatistics.objects.create(region_id=village, year=year, criminal=criminal, public_order=public_order,
                                         source=StatisticsSource.ENTERED, entered_by=user, **others)
