"""Registering, editing and deregistering organisations; who sees them."""

import pytest
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.socialorgs.models import SocialOrganisation

from .socialorgs_data import COUNTY, TOWNSHIP_A, VILLAGE_A1, VILLAGE_B1, code, organisation_data, other_county, register

pytestmark = pytest.mark.django_db
CREATE = reverse("socialorgs:create")


def post_data(serial=1, region=COUNTY, villages=(VILLAGE_A1,), **changes):
    return {"region": region, "villages": list(villages), **organisation_data(serial, **changes)}


def test_county_registers_an_organisation(personas, login):
    client = login(personas.county)
    response = client.post(CREATE, post_data(credit_code=code(1).lower()))
    organisation = SocialOrganisation.objects.get()
    assert response.status_code == 302 and response.url == reverse("socialorgs:detail", args=[organisation.pk])
    assert organisation.credit_code == code(1)  # typed in lower case, stored in capitals
    assert organisation.region_id == COUNTY and organisation.state == "active"
    assert list(organisation.villages.values_list("code", flat=True)) == [VILLAGE_A1]
    event = AuditEvent.objects.get(action="socialorg.register")
    assert event.changes["credit_code"] == [None, code(1)] and event.changes["villages"] == [None, [VILLAGE_A1]]
    page = client.get(response.url)
    assert "阳朔县志愿者协会1" in page.content.decode() and code(1) in page.content.decode()


def test_form_shows_choices_of_the_county_and_its_townships(personas, login):
    page = login(personas.county).get(CREATE).content.decode()
    assert 'value="450321"' in page and 'value="450321101"' in page and VILLAGE_B1 in page


def test_wrong_method(personas, login):
    assert login(personas.county).put(CREATE).status_code == 405


def test_township_may_not_register(personas, login):
    response = login(personas.township_a).post(CREATE, post_data(region=TOWNSHIP_A))
    assert response.status_code == 403 and not SocialOrganisation.objects.exists()


def test_other_county_is_not_found(personas, login):
    other = other_county()
    response = login(other).post(CREATE, post_data(region=COUNTY))
    assert response.status_code == 404 and not SocialOrganisation.objects.exists()


def test_invalid_code_is_shown_under_its_field(personas, login):
    bad = code(1)[:17] + ("0" if code(1)[17] != "0" else "1")
    response = login(personas.county).post(CREATE, post_data(credit_code=bad, contact_phone="12345"))
    page = response.content.decode()
    assert response.status_code == 422
    assert f"第 18 位应为 {code(1)[17]}" in page and "联系电话格式不正确" in page
    assert not SocialOrganisation.objects.exists() and not AuditEvent.objects.filter(action="socialorg.register")


def test_duplicate_code_is_refused_naming_it(personas, login):
    register(personas.county)
    response = login(personas.county).post(CREATE, post_data(name="另一个协会"))
    assert response.status_code == 422
    assert f"统一社会信用代码 {code(1)} 已登记为“阳朔县志愿者协会1”" in response.content.decode()
    assert SocialOrganisation.objects.count() == 1


def test_villages_must_lie_in_the_registration_area(personas, login):
    response = login(personas.county).post(CREATE, post_data(region=TOWNSHIP_A, villages=[VILLAGE_B1]))
    assert response.status_code == 422 and f"{VILLAGE_B1} 不是" in response.content.decode()
    assert not SocialOrganisation.objects.exists()


def test_missing_fields_are_named(personas, login):
    response = login(personas.county).post(CREATE, {"region": COUNTY})
    page = response.content.decode()
    for message in ("请填写名称。", "请选择有效的类别。", "请填写统一社会信用代码。", "请填写登记管理机关。",
                    "请填写有效的登记日期", "请填写法定代表人。"):
        assert message in page
    assert not SocialOrganisation.objects.exists()


