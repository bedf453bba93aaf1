"""docs/protocol.md and /openapi.json stay true where a test can tell: every error code the server can send is
in the doc's error tables, every kind has its section, and the OpenAPI schema declares what the server does."""
import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import app
from app.activities import KINDS
from app.activities.lists import MAX_FEED, MAX_ITEM, MAX_ITEMS
from app.schemas import ErrorOut
from app.services.errors import DomainError

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
# Calls whose first argument is an error code (websocket refusals).
CODE_FIRST = {"EntryRejected", "BadMessage", "error"}


def _domain_errors() -> dict[str, type]:
    """Every DomainError class by name, once every module of app/ is imported (the subclasses live all over)."""
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if not module.name.endswith("__main__"):  # the command line, not a module to import
            importlib.import_module(module.name)
    found, todo = {}, [DomainError]
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo += cls.__subclasses__()
    return found


def _default_code(cls: type) -> str | None:
    """The code a DomainError class sends when the call names none."""
    param = inspect.signature(cls.__init__).parameters.get("code")
    if param is not None:
        return param.default if isinstance(param.default, str) else None
    return cls().code  # a class that fixes its own code (WrongPassword)


def server_codes() -> dict[str, list[str]]:
    """Error codes the server can send -> where, found in app/'s source: EntryRejected("code", ...),
    BadMessage("code", ...), error("code", ...), any DomainError subclass's (message, "code") or its default,
    and dict literals with a "code" and a "message" (HTTPException details, JSON answers)."""
    classes = _domain_errors()
    codes: dict[str, list[str]] = {}
    for path in sorted((ROOT / "app").rglob("*.py")):
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name in CODE_FIRST:
                    index = 0
                elif name in classes:
                    index = 1
                else:
                    continue
                named = [k.value for k in node.keywords if k.arg == "code"]
                arg = named[0] if named else node.args[index] if len(node.args) > index else None
                if arg is None and name in classes:
                    code = _default_code(classes[name])
                elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    code = arg.value
                else:
                    continue  # a code passed on (error(e.code, ...)): found where it was raised
                if code:
                    codes.setdefault(code, []).append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Dict):
                keys = [k.value if isinstance(k, ast.Constant) else None for k in node.keys]
                if "code" in keys and "message" in keys:
                    value = node.values[keys.index("code")]
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        codes.setdefault(value.value, []).append(f"{where}:{node.lineno}")
    return codes


def _error_tables() -> str:
    """The doc from its websocket error codes to its close codes, plus its REST error codes table."""
    ws = DOC[DOC.index("#### Error codes"):DOC.index("### Close codes")]
    rest = DOC[DOC.index("#### REST error codes"):]
    return ws + rest[:rest.index("\n\n", rest.index("| status"))]


def test_the_scan_finds_the_codes_it_must():
    """The scan itself can fail: codes known to be sent from each pattern are found."""
    codes = server_codes()
    for code in ("sum", "own_poster", "bad_json", "unknown_participant", "workshop", "not_found", "wrong_password",
                 "csrf", "proof_required", "too_large"):
        assert code in codes, code


def test_every_error_code_is_in_an_error_table():
    tables = set()
    for line in _error_tables().splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for cell in cells[:2]:  # websocket tables: code first; REST table: status, code
                tables.update(re.findall(r"`([a-z_]+)`", cell))
    missing = {code: where for code, where in server_codes().items() if code not in tables}
    assert not missing, f"codes the server sends but docs/protocol.md's error tables lack: {missing}"


def test_every_kind_has_its_section():
    for name in KINDS:
        start, end = f"<!-- kind:{name} -->", f"<!-- /kind:{name} -->"
        assert DOC.count(start) == 1 and DOC.count(end) == 1, name
        section = DOC[DOC.index(start):DOC.index(end)]
        assert section.count("\n### ") == 1, f"{name}: one heading per section"
        for part in ("**Settings", "**Submit", "**Results", "**Exports"):
            assert part in section, (name, part)
        for field in KINDS[name].Settings.model_fields:
            assert f"`{field}`" in section, (name, field)  # every setting is described
    assert set(re.findall(r"<!-- kind:([a-z_]+) -->", DOC)) == set(KINDS)


def test_every_kind_code_is_in_its_section():
    """A kind's refusals are listed in its own section too (the lead moves them into the kinds' folders)."""
    for name, kind in KINDS.items():
        source = inspect.getsource(importlib.import_module(type(kind).__module__))
        section = DOC[DOC.index(f"<!-- kind:{name} -->"):DOC.index(f"<!-- /kind:{name} -->")]
        for code in set(re.findall(r'EntryRejected\("([a-z_]+)"', source)):
            assert f"`{code}`" in section, (name, code)


