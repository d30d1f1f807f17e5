"""Build the studio's Starlette app from a :class:`~studio.config.StudioConfig`."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

import delivery.content  # noqa: F401 - registers the content library's tables
import delivery.identity  # noqa: F401 - registers the identity tables on the store metadata
from delivery.store import Store, open_store
from studio.config import REPO, StudioConfig
from studio.live import LiveHub
from studio.reporting import ReportCache
from studio.snapshot import WarehouseSnapshot
from studio.views import (
    api,
    approvals,
    assets,
    audit,
    auth,
    campaigns,
    content,
    library,
    live,
    plan,
    reports,
    schedule,
    social,
    users,
    versions,
    workflow,
)
from studio.web import SecurityHeaders, http_error


@dataclass
class Studio:
    """What every view reaches through ``request.app.state.studio``."""

    config: StudioConfig
    store: Store
    snapshot: WarehouseSnapshot
    live: LiveHub
    #: reports built for the Reports page, per snapshot generation
    reports: ReportCache = field(default_factory=ReportCache)


class CachedStatic(StaticFiles):
    """Static files with a cache policy: the bundle's names do not change per build, so
    browsers revalidate (ETag) rather than keep a stale copy."""

    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


def page_routes() -> list:
    """Every declared page and API route (each carries ``allowed_roles``)."""
    return [
        *auth.ROUTES,
        *campaigns.ROUTES,
        *content.ROUTES,
        *versions.ROUTES,
        *library.ROUTES,
        *approvals.ROUTES,
        *assets.ROUTES,
        *social.ROUTES,
        *workflow.ROUTES,
        *schedule.ROUTES,
        *plan.ROUTES,
        *live.ROUTES,
        *audit.ROUTES,
        *reports.ROUTES,
        *users.ROUTES,
        *api.ROUTES,
    ]


def create_app(config: StudioConfig) -> Starlette:
    """The studio app (opens the ops store, migrating it to head if needed)."""
    store = open_store(config.store_url)
    snapshot = WarehouseSnapshot(config.warehouse_path, config.snapshot_max_age)
    studio = Studio(config, store, snapshot, LiveHub(store, config.clock, config.live_interval))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await studio.live.close()
        snapshot.close()
        store.dispose()

    routes = [
        *page_routes(),
        live.live_ws,
        Mount("/static", CachedStatic(directory=str(REPO / "studio" / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        lifespan=lifespan,
        exception_handlers={404: http_error, 405: http_error},
    )
    app.state.studio = studio
    return app
