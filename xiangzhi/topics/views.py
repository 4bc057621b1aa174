"""说议办评 pages, phone-first. Thin: a scoped fetch, a form, one action, a response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xiangzhi.accounts.permissions import can, posts_with_capability
from xiangzhi.core.forms import add_action_errors
from xiangzhi.core.uploads import stored_file_response

from . import actions, queries
from .actions import HANDLE, RAISE, RATE, topic_workflow
from .forms import ProgressForm, RaiseForm, RateForm, ReplyForm, StepForm
from .models import VIEW, Rating, Topic, TopicState

PER_PAGE = 20
STATES = dict(TopicState.choices)


def _require_reader(user):
    if not (posts_with_capability(user, VIEW) or posts_with_capability(user, RAISE)):
        raise PermissionDenied(_("您没有此项操作的权限。"))


@login_required
@require_GET
def topic_list(request):
    _require_reader(request.user)
    queryset = queries.listed(queries.visible_topics(request.user))
    state = request.GET.get("state")
    if state in STATES:
        queryset = queryset.filter(state=state)
    mine = request.GET.get("mine") == "1"
    if mine:
        queryset = queryset.filter(raised_by=request.user)
    page = Paginator(queryset.order_by("-created_at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.with_authors(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "topics/list.html", {
        "page": page, "states": STATES, "state": state, "mine": mine, "query": query.urlencode(),
        "can_raise": bool(posts_with_capability(request.user, RAISE)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def topic_raise(request):
    if not posts_with_capability(request.user, RAISE):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    form = RaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = actions.raise_topic(request.user, **form.cleaned_data, photos=request.FILES.getlist("photos"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("已提交,村干部受理后会答复您。"))
            return redirect("topics:detail", topic.pk)
    return render(request, "topics/raise.html", {"form": form}, status=422 if form.errors else 200)


def _detail_context(request, topic, bound=None):
    bound = bound or {}
    user = request.user
    topic.author = queries.author_label(topic, user)
    handles = can(user, HANDLE, topic.region_id)
    steps = [
        (transition.name, transition.label, bound.get(transition.name) or StepForm())
        for transition in topic_workflow.allowed_transitions(user, topic)
    ]
    rating = None
    household_id = user.resident.household_id if user.resident_id else None
    if household_id:
        rating = Rating.objects.filter(topic=topic, household_id=household_id).first()
    may_rate = topic.state == TopicState.EVALUATING and rating is None and can(user, RATE, topic.region_id)
    context = {
        "topic": topic,
        "photos": list(topic.photos.all()),
        "replies": list(topic.replies.select_related("author")),
        "milestones": list(topic.milestones.all()),
        "handles": handles,
        "steps": steps,
        "reply_form": bound.get("answer") or ReplyForm(),
        "progress_form": bound.get("progress") or ProgressForm(),
        "rate_form": (bound.get("rate") or RateForm()) if may_rate else None,
        "my_rating": rating,
        "merge_candidates": [],
        "history": [],
    }
    if handles:
        context["history"] = list(topic_workflow.history(topic))
        for step in context["history"]:
            step.label = topic_workflow.step_label(step.transition)
        if any(name == "merge" for name, *_rest in steps):
            context["merge_candidates"] = list(
                Topic.objects.filter(region_id=topic.region_id, state__in=(
                    TopicState.RAISED, TopicState.DELIBERATING, TopicState.IMPLEMENTING, TopicState.EVALUATING,
                )).exclude(pk=topic.pk).order_by("-id")[:50]
            )
    return context


@login_required
@require_GET
def topic_detail(request, pk):
    topic = queries.get_topic_for_user(request.user, pk)
    return render(request, "topics/detail.html", _detail_context(request, topic))


def _after(request, topic, name, form, action):
    try:
        action()
    except ValidationError as error:
        add_action_errors(form, error)
    else:
        messages.success(request, _("已保存。"))
        return redirect("topics:detail", topic.pk)
    topic = queries.get_topic_for_user(request.user, topic.pk)
    context = _detail_context(request, topic, {name: form})
    shown = {
        "answer": context["handles"], "progress": context["handles"] and topic.state == TopicState.IMPLEMENTING,
        "rate": context["rate_form"] is not None,
    }.get(name, any(step == name for step, *_rest in context["steps"]))
    if not shown:
        context["page_errors"] = [message for messages_ in form.errors.values() for message in messages_]
    return render(request, "topics/detail.html", context, status=422)


@login_required
@require_POST
def topic_answer(request, pk):
    topic = queries.get_topic_for_user(request.user, pk)
    form = ReplyForm(request.POST)
    form.is_valid()
    return _after(request, topic, "answer", form,
                  lambda: actions.answer_topic(request.user, topic, body=form.cleaned_data["reply"]))


@login_required
@require_POST
def topic_progress(request, pk):
    topic = queries.get_topic_for_user(request.user, pk)
    form = ProgressForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _after(request, topic, "progress", form, lambda: actions.record_progress(
        request.user, topic, progress=data["progress"], milestone=data["milestone"]))


@login_required
@require_POST
def topic_rate(request, pk):
    topic = queries.get_topic_for_user(request.user, pk)
    form = RateForm(request.POST)
    form.is_valid()
    score = form.cleaned_data.get("score") or request.POST.get("score", "")
    return _after(request, topic, "rate", form, lambda: actions.rate_topic(request.user, topic, score=score))


@login_required
@require_POST
def topic_step(request, pk, step):
    topic = queries.get_topic_for_user(request.user, pk)
    if step not in actions.STEP_NAMES:
        raise Http404(_("未找到该记录。"))
    form = StepForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    merge_into = None
    if step == "merge" and data["merge_into"].strip().isdigit():
        merge_into = Topic.objects.visible_to(request.user).filter(pk=int(data["merge_into"])).first()
    return _after(request, topic, step, form, lambda: actions.take_step(
        request.user, topic, step, comment=data["comment"], matter_id=data["matter_id"].strip() or None,
        merge_into=merge_into))


@login_required
@require_GET
def topic_photo(request, pk, photo_id):
    """A photo of a topic, to those who may see the topic."""
    topic = queries.get_topic_for_user(request.user, pk)
    photo = topic.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404(_("未找到该记录。"))
    return stored_file_response(photo.image, photo.content_type)
