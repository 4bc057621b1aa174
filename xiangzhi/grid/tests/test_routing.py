"""Routing by the county's responsibility matrix, the default without one, and escalation targets."""

import pytest

from xiangzhi.grid.models import ResponsibilityRule
from xiangzhi.grid.routing import escalation_target, route

from .event_data import (  # noqa: F401
    A1, A1_GRID, A1_TUN, B1_TUN, COUNTY, OTHER_COUNTY, TOWNSHIP_A, categories, media_in_tmp, new_event,
)

pytestmark = pytest.mark.django_db


def rule(category, level, department="", office="", county=COUNTY):
    return ResponsibilityRule.objects.create(
        county_id=county, category=category, level=level, department=department, office=office
    )


def test_default_without_rules_goes_to_the_lowest_level_the_place_has(categories):
    garbage = categories.garbage
    assert tuple(route(garbage, A1_TUN)) == ("village", A1, "")
    assert tuple(route(garbage, A1_GRID)) == ("village", A1, "")
    assert tuple(route(garbage, A1)) == ("village", A1, "")
    assert tuple(route(garbage, TOWNSHIP_A)) == ("township", TOWNSHIP_A, "")
    assert tuple(route(garbage, COUNTY)) == ("county", COUNTY, "")


def test_matrix_picks_the_lowest_level_with_a_rule_and_its_department(categories):
    rule(categories.land_dispute, "county", department="司法局")
    rule(categories.land_dispute, "township", department="综治中心")
    assert tuple(route(categories.land_dispute, A1_TUN)) == ("township", TOWNSHIP_A, "综治中心")
    assert tuple(route(categories.land_dispute, B1_TUN)) == ("township", "450321101", "综治中心")
    # Another category without rules keeps the default.
    assert tuple(route(categories.garbage, A1_TUN)) == ("village", A1, "")


def test_office_name_stands_in_for_a_missing_department(categories):
    rule(categories.road_damage, "county", office="阳朔县交通运输局")
    assert tuple(route(categories.road_damage, A1_TUN)) == ("county", COUNTY, "阳朔县交通运输局")


def test_rules_of_the_main_category_apply_to_its_subcategories_unless_they_have_their_own(categories):
    rule(categories.environment, "township", department="环卫站")
    assert tuple(route(categories.sewage, A1_TUN)) == ("township", TOWNSHIP_A, "环卫站")
    rule(categories.garbage, "village", department="村保洁队")
    assert tuple(route(categories.garbage, A1_TUN)) == ("village", A1, "村保洁队")
    assert tuple(route(categories.sewage, A1_TUN)) == ("township", TOWNSHIP_A, "环卫站")


def test_another_countys_rules_do_not_count(categories):
    rule(categories.garbage, "county", department="外县城管局", county=OTHER_COUNTY)
    assert tuple(route(categories.garbage, A1_TUN)) == ("village", A1, "")


def test_a_village_rule_cannot_route_a_township_level_place(categories):
    rule(categories.garbage, "village", department="村保洁队")
    rule(categories.garbage, "county", department="城管局")
    assert tuple(route(categories.garbage, TOWNSHIP_A)) == ("county", COUNTY, "城管局")


def test_escalation_moves_one_level_up_and_stays_at_the_county(categories):
    garbage = categories.garbage
    assert tuple(escalation_target(garbage, A1_TUN, "village")) == ("township", TOWNSHIP_A, "")
    assert tuple(escalation_target(garbage, A1_TUN, "township")) == ("county", COUNTY, "")
    assert escalation_target(garbage, A1_TUN, "county") is None


def test_escalation_skips_to_the_next_level_that_has_a_rule(categories):
    rule(categories.road_damage, "village", department="村委会")
    rule(categories.road_damage, "county", department="交通运输局")
    assert tuple(escalation_target(categories.road_damage, A1_TUN, "village")) == ("county", COUNTY, "交通运输局")


def test_reported_event_is_routed_by_the_matrix(personas, categories):
    rule(categories.land_dispute, "township", department="综治中心")
    event = new_event(personas.villager_a1, categories.land_dispute, description="两户争地界。")
    event.refresh_from_db()
    assert (event.handler_level, event.handler_region_id, event.department) == ("township", TOWNSHIP_A, "综治中心")
    plain = new_event(personas.villager_a1, categories.garbage)
    plain.refresh_from_db()
    assert (plain.handler_level, plain.handler_region_id, plain.department) == ("village", A1, "")
