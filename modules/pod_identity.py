"""EKS Pod Identity: one IAM role per Kubernetes service account.

Chosen over IRSA because the trust policy names no OIDC provider (roles are portable across
clusters and need no per-cluster trust edits), credentials carry session tags, and the agent
is a managed addon. Karpenter, the AWS Load Balancer Controller, the EBS CSI driver and the
Cluster Autoscaler all support it.
"""

from __future__ import annotations

from collections.abc import Sequence

from cdktf_cdktf_provider_aws.eks_pod_identity_association import EksPodIdentityAssociation
from constructs import Construct

from modules.account import Account
from modules.iam import Role, Statement


class PodIdentityRole(Construct):
    """A role that only ``namespace/service_account`` of ``cluster_name`` can assume.

    The trust is limited to this account and this cluster (aws:SourceAccount, aws:SourceArn).
    """

    def __init__(self, scope: Construct, id: str, *, account: Account, cluster_name: str,
                 cluster_arn: str, namespace: str, service_account: str, role_name: str,
                 statements: Sequence[Statement] = (),
                 managed_policy_arns: Sequence[str] = ()) -> None:
        super().__init__(scope, id)
        trust = Statement(
            actions=["sts:AssumeRole", "sts:TagSession"],
            principals={"Service": ["pods.eks.amazonaws.com"]},
            conditions=[("StringEquals", "aws:SourceAccount", [account.id]),
                        ("ArnEquals", "aws:SourceArn", [cluster_arn])],
        )
        self.role = Role(self, "role", name=role_name, trust=trust, statements=statements,
                         managed_policy_arns=managed_policy_arns)
        self.arn = self.role.arn
        self.association = EksPodIdentityAssociation(
            self, "association", cluster_name=cluster_name, namespace=namespace,
            service_account=service_account, role_arn=self.role.arn,
        )
