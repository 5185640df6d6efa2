import pytest
from django.utils import translation

from immigo.directory.tests.fixtures import station_directory  # noqa: F401


@pytest.fixture(autouse=True)
def _keep_the_active_language():  # type: ignore[no-untyped-def]
    """A request in another language activates it for the whole thread; later tests find the
    language that was active before."""
    language = translation.get_language()
    yield
    translation.activate(language)
