"""Against a published GeoReport v2 client from PyPI (`georeport`, in the test extras), over
real HTTP on the live server.

georeport covers GET services, GET a service definition, GET requests and GET a request; it
has no discovery, POST or token call and never sends an api_key on GET. So it reads the
public endpoints in both formats, and on requests it meets our privacy rule: a 403 with
the spec's error list. The api_key calls (GET and POST) go through `requests` and
`xmltodict`, the two libraries georeport itself parses with, sent exactly as the spec's
example request. (The other Python clients on PyPI, `three` 0.8.0 and `open311` 1.1, are
Python 2 only: `from itertools import ifilter`, and an implicit relative `from api import API`.)
"""

import pytest
import requests
import xmltodict
from georeport import GeoReport

from xiangzhi.grid.models import Event

from .spec import POST_RESPONSE_FIELDS, REQUEST_FIELDS, SERVICE_FIELDS, VILLAGE_A1

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endpoint(live_server):
    return live_server.url + "/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_the_service_list(endpoint, categories, tree, fmt):
    client = GeoReport(endpoint, jurisdiction=VILLAGE_A1, output_format=fmt)
    services = client.get_service_list()
    road = next(service for service in services if service["service_code"] == "t311.road")
    assert list(road) == SERVICE_FIELDS
    assert road["service_name"] == "道路损毁(测试)"
    assert road["group"] == "道路设施(测试)"
    assert road["type"] == "realtime"
    assert road["metadata"] in (False, "false")
    assert "t311.retired" not in {service["service_code"] for service in services}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_a_service_definition(endpoint, categories, tree, fmt):
    client = GeoReport(endpoint, jurisdiction=VILLAGE_A1, output_format=fmt)
    definition = client.get_service_definition("t311.road")
    assert definition["service_code"] == "t311.road"
    assert not definition["attributes"]  # [] in JSON, an empty element in XML
    with pytest.raises(requests.HTTPError) as raised:
        client.get_service_definition("no.such")
    assert raised.value.response.status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_without_an_api_key_is_refused_requests_with_the_spec_error(endpoint, categories, tree, fmt):
    client = GeoReport(endpoint, jurisdiction=VILLAGE_A1, output_format=fmt)
    for call in (client.get_service_requests, lambda: client.get_service_request("1")):
        with pytest.raises(requests.HTTPError) as raised:
            call()
        response = raised.value.response
        assert response.status_code == 403
        if fmt == "json":
            [error] = response.json()
        else:
            error = xmltodict.parse(response.content)["errors"]["error"]
        assert int(error["code"]) == 403 and "api_key" in error["description"]


def test_the_specs_example_post_then_reading_it_back_over_http(endpoint, personas, keys, categories):
    form = {
        "api_key": keys["cadre_a1"], "jurisdiction_id": VILLAGE_A1, "service_code": "t311.road",
        "lat": "24.778", "long": "110.496", "address_string": "村口大榕树旁",
        "email": "smit333@example.org", "device_id": "tt222111", "account_id": "123456",
        "first_name": "三", "last_name": "张", "phone": "111111111",
        "description": "村口道路塌陷一米见方", "media_url": "http://example.org/2212426634_5ed477a060.jpg",
    }
    response = requests.post(
        f"{endpoint}/requests.xml", data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    posted = xmltodict.parse(response.content)["service_requests"]["request"]
    assert list(posted) == POST_RESPONSE_FIELDS
    event = Event.objects.get()
    assert posted["service_request_id"] == str(event.pk)
    assert event.source == "open311" and event.reporter_name == "张三"

    read = requests.get(
        f"{endpoint}/requests.json", params={"api_key": keys["township_a"], "status": "open"}, timeout=30
    ).json()
    assert [request["service_request_id"] for request in read] == [str(event.pk)]
    assert list(read[0]) == REQUEST_FIELDS
    one = xmltodict.parse(
        requests.get(f"{endpoint}/requests/{event.pk}.xml", params={"api_key": keys["township_a"]}, timeout=30).content
    )["service_requests"]["request"]
    assert list(one) == REQUEST_FIELDS
    assert one["description"] == "村口道路塌陷一米见方"
    assert one["requested_datetime"].endswith("+08:00")
