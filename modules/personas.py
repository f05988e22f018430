"""The persona table: who gets which EKS access policy, at which scope. Pure data, no cdktf.

One declaration (``AccessConfig``) drives EKS access entries here, and the VPN authorization
rules and database access policies of later stacks.
"""

from __future__ import annotations

from dataclasses import dataclass

from environments.schema import AccessConfig, DeveloperLevel

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
