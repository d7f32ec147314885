"""Fixtures of the session tests: the bridge's archive with a throwaway agency certificate (recordings)."""

from addons.tiepdan_bridge.tests.archive_support import archive_settings  # noqa: F401
