"""Typed, validated environment configuration.

Every environment file under ``environments/`` exports ``SETTINGS`` (a plain dict) that is
validated here with pydantic v2 before any construct is built. Models are frozen and forbid
unknown fields, so a typo is an error rather than a silently ignored key.

Errors are rendered by :func:`environments.format_errors` as one line each:
``<env>.<field path>: <rule>; got <value>``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from ipaddress import IPv4Network
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# CloudWatch Logs accepts only these retention periods (PutRetentionPolicy).
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
                      1827, 2192, 2557, 2922, 3288, 3653)

# Subnet layout (see modules/network.py): the VPC is cut into 8 blocks; blocks 0-5 are the
# private subnets of AZs a-f, block 6 holds the public subnets and block 7 the database
# subnets, each cut again into 8. The smallest subnet is therefore VPC prefix + 6 bits, and
# AWS refuses subnets smaller than /28: the VPC prefix must be /22 or larger.
SMALLEST_TIER_NEWBITS = 6
MIN_SUBNET_PREFIX = 28
MAX_VPC_PREFIX = MIN_SUBNET_PREFIX - SMALLEST_TIER_NEWBITS  # /22
MIN_VPC_PREFIX = 16  # AWS: a VPC CIDR block is between /16 and /28

DNS_LABEL = re.compile(r"^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$")
REGION = re.compile(r"^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$")
ACCOUNT_ID = re.compile(r"^\d{12}$")
ROLE_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")
TAG_KEY = re.compile(r"^[\w .:/=+\-@]{1,128}$")


def cross_field_error(field: str, rule: str, got: object) -> PydanticCustomError:
    """An error found by comparing fields; ``field`` is the path (relative to the model) to blame."""
    return PydanticCustomError("cross_field", "{field}: {rule}; got {got}",
                               {"field": field, "rule": rule, "got": str(got)})


def matching(pattern: re.Pattern[str], rule: str) -> AfterValidator:
    """The field must fully match ``pattern`` (None passes: the field is optional)."""
    def check(value: str | None) -> str | None:
        if value is not None and not pattern.fullmatch(value):
            raise ValueError(rule)
        return value
    return AfterValidator(check)


def each_matching(pattern: re.Pattern[str], rule: str) -> AfterValidator:
    """Every item must fully match ``pattern``; the error lists the ones that do not."""
    def check(values: tuple[str, ...]) -> tuple[str, ...]:
        bad = [v for v in values if not pattern.fullmatch(v)]
        if bad:
            raise ValueError(f"{rule} ({', '.join(bad)})")
        return values
    return AfterValidator(check)


def check_retention(value: int) -> int:
    if value not in LOG_RETENTION_DAYS:
        raise ValueError(f"must be a CloudWatch Logs retention period {LOG_RETENTION_DAYS}")
    return value


# A CloudWatch Logs retention period (one of LOG_RETENTION_DAYS).
RetentionDays = Annotated[StrictInt, AfterValidator(check_retention)]


class Strict(BaseModel):
    """Base for every config section: frozen, unknown keys rejected. Booleans and integers are
    strict (no "yes" or "3" coerced); sequences may be lists or tuples."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NatStrategy(StrEnum):
    SINGLE = "single"
    PER_AZ = "per_az"


