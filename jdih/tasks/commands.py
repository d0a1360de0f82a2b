"""``flask --app jdih worker``: the background worker (Huey consumer)."""
from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from jdih.tasks import jobs
from jdih.tasks.queue import get_queue


@click.command("worker")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Tugas yang dikerjakan bersamaan.")
@with_appcontext
def worker_command(threads: int) -> None:
    """Run queued jobs until SIGTERM or Ctrl+C (both let running jobs finish)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    queue = get_queue(current_app._get_current_object())
    if queue.immediate:
        raise click.UsageError("TASKS_IMMEDIATE aktif: tugas dijalankan langsung, pekerja tidak diperlukan.")
    queue.beat()
    # Jobs a previous worker abandoned when it died.
    jobs.recover(queue.huey, queue.tasks["run_job"], float(current_app.config["TASK_STALE_SECONDS"]))
    consumer = queue.huey.create_consumer(workers=threads, worker_type="thread", periodic=True,
                                          graceful_signal="TERM", max_delay=1.0)
    click.echo(f"Pekerja latar berjalan ({threads} utas, antrean {_storage_name(queue)}).")
    consumer.run()


def _storage_name(queue) -> str:
    return type(queue.huey.storage).__name__.replace("Storage", "")
