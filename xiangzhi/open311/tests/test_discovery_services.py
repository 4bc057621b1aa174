"""GeoReport v2 public endpoints: discovery, services, service definitions, tokens, and the
errors of every endpoint (unknown format, wrong method, unknown resource), in XML and JSON."""

import pytest
from django.test import Client

from xiangzhi.regions.models import Region

from .spec import (
    BASE,
    DISCOVERY_FIELDS,
    ENDPOINT_FIELDS,
    SERVICE_FIELDS,
    VILLAGE_A1,
    children,
    json_errors,
    json_of,
    xml_errors,
    xml_of,
)

pytestmark = pytest.mark.django_db


def test_discovery_xml_has_the_fields_of_the_discovery_spec(client):
    root = xml_of(client.get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    assert children(root) == DISCOVERY_FIELDS
    assert "create_api_token" in root.findtext("key_service")
    [endpoint] = root.find("endpoints")
    assert endpoint.tag == "endpoint"
    assert children(endpoint) == ENDPOINT_FIELDS
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert endpoint.findtext("type") == "production"
    assert [f.tag for f in endpoint.find("formats")] == ["format", "format"]
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]


def test_discovery_json_is_the_spark_mapping_of_the_xml(client):
    body = json_of(client.get(BASE + "discovery.json"))
    assert list(body) == DISCOVERY_FIELDS
    [endpoint] = body["endpoints"]
    assert list(endpoint) == ENDPOINT_FIELDS
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["url"] == "http://testserver/open311/v2"


def test_the_root_serves_the_discovery_document(client):
    assert xml_of(client.get(BASE)).tag == "discovery"


def test_services_xml_lists_active_leaf_categories_with_the_spec_fields(client, categories):
    root = xml_of(client.get(BASE + "services.xml"))
    assert root.tag == "services"
    services = {service.findtext("service_code"): service for service in root}
    assert all(service.tag == "service" for service in root)
    assert "t311.road" in services and "t311.light" in services
    assert "t311.retired" not in services  # inactive
    assert "t311" not in services  # a 大类 is a group, not a service
    road = services["t311.road"]
    assert children(road) == SERVICE_FIELDS
    assert road.findtext("service_name") == "道路损毁(测试)"
    assert road.findtext("description") == "路面塌陷、坑洼。"
    assert road.findtext("metadata") == "false"
    assert road.findtext("type") == "realtime"
    assert road.findtext("group") == "道路设施(测试)"
    assert services["t311.light"].find("description").text is None  # empty element


def test_services_json_has_the_same_services(client, categories):
    body = json_of(client.get(BASE + "services.json"))
    assert isinstance(body, list)
    road = next(service for service in body if service["service_code"] == "t311.road")
    assert list(road) == SERVICE_FIELDS
    assert road == {
        "service_code": "t311.road",
        "service_name": "道路损毁(测试)",
        "description": "路面塌陷、坑洼。",
        "metadata": False,
        "type": "realtime",
        "keywords": None,
        "group": "道路设施(测试)",
    }
    assert all(isinstance(service["service_code"], str) for service in body)


def test_a_countys_own_category_is_listed_only_within_that_county(client, county_category):
    other_county = Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")

    def codes(query=""):
        return {s["service_code"] for s in json_of(client.get(BASE + "services.json" + query))}

    assert "t311.yangshuo_river" not in codes()
    assert "t311.yangshuo_river" in codes(f"?jurisdiction_id={VILLAGE_A1}")
    assert "t311.yangshuo_river" in codes("?jurisdiction_id=4503")  # the city contains the county
    assert "t311.yangshuo_river" not in codes(f"?jurisdiction_id={other_county.code}")
    assert "t311.road" in codes(f"?jurisdiction_id={other_county.code}")  # shared taxonomy everywhere


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_jurisdiction_is_404(client, tree, categories, fmt):
    response = client.get(BASE + f"services.{fmt}?jurisdiction_id=sfgov.org")
    assert response.status_code == 404
    errors = xml_errors(response) if fmt == "xml" else json_errors(response)
    [(code, description)] = errors
    assert code == 404
    assert "jurisdiction_id“sfgov.org”不存在" in description


def test_an_empty_jurisdiction_is_as_if_none_was_sent(client, categories):
    assert client.get(BASE + "services.json?jurisdiction_id=").json() == client.get(BASE + "services.json").json()


def test_service_definition_xml_is_empty_for_a_category_without_attributes(client, categories):
    root = xml_of(client.get(BASE + "services/t311.road.xml"))
    assert root.tag == "service_definition"
    assert children(root) == ["service_code", "attributes"]
    assert root.findtext("service_code") == "t311.road"
    assert list(root.find("attributes")) == []


def test_service_definition_json(client, categories):
    assert json_of(client.get(BASE + "services/t311.road.json")) == {"service_code": "t311.road", "attributes": []}


@pytest.mark.parametrize("code", ["no.such.code", "t311.retired", "t311"])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_service_definition_of_an_unknown_or_inactive_code_is_404(client, categories, code, fmt):
    response = client.get(BASE + f"services/{code}.{fmt}")
    assert response.status_code == 404
    [(status, description)] = xml_errors(response) if fmt == "xml" else json_errors(response)
    assert status == 404
    assert f"service_code“{code}”不存在或已停用" in description


def test_a_county_category_has_no_definition_outside_its_county(client, county_category):
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    assert client.get(BASE + "services/t311.yangshuo_river.json?jurisdiction_id=450322").status_code == 404
    assert client.get(BASE + "services/t311.yangshuo_river.json?jurisdiction_id=450321").status_code == 200


@pytest.mark.parametrize("path", ["services.csv", "discovery.html", "requests.yaml", "services/t311.road.txt",
                                  "tokens/abc.php"])
def test_an_unknown_format_suffix_is_400_in_xml(client, categories, path):
    response = client.get(BASE + path)
    assert response.status_code == 400
    [(code, description)] = xml_errors(response)
    assert code == 400
    assert "不支持的格式" in description and ".xml 或 .json" in description


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_wrong_method_is_400_in_the_requested_format(categories, method):
    client = Client(enforce_csrf_checks=True)  # as a real client: no CSRF cookie, no token
    response = getattr(client, method)(BASE + "services.json")
    assert response.status_code == 400
    [(code, description)] = json_errors(response)
    assert code == 400 and method.upper() in description
    assert client.put(BASE + "requests/1.xml").status_code == 400


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_resource_is_404(client, fmt):
    response = client.get(BASE + f"reports.{fmt}")
    assert response.status_code == 404
    [(code, description)] = xml_errors(response) if fmt == "xml" else json_errors(response)
    assert code == 404 and "reports" in description


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_no_token_is_ever_found_because_requests_are_realtime(client, tree, fmt):
    response = client.get(BASE + f"tokens/12345.{fmt}")
    assert response.status_code == 404
    [(code, description)] = xml_errors(response) if fmt == "xml" else json_errors(response)
    assert code == 404 and "12345" in description and "service_request_id" in description


def test_tokens_check_the_jurisdiction_first(client, tree):
    response = client.get(BASE + "tokens/12345.json?jurisdiction_id=99")
    assert response.status_code == 404
    assert "jurisdiction_id" in json_errors(response)[0][1]


def test_public_endpoints_need_no_api_key_and_set_no_cookie(client, categories):
    for path in ("discovery.xml", "services.json", "services/t311.road.xml"):
        response = client.get(BASE + path)
        assert response.status_code == 200
        assert not response.cookies
