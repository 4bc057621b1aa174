import uuid

from .context import RequestInfo, reset_request_info, set_request_info


def client_ip(request):
    # Behind the documented reverse proxy the client address arrives in X-Real-IP.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_request_info(RequestInfo(ip=client_ip(request), request_id=uuid.uuid4().hex))
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)
