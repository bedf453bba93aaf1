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


def test_compose_trusts_forwarded_headers_from_the_proxy_alone():
    """X-Forwarded-For is trusted from nginx's fixed address only: no private range, no '*', so a client
    on a private network cannot claim another address (or spend another address's join budget)."""
    import ipaddress

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    nginx_networks = services["nginx"]["networks"]
    assert len(nginx_networks) == 1
    (network, nginx), = nginx_networks.items()
    proxy = ipaddress.ip_address(nginx["ipv4_address"])
    subnets = [ipaddress.ip_network(c["subnet"]) for c in compose["networks"][network]["ipam"]["config"]]
    assert any(proxy in subnet for subnet in subnets)
    samlings = [name for name in services if name.startswith("samling-")]
    assert samlings
    for name in samlings:
        command = services[name]["command"]
        trusted = command[command.index("--forwarded-allow-ips") + 1].split(",")
        assert trusted == [str(proxy)], trusted  # a single address, not 10./172.16/192.168 ranges nor '*'
        assert network in services[name].get("networks", {"default": None})
        assert "ports" not in services[name]  # reachable through nginx only
