"""儿童主任 per village, the cases of left-behind and vulnerable children assigned to them, and
their visit records.

Minors' records have no bare `.objects` reading by scope: `ChildCase.objects.visible_to(user)`
applies the minors' privacy rule of access.py (the village's child director, the township's
civil-affairs officer, the guardians recorded on the case), never a region prefix alone.
Coverage and counts are derived from these rows; nothing stores a number."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.scope import ScopedQuerySet

ADULT_AGE = 18


def adult_cutoff(on=None):
    """The latest birth date of someone who is an adult on `on`: born on or before it."""
    on = on or timezone.localdate()
    try:
        return on.replace(year=on.year - ADULT_AGE)
    except ValueError:  # 29 February
        return on.replace(year=on.year - ADULT_AGE, day=28)


def is_minor(birth_date, on=None):
    return birth_date > adult_cutoff(on)


class DirectorQuerySet(ScopedQuerySet):
    def current(self, on=None):
        """Directors in office on `on` (default today): appointed by then and not ended before it."""
        on = on or timezone.localdate()
        return self.filter(Q(appointed_on__lte=on), Q(ended_on__isnull=True) | Q(ended_on__gte=on))

    def open(self):
        """Appointments not yet ended (at most one per village)."""
        return self.filter(ended_on__isnull=True)


class ChildDirector(models.Model):
    """儿童主任 of a village: a resident of the registry or a platform account. `ended_on` is the last
    day in office, as for a post; the sign-in (if any) holds a child_director post for the term."""

    view_capability = "children.coverage"
    scope_fields = ("village",)

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code",
        related_name="child_directors",
    )
    person = models.ForeignKey(
        "people.Resident", verbose_name=_("本人(村民)"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="child_director_terms",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="child_director_terms",
    )
    post = models.ForeignKey(
        "accounts.Post", verbose_name=_("职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=50)
    appointed_on = models.DateField(_("任职日期"))
    ended_on = models.DateField(_("离任日期"), null=True, blank=True)
    end_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("任命人"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DirectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("儿童主任")
        verbose_name_plural = _("儿童主任")
        ordering = ["village_id", "-appointed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["village"], condition=Q(ended_on__isnull=True),
                                    name="one_open_child_director_per_village"),
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("appointed_on")),
                                   name="child_director_ends_after_appointment"),
        ]

    def __str__(self):
        return f"{self.village_id} 儿童主任 {self.name}"

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.appointed_on <= on and (self.ended_on is None or self.ended_on >= on)


class ChildCategory(models.TextChoices):
    # From the registry's flags.
    LEFT_BEHIND = "left_behind", _("农村留守儿童")
    DISABLED = "disabled", _("残疾儿童")
    LOW_INCOME = "low_income", _("低保家庭儿童")
    # 困境儿童 kinds set by hand.
    UNSUPPORTED = "unsupported", _("事实无人抚养儿童")
    SERIOUSLY_ILL = "seriously_ill", _("重病儿童")
    OTHER_HARDSHIP = "other_hardship", _("其他困境儿童")


FLAG_CATEGORIES = (ChildCategory.LEFT_BEHIND, ChildCategory.DISABLED, ChildCategory.LOW_INCOME)
MANUAL_CATEGORIES = (ChildCategory.UNSUPPORTED, ChildCategory.SERIOUSLY_ILL, ChildCategory.OTHER_HARDSHIP)


class CaseState(models.TextChoices):
    ACTIVE = "active", _("关爱中")
    CLOSED = "closed", _("已结案")


class ChildCaseQuerySet(models.QuerySet):
    def within(self, code):
        return self.filter(village__prefix=code)

    def active(self):
        return self.filter(state=CaseState.ACTIVE)

    def visible_to(self, user):
        """Cases whose child the user may see by name (access.py); none for anyone else."""
        from .access import case_reader_q

        query = case_reader_q(user)
        return self.none() if query is None else self.filter(query)


class ChildCase(models.Model):
    """一人一档: a left-behind or vulnerable minor of the registry in a child director's care."""

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, db_column="region_code", related_name="+",
    )
    child = models.ForeignKey(
        "people.Resident", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="child_cases",
    )
    director = models.ForeignKey(
        ChildDirector, verbose_name=_("儿童主任"), on_delete=models.PROTECT, related_name="cases",
    )
    category = models.CharField(_("类别"), max_length=20, choices=ChildCategory.choices)
    guardians = models.ManyToManyField(
        "people.Resident", verbose_name=_("监护人"), blank=True, related_name="guarded_child_cases",
    )
    needs = models.TextField(_("关爱需求"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=CaseState.choices, default=CaseState.ACTIVE)
    opened_on = models.DateField(_("建档日期"), default=timezone.localdate)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    close_reason = models.CharField(_("结案原因"), max_length=200, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("建档人"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("儿童关爱档案")
        verbose_name_plural = _("儿童关爱档案")
        ordering = ["village_id", "-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(state="active"), name="one_active_case_per_child"),
        ]

    def __str__(self):
        # Audit rows and logs name a case by number only: a minor's name never leaves the case.
        return f"儿童关爱档案 {self.pk}"


class VisitKind(models.TextChoices):
    HOME = "home", _("家访")
    PHONE = "phone", _("电话")


class Visit(models.Model):
    """A 走访 of a case by its child director (or the township's civil-affairs officer)."""

    case = models.ForeignKey(ChildCase, verbose_name=_("档案"), on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("走访日期"))
    kind = models.CharField(_("方式"), max_length=10, choices=VisitKind.choices)
    findings = models.TextField(_("了解情况"))
    help_given = models.TextField(_("帮扶措施"), blank=True)
    follow_up = models.CharField(_("后续跟进"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"走访记录 {self.pk}"


# The registry flags a case category follows from.
def flag_categories(resident, household_low_income):
    """The flag-based categories that hold for a resident (in registry order)."""
    found = []
    if resident.is_left_behind_child:
        found.append(ChildCategory.LEFT_BEHIND)
    if resident.is_disabled:
        found.append(ChildCategory.DISABLED)
    if resident.is_low_income or household_low_income:
        found.append(ChildCategory.LOW_INCOME)
    return found

