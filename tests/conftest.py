"""Shared fixtures: ONE synth of every environment per test session, read as JSON by all tiers.

The synth runs in a subprocess (main.py, the code path users run), so the test process never
loads the 1 GB of provider bindings. Its emulator URL carries a free loopback port chosen now;
the emulator tier starts moto on that port, so it needs no second synth.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import environments
from environments.schema import EnvironmentConfig
from tools.deploy import synthesize
from tools.emulator import HOST, free_port

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
ENVIRONMENTS = environments.available()
CONFIGS = environments.load()


def require_tool(name: str, why: str) -> str:
    """Path of ``name``; skip (with the reason) where it is missing, but fail in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed: {why}"
        if IN_CI:
            pytest.fail(f"CI runs every tier: {message}")
        pytest.skip(message)
    return path


@dataclass
class Synth:
    outdir: Path
    emulator_port: int
    _cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def emulator_url(self) -> str:
        return f"http://{HOST}:{self.emulator_port}"

    @property
    def manifest(self) -> dict[str, Any]:
        return dict(json.loads((self.outdir / "manifest.json").read_text()))

    def stack_names(self) -> list[str]:
        return sorted(self.manifest["stacks"])

    def stack_dir(self, name: str) -> Path:
        return self.outdir / "stacks" / name

    def stack(self, name: str) -> dict[str, Any]:
        if name not in self._cache:
            path = self.stack_dir(name) / "cdk.tf.json"
            assert path.exists(), f"stack {name} was not synthesized; have {self.stack_names()}"
            self._cache[name] = json.loads(path.read_text())
        return self._cache[name]

    def resources(self, stack: str, rtype: str) -> dict[str, dict[str, Any]]:
        return dict(self.stack(stack).get("resource", {}).get(rtype, {}))

    def resource(self, stack: str, rtype: str, name: str) -> dict[str, Any]:
        found = self.resources(stack, rtype)
        assert name in found, (f"{stack}: no {rtype}.{name}; {rtype} present: {sorted(found)}; "
                               f"types present: {sorted(self.stack(stack).get('resource', {}))}")
        return found[name]

    def data(self, stack: str, dtype: str, name: str) -> dict[str, Any]:
        found = self.stack(stack).get("data", {}).get(dtype, {})
        assert name in found, f"{stack}: no data.{dtype}.{name}; present: {sorted(found)}"
        return dict(found[name])


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    outdir = tmp_path_factory.mktemp("synth") / "cdktf.out"
    port = free_port()
    synthesize(None, outdir, f"http://{HOST}:{port}")
    yield Synth(outdir, port)


@pytest.fixture(params=ENVIRONMENTS)
def env(request: pytest.FixtureRequest) -> EnvironmentConfig:
    return CONFIGS[str(request.param)]
