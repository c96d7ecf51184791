"""The composition root: settings, engine, platforms, scheduler and one aiohttp server."""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol

import aiohttp_jinja2
import jinja2
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.chat import ChatPlatform
from bot.clock import Clock, SystemClock
from bot.core import Core, PluginResources, build_core
from bot.dashboard.web import TEMPLATE_NAMES, TEMPLATES, dashboard_app
from bot.db.engine import is_sqlite, make_engine, make_sessions
from bot.db.sqlite_file import check_sqlite_file
from bot.events.web import add_event_routes
from bot.evidence.routes import add_chart_routes
from bot.health import metrics
from bot.health.status import HealthReport, HealthRules, health_report
from bot.inbox.workers import InboxLimits
from bot.outbox.dispatch import OutboxLimits
from bot.outbox.stranded import describe_stranded, stranded
from bot.pages.loader import PAGES, check_pages, page_loader
from bot.secrets.box import parse_keys
from bot.secrets.redact import redact_value
from bot.settings import Settings, SettingsError
from jobs.scheduler import JobRunner

log = logging.getLogger("kmbot")

CORE_KEY = web.AppKey("core", Core)
ENGINE_KEY = web.AppKey("engine", AsyncEngine)
HEALTH_RULES_KEY = web.AppKey("health_rules", HealthRules)
PAGES_KEY = web.AppKey("pages", jinja2.Environment)


class PlatformPlugin(Protocol):
    """How an adapter joins the server: routes on the one aiohttp app, a ChatPlatform."""

    name: str

    def configured(self) -> bool:
        """True when this platform's credentials are set in the environment; SettingsError,
        naming the missing variable, when only some of them are."""

    def install(self, app: web.Application, core: Core, resources: PluginResources) -> ChatPlatform:
        """Add routes (and startup/cleanup hooks) to `app`; return the platform to send with."""


def platform_plugins() -> list[PlatformPlugin]:
    """Every adapter kmbot knows; each decides from the environment whether it is configured."""
    from adapters.slack.plugin import SlackPlugin
    from adapters.teams.app import TeamsPlugin

    return [SlackPlugin(), TeamsPlugin()]


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message is safe to show."""


class StartupError(RuntimeError):
    """`kmbot serve` cannot start as configured (its port is taken); one line to show."""


async def check_database(engine: AsyncEngine) -> None:
    """Raise DatabaseUnavailable if the database does not answer, or DatabaseFileError if a
    SQLite file cannot be created or written where the URL puts it."""
    check_sqlite_file(engine.url.render_as_string(hide_password=False))
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise DatabaseUnavailable(
            f"cannot reach the database at {engine.url.render_as_string(hide_password=True)}: "
            f"{reason}"
        ) from None


async def healthz(request: web.Request) -> web.Response:
    """200 while kmbot can do its job (database, every platform, outbox lag), 503 otherwise."""
    report = await _health(request)
    return web.json_response(report.as_json(), status=200 if report.ok else 503, dumps=json.dumps)


async def metrics_endpoint(request: web.Request) -> web.Response:
    """Prometheus metrics; the outbox-lag and platform-up gauges are refreshed first."""
    await _health(request)
    body, content_type = metrics.exposition(request.headers.get("Accept", ""))
    return web.Response(body=body, headers={"Content-Type": content_type})


async def _health(request: web.Request) -> HealthReport:
    core = request.app[CORE_KEY]
    rules = request.app[HEALTH_RULES_KEY]
    return await health_report(core.sessions, core.platforms, core.clock.now(), rules)


def build_web_app(
    engine: AsyncEngine,
    core: Core,
    rules: HealthRules | None = None,
    *,
    pages_dir: str = "",
    public_url: str = "",
    secret_key: str = "",
) -> web.Application:
    """/healthz, /metrics, /privacy and /terms (from `pages_dir` where it has them), and
    /dashboard (its session key derived from `secret_key`)."""
    app = web.Application()
    app[ENGINE_KEY] = engine
    app[CORE_KEY] = core
    app[HEALTH_RULES_KEY] = rules or HealthRules()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_endpoint)
    add_pages(app, pages_dir, public_url)
    add_dashboard(app, core, secret_key, public_url)
    add_chart_routes(
        app, core.sessions, core.clock, core.recognition.charts, public_url, secret_key
    )
    add_event_routes(app, core.sessions, core.clock)
    return app


def add_dashboard(app: web.Application, core: Core, secret_key: str, public_url: str) -> None:
    """/dashboard: a sub-application with its own session cookie, on the pages' templates."""
    dashboard = dashboard_app(
        core.sessions, core.clock, PAGES_KEY, secret_key=secret_key, public_url=public_url
    )
    app.router.add_get("/dashboard", _to_dashboard)
    app.add_subapp("/dashboard", dashboard)


async def _to_dashboard(request: web.Request) -> web.Response:
    raise web.HTTPPermanentRedirect("/dashboard/")


