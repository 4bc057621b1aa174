from django.db import models
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

PARTY_VIEW = "party.view"


class MemberStatus(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class PartyMember(models.Model):
    """A party member: a resident of the registry, in one party organisation (a people.Organisation
    of a party kind — 党委, 党总支, 党支部 or 党小组). Every party module refers to members through this."""

    view_capability = PARTY_VIEW

    resident = models.OneToOneField(
        "people.Resident", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="party_member",
    )
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("所在党组织"), on_delete=models.PROTECT, related_name="party_members",
    )
    # Denormalised from the organisation, so that lists filter by scope without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    status = models.CharField(_("党员类别"), max_length=20, choices=MemberStatus.choices)
    joined_on = models.DateField(_("入党日期"))
    full_on = models.DateField(_("转正日期"), null=True, blank=True)
    mobile = models.BooleanField(_("流动党员"), default=False)
    whereabouts = models.CharField(_("流动去向"), max_length=200, blank=True)
    identity_shown = models.BooleanField(_("亮身份"), default=False)
    household_plaque = models.BooleanField(_("党员户挂牌"), default=False)
    left_on = models.DateField(_("转出/离开日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["region_id", "organisation_id", "joined_on", "id"]

    def __str__(self):
        return self.resident.name


class HouseholdLinkQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class HouseholdLink(models.Model):
    """党员联系农户: a household linked to a party member of its village. A household has at most one
    current link; an ended link stays as history (the ledger lists it)."""

    view_capability = PARTY_VIEW

    household = models.ForeignKey(
        "people.Household", verbose_name=_("农户"), on_delete=models.PROTECT, related_name="party_links",
    )
    member = models.ForeignKey(
        PartyMember, verbose_name=_("联系党员"), on_delete=models.PROTECT, related_name="household_links",
    )
    # Denormalised from the household (its 屯 or village), so that lists filter by scope without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在屯/村"), on_delete=models.PROTECT, db_column="region_code",
        related_name="+",
    )
    linked_on = models.DateField(_("联系开始日期"))
    ended_on = models.DateField(_("联系结束日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员联系农户")
        verbose_name_plural = _("党员联系农户")
        ordering = ["region_id", "household_id", "-linked_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(ended_on__isnull=True),
                name="one_current_party_link_per_household",
            ),
        ]

    def __str__(self):
        return f"{self.household} · {self.member}"
