"""Fixtures for the notifications tests: a real SMTP server and a real SMS provider on loopback."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from .loopback import free_port


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage


class RecordingHandler:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.messages.append(ReceivedMail(mail_from=envelope.mail_from, rcpt_tos=list(envelope.rcpt_tos), message=parsed))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def messages(self) -> list[ReceivedMail]:
        return self.handler.messages


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    handler = RecordingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(host="127.0.0.1", port=port, handler=handler)
    finally:
        controller.stop()


@pytest.fixture
def smtp_settings(settings, smtp_server: SmtpServer) -> SmtpServer:  # type: ignore[no-untyped-def]
    """Settings that route e-mail notices through the loopback SMTP server."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": smtp_server.host, "port": smtp_server.port, "timeout": 5},
        }
    }
    settings.IMMIGO_EMAIL_CHANNEL = "smtp"
    return smtp_server


@dataclass
class ProviderRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class SmsProvider:
    url: str
    requests: list[ProviderRequest] = field(default_factory=list)
    # Status codes to answer with, in order; 200 once they run out.
    statuses: list[int] = field(default_factory=list)


@pytest.fixture
def sms_provider(settings) -> Iterator[SmsProvider]:  # type: ignore[no-untyped-def]
    """A tiny SMS provider on loopback that records each request; settings point the HTTP channel at it."""
    provider = SmsProvider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            provider.requests.append(ProviderRequest(path=self.path, headers=dict(self.headers.items()), body=body))
            status = provider.statuses.pop(0) if provider.statuses else 200
            answer = json.dumps({"id": f"sms-{len(provider.requests)}"} if status < 300 else {"error": "unavailable"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/v1/messages"
    settings.IMMIGO_SMS_CHANNEL = "http"
    settings.IMMIGO_SMS_PROVIDER_URL = provider.url
    settings.IMMIGO_SMS_PROVIDER_TOKEN = "test-token"
    settings.IMMIGO_SMS_SENDER = "Immigo"
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
