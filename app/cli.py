"""The `samling` command: serve (optionally with the demo workshop), demo, migrate."""
import argparse
import os
from pathlib import Path


# uvicorn's sans-I/O websocket protocol with a direct write for broadcast frames (app/live/frames.py).
WS_PROTOCOL = "app.live.frames:FrameWriterProtocol"


def _database_url(db_path: str | None) -> str:
    if db_path:
        return f"sqlite:///{Path(db_path).expanduser().resolve()}"
    return os.environ.get("DATABASE_URL") or os.environ.get("SAMLING_DATABASE_URL") or \
        f"sqlite:///{Path('samling.db').resolve()}"


def _prepare(args) -> str:
    """Point the settings at the chosen database and migrate it once, before any worker starts."""
    from app.db import Database

    url = _database_url(args.db)
    os.environ["SAMLING_DATABASE_URL"] = url
    os.environ.pop("DATABASE_URL", None)
    db = Database(url)
    db.migrate()
    if args.demo:
        from app.joincode import format_code
        from app.services.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo

        _f, w = ensure_demo(db)
        assert w.join_code is not None  # ensure_demo leaves the workshop live, so it has a code
        print(f"Demo workshop is live: join code {format_code(w.join_code)}")
        print(f"Facilitator log-in: {DEMO_EMAIL} / {DEMO_PASSWORD}")
    db.dispose()
    return url


def serve(args) -> None:
    """Run uvicorn on the embedded SQLite file (or DATABASE_URL)."""
    import uvicorn

    if args.workers > 1 and not (os.environ.get("REDIS_URL") or os.environ.get("SAMLING_REDIS_URL")):
        # Live updates cross processes only through Redis; without it, phones on one worker would
        # never hear what the facilitator did on another.
        raise SystemExit("samling: --workers > 1 needs REDIS_URL (docs/deployment.md, several workers)")
    _prepare(args)
    from app.access_log import log_config
    from app.config import get_settings

    print(f"Samling on http://{args.host}:{args.port}/  (facilitators: /facilitator)")
    # The access log names no client address (unless SAMLING_LOG_CLIENT_ADDRESS) and no join code or token.
    uvicorn.run("app.main:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips, ws=WS_PROTOCOL,
                ws_max_size=64 * 1024, ws_per_message_deflate=False, log_level=args.log_level,
                log_config=log_config(get_settings().log_client_address, args.log_level),
                server_header=False)  # no "server: uvicorn" banner


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(prog="samling", description="Live workshop facilitation.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "demo"):
        p = sub.add_parser(name, help="start the service" + (" with the demo workshop" if name == "demo" else ""))
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--db", help="SQLite file (default ./samling.db, or DATABASE_URL)")
        p.add_argument("--workers", type=int, default=1)
        p.add_argument("--forwarded-allow-ips", default="127.0.0.1,::1")
        p.add_argument("--log-level", default="info")
        if name == "serve":
            p.add_argument("--demo", action="store_true", help="load the sample workshop")
    m = sub.add_parser("migrate", help="bring the database schema up to date")
    m.add_argument("--db")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        args.demo = False
        print(f"Migrated {_prepare(args)}")
    else:
        args.demo = args.command == "demo" or args.demo
        serve(args)
