"""Background work: the task queue (Huey), the job ledger, the worker.

Sits above every area: it imports search and api to run their operations;
they reach it only through what ``init_app`` wires into the app (the
search drain and rebuild requesters, the feed rebuilder, the ``jdih.core.jobs`` port).
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Called by create_app: build the app's queue and wire it into the areas."""
    from jdih.alerts import events as alert_events
    from jdih.api import feed_views
    from jdih.core import jobs as job_port
    from jdih.ocr import operations as ocr
    from jdih.search import healing, service as search
    from jdih.tasks import queue as task_queue

    queue = task_queue.init_app(app)
    search.set_drain_requester(app, queue.request_drain)
    healing.set_rebuild_requester(app, queue.request_rebuild)
    feed_views.set_rebuilder(app, lambda page, limit, host_url:
                             queue.tasks["feed_rebuild"](page, limit, host_url))
    alert_events.set_dispatch_requester(app, queue.request_alerts)
    alert_events.set_confirmation_sender(app, lambda follow_id: queue.tasks["alerts_confirm"](follow_id))
    ocr.set_requester(app, queue.request_ocr)
    job_port.wire(app, job_port.JobPort(submit=queue.submit, status=queue.status))
