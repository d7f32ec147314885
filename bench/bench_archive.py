"""Benchmark: archive a 2 GB file through services.archive.store_file in constant memory.

Standalone: sets up Django on a temporary SQLite database and a temporary archive root, writes a 2 GB
file of pseudo-random data (8 MB of os.urandom repeated with a counter), measures the resident memory
of the idle process, archives the file, and prints the peak RSS, the increase, the time and the
throughput. Fails (exit 1) when the stored SHA-256 differs from `sha256sum`'s or the RSS increase
exceeds 100 MB. Size: BENCH_ARCHIVE_MB (default 2048).
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE_MB = int(os.environ.get("BENCH_ARCHIVE_MB", "2048"))
CHUNK = 8 * 1024 * 1024
LIMIT_MB = 100


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS: now, VmHWM: peak since start or last reset)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: kB, peak only


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0), so the peak below is that of the archiving."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def make_file(path: Path, size_mb: int) -> None:
    block = bytearray(os.urandom(CHUNK))
    total = size_mb * 1024 * 1024
    with path.open("wb") as fh:
        for i in range(-(-total // CHUNK)):  # the last block cut short when the size is not a multiple
            block[:8] = i.to_bytes(8, "big")
            fh.write(block[: total - i * CHUNK])
    del block


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    try:
        sys.path.insert(0, str(ROOT))
        from addons.tiepdan_bridge.tests.pki import build_pki  # a throwaway agency certificate

        pki = build_pki(work / "pki")
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "true",
                "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
                "ARCHIVE_STORAGE": "filesystem",
                "ARCHIVE_ROOT": str(work / "archive"),
                "SIGNING_PKCS12_PATH": str(pki.pkcs12_path),
                "SIGNING_PKCS12_PASSWORD": pki.password,
                "LOG_LEVEL": "WARNING",
            }
        )
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        from addons.tiepdan_bridge.services.archive import store_file

        source = work / "source.bin"
        t0 = time.perf_counter()
        make_file(source, SIZE_MB)
        print(f"file: {SIZE_MB} MB written in {time.perf_counter() - t0:.1f} s")

        reset_done = reset_peak()
        idle_kb = status_kb("VmRSS")
        start = time.perf_counter()
        with source.open("rb") as fh:
            entry = store_file(fh, "bench.bin", "bench:1", None)
        elapsed = time.perf_counter() - start
        peak_kb = status_kb("VmHWM")
        increase_mb = (peak_kb - idle_kb) / 1024

        expected = subprocess.run(
            ["sha256sum", str(source)], check=True, capture_output=True, text=True
        ).stdout.split()[0]
        stored_ok = (work / "archive" / entry.storage_key).stat().st_size == entry.size
        print(f"idle RSS:        {idle_kb / 1024:8.1f} MB")
        print(f"peak RSS:        {peak_kb / 1024:8.1f} MB" + ("" if reset_done else " (peak since start)"))
        print(f"increase:        {increase_mb:8.1f} MB (limit {LIMIT_MB} MB)")
        print(f"elapsed:         {elapsed:8.1f} s")
        print(f"throughput:      {entry.size / elapsed / 1024 / 1024:8.1f} MB/s")
        print(f"stored sha256:   {entry.sha256}")
        print(f"sha256sum:       {expected}")
        failures = []
        if entry.sha256 != expected:
            failures.append("hash differs from sha256sum")
        if entry.size != SIZE_MB * 1024 * 1024 or not stored_ok:
            failures.append("size differs")
        if increase_mb > LIMIT_MB:
            failures.append(f"RSS increase {increase_mb:.1f} MB > {LIMIT_MB} MB")
        print("FAIL: " + "; ".join(failures) if failures else "OK")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