class NetworkConfig(Strict):
    """The VPC of an environment.

    Default layout: 8 equal blocks of ``vpc_cidr``; six carry the private subnets (one per AZ),
    one the public and one the database subnets. Default NAT: one per AZ.
    """

    vpc_cidr: Annotated[IPv4Network, Field()]
    az_count: Annotated[StrictInt, Field(ge=2, le=6)] = 3
    nat_strategy: NatStrategy = Field(default=NatStrategy.PER_AZ)
    flow_log_retention_days: RetentionDays = 90
    interface_endpoints: StrictBool = True

    @field_validator("vpc_cidr")
    @classmethod
    def _cidr_size(cls, value: IPv4Network) -> IPv4Network:
        if not MIN_VPC_PREFIX <= value.prefixlen <= MAX_VPC_PREFIX:
            raise ValueError(
                f"must be a /{MIN_VPC_PREFIX} to /{MAX_VPC_PREFIX} block to hold private, public and "
                f"database subnets for up to 6 AZs (smallest subnet /{MIN_SUBNET_PREFIX})"
            )
        if not value.is_private:
            raise ValueError("must be a private (RFC 1918) range")
        return value


    @property
    def az_letters(self) -> tuple[str, ...]:
        """AZ suffixes in use, e.g. ('a', 'b', 'c'); resources are keyed by these, not indexes."""
        return tuple("abcdef"[: self.az_count])


class NodeAutoscaler(StrEnum):
    KARPENTER = "karpenter"
    CLUSTER_AUTOSCALER = "cluster-autoscaler"


class DeveloperLevel(StrEnum):
    """What developers may do in an environment's cluster, most to least."""

    ADMIN = "admin"  # cluster-wide admin (AmazonEKSAdminPolicy)
    EDIT = "edit"  # edit in the application namespaces
    VIEW = "view"  # read-only in the application namespaces
    NONE = "none"  # no access entry at all (break-glass goes through devops)

    @property
    def rank(self) -> int:
        return {"admin": 3, "edit": 2, "view": 1, "none": 0}[self.value]


MANAGED_ADDONS = ("vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver", "eks-pod-identity-agent")
KUBERNETES_VERSION = re.compile(r"^1\.(2[89]|3\d)$")
ADDON_VERSION = re.compile(r"^v\d+\.\d+\.\d+-eksbuild\.\d+$")
NAMESPACE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$")


class NodeGroupConfig(Strict):
    """The managed node group that runs platform controllers (tainted CriticalAddonsOnly)."""

    instance_types: Annotated[tuple[str, ...], Field(min_length=1), each_matching(
        INSTANCE_TYPE, "must be EC2 instance types such as m6i.large")]
    min_size: Annotated[StrictInt, Field(ge=1, le=100)] = 2
    desired_size: Annotated[StrictInt, Field(ge=1, le=100)] = 2
    max_size: Annotated[StrictInt, Field(ge=1, le=100)] = 4
    disk_size_gib: Annotated[StrictInt, Field(ge=20, le=1000)] = 50


    @model_validator(mode="after")
    def _sizes(self) -> NodeGroupConfig:
        if not self.min_size <= self.desired_size <= self.max_size:
            raise cross_field_error("desired_size", f"must lie within min_size {self.min_size} "
                                    f"and max_size {self.max_size}", self.desired_size)
        return self


class ClusterConfig(Strict):
    """EKS: private endpoint always on; public endpoint off unless enabled with allowed CIDRs.

    Default node autoscaler: Karpenter. Default control-plane log retention: 90 days.
    """

    kubernetes_version: Annotated[StrictStr, matching(
        KUBERNETES_VERSION, "must be an EKS Kubernetes minor version such as 1.33")]
    public_endpoint: StrictBool = False
    public_access_cidrs: tuple[Annotated[IPv4Network, Field()], ...] = ()
    system_nodes: NodeGroupConfig
    addons: dict[str, str]
    log_retention_days: RetentionDays = 90
    node_autoscaler: NodeAutoscaler = Field(default=NodeAutoscaler.KARPENTER)


    @field_validator("addons")
    @classmethod
    def _addons(cls, value: dict[str, str]) -> dict[str, str]:
        if set(value) != set(MANAGED_ADDONS):
            missing = sorted(set(MANAGED_ADDONS) - set(value))
            extra = sorted(set(value) - set(MANAGED_ADDONS))
            raise ValueError(f"must pin exactly {', '.join(MANAGED_ADDONS)} (missing: "
                             f"{', '.join(missing) or '-'}; unknown: {', '.join(extra) or '-'})")
        bad = [f"{k}={v}" for k, v in value.items() if not ADDON_VERSION.fullmatch(v)]
        if bad:
            raise ValueError(f"versions must look like v1.2.3-eksbuild.1 ({', '.join(bad)})")
        return value


    @model_validator(mode="after")
    def _exposure(self) -> ClusterConfig:
        anywhere = [str(c) for c in self.public_access_cidrs if c.prefixlen == 0]
        if anywhere:
            raise cross_field_error("public_access_cidrs", "must not contain 0.0.0.0/0; list the "
                                    "office or VPN egress ranges", ", ".join(anywhere))
        if self.public_endpoint and not self.public_access_cidrs:
            raise cross_field_error("public_access_cidrs", "must list at least one CIDR when "
                                    "public_endpoint is on", "nothing")
        if self.public_access_cidrs and not self.public_endpoint:
            raise cross_field_error("public_access_cidrs", "must be empty while public_endpoint "
                                    "is off", ", ".join(map(str, self.public_access_cidrs)))
        return self


