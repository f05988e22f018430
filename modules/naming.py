"""One naming helper: physical names and tags come from here, never from construct ids."""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema import EnvironmentConfig


@dataclass(frozen=True)
class Naming:
    """Physical names for one environment: ``<project>-<env>[-<part>...]``."""

    project: str
    env: str
    region: str
    account_id: str | None = None

    @classmethod
    def of(cls, config: EnvironmentConfig) -> Naming:
        return cls(config.project, config.name, config.region, config.account_id)

    @property
    def prefix(self) -> str:
        return f"{self.project}-{self.env}"

    def name(self, *parts: str) -> str:
        return "-".join([self.prefix, *parts])

    @property
    def state_bucket(self) -> str:
        """Globally unique when the account is known; the region keeps it apart otherwise."""
        return self.name("tfstate", self.account_id or self.region)

    def state_key(self, stack: str) -> str:
        return f"{self.env}/{stack}.tfstate"

    def stack(self, role: str) -> str:
        return f"{self.env}-{role}"

    @property
    def cluster(self) -> str:
        return self.prefix

    def default_tags(self, extra: dict[str, str]) -> dict[str, str]:
        return {**extra, "project": self.project, "environment": self.env, "managed-by": "cdktf"}
