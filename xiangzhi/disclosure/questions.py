"""Villagers' questions on published disclosures, and the cadres' answers.

A villager of the village (disclosure.ask) asks on a published disclosure; a cadre of the
village (disclosure.answer) answers within the county's deadline (default 10 days).
Answers are public under the disclosure, with the asker's name masked (王**).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event

from .catalogue import answer_days_for
from .models import Question

ASK = "disclosure.ask"
ANSWER = "disclosure.answer"
TEXT_MAX = 1000
ANSWER_MAX = 5000


def mask_name(name):
    """王小明 -> 王**; an empty name -> 村民."""
    name = (name or "").strip()
    if not name:
        return _("村民")
    return name[0] + "*" * max(len(name) - 1, 1)


def ask_question(actor, disclosure, *, text):
    if not disclosure.is_published:
        raise Http404(_("未找到该记录。"))
    post = require(actor, ASK, disclosure.village_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写问题。")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("问题不能超过 %(max)d 个字。") % {"max": TEXT_MAX}})
    now = timezone.now()
    with transaction.atomic():
        question = Question.objects.create(
            disclosure=disclosure, village_id=disclosure.village_id, asked_by=actor, text=text, asked_at=now,
            deadline=Question.deadline_after(now, answer_days_for(disclosure.village_id)),
        )
        record_event(actor, "disclosure_question.ask", question, region_code=disclosure.village_id, post=post,
                     changes={"disclosure": [None, disclosure.pk], "text": [None, text]})
    return question


def answer_question(actor, question, *, answer):
    post = require(actor, ANSWER, question.village_id)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复。")})
    if len(answer) > ANSWER_MAX:
        raise ValidationError({"answer": _("答复不能超过 %(max)d 个字。") % {"max": ANSWER_MAX}})
    with transaction.atomic():
        now = timezone.now()
        answered = Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(
            answer=answer, answered_by=actor, answered_at=now
        )
        if not answered:
            raise ValidationError({"answer": _("该问题已答复,答复公开后不能修改。")})
        question.answer, question.answered_by, question.answered_at = answer, actor, now
        record_event(actor, "disclosure_question.answer", question, region_code=question.village_id, post=post,
                     changes={"answer": [None, answer]})
    return question


def visible_questions(user):
    return Question.objects.visible_to(user).select_related("disclosure", "asked_by", "answered_by", "village")


def get_question_for_user(user, pk):
    require_capability(user, Question.view_capability)
    question = visible_questions(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if question is None:
        raise Http404(_("未找到该记录。"))
    return question


def public_questions(disclosure):
    """The questions shown under a published disclosure, askers masked."""
    questions = list(disclosure.questions.select_related("asked_by").order_by("asked_at", "id"))
    for question in questions:
        question.asker_masked = mask_name(question.asked_by.full_name or question.asked_by.username)
    return questions
