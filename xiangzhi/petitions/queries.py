"""Reads, scope-filtered. Special-population rows come only through `SpecialPerson.objects.visible_to`."""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.regions.models import Region

from .models import (
    Centre, CentreKind, Certificate, EnforcementOfficer, EnforcementTask, Petition, SpecialPerson,
)

NOT_FOUND = _("未找到该记录。")


def visible_special(user):
    return SpecialPerson.objects.visible_to(user).select_related("resident", "region", "helper")


def get_special_for_user(user, pk):
    person = visible_special(user).filter(pk=pk).first()
    if person is None:
        raise Http404(NOT_FOUND)
    return person


def visible_petitions(user):
    return Petition.objects.visible_to(user).select_related("region", "petitioner", "respondent_user")


def get_petition_for_user(user, pk):
    petition = visible_petitions(user).filter(pk=pk).first()
    if petition is None:
        raise Http404(NOT_FOUND)
    return petition


def petitioner_label(petition, user):
    """The person complained about never learns who petitioned."""
    if petition.respondent_user_id is not None and petition.respondent_user_id == user.pk:
        return _("信访人(已隐去)")
    return petition.petitioner.name


def shown_petitioner(petitions, user):
    for petition in petitions:
        petition.petitioner_shown = petitioner_label(petition, user)
    return petitions


def overdue_by_township(user, today=None):
    """[(township, count)] of overdue petitions, per township in scope."""
    rows = (
        Petition.objects.visible_to(user).overdue(today)
        .annotate(township=Substr("region_id", 1, 9)).values("township")
        .annotate(count=Count("id")).order_by("township")
    )
    names = dict(Region.objects.filter(code__in=[row["township"] for row in rows]).values_list("code", "name"))
    return [(row["township"], names.get(row["township"], row["township"]), row["count"]) for row in rows]


def visible_officers(user):
    return EnforcementOfficer.objects.visible_to(user).select_related("region", "user")


def get_officer_for_user(user, pk, capability="enforcement.view"):
    officer = EnforcementOfficer.objects.visible_to(user, capability).filter(pk=pk).first()
    if officer is None:
        raise Http404(NOT_FOUND)
    return officer


def certificates_of(user):
    return Certificate.objects.filter(
        officer__in=EnforcementOfficer.objects.visible_to(user)
    ).select_related("officer", "officer__region")


def certificate_board(user, today=None):
    today = today or timezone.localdate()
    certificates = certificates_of(user)
    return {
        "expired": list(certificates.expired(today)),
        "expiring": list(certificates.expiring(today)),
    }


def visible_tasks(user):
    return EnforcementTask.objects.visible_to(user).select_related("officer", "region")


def visible_centres(user):
    return Centre.objects.visible_to(user).select_related("region")


def standardisation_share(user, county_code):
    """Per level and kind: centres registered, standardised, and the share, within the county."""
    rows = (
        visible_centres(user).within(county_code).values("region__level", "kind")
        .annotate(total=Count("id"), done=Count("id", filter=Q(standardised=True)))
        .order_by("region__level", "kind")
    )
    kinds = dict(CentreKind.choices)
    return [
        {
            "level": row["region__level"], "kind": row["kind"], "kind_label": str(kinds[row["kind"]]),
            "total": row["total"], "done": row["done"],
            "share": round(100 * row["done"] / row["total"], 1) if row["total"] else 0.0,
        }
        for row in rows
    ]
