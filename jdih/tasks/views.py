"""/healthz for the load balancer, and the background jobs page for admins."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from jdih.accounts.access import admin_required
from jdih.extensions import csrf
from jdih.tasks import health, jobs
from jdih.tasks.queue import get_queue

bp = Blueprint("tasks", __name__)


@bp.route("/healthz")
@csrf.exempt
def healthz():
    """No login: 200 when all is well, 503 when something is wrong."""
    healthy, checks = health.report(current_app._get_current_object())
    response = jsonify({"status": "ok" if healthy else "error", "checks": checks})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/tugas")
@admin_required
def job_list():
    queue = get_queue()
    return render_template("tasks/jobs.html", failed=jobs.failed_jobs(), open_jobs=jobs.open_jobs(),
                           depth=queue.depth(), immediate=queue.immediate,
                           worker_seen=None if queue.immediate else queue.worker_seen_seconds())
