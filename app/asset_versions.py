"""Versioned static URLs: every file under static/ gets a content hash, pages link `?v=<hash>`, and an
import map gives module imports (which name plain paths, "./live.js") the same versioned URLs.

A versioned URL never changes meaning, so browsers keep it for a year without asking; a new release
changes the hash and so the URL. The hashes are taken once, when the service starts (a release is a
restart); a request whose version is not the current one is served the current file, uncached."""
import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass
class AssetVersions:
    """Content hashes of the static files and what pages need of them."""

    root: Path
    prefix: str = "/static"
    # Files served under the prefix from elsewhere (the activity kinds' scripts and styles, from their folders).
    extra: dict[str, Path] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)  # path relative to root -> short hash

    def __post_init__(self):
        files = {path.relative_to(self.root).as_posix(): path for path in self.root.rglob("*") if path.is_file()}
        files.update(self.extra)
        self._served_as = {path.resolve(): rel for rel, path in files.items()}
        for rel in sorted(files):
            self.hashes[rel] = hashlib.sha256(files[rel].read_bytes()).hexdigest()[:12]
        imports = {f"{self.prefix}/{rel}": self.url(rel) for rel in self.hashes if rel.endswith(".js")}
        self.import_map_json = json.dumps({"imports": imports}, separators=(",", ":"), sort_keys=True)
        # The import map is an inline script: the page's Content-Security-Policy allows it by its hash.
        self.import_map_hash = "sha256-" + base64.b64encode(
            hashlib.sha256(self.import_map_json.encode()).digest()).decode()

    def url(self, rel: str) -> str:
        """The versioned URL of a static file (`rel` as under static/, e.g. "css/app.css")."""
        rel = rel.removeprefix(self.prefix + "/").lstrip("/")
        version = self.hashes.get(rel)
        return f"{self.prefix}/{rel}?v={version}" if version else f"{self.prefix}/{rel}"

    def relative(self, full_path: str | Path) -> str:
        """A served file's path under static/ ("js/live.js"; a kind's script: "js/kinds/diamond.js")."""
        resolved = Path(full_path).resolve()
        return self._served_as.get(resolved) or resolved.relative_to(self.root.resolve()).as_posix()

    def is_current(self, rel: str, version: str | None) -> bool:
        """Whether `version` is the hash of the file as served now."""
        return version is not None and self.hashes.get(rel) == version

    def import_map_tag(self) -> Markup:
        """The <script type="importmap"> element for a page's head."""
        return Markup(f'<script type="importmap">{self.import_map_json}</script>')
