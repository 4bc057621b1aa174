"""GeoReport v2 output: the same data as XML (the required format) or JSON (the Spark
mapping of that XML), and the error lists every endpoint answers with.

Data is built as plain Python values: a dict is an element with children in order, a list
is an element whose children are all named by ITEM_NAMES (`<services><service>…`, a JSON
array), None is an empty element (JSON null), booleans are `true`/`false`.
"""

import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("xml", "json")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# The element name of a list's items, by the list's name (the spec's "⇊ / ↴" pairs).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}

# Characters XML 1.0 cannot carry at all; a description typed on a phone may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Open311Error(Exception):
    """Answered as an error list. The HTTP status is 404 for what does not exist, 403 for a
    missing or wrong api_key and 400 for everything else; each error's code is the status."""

    def __init__(self, status, *descriptions):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions

    def as_data(self):
        return [{"code": self.status, "description": description} for description in self.descriptions]


def w3_datetime(value):
    """ISO 8601 (the W3C profile) with the offset: 2025-03-01T09:30:00+08:00."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def render(fmt, root, data, *, status=200):
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False)
    else:
        body = XML_DECLARATION + ET.tostring(_element(None, root, data), encoding="unicode")
    return HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])


def render_error(fmt, error):
    return render(fmt if fmt in FORMATS else "xml", "errors", error.as_data(), status=error.status)


def _element(parent, name, value):
    element = ET.Element(name) if parent is None else ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, child in value.items():
            _element(element, key, child)
    elif isinstance(value, list):
        for child in value:
            _element(element, ITEM_NAMES[name], child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _NOT_XML.sub("", str(value))
    return element