class PersonaConfig(Strict):
    """IAM roles that act as one persona: names (in the environment's account) or ARNs."""

    roles: Annotated[tuple[str, ...], Field(min_length=1)]

    @field_validator("roles")
    @classmethod
    def _roles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [r for r in value if not (ROLE_NAME.fullmatch(r) or ROLE_ARN.fullmatch(r))]
        if bad:
            raise ValueError(f"must be IAM role names or role ARNs ({', '.join(bad)})")
        if len({r.rsplit("/", 1)[-1] for r in value}) != len(value):
            raise ValueError("role names must be unique")
        return value


class AccessConfig(Strict):
    """One persona declaration drives EKS access (and later VPN and database access).

    devops: cluster admin everywhere. developer: ``developer_level`` in this environment, in
    the application namespaces (admin is cluster-wide).
    """

    devops: PersonaConfig
    developer: PersonaConfig
    developer_level: DeveloperLevel = Field()
    app_namespaces: Annotated[tuple[str, ...], Field(min_length=1)]
    # Create the persona roles here (emulated environments: nobody else would). Default: they
    # exist already (SSO permission sets, federation) and are only referenced.
    create_roles: StrictBool = False

    @field_validator("app_namespaces")
    @classmethod
    def _namespaces(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [n for n in value if not NAMESPACE.fullmatch(n) or n.startswith("kube-")]
        if bad:
            raise ValueError(f"must be DNS-1123 labels outside kube-* ({', '.join(bad)})")
        return value


class Engine(StrEnum):
    POSTGRES = "postgres"
    MYSQL = "mysql"


# Engine versions this project has pinned and tested; a version outside this table is refused.
ENGINE_VERSIONS = {
    Engine.POSTGRES: ("15.10", "16.6", "17.2"),
    Engine.MYSQL: ("8.0.40", "8.4.3"),
}
DB_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
DB_USER = re.compile(r"^[a-z][a-z0-9_]{0,15}$")
DB_INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9]+\.[a-z0-9]+$")
BACKUP_WINDOW = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")
MAINTENANCE_WINDOW = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-"
                                r"(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$")
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _week_minutes(day_hhmm: str) -> int:
    day, hhmm = day_hhmm.split(":", 1)
    return ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(day) * 1440 + _minutes(hhmm)


