#!/usr/bin/env python
"""The cdktf app: validates every environment, then synthesizes the selected ones.

Environment variables (read here only, never inside constructs):
  PLATFORM_ENVS          comma-separated environments to synthesize (default: all)
  PLATFORM_ENV_DIR       directory of environment files (default: environments/)
  PLATFORM_EMULATOR_URL  the AWS emulator for emulated environments (default below)
  CDKTF_OUTDIR           where to write (default: cdktf.out/ next to this file)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import environments

ROOT = Path(__file__).resolve().parent
DEFAULT_EMULATOR_URL = "http://127.0.0.1:4566"


def main() -> int:
    selected = [n for n in os.environ.get("PLATFORM_ENVS", "").split(",") if n.strip()] or None
    directory = Path(os.environ.get("PLATFORM_ENV_DIR", environments.HERE))
    try:
        configs = environments.load(selected, directory)
    except environments.ConfigError as err:
        for line in err.lines:
            print(line, file=sys.stderr)
        return 2

    # Imported only after validation: provider bindings cost ~20 s and a GB of memory.
    from cdktf import App

    from modules.stacks import EMULATED_PKI_DIR, build_environment
    from tools import pki

    outdir = Path(os.environ.get("CDKTF_OUTDIR", str(ROOT / "cdktf.out")))
    app = App(outdir=str(outdir))
    emulator_url = os.environ.get("PLATFORM_EMULATOR_URL", DEFAULT_EMULATOR_URL)
    for config in configs.values():
        if config.is_emulated and config.vpn is not None:
            # The emulated VPN imports a throwaway server certificate made here, never committed.
            pki.ensure(outdir.parent / EMULATED_PKI_DIR / config.name, f"vpn.{config.name}.internal")
        build_environment(app, config, emulator_url=emulator_url if config.is_emulated else None)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
