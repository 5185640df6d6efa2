"""The service catalogue: every application type, declared in code."""

from __future__ import annotations

from immigo.core.errors import NotFoundError

from . import a01_hk_macao_entry_permit, a07_address_change, a11_entry_exit_certificate
from .base import Service

SERVICES: dict[str, Service] = {
    s.code: s
    for s in (
        a01_hk_macao_entry_permit.SERVICE,
        a07_address_change.SERVICE,
        a11_entry_exit_certificate.SERVICE,
    )
}
BY_SLUG: dict[str, Service] = {s.slug: s for s in SERVICES.values()}


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
