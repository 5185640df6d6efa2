from immigo.applications.tests.conftest import counter_officer, county, hq_unit, public_user, reviewer, station, supervisor

__all__ = ["counter_officer", "county", "hq_unit", "public_user", "reviewer", "station", "supervisor"]
