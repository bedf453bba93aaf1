"""The server starts and answers its health check."""


def test_healthz_in_process(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_healthz_real_server(server):
    import httpx

    assert httpx.get(server.base + "/healthz").json() == {"status": "ok"}
