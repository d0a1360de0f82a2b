"""What each task does: a thin call into the area that owns the operation.

The tasks area sits above search and api (it imports them; they never
import it), so the areas stay usable without a queue.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, Optional

from flask import Flask, current_app

from jdih.alerts import dispatch as alert_dispatch, webhooks
from jdih.api import feed_views, import_jobs
from jdih.ocr import worker as ocr_worker
from jdih.ops import fixity
from jdih.search import maintenance as search_maintenance, service as search
from jdih.tasks.jobs import JobRefused


def drain_search(app: Flask) -> int:
    """Apply the search outbox to the index (the one writer does this)."""
    return search.drain(app)


def heal_search(app: Flask) -> bool:
    """Rebuild the search index if it is missing, unreadable or emptied."""
    return search_maintenance.rebuild_if_unusable(app)


def rebuild_feed(page: Optional[int], limit: Optional[int], host_url: str) -> str:
    """Build the JDIHN feed body for ``host_url`` into the shared cache."""
    with current_app.test_request_context(base_url=host_url):
        return feed_views.rebuild(page, limit)


def reindex_status_changes(days: Optional[int] = None) -> int:
    """Reindex documents whose status changed because a relation took effect
    in the last ``days`` days (looking back a week heals missed nights)."""
    days = int(days or current_app.config["STATUS_REINDEX_DAYS"])
    today = date.today()
    queued = search.queue_status_changes(today - timedelta(days=days), today)
    search.drain(current_app._get_current_object())
    return queued


def import_apply(payload: dict, progress: Callable[[int, int], None]) -> str:
    try:
        return import_jobs.apply_upload(payload["digest"], progress)
    except import_jobs.ImportRefused as refusal:
        raise JobRefused(refusal.message) from refusal


def after_import(payload: dict) -> None:
    import_jobs.discard(payload["digest"])


#: Ledger jobs: name -> work(payload, progress) -> message; run by jobs.run.
JOBS: dict[str, Callable[[dict, Callable[[int, int], None]], Optional[str]]] = {
    "import_apply": import_apply,
}
#: What runs after a job's commit (never inside its transaction).
AFTER: dict[str, Callable[[dict], None]] = {
    "import_apply": after_import,
}


def check_files() -> int:
    """The nightly fixity check: every stored file against its SHA-256; the
    result is kept for /healthz and /admin/sistem. Returns the problems found."""
    check = fixity.run_and_record()
    return check.missing + check.altered


def dispatch_alerts() -> int:
    """After a commit that recorded alert events: webhook deliveries created
    and attempted, immediate mails sent (one per recipient for the batch).
    Webhooks first: an SMTP server that is down must not hold them back."""
    webhooks.fan_out()
    webhooks.deliver_due()
    return alert_dispatch.send_follow_mails("immediate")


def send_alert_digest() -> int:
    """The daily digest: one mail per recipient of daily follows; then
    events older than ALERT_EVENT_KEEP_DAYS are forgotten."""
    sent = alert_dispatch.send_follow_mails("daily")
    alert_dispatch.prune(int(current_app.config["ALERT_EVENT_KEEP_DAYS"]))
    return sent


def run_ocr(slice_seconds: Optional[float]) -> tuple[int, bool]:
    """Read queued scanned pages; (pages read, whether files are left)."""
    return ocr_worker.run_pending(slice_seconds)


def send_follow_confirmation(follow_id: int) -> bool:
    return alert_dispatch.send_confirmation(follow_id)
