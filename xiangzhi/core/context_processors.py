from xiangzhi.accounts.capabilities import capabilities_of
from xiangzhi.accounts.permissions import active_posts

from .modules import modules_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    post = getattr(user, "current_post", None)
    capabilities = capabilities_of(post) if post else set()
    return {
        "current_post": post,
        "user_posts": active_posts(user),
        "nav_modules": modules_for(capabilities),
    }
