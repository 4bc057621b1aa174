"""The api_key of GeoReport v2 is one of the platform's API tokens (only its SHA-256 is stored),
found exactly as the JSON API's bearer authentication finds it. A caller acts as the token's
user, with every post that user holds today."""

from django.utils.translation import gettext as _

from xiangzhi.accounts.models import ApiToken

from .formats import Open311Error


def api_key_of(request):
    """From the POST body (the spec's example) or the query string (GET, and some clients' POST)."""
    key = request.POST.get("api_key") if request.method == "POST" else None
    return (key or request.GET.get("api_key") or "").strip()


def user_for_api_key(request):
    key = api_key_of(request)
    if not key:
        raise Open311Error(403, _("缺少 api_key:请提供本平台的 API 令牌(在“账号安全”页面生成)。"))
    user = ApiToken.objects.user_for_key(key)
    if user is None:
        raise Open311Error(403, _("api_key 无效、已吊销或其用户已停用。"))
    return user
