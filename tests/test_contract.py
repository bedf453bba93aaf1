"""The wire contract (app/contract.py): the bottom layer, the one place its names are defined, and true
to what the server really sends and the browser client really expects."""
import ast
import re
import typing
import uuid
from pathlib import Path

from app import contract
from tests.test_api import add, go_live, join, make_workshop

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports (absolute names; relative imports are marked with dots)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def of_app(module: str, *packages: str) -> bool:
    """Whether `module` is one of the app's packages (or the app itself when none is named)."""
    return any(module == p or module.startswith(p + ".") for p in (packages or ("app",)))


def test_contract_imports_nothing_of_the_app():
    """The contract is the bottom layer: the standard library only."""
    imported = imported_modules(APP / "contract.py")
    assert imported, "the parse found no imports at all: the test would prove nothing"
    assert not [m for m in imported if of_app(m) or m.startswith(".")], imported


def test_the_live_layer_knows_no_kind_and_nothing_above_it():
    """The hub, its connections and brokers name no activity kind and import no service or router."""
    files = sorted((APP / "live").glob("*.py"))
    assert {f.name for f in files} >= {"hub.py", "broker.py", "redis_broker.py", "connection.py"}
    upward = {f.name: sorted(m for m in imported_modules(f)
                             if of_app(m, "app.activities", "app.services", "app.routers", "app.models", "app.main"))
              for f in files}
    assert not {name: mods for name, mods in upward.items() if mods}


def test_no_layer_imports_upward():
    """routers -> services -> activities / live -> contract: services and kinds never reach for a router,
    the hub or the app; kinds never reach for a service."""
    above = {"services": ("app.routers", "app.live", "app.main", "app.deps", "app.web"),
             "activities": ("app.routers", "app.live", "app.services", "app.main", "app.deps", "app.web")}
    upward = {}
    for layer, forbidden in above.items():
        files = sorted((APP / layer).rglob("*.py"))
        assert files, layer
        for f in files:
            if bad := sorted(m for m in imported_modules(f) if of_app(m, *forbidden)):
                upward[str(f.relative_to(ROOT))] = bad
    assert not upward


def test_the_redis_broker_uses_only_what_the_hub_declares():
    """Brokers attach through app/live/attachment.py: no patched hub attributes, no reading of its rooms."""
    for name in ("broker.py", "redis_broker.py", "redis_presence.py"):
        source = (APP / "live" / name).read_text(encoding="utf-8")
        assert not re.search(r"hub\.(rooms|on_room_|count_online|presence\s*=)", source), name
        assert "app.live.hub" not in imported_modules(APP / "live" / name), name


def contract_constants() -> dict[str, object]:
    """The contract's plain names: topics, audiences, envelope keys, close codes."""
    return {name: value for name, value in vars(contract).items()
            if name.isupper() and isinstance(value, str | int | tuple)}


def test_no_module_defines_a_contract_name_again():
    """Topics, audiences, envelope keys and close codes are assigned in the contract only; every
    other module imports them (a second `CLOSE_NOT_FOUND = 4404` could drift from the first)."""
    names = set(contract_constants())
    assert {"STATE", "RESULTS", "ACCESS", "META", "PERSONAL", "PARTICIPANT", "CLOSE_NOT_FOUND"} <= names
    again = []
    for path in APP.rglob("*.py"):
        if path == APP / "contract.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                for leaf in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    if isinstance(leaf, ast.Name) and leaf.id in names:
                        again.append(f"{path.relative_to(ROOT)}:{node.lineno} {leaf.id}")
    assert not again


def test_the_browser_stops_on_exactly_the_final_close_codes():
    """static/js/live.js stops reconnecting on the contract's final close codes, and the console has a
    sentence for each."""
    live = (ROOT / "static/js/live.js").read_text(encoding="utf-8")
    stops = re.search(r"\[([\d,\s]+)\]\.includes\(event\.code\)", live)
    assert stops, "live.js no longer lists the codes it stops on this way: update this test"
    assert sorted(int(c) for c in stops.group(1).split(",")) == sorted(contract.FINAL_CLOSES)
    console = (ROOT / "static/js/console.js").read_text(encoding="utf-8")
    closed = re.search(r"const CLOSED = \{([^}]*)\}", console)
    assert closed
    assert sorted(int(c) for c in re.findall(r"(\d{4}):", closed.group(1))) == sorted(contract.FINAL_CLOSES)


