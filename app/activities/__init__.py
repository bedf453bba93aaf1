"""Activity kinds: one folder per kind, found here by looking, registered by name.

A kind's folder holds everything of that kind: `__init__.py` (its ActivityKind as KIND, its settings), `<name>.js`
(its phone, presenter, console and setup views, served as /static/js/kinds/<name>.js), optionally `<name>.css`
(served as /static/css/kinds/<name>.css and linked by every page), `strings.py` (PHONE and STAFF: the msgids its
script uses), `demo.py` and `protocol.md`. Folders of kinds outside the package are added with SAMLING_KIND_PATHS
(folders separated by the path separator): nothing else changes to add a kind.
"""
import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from app.activities.base import ActivityKind

HERE = Path(__file__).parent
KIND_PATHS_ENV = "SAMLING_KIND_PATHS"


def _is_kind_folder(folder: Path) -> bool:
    return folder.is_dir() and (folder / "__init__.py").is_file() and not folder.name.startswith(("_", "."))


def _load_outside(folder: Path) -> ModuleType:
    """A kind package from a folder outside app/activities, imported under `samling_kinds.<folder name>`."""
    name = f"samling_kinds.{folder.name}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py", submodule_search_locations=[str(folder)])
    if spec is None or spec.loader is None:
        raise ImportError(f"no kind package in {folder}")
    if "samling_kinds" not in sys.modules:  # the namespace the outside kinds live in
        namespace = ModuleType("samling_kinds")
        namespace.__path__ = []
        sys.modules["samling_kinds"] = namespace
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _discover() -> dict[str, tuple[ActivityKind, Path]]:
    """Every kind with its folder: the package's own, then those named by SAMLING_KIND_PATHS; in menu order."""
    modules = [importlib.import_module(f"app.activities.{f.name}") for f in sorted(HERE.iterdir()) if _is_kind_folder(f)]
    extra = [Path(p) for p in os.environ.get(KIND_PATHS_ENV, "").split(os.pathsep) if p.strip()]
    modules += [_load_outside(folder.resolve()) for folder in extra if _is_kind_folder(folder)]
    found = {}
    for module in modules:
        kind = getattr(module, "KIND", None)
        if isinstance(kind, ActivityKind):
            assert module.__file__ is not None  # a kind folder is a package with an __init__.py
            found[kind.name] = (kind, Path(module.__file__).parent)
    return dict(sorted(found.items(), key=lambda item: (item[1][0].order, item[0])))


_FOUND = _discover()
KINDS: dict[str, ActivityKind] = {name: kind for name, (kind, _folder) in _FOUND.items()}
FOLDERS: dict[str, Path] = {name: folder for name, (_kind, folder) in _FOUND.items()}


def get_kind(name: str) -> ActivityKind:
    """The kind registered under `name`; KeyError if none."""
    return KINDS[name]


def kind_assets() -> dict[str, Path]:
    """The kinds' browser files, by the path under /static they are served at."""
    assets = {}
    for name, folder in FOLDERS.items():
        for rel, file in ((f"js/kinds/{name}.js", folder / f"{name}.js"), (f"css/kinds/{name}.css", folder / f"{name}.css")):
            if file.is_file():
                assets[rel] = file
    return assets


def kind_part(name: str, part: str) -> ModuleType | None:
    """A module of a kind's folder ("strings", "demo"), or None if the kind has none."""
    if not (FOLDERS[name] / f"{part}.py").is_file():
        return None
    return importlib.import_module(f"{type(KINDS[name]).__module__}.{part}")


def kind_strings(audience: str) -> list[str | tuple[str, str]]:
    """The msgids the kinds' scripts use on `audience`'s pages ("PHONE" or "STAFF"), from each folder's strings.py."""
    return [msgid for name in KINDS for msgid in getattr(kind_part(name, "strings"), audience, [])]