class DatabaseConfig(Strict):
    """One application database: a primary (Multi-AZ where needed) and read replicas.

    Defaults: postgres 16.6, 7-day backups, deletion protection on, Performance Insights and
    60 s enhanced monitoring on.
    """

    engine: Engine = Field(default=Engine.POSTGRES)
    engine_version: StrictStr = "16.6"
    instance_class: Annotated[StrictStr, matching(
        DB_INSTANCE_CLASS, "must be an RDS instance class such as db.r6g.large")] = "db.t4g.medium"
    allocated_storage_gib: Annotated[StrictInt, Field(ge=20, le=65536)] = 20
    max_allocated_storage_gib: Annotated[StrictInt, Field(ge=20, le=65536)] = 100
    multi_az: StrictBool = True
    read_replicas: Annotated[StrictInt, Field(ge=0, le=5)] = 0
    backup_retention_days: Annotated[StrictInt, Field(ge=0, le=35)] = 7
    backup_window: Annotated[StrictStr, matching(
        BACKUP_WINDOW, "must be hh:mm-hh:mm (UTC)")] = "02:00-03:00"
    maintenance_window: Annotated[StrictStr, matching(
        MAINTENANCE_WINDOW, "must be ddd:hh:mm-ddd:hh:mm (UTC), e.g. sun:04:00-sun:05:00",
    )] = "sun:04:00-sun:05:00"
    deletion_protection: StrictBool = True
    performance_insights: StrictBool = True
    monitoring_interval: StrictInt = 60
    log_retention_days: RetentionDays = 30
    master_username: StrictStr = "app_admin"
    break_glass_user: StrictStr = "breakglass"




    @field_validator("monitoring_interval")
    @classmethod
    def _monitoring(cls, value: int) -> int:
        if value not in MONITORING_INTERVALS:
            raise ValueError(f"must be one of {MONITORING_INTERVALS} seconds")
        return value


    @field_validator("master_username", "break_glass_user")
    @classmethod
    def _user(cls, value: str) -> str:
        if not DB_USER.fullmatch(value) or value in ("admin", "postgres", "root", "rdsadmin"):
            raise ValueError("must be a lowercase database user name (1-16 chars), not a "
                             "reserved one")
        return value

    @model_validator(mode="after")
    def _combinations(self) -> DatabaseConfig:
        if self.engine_version not in ENGINE_VERSIONS[self.engine]:
            raise cross_field_error("engine_version", f"must be a pinned {self.engine} version "
                                    f"({', '.join(ENGINE_VERSIONS[self.engine])})",
                                    self.engine_version)
        if self.read_replicas and not self.backup_retention_days:
            raise cross_field_error("backup_retention_days", "must be at least 1 when read "
                                    "replicas exist (RDS replicates from backups)", 0)
        if self.max_allocated_storage_gib < self.allocated_storage_gib:
            raise cross_field_error("max_allocated_storage_gib", "must be at least "
                                    f"allocated_storage_gib ({self.allocated_storage_gib})",
                                    self.max_allocated_storage_gib)
        backup_start, backup_end = (_minutes(t) for t in self.backup_window.split("-"))
        backup_end += 1440 if backup_end < backup_start else 0
        if backup_end - backup_start < 30:
            raise cross_field_error("backup_window", "must last at least 30 minutes",
                                    self.backup_window)
        start, end = (_week_minutes(t) for t in self.maintenance_window.split("-"))
        end += 7 * 1440 if end < start else 0
        daily = [(d * 1440 + backup_start, d * 1440 + backup_end) for d in range(8)]
        if any(b_start < end and start < b_end for b_start, b_end in daily):
            raise cross_field_error("maintenance_window", "must not overlap backup_window "
                                    f"{self.backup_window}", self.maintenance_window)
        return self

    @property
    def family(self) -> str:
        """Parameter group family, e.g. postgres16 or mysql8.0."""
        major = self.engine_version.split(".")[0]
        if self.engine == Engine.MYSQL:
            return f"mysql{'.'.join(self.engine_version.split('.')[:2])}"
        return f"postgres{major}"

    @property
    def port(self) -> int:
        return 5432 if self.engine == Engine.POSTGRES else 3306


DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
HOSTED_ZONE_ID = re.compile(r"^Z[A-Z0-9]{1,31}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
MANAGED_RULE_GROUP = re.compile(r"^AWSManagedRules[A-Za-z0-9]+$")
SAML_PROVIDER = re.compile(r"^[\w+=,.@-]{1,128}$")


class EdgeConfig(Strict):
    """Static frontend: private S3 behind CloudFront (OAC) and WAF; a regional WAF for the ALB.

    Default: no custom domain (CloudFront's certificate), PriceClass_100, no geo restriction,
    SPA fallback on, 2000 requests per 5 minutes per IP.
    """

    domain: Annotated[StrictStr | None, matching(
        DOMAIN, "must be a lowercase DNS name such as static.example.com")] = None
    hosted_zone_id: Annotated[StrictStr | None, matching(
        HOSTED_ZONE_ID, "must be a Route 53 hosted zone id such as Z0123456789ABC")] = None
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = "PriceClass_100"
    geo_restriction: Literal["none", "whitelist", "blacklist"] = "none"
    geo_locations: Annotated[tuple[StrictStr, ...], each_matching(
        COUNTRY, "must be ISO 3166-1 alpha-2 country codes")] = ()
    spa_fallback: StrictBool = True
    content_security_policy: StrictStr = (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'")
    rate_limit: Annotated[StrictInt, Field(ge=100, le=2_000_000_000)] = 2000
    extra_managed_rules: Annotated[tuple[StrictStr, ...], each_matching(
        MANAGED_RULE_GROUP, "must be AWS managed rule group names")] = ()
    log_retention_days: RetentionDays = 30
    noncurrent_version_days: Annotated[StrictInt, Field(ge=1, le=3650)] = 30






    @model_validator(mode="after")
    def _pairs(self) -> EdgeConfig:
        if (self.domain is None) != (self.hosted_zone_id is None):
            raise cross_field_error("hosted_zone_id", "must be set together with domain (the "
                                    "certificate is validated through DNS)",
                                    self.hosted_zone_id or "nothing")
        if (self.geo_restriction == "none") != (not self.geo_locations):
            raise cross_field_error("geo_locations", "must list countries exactly when "
                                    "geo_restriction is whitelist or blacklist",
                                    ", ".join(self.geo_locations) or "nothing")
        return self


class VpnConfig(Strict):
    """Client VPN for people: split tunnel, connection logs, authorization from the personas.

    ``authentication``: ``saml`` (groups from the IdP drive per-persona rules) or
    ``certificate`` (mutual TLS: a certificate cannot carry a group, so only devops hold
    client certificates and every rule is for devops).
    """

    client_cidr: Annotated[IPv4Network, Field()]
    authentication: Literal["saml", "certificate"] = "saml"
    saml_provider: StrictStr | None = None  # IAM SAML provider name (or ARN)
    # ACM server certificate: an ARN, or the domain of an issued certificate to look up.
    # Emulated environments import a self-signed one generated at deploy time instead.
    server_certificate: StrictStr | None = None
    client_root_certificate_arn: StrictStr | None = None
    devops_group: StrictStr = "devops"
    developer_group: StrictStr = "developers"
    log_retention_days: RetentionDays = 90

    @field_validator("client_cidr")
    @classmethod
    def _cidr(cls, value: IPv4Network) -> IPv4Network:
        if not 12 <= value.prefixlen <= 22:
            raise ValueError("must be a /12 to /22 block (Client VPN limits)")
        return value


    @field_validator("saml_provider")
    @classmethod
    def _saml(cls, value: str | None) -> str | None:
        if value is not None and not (SAML_PROVIDER.fullmatch(value) or value.startswith("arn:")):
            raise ValueError("must be an IAM SAML provider name or ARN")
        return value

    @model_validator(mode="after")
    def _auth(self) -> VpnConfig:
        if self.authentication == "saml" and not self.saml_provider:
            raise cross_field_error("saml_provider", "must be set for SAML authentication",
                                    "nothing")
        return self


class EmulatorConfig(Strict):
    """Marks an environment as running against the local AWS emulator (moto).

    The endpoint URL is not config: the app takes it from the environment at synth time
    (``PLATFORM_EMULATOR_URL``) because the emulator's port is chosen when it starts.
    """

    kind: Literal["moto"] = "moto"


class EnvironmentConfig(Strict):
    """One deployable environment (local, dev, staging, preprod, prod, or one you add)."""

    name: StrictStr
    project: StrictStr = "platform"
    region: Annotated[StrictStr, matching(
        REGION, "must be an AWS region name such as eu-west-1")] = "eu-west-1"
    account_id: Annotated[StrictStr | None, matching(
        ACCOUNT_ID, "must be a 12-digit AWS account id")] = None
    assume_role_arn: Annotated[StrictStr | None, matching(
        ROLE_ARN, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")] = None
    deletion_protection: StrictBool = True
    network: NetworkConfig
    cluster: ClusterConfig
    access: AccessConfig
    databases: dict[str, DatabaseConfig] = Field(default_factory=dict)
    edge: EdgeConfig = Field(default_factory=EdgeConfig)
    vpn: VpnConfig | None = None
    emulator: EmulatorConfig | None = None
    tags: dict[str, str] = Field(default_factory=dict)

    @field_validator("name", "project")
    @classmethod
    def _dns_safe(cls, value: str) -> str:
        if not DNS_LABEL.fullmatch(value):
            raise ValueError("must be DNS-safe: lowercase letters, digits and '-', 1-20 chars, "
                             "starting with a letter")
        return value




    @field_validator("tags")
    @classmethod
    def _tags(cls, value: dict[str, str]) -> dict[str, str]:
        for key, tag in value.items():
            if not TAG_KEY.fullmatch(key) or key.lower().startswith("aws:"):
                raise ValueError(f"tag key {key!r} is not a valid AWS tag key")
            if len(tag) > 256:
                raise ValueError(f"tag {key!r} value is longer than 256 characters")
        return value

    @model_validator(mode="after")
    def _cross_field(self) -> EnvironmentConfig:
        if self.account_id and self.assume_role_arn and f"::{self.account_id}:" not in self.assume_role_arn:
            raise cross_field_error("assume_role_arn", f"must be a role in account_id {self.account_id}",
                                    self.assume_role_arn)
        if self.cluster.public_endpoint and self.deletion_protection and self.emulator is None \
                and any(c.prefixlen < 16 for c in self.cluster.public_access_cidrs):
            raise cross_field_error("cluster.public_access_cidrs", "must be /16 or narrower in a "
                                    "protected environment", ", ".join(
                                        map(str, self.cluster.public_access_cidrs)))
        for name, db in self.databases.items():
            if not DB_IDENTIFIER.fullmatch(name):
                raise cross_field_error(f"databases.{name}", "names must be identifiers: a "
                                        "lowercase letter, then letters, digits or _", name)
            other_azs = self.network.az_count - 1
            if db.read_replicas > other_azs:
                raise cross_field_error(f"databases.{name}.read_replicas", "each replica needs "
                                        f"its own AZ besides the primary's ({other_azs} here)",
                                        db.read_replicas)
            if self.deletion_protection and not db.deletion_protection:
                raise cross_field_error(f"databases.{name}.deletion_protection", "must be on "
                                        "where the environment protects data", False)
        if self.vpn is not None:
            if self.emulator is None and not self.vpn.server_certificate:
                raise cross_field_error("vpn.server_certificate", "must name an issued ACM "
                                        "certificate (ARN or domain) outside the emulator",
                                        "nothing")
            if self.vpn.authentication == "certificate" and self.emulator is None \
                    and not self.vpn.client_root_certificate_arn:
                raise cross_field_error("vpn.client_root_certificate_arn", "must be set for "
                                        "certificate authentication", "nothing")
        if self.emulator is not None and (self.account_id or self.assume_role_arn):
            raise cross_field_error("emulator", "an emulated environment takes no account_id or "
                                    "assume_role_arn", self.account_id or self.assume_role_arn)
        return self

    @property
    def is_emulated(self) -> bool:
        return self.emulator is not None
