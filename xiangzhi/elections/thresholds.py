"""The statutory thresholds of elections and recall, in exact integer arithmetic.

"More than half" of n is 2·x > n (exactly half is not enough); "at least a third" is 3·x ≥ n;
"at least a fifth" is 5·x ≥ n. The `*_needed` helpers give the smallest number that meets a
rule, for messages that say by how many a count fell short.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ELECTION_VALIDITY_RULE = _(
    "《村民委员会组织法》第三十四条:有登记参加选举的村民过半数投票,选举有效。"
)
REGULAR_RULE = _(
    "《村民委员会组织法》第三十四条:候选人获得参加投票的村民过半数的选票,始得当选;"
    "获得过半数选票的候选人人数超过应选名额时,以得票多的当选;票数相等不能确定当选人时,就票数相等的候选人再次投票。"
)
RUNOFF_RULE = _(
    "《村民委员会组织法》第三十四条:当选人数不足应选名额时,不足的名额另行选举;另行选举时,"
    "候选人以得票多的当选,但所得票数不得少于已投选票数的三分之一。"
)
RECALL_INITIATION_RULE = _(
    "《村民委员会组织法》第十六条:本村五分之一以上有选举权的村民或者三分之一以上的村民代表联名,可以提出罢免村民委员会成员的要求。"
)
RECALL_PASSING_RULE = _(
    "《村民委员会组织法》第十六条:罢免村民委员会成员,须有登记参加选举的村民过半数投票,并须经投票的村民过半数通过。"
)


def more_than_half(count, of):
    return 2 * count > of


def more_than_half_needed(of):
    return of // 2 + 1


def at_least_third(count, of):
    return 3 * count >= of


def at_least_third_needed(of):
    return -(-of // 3)


def at_least_fifth(count, of):
    return 5 * count >= of


def at_least_fifth_needed(of):
    return -(-of // 5)


def recall_initiation_met(signatures, eligible, *, representatives):
    if representatives:
        return at_least_third(signatures, eligible)
    return at_least_fifth(signatures, eligible)


def recall_initiation_needed(eligible, *, representatives):
    return at_least_third_needed(eligible) if representatives else at_least_fifth_needed(eligible)


def recall_passes(registered, ballots_cast, approve):
    return more_than_half(ballots_cast, registered) and more_than_half(approve, ballots_cast)


@dataclass
class Outcome:
    """Who a count elects: `elected` ids, `tied` ids (equal votes at the last seat: vote again),
    and per candidate id the reason it was not elected."""

    elected: list = field(default_factory=list)
    tied: list = field(default_factory=list)
    reasons: dict = field(default_factory=dict)


def meets(votes, ballots_cast, *, runoff):
    return at_least_third(votes, ballots_cast) if runoff else more_than_half(votes, ballots_cast)


def outcome(votes, ballots_cast, seats, *, runoff):
    """votes: {candidate_id: votes}. Those meeting the round's threshold are elected by votes,
    highest first, up to `seats`; candidates tied at the last seat are not elected."""
    result = Outcome()
    qualified = sorted(
        ((count, key) for key, count in votes.items() if meets(count, ballots_cast, runoff=runoff)),
        reverse=True,
    )
    for key, count in votes.items():
        if not meets(count, ballots_cast, runoff=runoff):
            result.reasons[key] = "threshold"
    if len(qualified) <= seats:
        result.elected = [key for _count, key in qualified]
        return result
    cutoff = qualified[seats - 1][0] if seats else None
    above = [key for count, key in qualified if cutoff is not None and count > cutoff]
    at_cutoff = [key for count, key in qualified if count == cutoff]
    if len(above) + len(at_cutoff) <= seats:
        result.elected = above + at_cutoff
    else:
        result.elected = above
        result.tied = at_cutoff
        for key in at_cutoff:
            result.reasons[key] = "tied"
    for count, key in qualified:
        if key not in result.elected and key not in result.tied:
            result.reasons[key] = "seats"
    return result
