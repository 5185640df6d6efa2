"""Benchmark: weight, speed and accessibility of the public portal's main pages.

Serves the site with the production server (gunicorn, sync workers, production settings, static
files through WhiteNoise) on a fresh SQLite database with the demo data, in a temporary data
directory. For the home page, the first news item, the first regulation, the FAQ and a search
(the news item and the regulation are found on their list pages) it measures:

- the bytes transferred: every response the page actually loads (HTML, CSS, JavaScript, fonts,
  images) in a fresh browser profile, as Chromium counts them on the wire (encodedDataLength);
- Lighthouse 12 (node_modules/.bin/lighthouse, mobile, simulated throttling): the performance
  and accessibility scores. A Lighthouse run that fails (it sometimes cannot record the first
  trace: NO_NAVSTART) is retried once.

    .venv/bin/python bench/portal_pages.py [--language zh-hant] [--no-lighthouse]

Needs Debian's chromium and `npm ci` (Lighthouse). Aim: every page ≤ 100 KB, performance ≥ 95,
accessibility 100.
Last line: RESULT portal_pages max_kb=<n> min_performance=<0-100> min_accessibility=<0-100> pages=<n>
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import quote

from _server import PYTHON, ROOT, free_port, log, start_gunicorn, stop

CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
SEARCH_TERM = "居留"  # "residence": in the demo news, FAQ and regulations


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(data_dir: Path) -> dict[str, str]:
    """Migrates and loads the demo data (local settings: demo_data refuses production ones), then
    collects the static files the production settings serve. Returns the server's environment."""
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    base["IMMIGO_DATA_DIR"] = str(data_dir)
    base["LOG_LEVEL"] = "ERROR"
    local = {**base, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    log("migrating and loading the demo data ...")
    manage("migrate", "--noinput", env=local)
    manage("demo_data", env=local)
    production = {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
    }
    manage("collectstatic", "--noinput", env=production)
    return production


def first_link(base: str, list_path: str, language: str) -> str:
    """The first detail page linked from a list page: /news/ → /news/<slug>/."""
    request = urllib.request.Request(base + list_path, headers={"Cookie": f"django_language={language}"})
    html = urllib.request.urlopen(request, timeout=30).read().decode()
    section = re.escape(list_path.strip("/"))
    for path in re.findall(rf'href="(/{section}/[^"/?#]+/)"', html):
        if not path.endswith(("/feed/", "/print/")):
            return path
    raise SystemExit(f"no item linked from {list_path}")


def page_bytes(base: str, paths: list[str], language: str) -> dict[str, tuple[int, int]]:
    """(bytes on the wire, number of responses) per page, each in a fresh browser profile."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        for path in paths:
            context = browser.new_context()
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            sizes: dict[str, int] = {}
            cdp.on(
                "Network.loadingFinished", lambda event, sizes=sizes: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"]))
            )
            page.goto(base + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            results[path] = (sum(sizes.values()), len(sizes))
            context.close()
        browser.close()
    return results


def lighthouse(url: str, language: str, out: Path) -> tuple[float | None, float | None]:
    """Mobile performance and accessibility scores (0-100), retried once when a run fails."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in (1, 2):
        report = out / f"lh-{abs(hash((url, attempt)))}.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--only-categories=performance,accessibility",
            f"--extra-headers={json.dumps({'Cookie': f'django_language={language}'})}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ]
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180, check=False)
        if report.exists():
            data = json.loads(report.read_text())
            categories = data.get("categories", {})
            performance = categories.get("performance", {}).get("score")
            accessibility = categories.get("accessibility", {}).get("score")
            if performance is not None and accessibility is not None and not data.get("runtimeError"):
                return performance * 100, accessibility * 100
            failures = [a["id"] for a in data.get("audits", {}).values() if a.get("score") == 0 and a.get("scoreDisplayMode") == "binary"]
            log(f"  lighthouse attempt {attempt} for {url}: {data.get('runtimeError', {}).get('code', 'no score')} {failures[:5]}")
        else:
            log(f"  lighthouse attempt {attempt} for {url} failed: {proc.stderr.strip()[-300:]}")
    return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", default="zh-hant", help="the language of the pages (django_language cookie)")
    parser.add_argument("--no-lighthouse", action="store_true", help="measure the bytes only")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found: scripts/install-system-deps")
    use_lighthouse = not args.no_lighthouse
    if use_lighthouse and not LIGHTHOUSE.exists():
        raise SystemExit("node_modules/.bin/lighthouse not found: run `make install` (npm ci)")

    with tempfile.TemporaryDirectory(prefix="immigo-portal-bench-") as tmp:
        tmpdir = Path(tmp)
        env = prepare(tmpdir / "data")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_gunicorn("config.wsgi:application", port, env, workers=2)
        try:
            pages = {
                "home": "/",
                "news item": first_link(base, "/news/", args.language),
                "regulation": first_link(base, "/regulations/", args.language),
                "FAQ": "/faq/",
                "search results": f"/search/?q={quote(SEARCH_TERM)}",
            }
            log(f"measuring {len(pages)} pages in {args.language} ...")
            weights = page_bytes(base, list(pages.values()), args.language)
            scores = {}
            for name, path in pages.items():
                scores[name] = lighthouse(base + path, args.language, tmpdir) if use_lighthouse else (None, None)
        finally:
            stop(proc)

    def show(score: float | None) -> str:
        return "—" if score is None else f"{score:.0f}"

    log("")
    log(f"{'page':<16} {'path':<42} {'KB':>7} {'requests':>8} {'performance':>11} {'accessibility':>13}")
    for name, path in pages.items():
        size, requests = weights[path]
        performance, accessibility = scores[name]
        log(f"{name:<16} {path:<42} {size / 1024:>7.1f} {requests:>8} {show(performance):>11} {show(accessibility):>13}")
    log("aim: every page ≤ 100 KB, performance ≥ 95, accessibility 100")
    max_kb = max(size for size, _n in weights.values()) / 1024
    performances = [p for p, _a in scores.values()]
    accessibilities = [a for _p, a in scores.values()]
    # A page Lighthouse could not score counts as 0: the figure must not look better than it is.
    min_performance = 0 if not use_lighthouse or None in performances else min(performances)
    min_accessibility = 0 if not use_lighthouse or None in accessibilities else min(accessibilities)
    log(
        f"RESULT portal_pages max_kb={max_kb:.1f} min_performance={min_performance:.0f} "
        f"min_accessibility={min_accessibility:.0f} pages={len(pages)}"
    )


if __name__ == "__main__":
    main()
