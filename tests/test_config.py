"""Config tier: malformed environments stop the app with one line, a non-zero exit, no output.

Each case copies the real environment files into a temporary directory, breaks one value and
runs main.py on it (validation happens before any provider binding loads: ~1 s per case).
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import environments
from environments.schema import EnvironmentConfig

pytestmark = pytest.mark.config
ROOT = Path(__file__).resolve().parent.parent
Settings = dict[str, dict[str, Any]]


def settings_of(directory: Path = environments.HERE) -> Settings:
    out = {}
    for name in environments.available(directory):
        namespace: dict[str, Any] = {}
        exec((directory / f"{name}.py").read_text(), namespace)  # noqa: S102 - our own files
        out[name] = copy.deepcopy(namespace["SETTINGS"])
    return out


def write(directory: Path, settings: Settings) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, values in settings.items():
        (directory / f"{name}.py").write_text(f"SETTINGS = {values!r}\n")


def set_path(path: str, value: Any) -> Callable[[Settings], None]:
    env, *keys = path.split(".")

    def mutate(settings: Settings) -> None:
        target = settings[env]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return mutate


def drop(path: str) -> Callable[[Settings], None]:
    env, *keys = path.split(".")

    def mutate(settings: Settings) -> None:
        target = settings[env]
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]
    return mutate


# (case id, mutation, the field the one error line must name, a fragment of the rule)
CASES = [
    ("az-count-above-6", set_path("prod.network.az_count", 7), "prod.network.az_count",
     "less than or equal to 6"),
    ("az-count-below-2", set_path("dev.network.az_count", 1), "dev.network.az_count",
     "greater than or equal to 2"),
    ("cidr-too-small", set_path("staging.network.vpc_cidr", "10.30.0.0/24"),
     "staging.network.vpc_cidr", "/16 to /22"),
    ("cidr-too-large", set_path("prod.network.vpc_cidr", "10.0.0.0/12"),
     "prod.network.vpc_cidr", "/16 to /22"),
    ("cidr-not-a-cidr", set_path("dev.network.vpc_cidr", "ten-dot-twenty"),
     "dev.network.vpc_cidr", "ipv4 network"),
    ("cidr-public-range", set_path("preprod.network.vpc_cidr", "8.8.0.0/16"),
     "preprod.network.vpc_cidr", "private"),
    ("cidrs-overlap", set_path("staging.network.vpc_cidr", "10.50.0.0/16"),
     "staging.network.vpc_cidr", "must not overlap prod.network.vpc_cidr"),
    ("nat-strategy-unknown", set_path("prod.network.nat_strategy", "sometimes"),
     "prod.network.nat_strategy", "'single' or 'per_az'"),
    ("retention-not-allowed", set_path("dev.network.flow_log_retention_days", 42),
     "dev.network.flow_log_retention_days", "retention period"),
    ("endpoints-not-bool", set_path("prod.network.interface_endpoints", "yes"),
     "prod.network.interface_endpoints", "valid boolean"),
    ("region-malformed", set_path("prod.region", "Europe"), "prod.region", "region name"),
    ("name-not-dns-safe", set_path("dev.name", "Dev_1"), "dev.name", "DNS-safe"),
    ("name-differs-from-file", set_path("dev.name", "develop"), "dev.name",
     "must equal the file name"),
    ("unknown-network-field", set_path("prod.network.vcp_cidr", "10.0.0.0/16"),
     "prod.network.vcp_cidr", "extra inputs are not permitted"),
    ("unknown-top-level-field", set_path("staging.colour", "blue"), "staging.colour",
     "extra inputs are not permitted"),
    ("network-missing", drop("preprod.network"), "preprod.network", "field required"),
    ("account-id-malformed", set_path("prod.account_id", "1234"), "prod.account_id",
     "12-digit"),
    ("role-arn-malformed", set_path("prod.assume_role_arn", "arn:aws:iam::123456789012:user/x"),
     "prod.assume_role_arn", "IAM role ARN"),
    ("role-in-another-account",
     lambda s: (set_path("prod.account_id", "111111111111")(s),
                set_path("prod.assume_role_arn", "arn:aws:iam::222222222222:role/deploy")(s)),
     "prod.assume_role_arn", "must be a role in account_id 111111111111"),
    ("emulator-with-account", set_path("local.account_id", "111111111111"), "local.emulator",
     "takes no account_id"),
    ("reserved-tag-key", set_path("dev.tags", {"aws:owner": "me"}), "dev.tags",
     "not a valid AWS tag key"),
    # cluster section
    ("kubernetes-version", set_path("prod.cluster.kubernetes_version", "1.20"),
     "prod.cluster.kubernetes_version", "EKS Kubernetes minor version"),
    ("addon-missing", set_path("prod.cluster.addons", {"vpc-cni": "v1.20.1-eksbuild.3"}),
     "prod.cluster.addons", "must pin exactly"),
    ("addon-version-floating",
     lambda s: s["dev"]["cluster"].__setitem__(
         "addons", {**s["dev"]["cluster"]["addons"], "coredns": "latest"}),
     "dev.cluster.addons", "versions must look like"),
    ("node-sizes-inverted", set_path("prod.cluster.system_nodes.desired_size", 9),
     "prod.cluster.system_nodes.desired_size", "must lie within min_size 3 and max_size 6"),
    ("instance-type-malformed", set_path("dev.cluster.system_nodes.instance_types", ["large"]),
     "dev.cluster.system_nodes.instance_types", "EC2 instance types"),
    ("endpoint-open-to-world", set_path("staging.cluster.public_access_cidrs", ["0.0.0.0/0"]),
     "staging.cluster.public_access_cidrs", "must not contain 0.0.0.0/0"),
    ("public-endpoint-without-cidrs", set_path("dev.cluster.public_access_cidrs", []),
     "dev.cluster.public_access_cidrs", "at least one CIDR"),
    ("cidrs-without-public-endpoint", set_path("prod.cluster.public_access_cidrs", ["203.0.113.0/24"]),
     "prod.cluster.public_access_cidrs", "must be empty while public_endpoint is off"),
    ("wide-cidr-in-protected-env", set_path("staging.cluster.public_access_cidrs", ["100.64.0.0/10"]),
     "staging.cluster.public_access_cidrs", "/16 or narrower"),
    ("node-autoscaler-unknown", set_path("prod.cluster.node_autoscaler", "keda"),
     "prod.cluster.node_autoscaler", "'karpenter' or 'cluster-autoscaler'"),
    ("cluster-log-retention", set_path("prod.cluster.log_retention_days", 42),
     "prod.cluster.log_retention_days", "retention period"),
    # access section
    ("developer-level-unknown", set_path("prod.access.developer_level", "root"),
     "prod.access.developer_level", "'admin', 'edit', 'view' or 'none'"),
    ("preprod-not-below-staging", set_path("preprod.access.developer_level", "edit"),
     "preprod.access.developer_level", "must grant developers less than staging (edit)"),
    ("prod-not-below-preprod", set_path("prod.access.developer_level", "view"),
     "prod.access.developer_level", "must grant developers less than preprod (view)"),
    ("persona-role-malformed", set_path("prod.access.devops.roles", ["arn:aws:iam::1:user/bob"]),
     "prod.access.devops.roles", "IAM role names or role ARNs"),
    ("persona-without-roles", set_path("dev.access.developer.roles", []),
     "dev.access.developer.roles", "at least 1 item"),
    ("namespace-reserved", set_path("prod.access.app_namespaces", ["kube-apps"]),
     "prod.access.app_namespaces", "DNS-1123 labels outside kube-*"),
    # databases
    ("database-name-not-identifier",
     lambda s: s["prod"]["databases"].__setitem__("Orders-DB", s["prod"]["databases"].pop("orders")),
     "prod.databases.Orders-DB", "names must be identifiers"),
    ("engine-unknown", set_path("prod.databases.orders.engine", "oracle"),
     "prod.databases.orders.engine", "'postgres' or 'mysql'"),
    ("engine-version-unpinned", set_path("prod.databases.orders.engine_version", "9.6"),
     "prod.databases.orders.engine_version", "must be a pinned postgres version"),
    ("mysql-version-on-postgres", set_path("dev.databases.catalog.engine_version", "16.6"),
     "dev.databases.catalog.engine_version", "must be a pinned mysql version"),
    ("replicas-without-backups",
     lambda s: (set_path("dev.databases.orders.read_replicas", 1)(s),
                set_path("dev.databases.orders.backup_retention_days", 0)(s)),
     "dev.databases.orders.backup_retention_days", "at least 1 when read replicas exist"),
    ("replicas-beyond-azs", set_path("dev.databases.orders.read_replicas", 2),
     "dev.databases.orders.read_replicas", "its own AZ besides the primary's (1 here)"),
    ("protection-off-in-protected-env", set_path("prod.databases.orders.deletion_protection", False),
     "prod.databases.orders.deletion_protection", "must be on where the environment protects data"),
    ("max-storage-below-allocated", set_path("prod.databases.orders.max_allocated_storage_gib", 50),
     "prod.databases.orders.max_allocated_storage_gib", "at least allocated_storage_gib (100)"),
    ("windows-overlap", set_path("staging.databases.orders.maintenance_window", "mon:02:30-mon:03:30"),
     "staging.databases.orders.maintenance_window", "must not overlap backup_window"),
    ("backup-window-malformed", set_path("staging.databases.orders.backup_window", "2am-3am"),
     "staging.databases.orders.backup_window", "hh:mm-hh:mm"),
    ("monitoring-interval", set_path("prod.databases.orders.monitoring_interval", 42),
     "prod.databases.orders.monitoring_interval", "must be one of"),
    ("db-instance-class", set_path("prod.databases.orders.instance_class", "r6g.large"),
     "prod.databases.orders.instance_class", "RDS instance class"),
    ("master-user-reserved", set_path("prod.databases.orders.master_username", "postgres"),
     "prod.databases.orders.master_username", "not a reserved one"),
    # edge
    ("edge-domain-malformed", set_path("prod.edge.domain", "Static_Site"),
     "prod.edge.domain", "lowercase DNS name"),
    ("edge-domain-without-zone", set_path("staging.edge.domain", "static.example.org"),
     "staging.edge.hosted_zone_id", "must be set together with domain"),
    ("edge-zone-malformed", set_path("prod.edge.hosted_zone_id", "zone-1"),
     "prod.edge.hosted_zone_id", "hosted zone id"),
    ("edge-geo-without-countries", set_path("dev.edge.geo_restriction", "whitelist"),
     "dev.edge.geo_locations", "must list countries exactly when"),
    ("edge-country-code", set_path("preprod.edge.geo_locations", ["Germany"]),
     "preprod.edge.geo_locations", "ISO 3166-1 alpha-2"),
    ("edge-rate-limit-too-low", set_path("prod.edge.rate_limit", 10),
     "prod.edge.rate_limit", "greater than or equal to 100"),
    ("edge-rule-group-unknown", set_path("prod.edge.extra_managed_rules", ["SQLi"]),
     "prod.edge.extra_managed_rules", "AWS managed rule group names"),
    ("edge-price-class", set_path("dev.edge.price_class", "cheap"),
     "dev.edge.price_class", "PriceClass_100"),
    # vpn
    ("vpn-cidr-overlaps-a-vpc", set_path("prod.vpn.client_cidr", "10.20.0.0/22"),
     "prod.vpn.client_cidr", "must not overlap dev.network.vpc_cidr"),
    ("vpn-cidr-size", set_path("staging.vpn.client_cidr", "172.16.4.0/26"),
     "staging.vpn.client_cidr", "/12 to /22"),
    ("vpn-saml-without-provider", drop("dev.vpn.saml_provider"),
     "dev.vpn.saml_provider", "must be set for SAML"),
    ("vpn-without-server-certificate", drop("preprod.vpn.server_certificate"),
     "preprod.vpn.server_certificate", "issued ACM certificate"),
    ("vpn-certificate-auth-without-root",
     set_path("prod.vpn.authentication", "certificate"),
     "prod.vpn.client_root_certificate_arn", "must be set for certificate authentication"),
]


@pytest.fixture(scope="module")
def real_settings() -> Settings:
    return settings_of()


def test_committed_environments_are_valid() -> None:
    configs = environments.load()
    assert set(configs) == {"local", "dev", "staging", "preprod", "prod"}
    assert all(isinstance(c, EnvironmentConfig) for c in configs.values())
    assert [n for n, c in configs.items() if c.is_emulated] == ["local"]


def test_at_least_twelve_cases() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize(("case", "mutate", "field", "rule"), CASES, ids=[c[0] for c in CASES])
def test_malformed_config_is_refused(tmp_path: Path, real_settings: Settings, case: str,
                                     mutate: Callable[[Settings], None], field: str,
                                     rule: str) -> None:
    settings = copy.deepcopy(real_settings)
    mutate(settings)
    env_dir = tmp_path / "environments"
    write(env_dir, settings)
    outdir = tmp_path / "cdktf.out"
    outdir.mkdir()
    sentinel = outdir / "untouched"
    sentinel.write_text(case)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "PLATFORM_ENV_DIR": str(env_dir), "CDKTF_OUTDIR": str(outdir),
             "PLATFORM_ENVS": ""}, timeout=120,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert len(lines) == 1, lines
    (line,) = lines
    assert line.startswith(f"{field}: "), line
    assert rule.lower() in line.lower(), line
    assert "; got " in line, line
    assert sorted(p.name for p in outdir.iterdir()) == ["untouched"]
    assert sentinel.read_text() == case


def test_unknown_environment_is_named(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "PLATFORM_ENVS": "qa", "CDKTF_OUTDIR": str(tmp_path / "out")},
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("qa: no such environment"), result.stderr
    assert not (tmp_path / "out").exists()
