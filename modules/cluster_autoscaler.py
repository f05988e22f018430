"""The AWS side of the Kubernetes Cluster Autoscaler (for environments that choose it over
Karpenter): a Pod Identity role (kube-system/cluster-autoscaler) with the upstream policy,
scale actions limited to node groups tagged for this cluster, and those tags on the system
node group's Auto Scaling group."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.autoscaling_group_tag import (
    AutoscalingGroupTagA,
    AutoscalingGroupTagTag,
)
from constructs import Construct

from modules.account import Account
from modules.checkov import skip_checks
from modules.cluster import Cluster
from modules.iam import Statement
from modules.naming import Naming
from modules.pod_identity import PodIdentityRole

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "cluster-autoscaler"


def discovery_tags(cluster: str) -> dict[str, str]:
    """The tags ``--node-group-auto-discovery=asg:tag=...`` looks for."""
    return {"k8s.io/cluster-autoscaler/enabled": "true", f"k8s.io/cluster-autoscaler/{cluster}": "owned"}


def autoscaler_statements(cluster: str) -> list[Statement]:
    return [
        Statement(sid="DescribeScalingState", actions=[
            "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
            "eks:DescribeNodegroup"]),
        Statement(sid="ScaleOwnNodeGroupsOnly", actions=[
            "autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            conditions=[("StringEquals", f"aws:ResourceTag/{k}", [v])
                        for k, v in discovery_tags(cluster).items()]),
    ]


class ClusterAutoscalerAws(Construct):
    def __init__(self, scope: Construct, id: str, *, cluster: Cluster, naming: Naming,
                 account: Account) -> None:
        super().__init__(scope, id)
        self.controller = PodIdentityRole(
            self, "controller", account=account, cluster_name=cluster.cluster.name,
            cluster_arn=cluster.arn, namespace=NAMESPACE, service_account=SERVICE_ACCOUNT,
            role_name=naming.name("cluster-autoscaler"),
            statements=autoscaler_statements(cluster.name),
        )
        if self.controller.role.policy_document is not None:
            skip_checks(self.controller.role.policy_document, {
                "CKV_AWS_356": "Describe* calls cannot be scoped to resources; the two scale "
                               "actions are limited by this cluster's ASG tags.",
            })
        # EKS tags managed node group ASGs itself; declaring the tags keeps discovery explicit
        # and survives a node group replacement.
        asg = cluster.node_group.resources.get(0).autoscaling_groups.get(0).name
        for key, value in discovery_tags(cluster.name).items():
            AutoscalingGroupTagA(
                self, "asg_tag_" + ("enabled" if key.endswith("enabled") else "owner"),
                autoscaling_group_name=asg,
                tag=AutoscalingGroupTagTag(key=key, value=value, propagate_at_launch=False),
            )
