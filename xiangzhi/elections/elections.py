"""村委会换届: schedule the election, publish the voter list, register candidates, enter the count.

Every action checks `election.manage` over the village, runs in one transaction on the locked
election row and writes an audit event. The count is refused, saying which rule failed and by
how many, unless it is lawful: see thresholds.py.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Level, Region

from . import committee, thresholds
from .models import Candidate, Election, ElectionRound, ElectionState, RoundKind, RoundVote, VoterEntry

MANAGE = "election.manage"
VOTING_AGE = 18
LIST_NOTICE_DAYS = 20
MIN_SEATS, MAX_SEATS = 3, 7
POSITION_MAX_LENGTH = 20


# --- reads ------------------------------------------------------------------------------


def visible_elections(user):
    return Election.objects.visible_to(user).select_related("region")


def get_election_for_user(user, pk):
    require_capability(user, Election.view_capability)
    election = visible_elections(user).filter(pk=pk).first()
    if election is None:
        raise Http404(_("未找到该记录。"))
    return election


def voter_list(election):
    return election.voters.select_related("resident").order_by("removed", "id")


def candidates_of(election):
    return list(election.candidates.select_related("voter", "elected_in").order_by("id"))


def rounds_of(election):
    votes = RoundVote.objects.select_related("candidate__voter").order_by("-votes", "candidate_id")
    return list(election.rounds.prefetch_related(Prefetch("votes", queryset=votes)).order_by("number"))


def seats_filled(election):
    return election.candidates.filter(elected_in__isnull=False).count()


def open_candidates(election):
    """Candidates a count must give votes for: all in the first round, the not yet elected after."""
    return [candidate for candidate in candidates_of(election) if candidate.elected_in_id is None]


# --- helpers ----------------------------------------------------------------------------


def adult_cutoff(on):
    """The latest birth date of someone who is 18 on `on` (born 29 February: the 28th)."""
    try:
        return on.replace(year=on.year - VOTING_AGE)
    except ValueError:
        return on.replace(year=on.year - VOTING_AGE, day=28)


def eligible_voters(village_code, on):
    """Residents registered (present) in the village and 18 or older on `on`."""
    return Resident.objects.within(village_code).present().filter(birth_date__lte=adult_cutoff(on))


def _locked(election):
    return Election.objects.select_for_update().get(pk=election.pk)


def _count(value, label, errors, field):
    if value is None or value == "":
        errors[field] = _("请填写%(label)s。") % {"label": label}
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = _("%(label)s须为整数。") % {"label": label}
        return None
    if number < 0:
        errors[field] = _("%(label)s不能为负数。") % {"label": label}
        return None
    return number


def _date(value, label, field, errors):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = _("请填写有效的%(label)s(如 2026-05-01)。") % {"label": label}
        return None


# --- actions ----------------------------------------------------------------------------


def create_election(actor, *, region, election_day, seats, title=""):
    region_code = region.code if isinstance(region, Region) else str(region or "").strip()
    post = require(actor, MANAGE, region_code)
    village = Region.objects.filter(code=region_code).first()
    errors = {}
    if village is None or village.level != Level.VILLAGE:
        errors["region"] = _("换届选举须在村(社区)举行。")
    day = _date(election_day, _("选举日"), "election_day", errors)
    today = timezone.localdate()
    if day is not None and (day - today).days < LIST_NOTICE_DAYS:
        errors["election_day"] = _(
            "选举日须在选民名单公布之日起至少 %(days)d 天后:今天公布,选举日最早为 %(earliest)s。"
        ) % {"days": LIST_NOTICE_DAYS, "earliest": (today + datetime.timedelta(days=LIST_NOTICE_DAYS)).isoformat()}
    seat_count = _count(seats, _("应选名额"), errors, "seats")
    if seat_count is not None and not MIN_SEATS <= seat_count <= MAX_SEATS:
        errors["seats"] = _("村民委员会由主任、副主任和委员共 %(min)d 至 %(max)d 人组成,应选名额须在此范围内。") % {
            "min": MIN_SEATS, "max": MAX_SEATS,
        }
    title = (title or "").strip()
    if len(title) > 100:
        errors["title"] = _("名称不能超过 100 个字。")
    if errors:
        raise ValidationError(errors)
    title = title or _("%(year)d 年%(village)s换届选举") % {"year": day.year, "village": village.name}
    try:
        with transaction.atomic():
            election = Election.objects.create(
                region=village, title=title, election_day=day, seats=seat_count, created_by=actor
            )
            record_event(
                actor, "election.create", election, region_code=village.code, post=post,
                changes={"election_day": [None, day.isoformat()], "seats": [None, seat_count], "title": [None, title]},
            )
    except IntegrityError:
        raise ValidationError({"election_day": _("本村该日已有一场选举。")}) from None
    return election


def publish_voter_list(actor, election):
    """Snapshot the eligible voters and publish the list today, at least 20 days before election day."""
    post = require(actor, MANAGE, election.region_id)
    today = timezone.localdate()
    target = election
    with transaction.atomic():
        election = _locked(election)
        if election.state != ElectionState.PREPARING:
            raise ValidationError(_("选民名单已于 %(date)s 公布,不能重复公布。") % {"date": election.list_published_on})
        days_ahead = (election.election_day - today).days
        if days_ahead < LIST_NOTICE_DAYS:
            raise ValidationError(_(
                "选民名单应当在选举日的 %(days)d 日前公布:选举日为 %(day)s,今天公布只提前 %(ahead)d 天。"
                "请改定选举日后重新安排选举。"
            ) % {"days": LIST_NOTICE_DAYS, "day": election.election_day.isoformat(), "ahead": days_ahead})
        residents = eligible_voters(election.region_id, election.election_day).order_by("region_id", "household_id", "id")
        entries = [
            VoterEntry(election=election, resident=resident, name=resident.name, birth_date=resident.birth_date)
            for resident in residents.only("id", "name", "birth_date")
        ]
        VoterEntry.objects.bulk_create(entries)
        Election.objects.filter(pk=election.pk).update(state=ElectionState.PUBLISHED, list_published_on=today)
        record_event(
            actor, "election.publish_voter_list", election, region_code=election.region_id, post=post,
            changes={
                "state": [ElectionState.PREPARING, ElectionState.PUBLISHED],
                "list_published_on": [None, today.isoformat()], "voters": [None, len(entries)],
            },
        )
    target.refresh_from_db()
    return target


def add_candidate(actor, election, *, voter, position=""):
    """A candidate is a voter on the (current) list; `voter` is the VoterEntry or its id."""
    post = require(actor, MANAGE, election.region_id)
    position = (position or "").strip() or _("委员")
    if len(position) > POSITION_MAX_LENGTH:
        raise ValidationError({"position": _("职位不能超过 %(max)d 个字。") % {"max": POSITION_MAX_LENGTH}})
    voter_id = voter.pk if isinstance(voter, VoterEntry) else voter
    try:
        with transaction.atomic():
            election = _locked(election)
            if election.state != ElectionState.PUBLISHED:
                raise ValidationError(_("只有选民名单公布后、计票结果录入前才能登记候选人。"))
            entry = election.voters.filter(pk=voter_id).first() if str(voter_id or "").isdigit() else None
            if entry is None or entry.removed:
                raise ValidationError({"voter": _("候选人须是本次选举选民名单上的选民。")})
            if election.candidates.filter(voter=entry).exists():
                raise ValidationError({"voter": _("%(name)s已是候选人。") % {"name": entry.name}})
            candidate = Candidate.objects.create(election=election, voter=entry, position=position)
            record_event(
                actor, "election.add_candidate", candidate, region_code=election.region_id, post=post,
                target_repr=f"{election.title} · {entry.name}",
                changes={"voter": [None, entry.pk], "position": [None, position]},
            )
    except IntegrityError:
        raise ValidationError({"voter": _("该选民已是候选人。")}) from None
    return candidate


def _refusals(result, declared, names, votes, ballots_cast, seats_open, runoff):
    """Chinese messages for each difference between the declared winners and the lawful ones."""
    messages = []
    for key in sorted(declared - set(result.elected)):
        reason = result.reasons.get(key)
        if reason == "threshold" and runoff:
            messages.append(_(
                "%(name)s得 %(votes)d 票,少于已投选票 %(ballots)d 张的三分之一(至少 %(needed)d 票),另行选举不能当选。"
            ) % {"name": names[key], "votes": votes[key], "ballots": ballots_cast,
                 "needed": thresholds.at_least_third_needed(ballots_cast)})
        elif reason == "threshold":
            messages.append(_(
                "%(name)s得 %(votes)d 票,未超过参加投票的 %(ballots)d 人的半数(至少 %(needed)d 票),不能当选。"
            ) % {"name": names[key], "votes": votes[key], "ballots": ballots_cast,
                 "needed": thresholds.more_than_half_needed(ballots_cast)})
        elif reason == "tied":
            messages.append(_(
                "%(name)s与其他候选人得票相等(%(votes)d 票),争最后 %(seats)d 个名额,不能确定当选人,须就票数相等的候选人再次投票。"
            ) % {"name": names[key], "votes": votes[key], "seats": seats_open - (len(result.elected))})
        else:
            messages.append(_(
                "%(name)s得 %(votes)d 票,得票多的候选人已占满本轮 %(seats)d 个应选名额,不能当选。"
            ) % {"name": names[key], "votes": votes[key], "seats": seats_open})
    for key in sorted(set(result.elected) - declared):
        messages.append(_(
            "%(name)s得 %(votes)d 票,依法当选,但计票结果未宣布其当选,请核对计票单。"
        ) % {"name": names[key], "votes": votes[key]})
    return messages


def record_round(actor, election, *, registered, ballots_cast, votes, declared=None, held_on=None):
    """Enter one round's count: `votes` = {candidate id: votes}, `declared` = the candidate ids the
    count sheet declares elected (None: whoever the law elects). Refused unless lawful."""
    post = require(actor, MANAGE, election.region_id)
    errors = {}
    registered = _count(registered, _("登记选民数"), errors, "registered")
    ballots_cast = _count(ballots_cast, _("参加投票人数"), errors, "ballots_cast")
    today = timezone.localdate()
    try:
        with transaction.atomic():
            election = _locked(election)
            if election.state not in (ElectionState.PUBLISHED, ElectionState.RUNOFF):
                raise ValidationError(
                    _("本次选举%(state)s,不能录入计票结果。") % {"state": election.get_state_display()}
                )
            runoff = election.state == ElectionState.RUNOFF
            day = held_on or (today if runoff else election.election_day)
            day = _date(day, _("投票日"), "held_on", errors)
            if day is not None and day > today:
                errors["held_on"] = _("投票日 %(day)s 还没有到,不能录入计票结果。") % {"day": day.isoformat()}
            elif day is not None and day < election.election_day:
                errors["held_on"] = _("投票日不能早于选举日 %(day)s。") % {"day": election.election_day.isoformat()}
            candidates = open_candidates(election)
            if not candidates:
                raise ValidationError(_("还没有候选人,不能录入计票结果。"))
            names = {candidate.pk: candidate.voter.name for candidate in candidates}
            given = {str(key): value for key, value in (votes or {}).items()}
            counts = {}
            for candidate in candidates:
                counts[candidate.pk] = _count(
                    given.pop(str(candidate.pk), None), _("%(name)s的得票数") % {"name": candidate.voter.name},
                    errors, f"votes_{candidate.pk}",
                )
            if given:
                errors["votes"] = _("得票数中有不属于本轮候选人的记录。")
            declared_ids = None
            if declared is not None:
                declared_ids = {int(key) for key in declared if str(key).isdigit()}
                if declared_ids - set(names) or len(declared_ids) != len(list(declared)):
                    errors["declared"] = _("宣布当选的须是本轮候选人。")
            if errors:
                raise ValidationError(errors)
            listed = election.voters.current().count()
            if registered != listed:
                raise ValidationError({"registered": _(
                    "登记选民数 %(entered)d 与选民名单人数 %(listed)d 不一致。"
                ) % {"entered": registered, "listed": listed}})
            if ballots_cast > registered:
                raise ValidationError({"ballots_cast": _(
                    "参加投票人数 %(ballots)d 超过登记选民数 %(registered)d。"
                ) % {"ballots": ballots_cast, "registered": registered}})
            seats_open = election.seats - seats_filled(election)
            over = [pk for pk, count in counts.items() if count > ballots_cast]
            if over:
                raise ValidationError({f"votes_{over[0]}": _(
                    "%(name)s的得票数 %(votes)d 超过参加投票人数 %(ballots)d。"
                ) % {"name": names[over[0]], "votes": counts[over[0]], "ballots": ballots_cast}})
            if sum(counts.values()) > ballots_cast * seats_open:
                raise ValidationError({"votes": _(
                    "得票总数 %(total)d 超过参加投票人数 %(ballots)d × 应选名额 %(seats)d = %(max)d,每张选票最多选 %(seats)d 人。"
                ) % {"total": sum(counts.values()), "ballots": ballots_cast, "seats": seats_open,
                     "max": ballots_cast * seats_open}})
            if not thresholds.more_than_half(ballots_cast, registered):
                raise ValidationError({"ballots_cast": _(
                    "选举无效:参加投票 %(ballots)d 人,未超过登记选民 %(registered)d 人的半数(至少须 %(needed)d 人,"
                    "还差 %(short)d 人)。%(rule)s"
                ) % {"ballots": ballots_cast, "registered": registered,
                     "needed": thresholds.more_than_half_needed(registered),
                     "short": thresholds.more_than_half_needed(registered) - ballots_cast,
                     "rule": thresholds.ELECTION_VALIDITY_RULE}})
            result = thresholds.outcome(counts, ballots_cast, seats_open, runoff=runoff)
            if declared_ids is not None:
                refusals = _refusals(result, declared_ids, names, counts, ballots_cast, seats_open, runoff)
                if refusals:
                    rule = thresholds.RUNOFF_RULE if runoff else thresholds.REGULAR_RULE
                    raise ValidationError({"declared": [*refusals, str(rule)]})
            number = (election.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
            rule = "\n".join(str(text) for text in (
                thresholds.ELECTION_VALIDITY_RULE, thresholds.RUNOFF_RULE if runoff else thresholds.REGULAR_RULE
            ))
            election_round = ElectionRound.objects.create(
                election=election, number=number, kind=RoundKind.RUNOFF if runoff else RoundKind.REGULAR,
                held_on=day, registered=registered, ballots_cast=ballots_cast, seats_open=seats_open,
                rule=rule, recorded_by=actor,
            )
            elected_ids = set(result.elected)
            RoundVote.objects.bulk_create([
                RoundVote(round=election_round, candidate_id=pk, votes=count, elected=pk in elected_ids)
                for pk, count in counts.items()
            ])
            elected = [candidate for candidate in candidates if candidate.pk in elected_ids]
            Candidate.objects.filter(pk__in=elected_ids).update(elected_in=election_round)
            committee.seat_elected(actor, post, election.region, elected, day, first_round=number == 1)
            filled = seats_filled(election)
            new_state = ElectionState.COMPLETED if filled >= election.seats else ElectionState.RUNOFF
            Election.objects.filter(pk=election.pk).update(state=new_state)
            record_event(
                actor, "election.record_round", election, region_code=election.region_id, post=post,
                changes={
                    "state": [election.state, new_state], "round": [None, number],
                    "registered": [None, registered], "ballots_cast": [None, ballots_cast],
                    "votes": [None, {str(pk): count for pk, count in counts.items()}],
                    "elected": [None, sorted(elected_ids)], "tied": [None, sorted(result.tied)],
                },
            )
    except IntegrityError:
        raise ValidationError(_("这一轮的计票结果已由他人录入,请刷新后查看。")) from None
    return election_round