def test_edit_records_the_changes(personas, login):
    organisation = register(personas.county)
    client = login(personas.county)
    assert client.get(reverse("socialorgs:edit", args=[organisation.pk])).status_code == 200
    data = {**organisation_data(1, name="阳朔县青年志愿者协会"), "villages": [VILLAGE_A1, VILLAGE_B1]}
    response = client.post(reverse("socialorgs:edit", args=[organisation.pk]), data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "阳朔县青年志愿者协会"
    assert set(organisation.villages.values_list("code", flat=True)) == {VILLAGE_A1, VILLAGE_B1}
    event = AuditEvent.objects.get(action="socialorg.update")
    assert event.changes == {"name": ["阳朔县志愿者协会1", "阳朔县青年志愿者协会"],
                             "villages": [[VILLAGE_A1], [VILLAGE_A1, VILLAGE_B1]]}


def test_edit_refuses_another_organisations_code(personas, login):
    register(personas.county, serial=1)
    second = register(personas.county, serial=2)
    response = login(personas.county).post(reverse("socialorgs:edit", args=[second.pk]),
                                           organisation_data(2, credit_code=code(1)))
    assert response.status_code == 422 and "已登记为“阳朔县志愿者协会1”" in response.content.decode()
    second.refresh_from_db()
    assert second.credit_code == code(2)


def test_township_cannot_edit(personas, login):
    organisation = register(personas.county)
    client = login(personas.township_a)
    assert client.get(reverse("socialorgs:edit", args=[organisation.pk])).status_code == 403
    assert client.post(reverse("socialorgs:edit", args=[organisation.pk]),
                       organisation_data(1, name="改名")).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "阳朔县志愿者协会1"


def test_deregister(personas, login):
    organisation = register(personas.county)
    url = reverse("socialorgs:deregister", args=[organisation.pk])
    client = login(personas.county)
    assert client.get(url).status_code == 405
    bad = client.post(url, {"deregistered_on": "2019-01-01"})
    assert bad.status_code == 422 and "注销日期不能早于登记日期" in bad.content.decode()
    assert client.post(url, {"deregistered_on": "2024-06-30"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.state == "deregistered" and str(organisation.deregistered_on) == "2024-06-30"
    assert AuditEvent.objects.filter(action="socialorg.deregister").count() == 1
    again = client.post(url, {"deregistered_on": "2024-07-01"})
    assert again.status_code == 422 and "已于 2024-06-30 注销" in again.content.decode()


def test_scope_along_the_path(personas, login):
    county_org = register(personas.county, serial=1)
    township_b_org = register(personas.county, region="450321101", serial=2, villages=[VILLAGE_B1])
    lingui = other_county()
    other = register(lingui, region="450322", serial=3, villages=[], credit_code=code(3, county="450322"))
    # A village cadre of A1 sees the county's organisation, not township B's nor another county's.
    client = login(personas.cadre_a1)
    assert client.get(reverse("socialorgs:detail", args=[county_org.pk])).status_code == 200
    assert client.get(reverse("socialorgs:detail", args=[township_b_org.pk])).status_code == 404
    assert client.get(reverse("socialorgs:detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("socialorgs:list")).content.decode()
    assert "阳朔县志愿者协会1" in listing and "阳朔县志愿者协会2" not in listing
    # The county sees what its township registered.
    assert login(personas.county).get(reverse("socialorgs:detail", args=[township_b_org.pk])).status_code == 200
    assert login(personas.villager_a1).get(reverse("socialorgs:list")).status_code == 403


def test_list_search_and_kind_filter(personas, login):
    register(personas.county, serial=1)
    register(personas.county, serial=2, name="阳朔县文体协会", kind="culture_sports")
    client = login(personas.auditor)
    url = reverse("socialorgs:list")
    by_kind = client.get(url, {"kind": "culture_sports"}).content.decode()
    assert "阳朔县文体协会" in by_kind and "阳朔县志愿者协会1" not in by_kind
    by_code = client.get(url, {"q": code(1).lower()}).content.decode()
    assert "阳朔县志愿者协会1" in by_code and "阳朔县文体协会" not in by_code
