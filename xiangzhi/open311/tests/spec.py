"""The specification's tables and parsers for its two formats, shared by the GeoReport tests."""

import xml.etree.ElementTree as ET

BASE = "/open311/v2/"

# The specification's response tables, field by field (wiki.open311.org/GeoReport_v2).
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = [
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
]
POST_RESPONSE_FIELDS = ["service_request_id", "service_notice", "account_id"]
DISCOVERY_FIELDS = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT_FIELDS = ["specification", "url", "changeset", "type", "formats"]
ERROR_FIELDS = ["code", "description"]

VILLAGE_A1 = "450321100200"
TUN_A1 = "450321100200001"
VILLAGE_B1 = "450321101200"


def xml_of(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def json_of(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def children(element):
    return [child.tag for child in element]


def xml_errors(response):
    root = xml_of(response)
    assert root.tag == "errors"
    return [(int(error.findtext("code")), error.findtext("description")) for error in root]


def json_errors(response):
    body = json_of(response)
    assert all(list(error) == ERROR_FIELDS for error in body)
    return [(error["code"], error["description"]) for error in body]
