"""Reading the 人民调解委员会 register within scope: committees, their gaps, the bodies a case may go to."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.regions.models import Region

from .models import Committee, CommitteeKind, CommitteeMember, Level, level_of

VIEW = "dispute.view"
MEMBER_ORDER = {"chair": 0, "vice_chair": 1, "member": 2}


def committees_for(user):
    return Committee.objects.visible_to(user, VIEW).with_current_term().select_related("region")


def get_committee_for_user(user, pk):
    committee = committees_for(user).filter(pk=pk).first()
    if committee is None:
        raise Http404(_("未找到该记录。"))
    return committee


def sitting_members(committee):
    members = committee.members.filter(left_on__isnull=True).select_related("resident")
    return sorted(members, key=lambda member: (MEMBER_ORDER[member.role], member.pk))


def with_member_counts(committees):
    """The committees as a list, each with `sitting` (member count) and `expired` set, in one query."""
    committees = list(committees)
    counts = {}
    for committee_id in CommitteeMember.objects.filter(
        committee__in=[committee.pk for committee in committees], left_on__isnull=True,
    ).values_list("committee_id", flat=True):
        counts[committee_id] = counts.get(committee_id, 0) + 1
    today = timezone.localdate()
    for committee in committees:
        committee.sitting = counts.get(committee.pk, 0)
        committee.expired = committee.term_end is not None and committee.term_end < today
    return committees


def gaps(user, scope_code):
    """Within a township or county: villages without a village committee, and committees whose
    term has run out (届满需换届). Four queries whatever the size of the scope."""
    committees = with_member_counts(committees_for(user).filter(region__prefix=scope_code))
    covered = {committee.region_id for committee in committees if committee.kind == CommitteeKind.VILLAGE}
    villages = Region.objects.villages().filter(code__prefix=scope_code).order_by("code")
    return {
        "committees": committees,
        "villages": villages.count(),
        "villages_without": [village for village in villages if village.code not in covered],
        "expired": [committee for committee in committees if committee.expired],
    }


def sealing_committees(dispute):
    """Committees that may seal this case's agreement: those registered under the handling body."""
    return Committee.objects.filter(region__prefix=dispute.handler_region_id).with_current_term().order_by(
        "region_id", "name")


def hand_off_bodies(dispute):
    """What a case may be handed to inside its county: the county 矛调中心, the township centres,
    the village platforms and the registered committees, as (group label, [(value, label)])."""
    county = dispute.county_code
    regions = Region.objects.filter(code__prefix=county).filter(level__in=("county", "township", "village")).order_by("code")
    by_level = {Level.COUNTY: [], Level.TOWNSHIP: [], Level.VILLAGE: []}
    suffix = {Level.COUNTY: _("矛调中心"), Level.TOWNSHIP: _("调解中心"), Level.VILLAGE: _("调解平台")}
    for region in regions:
        level = level_of(region.code)
        if level:
            by_level[level].append((f"region:{region.code}", f"{region.name}{suffix[level]}"))
    committees = [
        (f"committee:{committee.pk}", committee.name)
        for committee in Committee.objects.filter(region__prefix=county).order_by("region_id", "name")
    ]
    return [
        (_("县矛调中心"), by_level[Level.COUNTY]),
        (_("乡镇调解中心"), by_level[Level.TOWNSHIP]),
        (_("村级调解平台"), by_level[Level.VILLAGE]),
        (_("人民调解委员会"), committees),
    ]
