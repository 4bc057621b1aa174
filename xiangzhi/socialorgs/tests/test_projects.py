"""政府购买服务 projects: registration, steps, acceptance by another person, scope."""

import pytest
from django.urls import reverse

from conftest import make_user
from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.socialorgs import purchases
from xiangzhi.socialorgs.models import PurchaseProject

from .socialorgs_data import COUNTY, TOWNSHIP_A, VILLAGE_B1, other_county, project_data, register

pytestmark = pytest.mark.django_db
CREATE = reverse("socialorgs:project_create")


def form_data(provider, **changes):
    data = project_data(provider.pk, **changes)
    return {"county": COUNTY, **data}


def in_progress(personas):
    provider = register(personas.county)
    project = purchases.create_project(personas.county, COUNTY, **project_data(provider))
    purchases.advance_project(personas.county, project, "contract")
    purchases.advance_project(personas.county, project, "begin")
    return project


def test_county_registers_a_project(personas, login):
    provider = register(personas.county)
    response = login(personas.county).post(CREATE, form_data(provider))
    project = PurchaseProject.objects.get()
    assert response.status_code == 302 and response.url == reverse("socialorgs:project", args=[project.pk])
    assert project.budget_fen == 12000050 and project.state == "planned"
    assert project.deliverables == ["驻站社工 3 名", "入户探访 40 户次/月"]
    assert set(project.served.values_list("code", flat=True)) == {TOWNSHIP_A, VILLAGE_B1}
    assert AuditEvent.objects.get(action="purchase_project.start").changes["budget_fen"] == [None, 12000050]
    page = login(personas.county).get(response.url).content.decode()
    assert "120,000.50" in page and "签订合同" in page


def test_bad_input_is_named_and_nothing_is_saved(personas, login):
    provider = register(personas.county)
    response = login(personas.county).post(CREATE, form_data(
        provider, budget="十万", ends_on="2023-12-31", deliverables="", served=["450322100"]))
    page = response.content.decode()
    assert response.status_code == 422
    assert "预算金额“十万”不是有效的数字。" in page and "服务期结束日期不能早于开始日期。" in page
    assert "请填写服务成果(每行一项)。" in page and "450322100 不是" in page
    assert not PurchaseProject.objects.exists()


def test_township_may_not_register_a_project(personas, login):
    provider = register(personas.county)
    assert login(personas.township_a).post(CREATE, form_data(provider)).status_code == 403
    assert not PurchaseProject.objects.exists()


def test_steps_and_acceptance_by_another_person(personas, login):
    project = in_progress(personas)
    client = login(personas.county)
    accept = reverse("socialorgs:project_accept", args=[project.pk])
    page = client.get(reverse("socialorgs:project", args=[project.pk])).content.decode()
    assert "验收须由项目登记人以外的人员进行。" in page and 'id="acceptance-form"' not in page
    refused = client.post(accept, {"passed": "1", "accepted_on": "2025-01-10", "result": "合格",
                                   "deliverables_met": ["0"]})
    assert refused.status_code == 422 and "验收须由项目登记人(county)以外的人员进行。" in refused.content.decode()
    project.refresh_from_db()
    assert project.state == "in_progress" and project.accepted_on is None

    colleague = make_user("county2", "county_department", COUNTY, department="civil_affairs")
    other = login(colleague)
    assert other.get(accept).status_code == 405
    response = other.post(accept, {"passed": "1", "accepted_on": "2025-01-10", "result": "两项均达成",
                                   "deliverables_met": ["0", "1"]})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.state, str(project.accepted_on), project.deliverables_met, project.accepted_by) == (
        "accepted", "2025-01-10", [0, 1], colleague)
    steps = list(WorkflowStep.objects.filter(subject_id=str(project.pk)).values_list("transition", flat=True))
    assert steps == ["start", "contract", "begin", "accept"]
    event = AuditEvent.objects.get(action="purchase_project.accept")
    assert event.changes["state"] == ["in_progress", "accepted"] and event.actor == colleague


def test_failed_acceptance_records_what_was_missed(personas):
    project = in_progress(personas)
    colleague = make_user("county2", "county_department", COUNTY, department="civil_affairs")
    purchases.accept_project(colleague, project, passed=False, accepted_on="2025-01-10", result="探访未达标",
                             deliverables_met=[0])
    project.refresh_from_db()
    assert project.state == "failed"
    assert [row["met"] for row in project.deliverable_rows()] == [True, False]


def test_acceptance_bad_input(personas, login):
    project = in_progress(personas)
    colleague = make_user("county2", "county_department", COUNTY, department="civil_affairs")
    response = login(colleague).post(reverse("socialorgs:project_accept", args=[project.pk]), {
        "passed": "1", "accepted_on": "2023-01-01", "result": "", "deliverables_met": ["7"]})
    page = response.content.decode()
    assert response.status_code == 422
    assert "验收日期不能早于服务期开始日期(2024-01-01)。" in page and "请填写验收意见。" in page
    assert "达成的服务成果须从本项目的服务成果中选择。" in page
    project.refresh_from_db()
    assert project.state == "in_progress"


def test_acceptance_only_when_in_progress(personas):
    provider = register(personas.county)
    project = purchases.create_project(personas.county, COUNTY, **project_data(provider))
    colleague = make_user("county2", "county_department", COUNTY, department="civil_affairs")
    with pytest.raises(Exception, match="当前状态下不能执行此操作"):
        purchases.accept_project(colleague, project, passed=True, accepted_on="2025-01-10", result="合格")


def test_step_needs_purchase_capability(personas, login):
    project = in_progress(personas)
    response = login(personas.township_a).post(reverse("socialorgs:project_accept", args=[project.pk]), {
        "passed": "1", "accepted_on": "2025-01-10", "result": "合格"})
    assert response.status_code == 403


def test_scope(personas, login):
    project = in_progress(personas)
    url = reverse("socialorgs:project", args=[project.pk])
    # Served: township A (and village B1), so township B sees it through B1; A2's cadre through township A.
    for persona in (personas.township_a, personas.cadre_a2, personas.cadre_b1, personas.auditor):
        assert login(persona).get(url).status_code == 200
    lingui = other_county()
    assert login(lingui).get(url).status_code == 404
    assert login(lingui).post(reverse("socialorgs:project_step", args=[project.pk]),
                              {"step": "contract"}).status_code == 404
    listing = login(personas.cadre_a1).get(reverse("socialorgs:projects")).content.decode()
    assert listing.count("阳朔镇社工站运营") == 1
