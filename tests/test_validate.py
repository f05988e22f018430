"""Validate tier: ``terraform init -backend=false`` (offline mirror) + ``terraform validate``
for every stack of every environment, two at a time (the machines have two cores)."""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import Synth, require_tool
from tools import tfrc

pytestmark = pytest.mark.validate


def validate(directory: Path, env: dict[str, str]) -> tuple[str, dict[str, object] | str]:
    # Its own data dir: the emulator tier may have initialised this stack with its real backend.
    env = {**env, "TF_DATA_DIR": str(directory / ".terraform-validate")}
    init = subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color"],
                          cwd=directory, env=env, capture_output=True, text=True, timeout=600)
    if init.returncode != 0:
        return directory.name, f"init failed: {init.stderr[-1500:]}"
    check = subprocess.run(["terraform", "validate", "-json", "-no-color"], cwd=directory,
                           env=env, capture_output=True, text=True, timeout=600)
    try:
        return directory.name, dict(json.loads(check.stdout))
    except json.JSONDecodeError:
        return directory.name, f"validate printed no JSON: {check.stderr[-1500:]}"


def test_every_stack_validates(synth: Synth) -> None:
    require_tool("terraform", "the validate tier runs terraform init/validate")
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(tfrc.write()), "CHECKPOINT_DISABLE": "1",
           "TF_IN_AUTOMATION": "1"}
    stacks = synth.stack_names()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(lambda n: validate(synth.stack_dir(n), env), stacks))
    problems = {name: r for name, r in results.items()
                if isinstance(r, str) or not r.get("valid") or r.get("warning_count")}
    print(f"\nterraform validate: {len(results) - len(problems)}/{len(results)} stacks valid")
    assert not problems, json.dumps(problems, indent=1)[:6000]
    assert len(results) == len(stacks) >= 10
