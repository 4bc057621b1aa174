"""Settings for the test suite: the real settings with test secrets and tasks run inline.

pytest-django imports settings before any conftest runs, so the environment the
settings read is prepared here.
"""

import os
import tempfile

os.environ.setdefault("XIANGZHI_FIELD_KEY", "0f" * 32)
os.environ.setdefault("XIANGZHI_LOG_SIGNING_KEY", "1e" * 32)
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")

from .settings import *  # noqa: E402,F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Uploaded photos and attachments of the tests go to a throwaway folder, not var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="xiangzhi-test-media-")