def assert_fits(message: dict) -> None:
    """A server message has its TypedDict's required keys, no key the TypedDict does not name, and its type."""
    shape = contract.SERVER_MESSAGES.get(message.get("type"))
    assert shape is not None, message
    assert typing.get_type_hints(shape)["type"] == typing.Literal[message["type"]]
    keys = set(message)
    assert shape.__required_keys__ <= keys, (message["type"], shape.__required_keys__ - keys)
    assert keys <= shape.__required_keys__ | shape.__optional_keys__, \
        (message["type"], keys - shape.__required_keys__ - shape.__optional_keys__)


def receive_until(ws, kind: str, seen: list[dict]) -> dict:
    """Receive (checking every message against the contract) until one of type `kind` arrives."""
    while True:
        message = ws.receive_json()
        assert_fits(message)
        seen.append(message)
        if message["type"] == kind:
            return message


def test_every_message_a_real_server_sends_fits_the_contract(client, auth):
    """A grouped live workshop: the phone's and both staff screens' messages all match the typed messages,
    and each message type of the contract is seen at least once."""
    wid = make_workshop(client, auth)
    activity = add(client, auth, wid, "open_text", "Hva er god ledelse for deg?")
    group = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": "Gygrene"}, headers=auth).json()
    code = go_live(client, auth, wid)
    client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "goto", "args": {"activity_id": activity["id"]}},
                headers=auth).raise_for_status()
    phone = join(client, code)
    token = auth["Authorization"].split()[1]
    seen: list[dict] = []
    with client.websocket_connect(f"/ws/workshop/{wid}/facilitator") as console, \
            client.websocket_connect(f"/ws/workshop/{wid}/presenter") as screen, \
            client.websocket_connect("/ws/participant") as ws:
        snapshots = []
        for staff in (console, screen):
            staff.send_json({"type": "hello", "token": token})
            snapshots.append(receive_until(staff, "state", seen))
            receive_until(staff, "results", seen)
        assert all("roles" in s for s in snapshots)
        assert ["agenda" in s for s in snapshots] == [True, False]  # only the console's carries the agenda
        ws.send_json({"type": "hello", "token": phone["participant_token"]})
        first = receive_until(ws, "state", seen)
        assert {"participant", "mine"} <= set(first)
        ws.send_json({"type": "ping"})
        assert isinstance(receive_until(ws, "pong", seen)["server_time"], float)
        ws.send_json({"type": "choose_group", "group_id": group["id"]})
        assert receive_until(ws, "personal", seen)["group"]["id"] == group["id"]
        client_id = str(uuid.uuid4())
        ws.send_json({"type": "submit", "client_id": client_id, "activity_id": activity["id"],
                      "payload": {"text": "Tillit"}})
        ack = receive_until(ws, "ack", seen)
        assert ack["client_id"] == client_id and ack["duplicate"] is False
        ws.send_json({"type": "delete_mine", "activity_id": activity["id"]})
        assert receive_until(ws, "deleted", seen)["entry_ids"] == [ack["entry"]["id"]]
        ws.send_json({"type": "hello"})  # only the first message may be a hello
        assert receive_until(ws, "error", seen)["code"] == "unknown_type"
        console.send_json({"type": "submit"})  # staff sockets are read-only
        assert receive_until(console, "error", seen)["code"] == "unknown_type"
    assert {m["type"] for m in seen} == set(contract.SERVER_MESSAGES)


def test_the_client_messages_are_the_ones_the_server_handles():
    """Each client message type of the contract is one the phone socket acts on (the hello opens it)."""
    from app.routers.ws import PHONE_HANDLERS, STAFF_HANDLERS

    assert set(contract.CLIENT_MESSAGES) == set(PHONE_HANDLERS) | {"hello"}
    assert set(STAFF_HANDLERS) == {"ping"}

