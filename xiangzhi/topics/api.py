"""/api/v1/topics: 说议办评 — raise, answer, deliberate, implement with progress, rate.

Villagers get the topics they raised and the public ones of their village, with the author
shown as other villagers see it ("村民" for an anonymous topic); cadres get the raiser's name."""

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from . import actions, queries
from .actions import topic_workflow
from .models import Topic, TopicState
from .views import _require_reader

router = Router(tags=[_("说议办评")])


class TopicOut(Schema):
    id: int
    village: str
    village_name: str
    title: str
    body: str
    author: str
    anonymous: bool
    state: str
    state_label: str
    progress: int
    matter_id: int | None
    merged_into_id: int | None
    rating_average: float | None
    rating_count: int
    created_at: datetime

    @staticmethod
    def resolve_village(topic):
        return topic.region_id

    @staticmethod
    def resolve_village_name(topic):
        return topic.region.name

    @staticmethod
    def resolve_state_label(topic):
        return str(topic.state_label)

    @staticmethod
    def resolve_rating_average(topic):
        return round(topic.rating_average, 2) if topic.rating_average is not None else None


class ReplyOut(Schema):
    author: str
    body: str
    created_at: datetime


class MilestoneOut(Schema):
    title: str
    progress: int
    recorded_at: datetime


class TopicDetailOut(TopicOut):
    replies: list[ReplyOut]
    milestones: list[MilestoneOut]
    photos: int
    allowed_steps: list[str]

    @staticmethod
    def resolve_replies(topic):
        return [
            {"author": str(reply.author), "body": reply.body, "created_at": reply.created_at}
            for reply in topic.replies.select_related("author")
        ]

    @staticmethod
    def resolve_milestones(topic):
        return list(topic.milestones.all())

    @staticmethod
    def resolve_photos(topic):
        return topic.photos.count()


class RaiseIn(Schema):
    title: str = ""
    body: str = ""
    anonymous: bool = False
    village: str | None = None


class ReplyIn(Schema):
    reply: str = ""


class StepIn(Schema):
    comment: str = ""
    matter_id: int | None = None
    merge_into: int | None = None


class ProgressIn(Schema):
    progress: int | None = None
    milestone: str = ""


class RateIn(Schema):
    score: int | None = None


def _detail(request, pk):
    topic = queries.get_topic_for_user(request.user, pk)
    topic.author = queries.author_label(topic, request.user)
    topic.allowed_steps = [t.name for t in topic_workflow.allowed_transitions(request.user, topic)]
    return topic


@router.get("", response=list[TopicOut], summary=_("议题列表"))
@paginate
def list_topics(request, state: str | None = None, mine: bool = False):
    _require_reader(request.user)
    queryset = queries.listed(queries.visible_topics(request.user)).order_by("-created_at", "-id")
    if state in TopicState.values:
        queryset = queryset.filter(state=state)
    if mine:
        queryset = queryset.filter(raised_by=request.user)
    return _Authored(queryset, request.user)


class _Authored:
    """A queryset whose page comes out with each topic's author as this user may see it."""

    def __init__(self, queryset, user):
        self.queryset, self.user = queryset, user

    def __len__(self):
        return self.queryset.count()

    def count(self):
        return self.queryset.count()

    def __getitem__(self, index):
        return queries.with_authors(self.queryset[index], self.user)


@router.post("", response={201: TopicDetailOut}, summary=_("说:提出议题(multipart,可附照片 photos)"))
def raise_topic(request, payload: Form[RaiseIn], photos: File[list[UploadedFile]] = None):
    topic = actions.raise_topic(
        request.user, title=payload.title, body=payload.body, anonymous=payload.anonymous,
        village=payload.village, photos=photos or [],
    )
    return Status(201, _detail(request, topic.pk))


@router.get("/{int:topic_id}", response=TopicDetailOut, summary=_("议题详情"))
def get_topic(request, topic_id: int):
    return _detail(request, topic_id)


@router.post("/{int:topic_id}/answer", response=TopicDetailOut, summary=_("答复议题"))
def answer(request, topic_id: int, payload: ReplyIn):
    actions.answer_topic(request.user, queries.get_topic_for_user(request.user, topic_id), body=payload.reply)
    return _detail(request, topic_id)


@router.post("/{int:topic_id}/steps/{step}", response=TopicDetailOut,
             summary=_("办理步骤:deliberate / implement / finish / close / decline / merge"))
def step(request, topic_id: int, step: str, payload: StepIn):
    topic = queries.get_topic_for_user(request.user, topic_id)
    merge_into = None
    if payload.merge_into is not None:
        merge_into = Topic.objects.visible_to(request.user).filter(pk=payload.merge_into).first()
    actions.take_step(
        request.user, topic, step, comment=payload.comment, matter_id=payload.matter_id, merge_into=merge_into
    )
    return _detail(request, topic_id)


@router.post("/{int:topic_id}/progress", response=TopicDetailOut, summary=_("办:记录办理节点和进度(0–100)"))
def progress(request, topic_id: int, payload: ProgressIn):
    topic = queries.get_topic_for_user(request.user, topic_id)
    actions.record_progress(request.user, topic, progress=payload.progress, milestone=payload.milestone)
    return _detail(request, topic_id)


@router.post("/{int:topic_id}/rate", response={201: TopicDetailOut}, summary=_("评:本户评价(1–5,每户一次)"))
def rate(request, topic_id: int, payload: RateIn):
    topic = queries.get_topic_for_user(request.user, topic_id)
    actions.rate_topic(request.user, topic, score=payload.score)
    return Status(201, _detail(request, topic_id))
