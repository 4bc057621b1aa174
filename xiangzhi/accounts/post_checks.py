"""Checks other modules attach to giving a post (add_post): the joint vetting of 村"两委" candidates
refuses a post to someone who has not passed it. A check is check(user, role, region, starts_on)
returning None or a Chinese message; the first message refuses the post under "role"."""

_checks = []


def register_post_check(check):
    if check not in _checks:
        _checks.append(check)
    return check


def refusal(user, role, region, starts_on):
    for check in _checks:
        message = check(user, role, region, starts_on)
        if message:
            return message
    return None
