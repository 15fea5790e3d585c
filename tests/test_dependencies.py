"""Known vulnerabilities in the pinned dependencies, checked with pip-audit.

The check needs PyPI's vulnerability service. Where it does not answer (no network, or a
mirror without the per-release JSON API), the test is skipped with a message saying so;
every dependency it could audit must be free of known vulnerabilities.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_no_pinned_dependency_has_a_known_vulnerability(lock: str) -> None:
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "-r", str(ROOT / lock), "--require-hashes", "--disable-pip",
        "--progress-spinner", "off", "--format", "json", "--timeout", "15",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.skip("vulnerability check skipped: PyPI's vulnerability service did not answer")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.skip(
            "vulnerability check skipped: pip-audit could not reach the service "
            f"({result.stderr.strip().splitlines()[-1:] or 'no output'})"
        )
    audited = [dep for dep in report["dependencies"] if "skip_reason" not in dep]
    if not audited:
        pytest.skip(
            "vulnerability check skipped: the service audited none of the "
            f"{len(report['dependencies'])} dependencies (e.g. "
            f"{report['dependencies'][0].get('skip_reason', '?')})"
        )
    vulnerable = {
        f"{dep['name']} {dep['version']}": [v["id"] for v in dep["vulns"]]
        for dep in audited
        if dep["vulns"]
    }
    assert not vulnerable, f"known vulnerabilities: {vulnerable}"
