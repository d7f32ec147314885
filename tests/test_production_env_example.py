"""config/production.env.example, the README's table, docker-compose.yml and the settings agree: every
variable the code reads is listed (with a comment) in the example and the README, and passed by compose."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"')
# Read by boto3 itself (not by our settings), so listed in the example and passed by compose.
READ_BY_BOTO3 = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Not for production containers: set by the Dockerfile, or only used by `make run`.
NOT_PASSED_BY_COMPOSE = {
    "DJANGO_STATIC_ROOT",
    "DEMO_PASSWORD",
    "DATABASE_URL",
    "DJANGO_MEDIA_ROOT",
    "ARCHIVE_ROOT",
    "ARCHIVE_IMPORT_DIR",
}


def read_by_code() -> set[str]:
    names = set()
    for path in [*ROOT.glob("config/*.py"), *ROOT.glob("addons/**/*.py")]:
        if "tests" not in path.parts and "migrations" not in path.parts:
            names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def example_lines() -> list[str]:
    return (ROOT / "config" / "production.env.example").read_text(encoding="utf-8").splitlines()


def example_sections() -> tuple[set[str], set[str]]:
    """(variables of the app, variables of the compose-only section)."""
    app, compose_only, target = set(), set(), None
    target = app
    for line in example_lines():
        if line.startswith("# --- docker compose only"):
            target = compose_only
        match = re.match(r"^([A-Z0-9_]+)=", line)
        if match:
            target.add(match.group(1))
    return app, compose_only


def readme_table() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("**Biến môi trường**") :]
    table = table[: table.index("\n\n", table.index("|"))]
    names = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            names |= set(re.findall(r"`([A-Z0-9_]+)`", row.split("|")[1]))
    return names


def test_the_example_lists_exactly_the_variables_the_code_reads():
    app, _compose_only = example_sections()
    assert sorted(read_by_code() - app) == [], "missing from the example"
    assert sorted(app - read_by_code() - READ_BY_BOTO3) == [], "in the example but read by nothing"


def test_every_variable_of_the_example_has_a_comment_just_above():
    lines = example_lines()
    for index, line in enumerate(lines):
        if re.match(r"^[A-Z0-9_]+=", line):
            above = index - 1
            while above >= 0 and re.match(r"^[A-Z0-9_]+=", lines[above]):
                above -= 1  # a group of variables shares the comment above it
            assert above >= 0 and lines[above].startswith("# ") and not lines[above].startswith("# ---"), line


def test_the_readme_table_lists_exactly_the_variables_the_code_reads():
    table = readme_table()
    assert sorted(read_by_code() - table) == [], "missing from the README table"
    assert sorted(table - read_by_code() - READ_BY_BOTO3) == [], "in the README table but read by nothing"


def test_the_compose_only_variables_are_documented_in_the_readme_and_used_by_compose():
    _app, compose_only = example_sections()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert compose_only
    for name in compose_only:
        assert f"`{name}`" in readme, name
        assert "${" + name in compose, name


def test_compose_passes_every_variable_to_the_containers():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    passed = set(re.findall(r"^\s+([A-Z0-9_]+):", compose, flags=re.M))
    wanted = (read_by_code() | READ_BY_BOTO3) - NOT_PASSED_BY_COMPOSE
    assert sorted(wanted - passed) == []


def test_the_example_never_holds_a_secret_value():
    for line in example_lines():
        name, _, value = line.partition("=")
        if any(word in name for word in ("SECRET", "PASSWORD")) and not line.startswith("#"):
            assert value == "", line
