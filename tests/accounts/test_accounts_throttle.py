"""Login throttling counts failed attempts per account and per address
separately, in a store every worker shares, and answers with the login form
and the wait instead of a bare error page."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from conftest import PASSWORD, csrf_token_from
from test_accounts_support import fast_passwords  # noqa: F401

WRONG = "salah-sandi-999"
REDIS_URL = os.environ.get("JDIH_TEST_REDIS_URL")


@pytest.fixture(autouse=True)
def _cheap_hashes(fast_passwords):
    pass


def _login(client, email: str, password: str, address: str = "10.1.1.1"):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token_from(client.get("/masuk", environ_base=environ).get_data(as_text=True))
    return client.post("/masuk", environ_base=environ,
                       data={"email": email, "password": password, "csrf_token": token})


def _limit(app, key: str) -> int:
    return int(app.config[key].split()[0])


def test_a_throttled_account_does_not_lock_out_its_address(app, client, users):
    for _ in range(_limit(app, "LOGIN_RATE_LIMIT")):
        assert _login(client, users["editor"], WRONG).status_code == 200
    refused = _login(client, users["editor"], PASSWORD)
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert 'name="email"' in html and 'name="password"' in html  # the form, not a bare page
    assert "Coba lagi dalam 5 menit" in html
    assert int(refused.headers["Retry-After"]) > 0
    # Another account signs in from the same address.
    assert _login(app.test_client(), users["admin"], PASSWORD).status_code == 302


def test_the_address_limit_is_higher_and_covers_every_account(app, client, users):
    address_limit = _limit(app, "LOGIN_ADDRESS_RATE_LIMIT")
    assert address_limit > _limit(app, "LOGIN_RATE_LIMIT")
    for n in range(address_limit):
        assert _login(client, f"tebakan{n}@uji.id", WRONG).status_code == 200
    refused = _login(app.test_client(), users["admin"], PASSWORD)
    assert refused.status_code == 429 and "Coba lagi dalam" in refused.get_data(as_text=True)
    # Elsewhere the account is fine.
    assert _login(app.test_client(), users["admin"], PASSWORD, address="10.2.2.2").status_code == 302


def test_the_storage_comes_from_the_environment(database_url, tmp_path, monkeypatch):
    from conftest import make_config
    from jdih import create_app

    monkeypatch.setenv("JDIH_RATELIMIT_STORAGE_URI", "memory://?from=env")
    config = make_config(database_url, tmp_path)
    app = create_app(config)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://?from=env"


WORKER = r"""
import json, sys
from conftest import make_config, csrf_token_from
from jdih import create_app
from pathlib import Path

database_url, tmp, email, attempts = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
app = create_app(make_config(database_url, tmp))
statuses = []
for _ in range(attempts):
    client = app.test_client()
    token = csrf_token_from(client.get("/masuk").get_data(as_text=True))
    statuses.append(client.post("/masuk", data={"email": email, "password": "salah-sandi-999",
                                               "csrf_token": token}).status_code)
print(json.dumps(statuses))
"""


@pytest.mark.skipif(not REDIS_URL, reason="JDIH_TEST_REDIS_URL not set")
def test_two_worker_processes_share_the_count_in_redis(app, users, database_url, tmp_path):
    """Each process is a worker with its own memory; only Redis is shared."""
    import redis

    prefix = "jdih-test-" + uuid.uuid4().hex[:8]
    environment = dict(os.environ, JDIH_RATELIMIT_STORAGE_URI=REDIS_URL,
                       JDIH_RATELIMIT_KEY_PREFIX=prefix,
                       PYTHONPATH=os.pathsep.join([str(Path(__file__).parents[1]), *sys.path]))
    limit = _limit(app, "LOGIN_RATE_LIMIT")
    try:
        statuses = []
        for worker in range(2):
            run = subprocess.run([sys.executable, "-c", WORKER, database_url, str(tmp_path / f"w{worker}"),
                                  users["editor"], str(limit)],
                                 env=environment, capture_output=True, text=True, timeout=120)
            assert run.returncode == 0, run.stderr[-3000:]
            statuses += json.loads(run.stdout.strip().splitlines()[-1])
        # 2 workers x 5 attempts: the first 5 failures count, the rest wait.
        assert statuses == [200] * limit + [429] * limit
    finally:
        connection = redis.Redis.from_url(REDIS_URL)
        keys = list(connection.scan_iter(f"*{prefix}*"))
        if keys:
            connection.delete(*keys)
        connection.close()
