"""The manifest (the signed bytes) belongs to the archive model; the service imports it from there and the
model imports nothing from the services (no cycle between them)."""

import ast
from pathlib import Path

from addons.tiepdan_bridge.models import archive as archive_model
from addons.tiepdan_bridge.services import archive as archive_service

BRIDGE = Path(archive_model.__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):  # also imports inside functions
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_archive_model_imports_no_service():
    modules = imported_modules(BRIDGE / "models" / "archive.py")
    assert not [m for m in modules if "services" in m], modules


def test_the_service_signs_the_manifest_the_model_defines():
    assert archive_service.manifest_bytes is archive_model.manifest_bytes
    assert not hasattr(archive_service, "canonical_payload")
