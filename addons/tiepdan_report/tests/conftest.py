from .common import _media  # noqa: F401  (every report test keeps its files in tmp_path)
