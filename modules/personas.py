"""The persona table: who gets which EKS access policy, at which scope. Pure data, no cdktf.

One declaration (``AccessConfig``) drives EKS access entries here, and the VPN authorization
rules and database access policies of later stacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network
from typing import TYPE_CHECKING

from environments.schema import AccessConfig, DeveloperLevel, VpnConfig

if TYPE_CHECKING:
    from modules.network import SubnetPlan

CLUSTER_ADMIN = "AmazonEKSClusterAdminPolicy"
ADMIN = "AmazonEKSAdminPolicy"
EDIT = "AmazonEKSEditPolicy"
VIEW = "AmazonEKSViewPolicy"

DEVELOPER_POLICY = {
    DeveloperLevel.ADMIN: (ADMIN, False),  # cluster-wide
    DeveloperLevel.EDIT: (EDIT, True),  # namespaced
    DeveloperLevel.VIEW: (VIEW, True),
}


@dataclass(frozen=True)
class Grant:
    persona: str
    role: str  # IAM role name or ARN as declared
    policy: str  # EKS access policy name
    namespaces: tuple[str, ...]  # empty: cluster scope

    @property
    def scope(self) -> str:
        return f"namespace {', '.join(self.namespaces)}" if self.namespaces else "cluster"


def role_name(role: str) -> str:
    """A persona role is declared by name or ARN; IAM attachments want the name."""
    return role.rsplit("/", 1)[-1]


def grants(access: AccessConfig) -> list[Grant]:
    """devops: cluster admin; developer: per ``developer_level`` (none: no entry at all)."""
    out = [Grant("devops", role, CLUSTER_ADMIN, ()) for role in access.devops.roles]
    if access.developer_level in DEVELOPER_POLICY:
        policy, namespaced = DEVELOPER_POLICY[access.developer_level]
        namespaces = access.app_namespaces if namespaced else ()
        out += [Grant("developer", role, policy, namespaces) for role in access.developer.roles]
    return out


# Which subnet tiers a developer reaches over the VPN, per level. Database subnets never:
# database access goes through devops. edit and view reach the same subnets; what they may
# do there differs in EKS (see DEVELOPER_POLICY).
DEVELOPER_VPN_TIERS = {
    DeveloperLevel.ADMIN: ("public", "private"),
    DeveloperLevel.EDIT: ("private",),
    DeveloperLevel.VIEW: ("private",),
    DeveloperLevel.NONE: (),
}


@dataclass(frozen=True)
class VpnRule:
    key: str  # construct id suffix, e.g. devops_vpc or developer_private_a
    group: str | None  # IdP group; None: every authenticated client (certificate auth)
    cidr: str
    description: str


def vpn_reach(access: AccessConfig, vpn: VpnConfig, vpc_cidr: IPv4Network,
              plan: SubnetPlan) -> list[VpnRule]:
    """Authorization rules: devops reach the whole VPC; developers the tiers of their level.

    With certificate authentication a client certificate carries no group, so only devops
    are issued certificates and the one rule admits every authenticated client.
    """
    if vpn.authentication == "certificate":
        return [VpnRule("devops_vpc", None, str(vpc_cidr), "devops (certificate holders): the VPC")]
    rules = [VpnRule("devops_vpc", vpn.devops_group, str(vpc_cidr), "devops: the VPC")]
    for tier in DEVELOPER_VPN_TIERS[access.developer_level]:
        for az, cidr in getattr(plan, tier).items():
            rules.append(VpnRule(f"developer_{tier}_{az}", vpn.developer_group, str(cidr),
                                 f"developers ({access.developer_level}): {tier} subnet {az}"))
    return rules
