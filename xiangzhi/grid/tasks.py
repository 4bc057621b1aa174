"""Background work of grid management, run by django-tasks (the db_worker `make run` starts)."""

from django_tasks import task

from . import deadlines


@task()
def check_event_deadlines():
    """Escalate overdue events and auto-confirm stale resolved ones (see grid/deadlines.py).
    Idempotent: enqueue it as often as you like."""
    return deadlines.check_event_deadlines().as_dict()
