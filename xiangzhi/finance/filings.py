"""重大事项备案审核: a village files a major matter with the township before implementing it.

The village (filing.submit) files it with the resolution attached; the township
(filing.review) approves it or returns it with a reason. An implementing action (asset
disposal, a large expense, a resource contract …) calls `approved_filing(...)` and then
`use_filing(...)` in its transaction: one filing authorises one action.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow

from . import inputs
from .models import DEFAULT_THRESHOLD_FEN, Filing, FilingKind, FilingState, FilingThreshold, village_code_of
from .money import format_fen
from .uploads import checked_document

SUBMIT = "filing.submit"
REVIEW = "filing.review"
THRESHOLD = "filing.threshold"

filing_workflow = Workflow(
    "major_matter_filing",
    Filing,
    states=FilingState,
    initial=FilingState.SUBMITTED,
    final=(FilingState.APPROVED, FilingState.RETURNED),
    start_name="submit",
    start_label=gettext_lazy("报备"),
    transitions=[
        Transition(
            "approve", gettext_lazy("审核通过"), source=(FilingState.SUBMITTED,), target=FilingState.APPROVED,
            capability=REVIEW,
        ),
        Transition(
            "return", gettext_lazy("退回"), source=(FilingState.SUBMITTED,), target=FilingState.RETURNED,
            capability=REVIEW, requires_comment=True,
        ),
    ],
)


# --- the interface other modules use ----------------------------------------------------


def approved_filing(actor_post_region_code: str, filing_id, *, kind: str) -> Filing:
    """The approved, unused filing `filing_id` of this village and kind, locked for use;
    otherwise ValidationError({"filing": "…"})."""
    label = FilingKind(kind).label if kind in FilingKind.values else kind
    if filing_id in (None, ""):
        raise ValidationError({"filing": _("须先报备“%(kind)s”重大事项并经乡镇审核通过。") % {"kind": label}})
    try:
        filing_id = int(filing_id)
    except (TypeError, ValueError):
        raise ValidationError({"filing": _("备案编号“%(id)s”无效。") % {"id": filing_id}}) from None
    village = village_code_of(actor_post_region_code)
    filing = Filing.objects.select_for_update().filter(pk=filing_id, region_id=village).first()
    if filing is None:
        raise ValidationError({"filing": _("本村没有编号为 %(id)s 的重大事项备案。") % {"id": filing_id}})
    if filing.kind != kind:
        raise ValidationError({"filing": _("备案“%(title)s”是“%(actual)s”,此处需要“%(kind)s”备案。") % {
            "title": filing.title, "actual": filing.get_kind_display(), "kind": label}})
    if filing.state != FilingState.APPROVED:
        raise ValidationError({"filing": _("备案“%(title)s”尚未经乡镇审核通过(当前:%(state)s)。") % {
            "title": filing.title, "state": filing.get_state_display()}})
    if filing.used_at is not None:
        raise ValidationError({"filing": _("备案“%(title)s”已用于“%(used)s”,一项备案只能使用一次。") % {
            "title": filing.title, "used": filing.used_for}})
    return filing


def use_filing(filing, target):
    """Mark the filing used by `target` (inside the caller's transaction); refuses a second use."""
    now = timezone.now()
    used_for = f"{target._meta.verbose_name}·{target}"[:200]
    moved = Filing.objects.filter(pk=filing.pk, used_at__isnull=True).update(used_at=now, used_for=used_for)
    if not moved:
        raise ValidationError({"filing": _("该备案已被使用,一项备案只能使用一次。")})
    filing.used_at, filing.used_for = now, used_for
    return {"filing": [None, filing.pk]}


def threshold_fen(region_code):
    """The county's major-matter amount (fen); 50,000 元 where the county has set none."""
    row = FilingThreshold.objects.filter(region_id=region_code[:6]).values_list("amount_fen", flat=True).first()
    return row or DEFAULT_THRESHOLD_FEN


def open_filings(region_code, kind):
    """Approved, unused filings of a village and kind: the choices an implementing form offers."""
    return Filing.objects.filter(
        region_id=village_code_of(region_code), kind=kind, state=FilingState.APPROVED, used_at__isnull=True
    ).order_by("-created_at")


# --- actions --------------------------------------------------------------------------


TITLE_MAX = 200
DESCRIPTION_MAX = 5000


def submit_filing(actor, village_code, *, kind, title, amount_fen, description, resolution):
    post = require(actor, SUBMIT, village_code)
    village = _village(village_code)
    errors = {}
    data = {"kind": kind, "title": title, "description": description}
    kind = inputs.choice(errors, data, "kind", _("事项类别"), FilingKind.choices)
    title = inputs.text(errors, data, "title", _("事项名称"), max_length=TITLE_MAX)
    amount_fen = inputs.fen(errors, amount_fen if amount_fen is not None else 0, "amount_fen", _("涉及金额"), positive=False)
    description = inputs.text(errors, data, "description", _("事项说明"), max_length=DESCRIPTION_MAX)
    digest = None
    try:
        digest = checked_document(resolution, "resolution", _("决议文件"))
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    inputs.raise_if(errors)
    filing = Filing(
        region=village, kind=kind, title=title, amount_fen=amount_fen, description=description,
        resolution=resolution, resolution_name=resolution.name[:200], resolution_sha256=digest, submitted_by=actor,
    )
    with transaction.atomic():
        filing_workflow.start(actor, filing, post=post, changes={
            "kind": [None, kind], "title": [None, title], "amount_fen": [None, amount_fen],
            "resolution_sha256": [None, digest],
        })
    return filing


def approve_filing(actor, filing, *, comment=""):
    return filing_workflow.advance(actor, filing, "approve", comment=comment)


def return_filing(actor, filing, *, reason):
    try:
        return filing_workflow.advance(actor, filing, "return", comment=reason)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": error.error_dict["comment"]}) from None
        raise


def set_threshold(actor, county_code, *, amount_fen):
    post = require(actor, THRESHOLD, county_code)
    if len(county_code) != 6:
        raise ValidationError({"region": _("备案金额标准按县设置。")})
    errors = {}
    amount_fen = inputs.fen(errors, amount_fen, "amount_fen", _("备案金额标准"))
    inputs.raise_if(errors)
    with transaction.atomic():
        row = FilingThreshold.objects.select_for_update().filter(region_id=county_code).first()
        old = row.amount_fen if row else None
        if row is None:
            row = FilingThreshold.objects.create(region_id=county_code, amount_fen=amount_fen)
        else:
            row.amount_fen = amount_fen
            row.save(update_fields=["amount_fen", "updated_at"])
        record_event(actor, "filing_threshold.set", row, region_code=county_code, post=post,
                     changes={"amount_fen": [old, amount_fen]},
                     target_repr=f"{county_code} {format_fen(amount_fen)}")
    return row


def _village(code):
    from xiangzhi.regions.models import Level, Region

    village = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if village is None:
        raise ValidationError({"region": _("请选择一个村(社区)。")})
    return village


# --- queries --------------------------------------------------------------------------


def visible_filings(user):
    return Filing.objects.visible_to(user).select_related("region", "submitted_by")


def get_filing_for_user(user, pk):
    filing = visible_filings(user).filter(pk=pk).first()
    if filing is None:
        raise Http404(_("未找到该记录。"))
    return filing
