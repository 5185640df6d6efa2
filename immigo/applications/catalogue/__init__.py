"""The service catalogue: every application type, declared in code.

Each module in this package declares one service as `SERVICE`, or several as `SERVICES`; the
catalogue collects them all at import, in code order, and refuses duplicate codes or slugs."""

from __future__ import annotations

import importlib
import pkgutil

from immigo.core.errors import NotFoundError

from .base import Service


def _discover() -> dict[str, Service]:
    found: dict[str, Service] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base" or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        declared = list(getattr(module, "SERVICES", ()))
        if hasattr(module, "SERVICE"):
            declared.append(module.SERVICE)
        for service in declared:
            if service.code in found:
                raise ImproperlyConfiguredError(f"service {service.code} is declared twice")
            found[service.code] = service
    return dict(sorted(found.items()))


class ImproperlyConfiguredError(RuntimeError):
    pass


SERVICES: dict[str, Service] = _discover()
BY_SLUG: dict[str, Service] = {s.slug: s for s in SERVICES.values()}
if len(BY_SLUG) != len(SERVICES):
    raise ImproperlyConfiguredError("two services share a slug")


def service_get(code: str) -> Service:
    try:
        return SERVICES[code]
    except KeyError:
        raise NotFoundError(details={"service": code}) from None


def service_get_by_slug(slug: str) -> Service:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise NotFoundError(details={"service": slug}) from None
