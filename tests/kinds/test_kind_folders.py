"""Issue 13: everything of a kind is in its folder, and what is assembled from the folders is up to date."""
import importlib
import importlib.util
from pathlib import Path

from app import ui_strings
from app.activities import FOLDERS, KINDS, kind_assets

ROOT = Path(__file__).resolve().parents[2]


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_kind_has_its_script_strings_and_protocol_section_in_its_folder():
    for name, folder in FOLDERS.items():
        assert folder.parent == ROOT / "app" / "activities", name
        for file in (f"{name}.js", "strings.py", "protocol.md", "demo.py", "__init__.py"):
            assert (folder / file).is_file(), f"{name}: {file} missing"
        assert kind_assets()[f"js/kinds/{name}.js"] == folder / f"{name}.js"
        assert not (ROOT / "static" / "js" / "kinds" / f"{name}.js").exists()  # no second copy in static/


def test_the_pages_carry_each_kinds_strings():
    for name in FOLDERS:
        module = importlib.import_module(f"app.activities.{name}.strings")
        assert set(map(str, module.PHONE)) <= set(map(str, ui_strings.PHONE)), name
        assert set(map(str, module.STAFF)) <= set(map(str, ui_strings.STAFF)), name
        assert KINDS[name].label in ui_strings.PHONE and KINDS[name].label in ui_strings.STAFF


def test_the_protocol_document_is_assembled_from_the_folders():
    script = load_script("protocol_doc")
    doc = script.DOC.read_text(encoding="utf-8")
    assert script.assemble(doc) == doc, "docs/protocol.md is not up to date: run scripts/protocol_doc.py"
    for name, folder in FOLDERS.items():
        assert (folder / "protocol.md").read_text(encoding="utf-8").strip() in doc, name


def test_a_new_kinds_section_is_added_after_the_others(tmp_path, monkeypatch):
    script = load_script("protocol_doc")
    (tmp_path / "protocol.md").write_text("### Mood\n\nOne of three moods.\n", encoding="utf-8")
    monkeypatch.setitem(script.FOLDERS, "mood", tmp_path)
    doc = script.assemble(script.DOC.read_text(encoding="utf-8"))
    assert "<!-- kind:mood -->\n### Mood\n\nOne of three moods.\n<!-- /kind:mood -->" in doc
    assert doc.index("<!-- /kind:poster -->") < doc.index("<!-- kind:mood -->")


def test_the_demo_day_is_assembled_from_the_kinds_sample_rounds_in_its_order():
    from app.services.demo import demo_agenda

    day = demo_agenda()
    assert [kind for kind, _prompt, _settings in day] == ["word_cloud", "open_text", "scale", "diamond", "points",
                                                          "poster", "duos", "poll", "open_text"]
    assert day[3][2]["mode"] == "group" and len(day[3][2]["items"]) == 9