def add_pages(app: web.Application, folder: str = "", public_url: str = "") -> None:
    """GET /privacy and GET /terms, rendered with escaping on from `folder`'s templates
    where it has them, else the defaults (bot/pages); SettingsError if one is broken."""
    environment = aiohttp_jinja2.setup(
        app,
        app_key=PAGES_KEY,
        loader=page_loader(folder, TEMPLATES),
        autoescape=True,
        default_helpers=False,
    )
    check_pages(environment, TEMPLATE_NAMES)
    for page in PAGES:
        app.router.add_get(f"/{page}", _page(f"{page}.html", {"public_url": public_url}))


def _page(
    template: str, context: dict[str, str]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def show(request: web.Request) -> web.Response:
        return aiohttp_jinja2.render_template(template, request, context, app_key=PAGES_KEY)

    return show


def install_platforms(app: web.Application, core: Core, resources: PluginResources) -> list[str]:
    """Install every configured adapter into `app` and `core.platforms`; return their names."""
    installed = []
    for plugin in platform_plugins():
        if plugin.configured():
            core.platforms[plugin.name] = plugin.install(app, core, resources)
            installed.append(plugin.name)
    return installed


def check_secret_key(settings: Settings) -> None:
    """Production keeps Slack's tokens encrypted, so it does not start without a key; the
    keys themselves never reach a log line."""
    if settings.production and not settings.secret_key:
        raise SettingsError(
            "KMBOT_SECRET_KEY is required when KMBOT_ENV=production: it encrypts the Slack "
            "tokens kmbot stores (docs/operations.md says how to make one)"
        )
    redact_value(*parse_keys(settings.secret_key))


def build_server(
    engine: AsyncEngine, clock: Clock, settings: Settings
) -> tuple[web.Application, Core]:
    """The core and the one web app with every configured platform installed."""
    check_secret_key(settings)
    limits = OutboxLimits(
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        concurrency=settings.outbox_concurrency,
    )
    core = build_core(
        make_sessions(engine),
        clock,
        settings.timezone,
        {},
        limits,
        privacy_url=settings.privacy_url,
        public_url=settings.public_url,
    )
    rules = HealthRules(lag_limit=timedelta(seconds=settings.outbox_lag_limit_seconds))
    app = build_web_app(
        engine,
        core,
        rules,
        pages_dir=settings.pages_dir,
        public_url=settings.public_url,
        secret_key=settings.secret_key,
    )
    install_platforms(app, core, PluginResources(engine, settings))
    return app, core


async def serve(
    settings: Settings, host: str, port: int, *, stop: asyncio.Event | None = None
) -> None:
    """Run web server, scheduler and outbox until SIGTERM/SIGINT (or `stop` is set)."""
    clock = SystemClock()
    engine = make_engine(settings.database_url, pool_size=pool_size(settings))
    try:
        await check_database(engine)
        app, core = build_server(engine, clock, settings)
        await core.seed()
    except BaseException:
        await engine.dispose()
        raise
    platforms = core.platforms
    runner = JobRunner(core)
    web_runner = web.AppRunner(app)
    await web_runner.setup()
    try:
        await web.TCPSite(web_runner, host, port).start()
    except OSError as exc:
        await web_runner.cleanup()
        await engine.dispose()
        raise StartupError(f"cannot listen on {host}:{port}: {_bind_problem(exc)}") from None
    await start_warnings(core, settings)
    runner.start()
    names = ", ".join(sorted(platforms)) or "none"
    log.info("kmbot serving on http://%s:%s; platforms: %s", host, port, names)
    if settings.public_url:
        log.info("public URL %s", settings.public_url)
    if not settings.secret_key:
        log.log(
            logging.WARNING if settings.production else logging.INFO,
            "KMBOT_SECRET_KEY is not set: dashboard sessions use a key made at start, so they "
            "end when kmbot restarts and replicas do not share them",
        )
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("stopping: finishing in-flight sends")
    await runner.stop()
    await web_runner.cleanup()
    await engine.dispose()
    log.info("stopped cleanly")


def pool_size(settings: Settings) -> int:
    """Connections `kmbot serve` keeps: one per send in flight and per inbox worker, plus the
    outbox's claim and heartbeat, the jobs and the requests (more open when needed)."""
    return settings.outbox_concurrency + InboxLimits().workers + 4


def _bind_problem(exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return "the port is in use (another kmbot? choose a port with --port or KMBOT_PORT)"
    if exc.errno == errno.EACCES:
        return "permission denied (ports below 1024 need privileges; choose another port)"
    reason = os.strerror(exc.errno).lower() if exc.errno else str(exc)
    return f"{reason} (check --host or KMBOT_HOST)"


async def start_warnings(core: Core, settings: Settings) -> None:
    """What an operator should hear at start: each a WARNING line of its own."""
    if settings.production and is_sqlite(settings.database_url):
        log.warning(
            "KMBOT_ENV=production on SQLite: run one process only (no replicas) and back it "
            "up (kmbot db backup FILE); PostgreSQL is the production database"
        )
    if not core.platforms:
        log.warning(
            "no chat platform is configured, so nothing is sent: set Slack's or Teams' "
            "credentials (docs/slack.md, docs/teams.md)"
        )
    async with core.sessions() as session:
        waiting = await stranded(session, core.platforms)
    for line in describe_stranded(waiting):
        log.warning("%s", line)
