from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import HttpBearer

from .capabilities import capabilities_of
from .models import ApiToken
from .permissions import active_posts


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.objects.user_for_key(token)
        if user is not None:
            request.user = user
        return user


router = Router(tags=[_("账号")])


class PostOut(Schema):
    id: int
    role: str
    role_label: str
    region_code: str
    region_name: str
    department: str
    capabilities: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    posts: list[PostOut]


@router.get("", response=MeOut, summary=_("当前用户及其职务"))
def me(request):
    user = request.user
    return {
        "username": user.username,
        "full_name": user.full_name,
        "posts": [
            {
                "id": post.id,
                "role": post.role,
                "role_label": post.get_role_display(),
                "region_code": post.region_id,
                "region_name": post.region.name,
                "department": post.department,
                "capabilities": sorted(capabilities_of(post)),
            }
            for post in active_posts(user)
        ],
    }
