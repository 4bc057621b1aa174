"""Who sees which topic, and whose name they see.

Cadres and officials ("topic.view") see every topic in their scope with the raiser's name,
anonymous or not. A villager sees the topics they raised and the public ones of their
village; for other villagers' topics they see "村民" when the topic is anonymous and the
masked name (张**) otherwise. The public page is the same as a villager's view.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import can, posts_with_capability
from xiangzhi.core.scope import prefix_q, scope_q_for_post
from xiangzhi.people.masking import mask_name

from .actions import RAISE
from .models import PUBLIC_STATES, VIEW, Topic

PORTAL_TOPICS = 20


def _village_code(region):
    return region.village_code() or region.code


def visible_topics(user):
    if user is None or not user.is_authenticated:
        return Topic.objects.none()
    query = Q(raised_by_id=user.pk)
    for post in posts_with_capability(user, RAISE):
        query |= prefix_q("region", _village_code(post.region)) & Q(state__in=PUBLIC_STATES)
    for post in posts_with_capability(user, VIEW):
        query |= scope_q_for_post(Topic, post)
    return Topic.objects.filter(query)


def listed(queryset):
    return queryset.select_related("region", "raised_by").with_rating()


def get_topic_for_user(user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该记录。")) from None
    topic = listed(visible_topics(user)).filter(pk=pk).first()
    if topic is None:
        raise Http404(_("未找到该记录。"))
    return topic


def may_see_author(user, topic):
    if user is None or not user.is_authenticated:
        return False
    return topic.raised_by_id == user.pk or can(user, VIEW, topic.region_id)


def author_label(topic, user=None):
    """The raiser's name as this user may see it (None: the public)."""
    if may_see_author(user, topic):
        return str(topic.raised_by)
    if topic.anonymous:
        return _("村民")
    return mask_name(str(topic.raised_by))


def with_authors(topics, user=None):
    topics = list(topics)
    for topic in topics:
        topic.author = author_label(topic, user)
    return topics


def portal_context(village):
    topics = with_authors(
        listed(Topic.objects.public().filter(region_id=village.code)).order_by("-state_changed_at", "-id")[:PORTAL_TOPICS]
    )
    if not topics:
        return None
    return {"topics": topics}
