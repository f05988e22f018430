"""Environment registry: loads every ``environments/<name>.py`` and validates it.

Nothing here imports cdktf: validation runs (and fails) in well under a second, before any
provider binding is loaded and before anything is written to ``cdktf.out/``.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from environments.schema import EnvironmentConfig

HERE = Path(__file__).resolve().parent
NOT_ENVIRONMENTS = {"__init__", "schema"}
DEFAULT_ENVIRONMENT = "local"


class ConfigError(Exception):
    """Invalid configuration; ``lines`` holds one ``<env>.<path>: <rule>; got <value>`` each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _show(value: object) -> str:
    if isinstance(value, str):
        return value if value else "''"
    return repr(value) if isinstance(value, dict | list | tuple) else str(value)


def format_errors(env: str, error: ValidationError) -> list[str]:
    """Render pydantic errors as one line each, path first."""
    lines = []
    for err in error.errors():
        path = ".".join([env, *(str(p) for p in err["loc"])])
        if err["type"] == "cross_field":
            ctx = err.get("ctx", {})
            lines.append(f"{path}.{ctx['field']}: {ctx['rule']}; got {ctx['got']}".replace("..", "."))
            continue
        rule = err["msg"].removeprefix("Value error, ")
        got = "nothing (the field is required)" if err["type"] == "missing" else _show(err["input"])
        lines.append(f"{path}: {rule[:1].lower()}{rule[1:]}; got {got}")
    return lines


def validate(name: str, settings: Mapping[str, Any]) -> EnvironmentConfig:
    """Validate one environment's settings; the file name is the environment name."""
    try:
        config = EnvironmentConfig.model_validate(dict(settings))
    except ValidationError as err:
        raise ConfigError(format_errors(name, err)) from None
    if config.name != name:
        raise ConfigError([f"{name}.name: must equal the file name environments/{name}.py; "
                           f"got {config.name}"])
    return config


# The seed's access policy: staging grants developers more than pre-production, prod least.
DEVELOPER_ORDER = ("staging", "preprod", "prod")


def check_together(configs: Iterable[EnvironmentConfig]) -> None:
    """Rules across environments: VPC CIDRs must not overlap (VPN routes and peering need
    it); developer access strictly decreases staging > preprod > prod."""
    configs = list(configs)
    by_name = {c.name: c for c in configs}
    seen: list[EnvironmentConfig] = []
    lines = []
    for config in configs:
        if config.vpn is None:
            continue
        for other in configs:
            if config.vpn.client_cidr.overlaps(other.network.vpc_cidr):
                lines.append(f"{config.name}.vpn.client_cidr: must not overlap "
                             f"{other.name}.network.vpc_cidr ({other.network.vpc_cidr}); "
                             f"got {config.vpn.client_cidr}")
    ordered = [by_name[n] for n in DEVELOPER_ORDER if n in by_name]
    for more, less in itertools.pairwise(ordered):
        if less.access.developer_level.rank >= more.access.developer_level.rank:
            lines.append(f"{less.name}.access.developer_level: must grant developers less than "
                         f"{more.name} ({more.access.developer_level}); "
                         f"got {less.access.developer_level}")
    for config in configs:
        for other in seen:
            if config.network.vpc_cidr.overlaps(other.network.vpc_cidr):
                lines.append(f"{config.name}.network.vpc_cidr: must not overlap "
                             f"{other.name}.network.vpc_cidr ({other.network.vpc_cidr}); "
                             f"got {config.network.vpc_cidr}")
        seen.append(config)
    if lines:
        raise ConfigError(lines)


def _read_settings(path: Path) -> Mapping[str, Any]:
    spec = importlib.util.spec_from_file_location(f"_platform_env_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ConfigError([f"{path.stem}: cannot be loaded as Python; got {path}"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    settings = getattr(module, "SETTINGS", None)
    if not isinstance(settings, Mapping):
        raise ConfigError([f"{path.stem}.SETTINGS: must be a dict defined in {path}; "
                           f"got {type(settings).__name__}"])
    return settings


def available(directory: Path = HERE) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.py")
                  if p.stem not in NOT_ENVIRONMENTS and not p.stem.startswith("_"))


def load(names: Iterable[str] | None = None, directory: Path = HERE) -> dict[str, EnvironmentConfig]:
    """Load and validate environments; every environment is validated, ``names`` selects.

    All environments are validated even when only some are selected, so a broken file or an
    overlapping CIDR is caught on every run rather than on the day that environment deploys.
    """
    known = available(directory)
    wanted = list(names) if names is not None else known
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise ConfigError([f"{n}: no such environment (files in {directory}: {', '.join(known)}); "
                           f"got {n}" for n in unknown])
    configs: dict[str, EnvironmentConfig] = {}
    lines: list[str] = []
    for name in known:
        try:
            configs[name] = validate(name, _read_settings(directory / f"{name}.py"))
        except ConfigError as err:
            lines.extend(err.lines)
    if lines:
        raise ConfigError(lines)
    check_together(configs.values())
    return {name: configs[name] for name in wanted}
