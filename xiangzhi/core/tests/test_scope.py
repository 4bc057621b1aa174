import pytest

from xiangzhi.people.models import HouseholdTransfer
from xiangzhi.regions.models import Region


@pytest.mark.django_db
def test_prefix_lookup_keeps_exactly_the_subtree(tree):
    codes = set(Region.objects.within("450321100").values_list("code", flat=True))
    assert codes == {
        "450321100", "450321100200", "450321100202", "450321100200001",
        "450321100200002", "450321100200W01", "450321100202001",
    }
    # A prefix that is not a whole code still selects by path, never by accident of sorting.
    assert set(Region.objects.within("45032110020").values_list("code", flat=True)) == {
        "450321100200", "450321100202", "450321100200001", "450321100200002",
        "450321100200W01", "450321100202001",
    }


@pytest.mark.django_db
def test_prefix_lookup_follows_foreign_keys(tree):
    children = Region.objects.filter(parent__prefix="450321101")
    assert set(children.values_list("code", flat=True)) == {"450321101200", "450321101200001"}


@pytest.mark.django_db
def test_scope_over_several_fields_is_an_or(tree):
    query = str(HouseholdTransfer.objects.within("450321101").query)
    assert "from_region_id" in query and "to_region_id" in query
