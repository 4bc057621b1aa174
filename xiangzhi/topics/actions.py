"""说议办评: every change to a topic, as an action taking the acting user first.

    raised (说) ─deliberate→ deliberating (议, optionally as a 四议两公开 matter)
    raised, deliberating ─implement→ implementing (办: milestones, progress 0–100)
    implementing ─finish→ evaluating (评: each household rates once, 1–5) ─close→ closed
    raised, deliberating ─decline (with the reason)→ declined
    raised, deliberating ─merge (into another open topic of the village)→ merged

Cadres ("topic.handle") answer at any time and take every step; villagers ("topic.raise",
"topic.rate") raise topics and rate results.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core.audit import record_event
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.grid.photos import check_photo
from xiangzhi.people.masking import contains_citizen_id

from .models import Milestone, Rating, Topic, TopicPhoto, TopicReply, TopicState

RAISE = "topic.raise"
RATE = "topic.rate"
HANDLE = "topic.handle"

TITLE_MAX = 100
BODY_MAX = 2000
REPLY_MAX = 1000
MAX_PHOTOS = 6
S = TopicState
TAKEN_UP = (S.RAISED, S.DELIBERATING)


def _text(errors, field, value, *, required, max_length, public=True):
    value = (value or "").strip()
    label = {"title": _("标题"), "body": _("内容"), "reply": _("答复"), "milestone": _("节点名称")}[field]
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    elif public and contains_citizen_id(value):
        errors[field] = _("%(label)s将向本村村民公开,不能包含身份证号码。") % {"label": label}
    return value


# --- the procedure --------------------------------------------------------------------------


def _set_matter(topic, actor, data):
    matter_id = data.get("matter_id")
    if matter_id is None:
        return None
    Topic._base_manager.filter(pk=topic.pk).update(matter_id=matter_id)
    topic.matter_id = matter_id
    return {"matter_id": [None, matter_id]}


def _finish(topic, actor, data):
    old = topic.progress
    Topic._base_manager.filter(pk=topic.pk).update(progress=100)
    topic.progress = 100
    if old != 100:
        Milestone.objects.create(topic=topic, title=_("办理完成"), progress=100, recorded_by=actor)
    return {"progress": [old, 100]}


def _merge_target(topic, actor, data):
    target = data.get("merge_into")
    if target is None:
        return {"merge_into": _("请选择要合并到的议题。")}
    if target.pk == topic.pk:
        return {"merge_into": _("不能把议题合并到它自己。")}
    if target.region_id != topic.region_id:
        return {"merge_into": _("只能合并到本村的议题。")}
    # As it is now, not as the page that chose it saw it.
    target.state = Topic._base_manager.filter(pk=target.pk).values_list("state", flat=True).first()
    if target.state in (S.MERGED, S.DECLINED, S.CLOSED):
        return {"merge_into": _("议题“%(title)s”%(state)s,不能作为保留议题。") % {
            "title": target.title, "state": target.state_label,
        }}
    return None


def _merge(topic, actor, data):
    target = data["merge_into"]
    Topic._base_manager.filter(pk=topic.pk).update(merged_into=target)
    topic.merged_into = target
    return {"merged_into": [None, target.pk]}


def _step(name, label, source, target, **options):
    return Transition(name, label, source=source, target=target, capability=HANDLE, **options)


topic_workflow = Workflow(
    "topic",
    Topic,
    states=TopicState,
    initial=S.RAISED,
    final=(S.CLOSED, S.DECLINED, S.MERGED),
    start_name="raise",
    start_label=gettext_lazy("说:提出议题"),
    transitions=[
        _step("deliberate", gettext_lazy("议:转入商议"), (S.RAISED,), S.DELIBERATING, effect=_set_matter),
        _step("implement", gettext_lazy("办:转入办理"), TAKEN_UP, S.IMPLEMENTING),
        _step("finish", gettext_lazy("办结,请村民评价"), (S.IMPLEMENTING,), S.EVALUATING, effect=_finish),
        _step("close", gettext_lazy("结束评价"), (S.EVALUATING,), S.CLOSED),
        _step("decline", gettext_lazy("不予采纳"), TAKEN_UP, S.DECLINED, requires_comment=True),
        _step("merge", gettext_lazy("合并重复议题"), TAKEN_UP, S.MERGED,
              guards=(_merge_target,), effect=_merge),
    ],
)
STEP_NAMES = [transition.name for transition in topic_workflow.transitions]


# --- actions --------------------------------------------------------------------------------


def _village_of(actor, village):
    """The village a villager raises a topic in: the one named, or their post's."""
    posts = posts_with_capability(actor, RAISE)
    if not posts:
        raise PermissionDenied(_("您没有此项操作的权限。"))
    if village:
        return require(actor, RAISE, village), village
    region = posts[0].region
    return posts[0], region.village_code() or region.code


