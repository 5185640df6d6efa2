"""The feedback tests share the queue tests' station, staff and frozen working day."""

from immigo.queues.tests.conftest import (  # noqa: F401
    _clean_cache,
    _frozen,
    officer,
    officer2,
    other_officer,
    station,
    supervisor,
    volunteer,
)
