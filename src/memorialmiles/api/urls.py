"""The REST API, versioned under /api/v1/, one router per app; OpenAPI at /api/docs."""

from ninja import NinjaAPI

from memorialmiles.core import ratelimit
from memorialmiles.courses.api import courses_router
from memorialmiles.events.api import events_router
from memorialmiles.honors.api import agencies_router, heroes_router
from memorialmiles.live.api import live_router
from memorialmiles.raceday.api import raceday_router
from memorialmiles.reports.api import impact_router
from memorialmiles.timing.api import timing_router

api = NinjaAPI(
    title="Memorial Miles API",
    version="1",
    description=(
        "Honor roll, memorial runs, timing and results. Public reads need no login; writes "
        "check the caller's role. Private data (families, runners) is never in a public answer. "
        "Lists answer at most 500 rows: `limit` is 1 to 500 (default 100; more is refused with "
        "422, never clamped) and `offset` 0 to 1,000,000,000. Every error is "
        '`{"detail": message}`, or for 422 `{"detail": [invalid fields]}`.'
    ),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
api.add_router("/v1/heroes", heroes_router)
api.add_router("/v1/agencies", agencies_router)
api.add_router("/v1/events", events_router)
api.add_router("/v1/courses", courses_router)
api.add_router("/v1/timing", timing_router)
api.add_router("/v1/live", live_router)
api.add_router("/v1/impact", impact_router)
api.add_router("/v1/raceday", raceday_router)
api.add_exception_handler(ratelimit.RateLimited, ratelimit.api_answer)