def raise_topic(actor, *, title, body, anonymous=False, photos=(), village=None):
    """说: a villager raises a topic in their village, with up to six photos."""
    post, village_code = _village_of(actor, village)
    errors = {}
    title = _text(errors, "title", title, required=True, max_length=TITLE_MAX)
    body = _text(errors, "body", body, required=True, max_length=BODY_MAX)
    photos = [upload for upload in photos if upload]
    checked = []
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("每个议题最多 %(count)d 张照片。") % {"count": MAX_PHOTOS}
    else:
        for upload in photos:
            try:
                checked.append((upload, *check_photo(upload)))
            except ValidationError as error:
                errors.update(error.message_dict)
                break
    if errors:
        raise ValidationError(errors)
    household = None
    if actor.resident_id:
        resident = actor.resident
        if resident.region_id.startswith(village_code):
            household = resident.household
    topic = Topic(
        region_id=village_code, title=title, body=body, anonymous=bool(anonymous), raised_by=actor,
        household=household,
    )
    with transaction.atomic():
        topic_workflow.start(
            actor, topic, post=post,
            changes={"title": [None, title], "anonymous": [None, topic.anonymous], "photos": [None, len(checked)]},
        )
        for upload, content_type, extension, digest in checked:
            photo = TopicPhoto(
                topic=topic, content_type=content_type, size=upload.size, sha256=digest, uploaded_by=actor
            )
            photo.image.save(f"{digest[:32]}.{extension}", upload, save=False)
            photo.save()
    return topic


def answer_topic(actor, topic, *, body):
    """A cadre answers a topic (the raiser and, once it is public, the village read it)."""
    post = require(actor, HANDLE, topic.region_id)
    errors = {}
    body = _text(errors, "reply", body, required=True, max_length=REPLY_MAX)
    if topic.state == S.MERGED:
        errors["reply"] = _("该议题已合并到另一议题,请在保留的议题下答复。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reply = TopicReply.objects.create(topic=topic, author=actor, body=body)
        record_event(actor, "topic.answer", topic, region_code=topic.region_id, post=post,
                     changes={"reply": [None, body]})
    return reply


def take_step(actor, topic, name, *, comment="", matter_id=None, merge_into=None):
    """One step of 说议办评 (see the module's docstring)."""
    if name not in STEP_NAMES:
        raise ValidationError(_("当前状态下不能执行此操作。"))
    data = {}
    if name == "deliberate" and matter_id not in (None, ""):
        try:
            data["matter_id"] = int(matter_id)
            if data["matter_id"] <= 0:
                raise ValueError
        except (TypeError, ValueError):
            raise ValidationError({"matter_id": _("四议两公开事项编号须为正整数。")}) from None
    if name == "merge":
        data["merge_into"] = merge_into
    try:
        topic_workflow.advance(actor, topic, name, comment=comment, data=data)
    except ValidationError as error:
        if name == "decline" and hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"comment": _("请填写不予采纳的理由。")}) from None
        raise
    return topic


def record_progress(actor, topic, *, progress, milestone):
    """办: a milestone reached and the percent done after it (0–100)."""
    post = require(actor, HANDLE, topic.region_id)
    errors = {}
    title = _text(errors, "milestone", milestone, required=True, max_length=100)
    try:
        value = int(str(progress).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not 0 <= value <= 100:
        errors["progress"] = _("办理进度须为 0 到 100 之间的整数。")
    if topic.state != S.IMPLEMENTING:
        errors["__all__"] = _("议题%(state)s,只有办理中的议题才能记录进度。") % {"state": topic.state_label}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = Topic._base_manager.filter(pk=topic.pk).values_list("progress", flat=True).first()
        moved = Topic._base_manager.filter(pk=topic.pk, state=S.IMPLEMENTING).update(progress=value)
        if not moved:
            raise ValidationError(_("该事项已被他人处理,请刷新后重试。"), code="stale")
        Milestone.objects.create(topic=topic, title=title, progress=value, recorded_by=actor)
        record_event(actor, "topic.progress", topic, region_code=topic.region_id, post=post,
                     changes={"progress": [old, value], "milestone": [None, title]})
    topic.progress = value
    return topic


ALREADY_RATED = gettext_lazy("本户已评价过该议题,每户只能评价一次。")


def rate_topic(actor, topic, *, score):
    """评: the actor's household rates the result once, 1–5."""
    post = require(actor, RATE, topic.region_id)
    errors = {}
    try:
        value = int(str(score).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not 1 <= value <= 5:
        errors["score"] = _("评分须为 1 到 5 之间的整数。")
    if topic.state != S.EVALUATING:
        errors["__all__"] = _("议题%(state)s,现在不能评价。") % {"state": topic.state_label}
    household = actor.resident.household if actor.resident_id else None
    if household is None:
        errors["household"] = _("您的账号没有关联本村户籍,不能评价;请联系村委会关联。")
    elif not household.region_id.startswith(topic.region_id):
        errors["household"] = _("您的户不在本村,不能评价本村的议题。")
    if errors:
        raise ValidationError(errors)
    if Rating.objects.filter(topic=topic, household=household).exists():
        raise ValidationError({"score": ALREADY_RATED})
    try:
        with transaction.atomic():
            rating = Rating.objects.create(topic=topic, household=household, score=value, rated_by=actor)
            record_event(actor, "topic.rate", topic, region_code=topic.region_id, post=post,
                         changes={"score": [None, value], "household": [None, household.pk]})
    except IntegrityError:
        # Another member of the household rated at the same moment.
        raise ValidationError({"score": ALREADY_RATED}) from None
    return rating