def _schema(client) -> dict:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def test_openapi_limits_are_the_servers(client, auth):
    schema = _schema(client)
    models = schema["components"]["schemas"]
    name = models["GroupCreate"]["properties"]["name"]
    assert name["maxLength"] == 60
    wid = client.post("/api/v1/workshops", json={"title": "Samling 3"}, headers=auth).json()["id"]
    # The server takes exactly what the schema allows: 60 characters, not 61.
    assert client.post(f"/api/v1/workshops/{wid}/groups", json={"name": "G" * 60}, headers=auth).status_code == 201
    assert client.post(f"/api/v1/workshops/{wid}/groups", json={"name": "H" * 61}, headers=auth).status_code == 422
    roles = models["Role"]["properties"]
    assert (roles["name"]["maxLength"], roles["rule"]["maxLength"], roles["duty"]["maxLength"]) == (60, 200, 300)
    role = {"name": "R" * 60, "rule": "r" * 200, "duty": "d" * 300}
    assert client.put(f"/api/v1/workshops/{wid}/roles", json={"roles": [role]}, headers=auth).status_code == 200
    pool = schema["paths"]["/api/v1/activities/{activity_id}/pool"]["get"]["parameters"]
    n = next(p for p in pool if p["name"] == "n")["schema"]
    assert (n["minimum"], n["maximum"]) == (1, MAX_FEED)
    # The lists' limits the doc gives are the code's.
    assert f"at most {MAX_ITEMS} items of at most {MAX_ITEM}" in DOC.replace("**", "")


def test_openapi_declares_the_bearer_scheme(client):
    schema = _schema(client)
    assert schema["components"]["securitySchemes"]["bearer"] == {**schema["components"]["securitySchemes"]["bearer"],
                                                                 "type": "http", "scheme": "bearer"}
    assert schema["paths"]["/api/v1/workshops"]["post"]["security"] == [{"bearer": []}]
    assert schema["paths"]["/api/v1/activities/{activity_id}/export.csv"]["get"]["security"] == [{"bearer": []}]
    assert "security" not in schema["paths"]["/api/v1/join"]["post"]  # phones join without a token


def test_openapi_declares_the_real_refusal(client, auth):
    """The 422 the schema declares (ErrorOut) is the one the server sends, for the schema's refusals and the
    services' alike."""
    schema = _schema(client)
    declared = schema["paths"]["/api/v1/workshops"]["post"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert declared == {"$ref": "#/components/schemas/ErrorOut"}
    assert schema["components"]["schemas"]["ErrorOut"]["properties"]["detail"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    r = client.post("/api/v1/workshops", json={"title": "x", "colour": "blå"}, headers=auth)
    assert r.status_code == 422
    body = ErrorOut.model_validate(r.json(), strict=True)  # the declared model, no extra or missing fields
    assert set(r.json()["detail"]) == {"code", "message", "problems"} and body.detail.code == "invalid"
    r = client.post("/api/v1/workshops", json={"title": "   "}, headers=auth)  # refused by the service
    assert r.status_code == 422 and set(r.json()["detail"]) == {"code", "message"}
    assert ErrorOut.model_validate(r.json()).detail.code == "title"


def test_openapi_declares_the_downloads_types(client):
    paths = _schema(client)["paths"]
    csv = paths["/api/v1/activities/{activity_id}/export.csv"]["get"]["responses"]["200"]["content"]
    assert list(csv) == ["text/csv"]
    xlsx = paths["/api/v1/workshops/{workshop_id}/export.xlsx"]["get"]["responses"]["200"]["content"]
    assert list(xlsx) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]


def test_openapi_types_the_chaining_and_live_view_answers(client, auth):
    paths = _schema(client)["paths"]
    for path in ("/api/v1/activities/{activity_id}/pool", "/api/v1/activities/{activity_id}/sources",
                 "/api/v1/workshops/{workshop_id}/live-view", "/api/v1/kinds"):
        body = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert body != {} and ("$ref" in body or "$ref" in body.get("items", {})), path
    wid = client.post("/api/v1/workshops", json={"title": "Samling 3"}, headers=auth).json()["id"]
    view = client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth).json()
    assert set(view) == {"state", "results"} and view["state"]["type"] == "state"
