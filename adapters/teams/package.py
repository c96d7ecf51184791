"""`kmbot teams-package`: the Teams app package (manifest.json + two icons) as a zip."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from adapters.teams.manifest.icons import color_icon, outline_icon

MANIFEST = Path(__file__).resolve().parent / "manifest" / "manifest.json"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class PackageError(ValueError):
    """The package cannot be built; the message says which value is wrong."""


def manifest_for(app_id: str, host: str, version: str = "1.0.0") -> dict[str, object]:
    """The manifest template filled in for one bot registration and public host."""
    if not _GUID.match(app_id):
        raise PackageError(f"MicrosoftAppId {app_id!r} is not a GUID (set it, or pass --app-id)")
    if not host or "/" in host or " " in host:
        raise PackageError(f"host {host!r} must be a bare host name such as kmbot.example.com")
    text = MANIFEST.read_text().replace("{{MicrosoftAppId}}", app_id).replace("{{host}}", host)
    manifest: dict[str, object] = json.loads(text)
    manifest["version"] = version
    return manifest


def write_package(target: Path, app_id: str, host: str, version: str = "1.0.0") -> Path:
    """Write the zip Teams accepts for upload: manifest.json, color.png, outline.png at its root."""
    manifest = manifest_for(app_id, host, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return target


def package_command(output: str, app_id: str | None, host: str, version: str) -> str:
    """The CLI's entry: the app id defaults to MicrosoftAppId from the environment."""
    from adapters.teams.settings import TeamsSettings

    written = write_package(Path(output), app_id or TeamsSettings().app_id, host, version)
    return f"wrote {written} (upload it in Teams: Apps › Manage your apps › Upload an app)"
