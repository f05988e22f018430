"""Policy tier: checkov over every synthesized stack, with no failed check.

A failed check is accepted only where the resource itself carries a skip for that check id,
with its reason, in its ``//`` comment (written by ``modules.checkov.skip_checks``). Every
such skip must also still be needed: a skip for a check that passes is reported as stale.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI, ROOT, Synth

pytestmark = pytest.mark.policy
CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def declared_skips(stack: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``{checkov resource name: {check id: reason}}`` as checkov names resources.

    checkov's JSON parser names a resource ``<type>.<name>`` or, for some, ``resource.<name>``
    (data sources: ``data.<name>``); both spellings are indexed.
    """
    found: dict[str, dict[str, str]] = {}
    for block in ("resource", "data"):
        for rtype, items in stack.get(block, {}).items():
            for name, body in items.items():
                skips = body.get("//", {}).get("checkov", {}).get("skip", [])
                reasons = {s["id"]: s["comment"] for s in skips}
                keys = [f"data.{name}"] if block == "data" else [f"{rtype}.{name}", f"resource.{name}"]
                for key in keys if reasons else []:
                    found.setdefault(key, {}).update(reasons)
    return found


@pytest.fixture(scope="module")
def checkov_report(synth: Synth) -> list[dict[str, Any]]:
    if not CHECKOV.exists():
        message = f"checkov is not installed at {CHECKOV}: run `make setup` (or `make test`)"
        if IN_CI:
            pytest.fail(f"CI runs every tier: {message}")
        pytest.skip(message)
    result = subprocess.run(
        [str(CHECKOV), "--directory", str(synth.outdir / "stacks"), "--framework",
         "terraform_json", "--output", "json", "--skip-download"],
        capture_output=True, text=True, timeout=900,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"},
    )
    assert result.stdout.strip(), (f"checkov printed nothing (exit {result.returncode}): "
                                   f"{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    return report if isinstance(report, list) else [report]


def test_checkov_has_no_failed_checks(synth: Synth, checkov_report: list[dict[str, Any]]) -> None:
    (report,) = [r for r in checkov_report if r.get("check_type") == "terraform_json"]
    assert report["summary"]["parsing_errors"] == 0, report["summary"]
    stacks = {name: synth.stack(name) for name in synth.stack_names()}
    skips = {name: declared_skips(stack) for name, stack in stacks.items()}
    failed, accepted = [], []
    used: set[tuple[str, str, str]] = set()
    for check in report["results"]["failed_checks"]:
        stack = Path(check["file_abs_path"]).parent.name
        reason = skips.get(stack, {}).get(check["resource"], {}).get(check["check_id"])
        if reason:
            accepted.append((stack, check["check_id"], check["resource"], reason))
            used.add((stack, check["resource"], check["check_id"]))
        else:
            failed.append(f"{stack}: {check['check_id']} {check['resource']} - {check['check_name']}")
    used_ids = {(stack, res.split(".")[-1], cid) for stack, res, cid in used}
    stale = sorted({f"{stack}: {res.split('.')[-1]} skips {cid} but the check passes"
                    for stack, per_res in skips.items() for res, ids in per_res.items()
                    for cid in ids if (stack, res.split(".")[-1], cid) not in used_ids})
    passed = Counter(Path(c["file_abs_path"]).parent.name for c in report["results"]["passed_checks"])
    print(f"\ncheckov: {len(report['results']['passed_checks'])} passed, {len(accepted)} skipped "
          f"with a reason in code, {len(failed)} failed, over {len(stacks)} stacks")
    for check_id, count in sorted(Counter(a[1] for a in accepted).items()):
        reason = next(a[3] for a in accepted if a[1] == check_id)
        print(f"  skip {check_id} x{count}: {reason}")
    assert not failed, "\n".join(failed)
    assert not stale, "\n".join(stale)
    assert set(passed) == set(stacks), f"checkov scanned no checks in {set(stacks) - set(passed)}"
