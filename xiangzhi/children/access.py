"""Who may see a minor (binding, issue 10): the child director of the child's village (a current
child_director post), a township_official post of the civil-affairs department whose township
contains the village, and the guardians recorded on the child's case (a signed-in villager whose
account is linked to that resident of the registry). Guardians are the residents the carer
picks from the child's household when opening or updating the case — living in the same household
is not enough, so an adult cousin sharing the 户 does not see the child's file.

Everyone else — village secretaries, township officials of other departments, the county's
civil-affairs department, auditors — sees counts only: a child's page is a 404 for them.
`children.oversee` (given to every civil-affairs post) counts only on a township post."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Role
from xiangzhi.accounts.permissions import post_covers, posts_with_capability
from xiangzhi.core.scope import prefix_q

CARE = "children.care"
OVERSEE = "children.oversee"
GUARDIAN = "children.guardian"
APPOINT = "children.appoint"
COVERAGE = "children.coverage"


def officer_posts(user):
    """The user's township civil-affairs posts (乡镇民政办)."""
    return [post for post in posts_with_capability(user, OVERSEE) if post.role == Role.TOWNSHIP_OFFICIAL]


def caring_posts(user):
    """Posts that see and care for the children of their region: child directors and township officers."""
    return [*posts_with_capability(user, CARE), *officer_posts(user)]


def care_post(user, village_code):
    """The post allowing the user to care for the children of a village: none anywhere 403, elsewhere 404."""
    posts = caring_posts(user)
    if not posts:
        raise PermissionDenied(_("只有本村儿童主任或乡镇民政工作人员可以办理儿童关爱事项。"))
    for post in posts:
        if post_covers(post, village_code):
            return post
    raise Http404(_("未找到该记录。"))


def may_care(user, village_code):
    return any(post_covers(post, village_code) for post in caring_posts(user))


def guardian_resident_id(user):
    """The registry resident a guardian signs in as, or None (no villager post or no link)."""
    if not posts_with_capability(user, GUARDIAN):
        return None
    return getattr(user, "resident_id", None)


def case_reader_q(user):
    """The condition on ChildCase rows the user may read, or None for none at all."""
    from .models import ChildCase

    query = None
    for post in caring_posts(user):
        condition = prefix_q("village", post.region_id)
        query = condition if query is None else query | condition
    resident_id = guardian_resident_id(user)
    if resident_id:
        guarded = ChildCase.guardians.through.objects.filter(resident_id=resident_id).values("childcase_id")
        condition = Q(pk__in=guarded)
        query = condition if query is None else query | condition
    return query


def may_read_cases(user):
    return bool(caring_posts(user)) or guardian_resident_id(user) is not None
