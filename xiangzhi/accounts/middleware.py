from .permissions import active_posts

SESSION_KEY = "xiangzhi_post_id"


class CurrentPostMiddleware:
    """In the browser a user acts in one post at a time: the one picked in the top bar."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            posts = active_posts(user)
            chosen = request.session.get(SESSION_KEY)
            user.current_post = next((p for p in posts if p.pk == chosen), posts[0] if posts else None)
        return self.get_response(request)
