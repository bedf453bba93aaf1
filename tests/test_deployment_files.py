"""The scale-out deployment files read right (no Docker engine runs here to try them)."""
import re

import yaml

from tests.conftest import ROOT


def test_compose_wires_samling_to_postgres_redis_and_nginx():
    """Every Samling container shares one PostgreSQL and one Redis, starts after the migration, and
    nginx balances exactly those containers with websocket upgrades."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    samlings = sorted(name for name in services if name.startswith("samling-"))
    assert len(samlings) >= 2
    for name in samlings:
        s = services[name]
        env = s["environment"]
        assert env["REDIS_URL"].startswith("redis://redis:")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert s["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        command = s["command"]
        assert command[:2] == ["samling", "serve"] and "--db" not in command  # --db would beat DATABASE_URL
        assert int(command[command.index("--workers") + 1]) > 1
        assert "--forwarded-allow-ips" in command
    assert services["migrate"]["command"] == ["samling", "migrate"]
    assert services["migrate"]["environment"]["DATABASE_URL"] == services[samlings[0]]["environment"]["DATABASE_URL"]
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    upstream = re.findall(r"server (samling-\d+):8000", nginx)
    assert sorted(upstream) == samlings
    assert "proxy_set_header Upgrade $http_upgrade;" in nginx
    assert "proxy_set_header Connection $connection_upgrade;" in nginx
    assert "proxy_set_header Host $http_host;" in nginx
    mount = services["nginx"]["volumes"][0].split(":")[0]
    assert (ROOT / mount).resolve() == (ROOT / "deploy" / "nginx.conf").resolve()


def test_the_image_carries_the_redis_client():
    """The scale-out setup runs the same image: its dependencies must include the Redis client."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'^\s*"redis[>=<~]', pyproject, re.M)
