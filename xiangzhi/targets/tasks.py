"""Background work of the targets engine, run by django-tasks (the db_worker `make run` starts)."""

from django_tasks import task

from . import engine


@task()
def refresh_indicators():
    """Recompute the units marked dirty since the last run and their ancestors (engine.refresh_dirty).
    Idempotent: enqueue it as often as you like; a run with no marks does nothing."""
    return engine.refresh_dirty().as_dict()
