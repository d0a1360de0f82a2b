"""Configuration: defaults, JDIH_* environment variables, production checks."""
from __future__ import annotations

import pytest

from jdih import create_app
from jdih.config import ConfigurationError, load_environment, normalise_database_url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    import os

    for name in list(os.environ):
        if name.startswith("JDIH_"):
            monkeypatch.delenv(name)


def test_environment_overrides_database_and_secret(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'lain.sqlite3'}"
    monkeypatch.setenv("JDIH_DATABASE_URL", url)
    monkeypatch.setenv("JDIH_SECRET_KEY", "rahasia-dari-env")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url
    assert app.config["SECRET_KEY"] == "rahasia-dari-env"
    assert app.secret_key == "rahasia-dari-env"


def test_postgres_url_gets_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("JDIH_DATABASE_URL", "postgresql://jdih@db/jdih")
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://jdih@db/jdih"
    assert normalise_database_url("postgres://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_secret_keys_that_look_like_numbers_stay_strings():
    config = {}
    load_environment(config, {"JDIH_SECRET_KEY": "12345", "JDIH_DATABASE_URL": "sqlite:///1"})
    assert config["SECRET_KEY"] == "12345"
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///1"


def test_max_upload_mb_from_environment_is_an_int(monkeypatch):
    monkeypatch.setenv("JDIH_MAX_UPLOAD_MB", "10")
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    app = create_app()
    assert app.config["MAX_UPLOAD_MB"] == 10 and isinstance(app.config["MAX_UPLOAD_MB"], int)
    assert app.config["MAX_CONTENT_LENGTH"] == 11 * 1024 * 1024


def test_a_bad_max_upload_mb_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("JDIH_MAX_UPLOAD_MB", "sepuluh")
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    with pytest.raises(ConfigurationError, match="MAX_UPLOAD_MB"):
        create_app()


def test_other_variables_are_parsed_as_json():
    config = {}
    load_environment(config, {"JDIH_PAGE_SIZE": "50", "JDIH_RATELIMIT_ENABLED": "false",
                              "JDIH_SITE_NAME": "JDIH KPU Kota Semarang", "OTHER": "1"})
    assert config == {"PAGE_SIZE": 50, "RATELIMIT_ENABLED": False, "SITE_NAME": "JDIH KPU Kota Semarang"}


def test_production_without_secret_key_refuses_to_start():
    with pytest.raises(ConfigurationError, match="JDIH_SECRET_KEY"):
        create_app()


def test_production_with_secret_key_starts_with_secure_cookies(monkeypatch):
    monkeypatch.setenv("JDIH_SECRET_KEY", "rahasia")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_tests_and_debug_get_a_random_key():
    first = create_app({"TESTING": True}).secret_key
    second = create_app({"TESTING": True}).secret_key
    assert first and second and first != second


def test_runtime_paths_default_to_the_instance_folder(monkeypatch):
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    app = create_app()
    assert app.config["UPLOAD_DIR"].startswith(app.instance_path)
    assert app.config["SEARCH_INDEX_DIR"].startswith(app.instance_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/jdih.sqlite3"


def test_test_override_beats_environment(monkeypatch):
    monkeypatch.setenv("JDIH_PAGE_SIZE", "50")
    assert create_app({"TESTING": True, "PAGE_SIZE": 5}).config["PAGE_SIZE"] == 5


def test_search_backend_from_environment(monkeypatch):
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    assert create_app().config["SEARCH_BACKEND"] == "whoosh"
    monkeypatch.setenv("JDIH_DATABASE_URL", "postgresql://jdih@db/jdih")
    monkeypatch.setenv("JDIH_SEARCH_BACKEND", "postgres")
    assert create_app().config["SEARCH_BACKEND"] == "postgres"


def test_postgres_search_without_postgresql_is_refused_at_start(monkeypatch, tmp_path):
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    monkeypatch.setenv("JDIH_DATABASE_URL", f"sqlite:///{tmp_path / 'jdih.sqlite3'}")
    monkeypatch.setenv("JDIH_SEARCH_BACKEND", "postgres")
    with pytest.raises(ConfigurationError, match="memerlukan basis data PostgreSQL") as refused:
        create_app()
    assert "needs a PostgreSQL database" in str(refused.value)
    monkeypatch.setenv("JDIH_SEARCH_BACKEND", "elastic")
    with pytest.raises(ConfigurationError, match="'whoosh' atau 'postgres'"):
        create_app()


def test_search_replica_url_from_environment(monkeypatch):
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    monkeypatch.setenv("JDIH_DATABASE_URL", "postgresql://jdih@db/jdih")
    monkeypatch.setenv("JDIH_SEARCH_BACKEND", "postgres")
    monkeypatch.setenv("JDIH_SEARCH_REPLICA_URL", "postgresql://jdih@replica/jdih")
    assert create_app().config["SEARCH_REPLICA_URL"] == "postgresql+psycopg://jdih@replica/jdih"


def test_a_search_replica_without_the_postgres_backend_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("JDIH_SECRET_KEY", "x")
    monkeypatch.setenv("JDIH_DATABASE_URL", "postgresql://jdih@db/jdih")
    monkeypatch.setenv("JDIH_SEARCH_REPLICA_URL", "postgresql://jdih@replica/jdih")
    with pytest.raises(ConfigurationError, match="hanya untuk SEARCH_BACKEND='postgres'"):
        create_app()
    monkeypatch.setenv("JDIH_SEARCH_BACKEND", "postgres")
    monkeypatch.setenv("JDIH_SEARCH_REPLICA_URL", "sqlite:///replica.sqlite3")
    with pytest.raises(ConfigurationError, match="needs SEARCH_BACKEND='postgres' and a PostgreSQL"):
        create_app()
