"""村规民约 and 村民自治章程: drafted article by article, adopted ONLY by a passed 村民会议
resolution, filed (备案) with the township, which approves the version or returns it naming the
articles to correct. A version changes only while it is a draft or returned; a new version is a
copy of the current one, and approving it supersedes the old one. The approved version is
appended to the publication log and shown on the village's public page."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.assembly.models import Body
from xiangzhi.assembly.resolutions import passed_resolution
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.regions.models import Level, Region
from xiangzhi.translog import log

from .models import Charter, CharterArticle, CharterKind, CharterState

MANAGE = "charter.manage"
REVIEW = "charter.review"
LOG_KIND = "village_rules"
ARTICLE_MAX_LENGTH = 2000
MAX_ARTICLES = 200


# --- workflow ---------------------------------------------------------------------------


def _has_articles(charter, actor, data):
    if not charter.articles.exists():
        return _("草案还没有任何条款,不能提交表决结果。")
    return None


def _passed_villagers_assembly(charter, actor, data):
    try:
        data["resolution"] = passed_resolution(
            charter.region_id, data.get("resolution_id"), bodies=[Body.VILLAGERS_ASSEMBLY]
        )
    except ValidationError as error:
        return error.message_dict if hasattr(error, "error_dict") else {"resolution": error.messages}
    return None


def _adopt(charter, actor, data):
    resolution = data["resolution"]
    adopted_on = timezone.localtime(resolution.meeting.held_at).date() if resolution.meeting.held_at else resolution.meeting.meets_on
    Charter.objects.filter(pk=charter.pk).update(resolution=resolution, adopted_on=adopted_on, returned_articles=[])
    charter.resolution, charter.adopted_on, charter.returned_articles = resolution, adopted_on, []
    return {"resolution": [None, resolution.pk], "adopted_on": [None, adopted_on.isoformat()]}


def _articles_to_correct(charter, actor, data):
    numbers = data.get("articles") or []
    if not numbers:
        return {"articles": _("请列出须修改的条款。")}
    existing = set(charter.articles.values_list("number", flat=True))
    unknown = sorted(set(numbers) - existing)
    if unknown:
        return {"articles": _("本版本没有第 %(numbers)s 条。") % {"numbers": "、".join(str(n) for n in unknown)}}
    return None


def _return(charter, actor, data):
    numbers = sorted(set(data["articles"]))
    Charter.objects.filter(pk=charter.pk).update(returned_articles=numbers)
    charter.returned_articles = numbers
    return {"returned_articles": [None, numbers]}


def _approve(charter, actor, data):
    now = timezone.now()
    Charter.objects.filter(pk=charter.pk).update(approved_at=now)
    charter.approved_at = now
    entry = log.append(charter, LOG_KIND)
    return {"approved_at": [None, now.isoformat()], "log_index": [None, entry.index]}


charter_workflow = Workflow(
    "charter", Charter, states=CharterState, initial=CharterState.DRAFT,
    final=(CharterState.APPROVED, CharterState.SUPERSEDED),
    start_name="draft", start_label=gettext_lazy("起草"),
    transitions=[
        Transition("adopt", gettext_lazy("村民会议通过"), source=(CharterState.DRAFT, CharterState.RETURNED),
                   target=CharterState.ADOPTED, capability=MANAGE, guards=(_has_articles, _passed_villagers_assembly),
                   effect=_adopt),
        Transition("file", gettext_lazy("报乡镇备案"), source=(CharterState.ADOPTED,), target=CharterState.FILED,
                   capability=MANAGE),
        Transition("return", gettext_lazy("退回修改"), source=(CharterState.FILED,), target=CharterState.RETURNED,
                   capability=REVIEW, guards=(_articles_to_correct,), requires_comment=True, effect=_return),
        Transition("approve", gettext_lazy("备案通过"), source=(CharterState.FILED,), target=CharterState.APPROVED,
                   capability=REVIEW, effect=_approve),
    ],
)


# --- reads ------------------------------------------------------------------------------


def visible_charters(user):
    return Charter.objects.visible_to(user).select_related("region", "resolution__meeting")


def get_charter_for_user(user, pk):
    require_capability(user, Charter.view_capability)
    charter = visible_charters(user).filter(pk=pk).first()
    if charter is None:
        raise Http404(_("未找到该记录。"))
    return charter


def articles_of(charter):
    return list(charter.articles.order_by("number"))


def versions_of(charter):
    return list(Charter.objects.filter(region_id=charter.region_id, kind=charter.kind).order_by("-version"))


def public_charter(pk):
    charter = Charter.objects.filter(
        pk=pk, state__in=(CharterState.APPROVED, CharterState.SUPERSEDED)
    ).select_related("region").first()
    if charter is None:
        raise Http404(_("未找到该记录。"))
    return charter


def canonical_charter(charter):
    return {
        "region_code": charter.region_id,
        "village": charter.region.name,
        "charter_kind": charter.kind,
        "kind_label": str(charter.get_kind_display()),
        "version": charter.version,
        "title": charter.title,
        "articles": [{"number": a.number, "text": a.text} for a in charter.articles.order_by("number")],
        "resolution": charter.resolution_id,
        "adopted_on": charter.adopted_on.isoformat() if charter.adopted_on else None,
        "approved_at": timezone.localtime(charter.approved_at).isoformat(timespec="seconds") if charter.approved_at else None,
    }


def public_charter_url(charter):
    return reverse("elections:public_charter", args=[charter.pk])


def portal_context(village):
    charters = list(
        Charter.objects.current().filter(region_id=village.code).select_related("region").order_by("kind")
    )
    if not charters:
        return None
    entries = log.entries_for(charters, LOG_KIND)
    for charter in charters:
        charter.log_entry = entries.get(charter.pk)
        charter.article_list = articles_of(charter)
    return {"charters": charters}


# --- validation -------------------------------------------------------------------------


def clean_articles(articles):
    """A list of article texts (or one text, an article per line), or a Chinese ValidationError."""
    if isinstance(articles, str):
        articles = articles.splitlines()
    texts = [str(text).strip() for text in (articles or []) if str(text).strip()]
    if not texts:
        raise ValidationError({"articles": _("请至少写一条条款(每行一条)。")})
    if len(texts) > MAX_ARTICLES:
        raise ValidationError({"articles": _("条款不能超过 %(max)d 条。") % {"max": MAX_ARTICLES}})
    for number, text in enumerate(texts, start=1):
        if len(text) > ARTICLE_MAX_LENGTH:
            raise ValidationError({"articles": _("第 %(number)d 条超过 %(max)d 个字。") % {
                "number": number, "max": ARTICLE_MAX_LENGTH}})
    return texts


def parse_article_numbers(value):
    """"2, 5 7" -> [2, 5, 7]; anything else in it is a Chinese ValidationError."""
    if isinstance(value, (list, tuple)):
        parts = [str(part) for part in value]
    else:
        parts = str(value or "").replace(",", " ").replace("、", " ").replace(",", " ").split()
    numbers = []
    for part in parts:
        part = part.strip().removeprefix("第").removesuffix("条").strip()
        if not part.isdigit() or int(part) < 1:
            raise ValidationError({"articles": _("条款编号“%(part)s”无效,请写数字,如 2、5。") % {"part": part}})
        numbers.append(int(part))
    return numbers


# --- actions ----------------------------------------------------------------------------


def create_charter(actor, *, region, kind, title="", articles=None):
    """A new draft: version 1, or the next version copied from the current one (articles may replace it)."""
    region_code = getattr(region, "code", None) or str(region or "").strip()
    post = require(actor, MANAGE, region_code)
    village = Region.objects.filter(code=region_code, level=Level.VILLAGE).first()
    errors = {}
    if village is None:
        errors["region"] = _("村规民约和自治章程由村(社区)制定。")
    if kind not in CharterKind.values:
        errors["kind"] = _("请选择村规民约或村民自治章程。")
    title = (title or "").strip()
    if len(title) > 100:
        errors["title"] = _("标题不能超过 100 个字。")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            versions = Charter.objects.select_for_update().filter(region=village, kind=kind)
            current = versions.filter(state=CharterState.APPROVED).first()
            open_version = versions.exclude(state__in=(CharterState.APPROVED, CharterState.SUPERSEDED)).first()
            if open_version is not None:
                raise ValidationError({"kind": _("已有第 %(version)d 版(%(state)s)正在办理,请先办完它。") % {
                    "version": open_version.version, "state": open_version.state_label}})
            if articles is None and current is not None:
                texts = [article.text for article in articles_of(current)]
            else:
                texts = clean_articles(articles)
            version = (versions.aggregate(last=Max("version"))["last"] or 0) + 1
            charter = Charter(
                region=village, kind=kind, version=version, based_on=current, created_by=actor,
                title=title or (current.title if current else f"{village.name}{CharterKind(kind).label}"),
            )
            charter_workflow.start(actor, charter, post=post, changes={
                "kind": [None, kind], "version": [None, version], "articles": [None, len(texts)],
            })
            CharterArticle.objects.bulk_create([
                CharterArticle(charter=charter, number=number, text=text) for number, text in enumerate(texts, start=1)
            ])
    except IntegrityError:
        raise ValidationError({"kind": _("已有版本正在办理,请刷新后重试。")}) from None
    return charter


def update_articles(actor, charter, *, articles, title=None):
    """Replace the articles of a draft (or a returned version)."""
    post = require(actor, MANAGE, charter.region_id)
    texts = clean_articles(articles)
    with transaction.atomic():
        locked = Charter.objects.select_for_update().get(pk=charter.pk)
        if not locked.is_editable:
            raise ValidationError(_("第 %(version)d 版%(state)s,不能修改条款;请创建新版本。") % {
                "version": locked.version, "state": locked.state_label})
        before = [article.text for article in articles_of(locked)]
        changed = [
            number for number in range(1, max(len(before), len(texts)) + 1)
            if (before[number - 1] if number <= len(before) else None) != (texts[number - 1] if number <= len(texts) else None)
        ]
        changes = {"articles_changed": [None, changed]} if changed else {}
        title = (title or "").strip()
        if title and title != locked.title:
            if len(title) > 100:
                raise ValidationError({"title": _("标题不能超过 100 个字。")})
            changes["title"] = [locked.title, title]
            Charter.objects.filter(pk=locked.pk).update(title=title)
        if changed:
            CharterArticle.objects.filter(charter=locked).delete()
            CharterArticle.objects.bulk_create([
                CharterArticle(charter=locked, number=number, text=text) for number, text in enumerate(texts, start=1)
            ])
        if changes:
            record_event(actor, "charter.edit", locked, region_code=locked.region_id, post=post, changes=changes)
    charter.refresh_from_db()
    return charter


def adopt_charter(actor, charter, *, resolution_id, comment=""):
    """Record that the 村民会议 adopted this version: `resolution_id` must be its passed resolution."""
    return charter_workflow.advance(actor, charter, "adopt", comment=comment, data={"resolution_id": resolution_id})


def file_charter(actor, charter, *, comment=""):
    return charter_workflow.advance(actor, charter, "file", comment=comment)


def return_charter(actor, charter, *, articles, comment):
    numbers = parse_article_numbers(articles)
    return charter_workflow.advance(actor, charter, "return", comment=comment, data={"articles": numbers})


def approve_charter(actor, charter, *, comment=""):
    """The township approves the filing: the version becomes the current one, the previous current
    version is superseded in the same transaction, and the new one enters the publication log."""
    require(actor, REVIEW, charter.region_id)
    with transaction.atomic():
        locked = Charter.objects.select_for_update().get(pk=charter.pk)
        if locked.state != CharterState.FILED:
            raise ValidationError(_("当前状态下不能执行此操作。"))
        superseded = list(Charter.objects.select_for_update().filter(
            region_id=locked.region_id, kind=locked.kind, state=CharterState.APPROVED
        ))
        for old in superseded:
            Charter.objects.filter(pk=old.pk, state=CharterState.APPROVED).update(
                state=CharterState.SUPERSEDED, state_changed_at=timezone.now()
            )
            record_event(
                actor, "charter.supersede", old, region_code=old.region_id,
                changes={"state": [CharterState.APPROVED, CharterState.SUPERSEDED], "superseded_by": [None, locked.pk]},
            )
        step = charter_workflow.advance(actor, charter, "approve", comment=comment)
    return step
