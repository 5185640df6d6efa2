"""The directory's reference data for tests: the 22 counties, the organisation's units (25
service stations among them) and the 368 townships and districts with their stations, loaded
the way a deployment loads them. Import the fixture where it is needed:

    from immigo.directory.tests.fixtures import station_directory  # noqa: F401
"""

from __future__ import annotations

import pytest

from immigo.core.services import units_load
from immigo.directory.services import DistrictsLoadResult, districts_load


def directory_load() -> DistrictsLoadResult:
    units_load()
    return districts_load()


@pytest.fixture
def station_directory(db) -> DistrictsLoadResult:  # type: ignore[no-untyped-def]
    return directory_load()
