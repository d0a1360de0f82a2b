"""The port through which areas hand work to the background worker.

``create_app`` wires the task queue (``jdih.tasks``) in; areas call
``submit`` and ``status`` and never import ``jdih.tasks`` (it sits above
them). Without wiring, submitting is refused loudly rather than silently
running the work in the request.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from flask import Flask, current_app

EXTENSION = "jdih_jobs"


@dataclass(frozen=True)
class JobView:
    id: int
    name: str
    state: str
    state_label: str
    finished: bool
    succeeded: bool
    message: str
    done: int
    total: int
    payload: dict


@dataclass(frozen=True)
class JobPort:
    submit: Callable[[str, dict, Optional[int]], int]
    status: Callable[[int], Optional[JobView]]


def wire(app: Flask, port: JobPort) -> None:
    app.extensions[EXTENSION] = port


def _port() -> JobPort:
    port = current_app.extensions.get(EXTENSION)
    if port is None:
        raise RuntimeError("no task queue is wired into this app (see jdih.app.register_hooks)")
    return port


def submit(name: str, payload: dict[str, Any], user_id: Optional[int] = None) -> int:
    """Record and enqueue a job; returns its id for ``status``."""
    return _port().submit(name, payload, user_id)


def status(job_id: int) -> Optional[JobView]:
    return _port().status(job_id)
