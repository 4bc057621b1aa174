import pytest
from django.db import transaction

from xiangzhi.regions.loader import DEFAULT_FILE, load_divisions


@pytest.fixture(scope="module")
def real_divisions(django_db_setup, django_db_blocker):
    """The real 18,091 units, loaded once per test module and rolled back after it.

    Each test still runs in its own savepoint inside this transaction, so what a test
    writes is undone before the next one.
    """
    with django_db_blocker.unblock():
        with transaction.atomic():
            result = load_divisions(DEFAULT_FILE)
            yield result
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """The personas' passwords are hashed with argon2 ten times per test: too slow to repeat."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
