"""Synthesize once, then run Terraform over an environment's stacks in dependency order.

  python -m tools.deploy deploy  [--env local]   apply every AWS stack, print outputs
  python -m tools.deploy destroy [--env local]   destroy them in reverse order
  python -m tools.deploy plan    [--env local]   plan each stack (saved as <stack>/plan.tfplan)

Why not ``cdktf deploy '<env>-*'``: it runs ``terraform init`` for every stack before applying
any, so on a new environment the network stack's S3 backend fails on the bucket the state
stack has not created yet. Per stack, ``cdktf deploy <stack>`` works once ``<env>-state``
exists; this tool is what ``make deploy`` and the emulator tests use.

Only stacks whose providers are all ``aws`` are applied here; stacks that need a live cluster
(helm, kubernetes) are synthesized and checked statically.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import environments
from tools import tfrc
from tools.emulator import Emulator, EmulatorError

ROOT = Path(__file__).resolve().parent.parent
APPLIED_PROVIDERS = {"aws"}


class DeployError(Exception):
    pass


@dataclass(frozen=True)
class Stack:
    name: str
    directory: Path
    dependencies: tuple[str, ...]
    providers: frozenset[str]

    @property
    def applicable(self) -> bool:
        return self.providers <= APPLIED_PROVIDERS


def read_stacks(outdir: Path, env: str) -> list[Stack]:
    """Stacks of ``env`` from cdktf's manifest, dependencies first."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    stacks = {}
    for name, entry in manifest["stacks"].items():
        if not name.startswith(f"{env}-"):
            continue
        directory = outdir / entry["workingDirectory"]
        config = json.loads((outdir / entry["synthesizedStackPath"]).read_text())
        providers = frozenset(config.get("terraform", {}).get("required_providers", {}))
        stacks[name] = Stack(name, directory, tuple(entry.get("dependencies", ())), providers)
    ordered: list[Stack] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if any(s.name == name for s in ordered):
            return
        if name in visiting:
            raise DeployError(f"stack dependency cycle through {name}")
        visiting.add(name)
        for dep in stacks[name].dependencies:
            if dep in stacks:
                visit(dep)
        ordered.append(stacks[name])

    for name in sorted(stacks):
        visit(name)
    return ordered


