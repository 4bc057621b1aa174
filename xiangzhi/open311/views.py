"""Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests
(GET and POST), one request, and tokens, each as .xml or .json.

Privacy: discovery and services are public; reading requests needs an api_key, like
posting one, and shows only the events the key's user may see.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from xiangzhi.grid.events import report_event
from xiangzhi.grid.models import EventSource

from .auth import user_for_api_key
from .formats import FORMATS, Open311Error, render, render_error
from .forms import ServiceRequestForm, open311_error_from
from .queries import RequestFilter, jurisdiction_of, requests_for, services_for
from .records import (
    discovery_record,
    posted_record,
    request_records,
    service_definition_record,
    service_record,
)


def endpoint(*methods):
    """Checks the format suffix and the method, and answers every Open311Error as the
    spec's error list in the requested format. No endpoint reads the session cookie (POST
    is authenticated by api_key), so none needs a CSRF token, and a wrong method gets the
    spec's 400 rather than the CSRF failure page."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, fmt, **kwargs):
            try:
                if fmt not in FORMATS:
                    raise Open311Error(400, _("不支持的格式“%(fmt)s”:请以 .xml 或 .json 结尾。") % {"fmt": fmt})
                if request.method not in methods:
                    raise Open311Error(400, _("此接口不接受 %(method)s 请求。") % {"method": request.method})
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                return render_error(fmt, error)

        return csrf_exempt(wrapper)

    return decorate


@endpoint("GET", "HEAD")
def discovery(request, fmt):
    return render(fmt, "discovery", discovery_record(request))


@csrf_exempt
def root(request):
    """The spec suggests serving the discovery document at the endpoint's root too."""
    return discovery(request, "xml")


@endpoint("GET", "HEAD")
def services(request, fmt):
    jurisdiction = jurisdiction_of(request)
    return render(fmt, "services", [service_record(category) for category in services_for(jurisdiction)])


@endpoint("GET", "HEAD")
def service_definition(request, fmt, service_code):
    category = services_for(jurisdiction_of(request)).filter(code=service_code).first()
    if category is None:
        raise Open311Error(404, _("service_code“%(code)s”不存在或已停用。") % {"code": service_code})
    return render(fmt, "service_definition", service_definition_record(category))


@endpoint("GET", "HEAD", "POST")
def service_requests(request, fmt):
    if request.method == "POST":
        return _create_request(request, fmt)
    user = user_for_api_key(request)
    jurisdiction = jurisdiction_of(request)
    events = RequestFilter.from_request(request).apply(requests_for(user, jurisdiction))
    return render(fmt, "service_requests", request_records(events, request))


@endpoint("GET", "HEAD")
def service_request(request, fmt, service_request_id):
    user = user_for_api_key(request)
    jurisdiction = jurisdiction_of(request)
    event = None
    if service_request_id.isdigit():
        event = requests_for(user, jurisdiction).filter(pk=int(service_request_id)).first()
    if event is None:
        raise Open311Error(
            404, _("service_request_id“%(id)s”不存在,或不在该 api_key 用户可见的范围内。") % {"id": service_request_id}
        )
    return render(fmt, "service_requests", request_records([event], request))


@endpoint("GET", "HEAD")
def token(request, fmt, token):
    # Every service is "realtime": POST answers with the service_request_id at once and
    # never issues a token, so no token can be found.
    jurisdiction_of(request)
    raise Open311Error(
        404, _("token“%(token)s”不存在:本接口提交后立即返回 service_request_id,不签发 token。") % {"token": token}
    )


@csrf_exempt
def not_found(request, path):
    fmt = path.rsplit(".", 1)[-1] if "." in path else "xml"
    return render_error(fmt, Open311Error(404, _("没有这个接口:/open311/v2/%(path)s") % {"path": path}))


def _create_request(request, fmt):
    user = user_for_api_key(request)
    form = ServiceRequestForm(request.POST, jurisdiction=jurisdiction_of(request))
    if not form.is_valid():
        raise form.as_open311_error()
    data = form.cleaned_data
    try:
        event = report_event(
            user,
            category=data["service_code"],
            description=data["description"],
            region=form.region,
            latitude=data["lat"],
            longitude=data["long"],
            address=data["address_string"],
            photos=request.FILES.getlist("media"),
            source=EventSource.OPEN311,
            reporter_name=form.reporter_name,
        )
    except ValidationError as error:
        raise open311_error_from(error, form) from None
    except PermissionDenied:
        raise Open311Error(403, _("该 api_key 的用户没有上报事件的权限。")) from None
    except Http404:
        raise Open311Error(
            404, _("jurisdiction_id 或 address_id 所指区划不在该 api_key 用户可上报的范围内。")
        ) from None
    return render(fmt, "service_requests", [posted_record(event)])
