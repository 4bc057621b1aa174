"""What the current request knows about itself, for audit events written deep in actions."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    request_id: str = ""


_current = contextvars.ContextVar("xiangzhi_request", default=RequestInfo())


def current_request_info():
    return _current.get()


def set_request_info(info):
    return _current.set(info)


def reset_request_info(token):
    _current.reset(token)