class Runner:
    """Runs the project's Terraform with its own CLI config and, for the emulator, test keys."""

    def __init__(self, *, emulated: bool, tfrc_path: Path, echo: bool = True) -> None:
        if shutil.which("terraform") is None:
            raise DeployError("terraform is not on PATH; install Terraform 1.11 "
                              "(https://developer.hashicorp.com/terraform/install) and retry")
        env = {**os.environ, "TF_CLI_CONFIG_FILE": str(tfrc_path), "TF_IN_AUTOMATION": "1",
               "CHECKPOINT_DISABLE": "1"}
        if emulated:
            # The emulator accepts any key; these never reach real AWS (every endpoint is local).
            env.update({"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_EC2_METADATA_DISABLED": "true"})
            for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
                env.pop(var, None)
        self.env = env
        self.echo = echo

    def run(self, stack: Stack, *args: str, check: bool = True, capture: bool = False,
            log: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run terraform in the stack's directory; output to the terminal, captured, or
        appended to ``log`` (used when stacks run side by side)."""
        if self.echo and log is None:
            print(f"[{stack.name}] terraform {' '.join(args)}", flush=True)
        with contextlib.ExitStack() as files:
            sink = files.enter_context(open(log, "a")) if log else None
            result = subprocess.run(
                ["terraform", *args], cwd=stack.directory, env=self.env, text=True,
                stdout=subprocess.PIPE if capture else sink,
                stderr=subprocess.PIPE if capture else (subprocess.STDOUT if sink else None),
            )
        if check and result.returncode != 0:
            if capture and result.stderr:
                detail = f": {result.stderr.strip().splitlines()[-1]}"
            elif log:
                tail = [line for line in log.read_text().splitlines() if line.strip()][-12:]
                detail = f"; end of {log}:\n  " + "\n  ".join(tail)
            else:
                detail = ""
            raise DeployError(f"{stack.name}: terraform {args[0]} failed "
                              f"(exit {result.returncode}){detail}")
        return result

    def init(self, stack: Stack, log: Path | None = None) -> None:
        self.run(stack, "init", "-input=false", "-no-color", "-reconfigure", log=log)


def synthesize(env: str | None, outdir: Path, emulator_url: str | None) -> None:
    """One synth (validation included) of one environment, or all when ``env`` is None."""
    run_env = {**os.environ, "PLATFORM_ENVS": env or "", "CDKTF_OUTDIR": str(outdir)}
    if emulator_url:
        run_env["PLATFORM_EMULATOR_URL"] = emulator_url
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], env=run_env, cwd=ROOT)
    if result.returncode != 0:
        raise DeployError(f"synth of {env or 'all environments'} failed "
                          f"(exit {result.returncode}); see above")


@dataclass
class Environment:
    """One environment's stacks, synthesized and ready for Terraform."""

    name: str
    outdir: Path
    runner: Runner
    stacks: list[Stack]

    @classmethod
    def prepare(cls, env: str, outdir: Path, *, synth: bool = True, echo: bool = True,
                emulator: Emulator | None = None) -> Environment:
        config = environments.load([env])[env]
        emulator_url = None
        if config.is_emulated:
            emulator = emulator or Emulator.from_env()
            emulator_url = emulator.start()
            if echo:
                print(f"emulator: {emulator_url} (pid file {emulator.pid_file})", flush=True)
        tfrc_path = tfrc.write()
        if synth:
            synthesize(env, outdir, emulator_url)
        runner = Runner(emulated=config.is_emulated, tfrc_path=tfrc_path, echo=echo)
        stacks = [s for s in read_stacks(outdir, env) if s.applicable]
        if not stacks:
            raise DeployError(f"no stacks for {env} in {outdir}")
        return cls(env, outdir, runner, stacks)

    def _side_by_side(self, work: Callable[[Stack], None], *, reverse: bool = False) -> None:
        """Run ``work`` on every stack as soon as the stacks it depends on are done (for
        destroy: the stacks that depend on it); independent stacks run in parallel, since
        most of their time is spent in provider waits, not on the CPU."""
        names = {s.name for s in self.stacks}
        needs = {s.name: {d for d in s.dependencies if d in names} for s in self.stacks}
        if reverse:
            needs = {n: {m for m in names if n in needs[m]} for n in names}
        pending = {s.name: s for s in self.stacks}
        done: set[str] = set()
        failures: list[DeployError] = []
        with ThreadPoolExecutor(max_workers=len(self.stacks)) as pool:
            running: dict[Future[None], str] = {}
            while pending or running:
                ready = [] if failures else [n for n in pending if needs[n] <= done]
                for name in ready:
                    running[pool.submit(work, pending.pop(name))] = name
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    name = running.pop(future)
                    try:
                        future.result()
                        done.add(name)
                    except DeployError as err:
                        failures.append(err)
        if failures:
            raise failures[0]

    def _apply(self, stack: Stack, *args: str) -> None:
        log = stack.directory / f"{args[0]}.log"
        log.write_text("")
        started = time.monotonic()
        if self.runner.echo:
            print(f"[{stack.name}] terraform {args[0]} started (log: {log})", flush=True)
        self.runner.init(stack, log=log)
        self.runner.run(stack, *args, "-auto-approve", "-input=false", "-no-color", log=log)
        if self.runner.echo:
            print(f"[{stack.name}] terraform {args[0]} done in {time.monotonic() - started:.0f} s",
                  flush=True)

    def deploy(self) -> dict[str, dict[str, object]]:
        self._side_by_side(lambda stack: self._apply(stack, "apply"))
        return {stack.name: self.outputs(stack) for stack in self.stacks}

    def outputs(self, stack: Stack) -> dict[str, object]:
        result = self.runner.run(stack, "output", "-json", "-no-color", capture=True)
        return {k: v["value"] for k, v in json.loads(result.stdout or "{}").items()
                if not v.get("sensitive")}

    def destroy(self) -> None:
        self._side_by_side(lambda stack: self._apply(stack, "destroy"), reverse=True)

    def plan(self, stacks: Sequence[Stack] | None = None) -> dict[str, int]:
        """Plan each stack; returns ``-detailed-exitcode`` per stack (0 clean, 2 changes)."""
        codes = {}
        for stack in stacks or self.stacks:
            self.runner.init(stack)
            result = self.runner.run(stack, "plan", "-input=false", "-no-color",
                                     "-detailed-exitcode", "-out=plan.tfplan", check=False)
            if result.returncode not in (0, 2):
                raise DeployError(f"{stack.name}: terraform plan failed (exit {result.returncode})")
            codes[stack.name] = result.returncode
        return codes


def print_outputs(outputs: Mapping[str, Mapping[str, object]]) -> None:
    print("\nOutputs:")
    for stack, values in outputs.items():
        for key, value in values.items():
            print(f"  {stack}.{key} = {json.dumps(value, sort_keys=True)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.deploy")
    parser.add_argument("command", choices=["deploy", "destroy", "plan"])
    parser.add_argument("--env", default=environments.DEFAULT_ENVIRONMENT)
    parser.add_argument("--outdir", type=Path, default=ROOT / "cdktf.out")
    args = parser.parse_args(argv)
    try:
        env = Environment.prepare(args.env, args.outdir.resolve())
        if args.command == "deploy":
            print_outputs(env.deploy())
        elif args.command == "destroy":
            env.destroy()
        else:
            codes = env.plan()
            print("\nPlans:", ", ".join(f"{s}: {'no changes' if c == 0 else 'changes'}"
                                        for s, c in codes.items()))
    except environments.ConfigError as err:
        print("\n".join(err.lines), file=sys.stderr)
        return 2
    except (DeployError, EmulatorError, tfrc.MirrorError) as err:
        print(f"{args.command}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
