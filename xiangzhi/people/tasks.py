"""Background work of the registry, run by django-tasks (a db_worker in `make run`)."""

from django_tasks import task

from .imports import run_import


@task()
def import_registry_file(job_id):
    """Check an uploaded registry file and import it if every row is good (ImportJob tracks it)."""
    run_import(job_id)
