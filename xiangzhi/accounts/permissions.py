"""The one permission check: may this user do this, here?

Which posts count: in the browser the post the user picked (the region switcher); through
the API, every post the user holds today. Both come from `scope_posts(user)`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .capabilities import capabilities_of


def active_posts(user):
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_active_posts", None)
    if cached is None:
        cached = list(user.posts.active().select_related("region"))
        user._active_posts = cached
    return cached


def scope_posts(user):
    current = getattr(user, "current_post", None)
    if current is not None:
        return [current]
    return active_posts(user)


def posts_with_capability(user, capability):
    return [post for post in scope_posts(user) if capability in capabilities_of(post)]


def post_covers(post, region_code, grid_code=None):
    if post.region.is_grid:
        return grid_code == post.region_id or region_code.startswith(post.region_id)
    return region_code.startswith(post.region_id)


def can(user, capability, region_code, grid_code=None):
    return any(
        post_covers(post, region_code, grid_code) for post in posts_with_capability(user, capability)
    )


def post_for(user, capability, region_code, grid_code=None):
    """The post that allows it, or None: the one an audit event names."""
    for post in posts_with_capability(user, capability):
        if post_covers(post, region_code, grid_code):
            return post
    return None


def require(user, capability, region_code, grid_code=None):
    """Return the post that allows it. No such capability anywhere: 403; elsewhere: 404."""
    posts = posts_with_capability(user, capability)
    if not posts:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    for post in posts:
        if post_covers(post, region_code, grid_code):
            return post
    raise Http404(_("未找到该记录。"))


def require_capability(user, capability):
    """For pages that list within scope: the user needs the capability somewhere."""
    if not posts_with_capability(user, capability):
        raise PermissionDenied(_("您没有此项操作的权限。"))
