"""The AWS side of Karpenter v1: node role, controller role, interruption queue and rules.

The Helm chart, NodePool and EC2NodeClass belong to the platform stack; this construct gives
them what they need: the node role name, the queue name, and the controller's permissions,
scoped the way upstream scopes them (by the cluster's ownership tag, the nodepool tag and the
region).
"""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
from cdktf_cdktf_provider_aws.eks_access_entry import EksAccessEntry
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
from constructs import Construct

from modules.account import Account
from modules.cluster import NODE_POLICIES, Cluster
from modules.iam import Role, Statement, document, managed_policy
from modules.naming import Naming
from modules.pod_identity import PodIdentityRole

# EventBridge rules Karpenter consumes from its interruption queue: (source, detail-type).
INTERRUPTION_EVENTS = {
    "health": ("aws.health", "AWS Health Event"),
    "spot_interruption": ("aws.ec2", "EC2 Spot Instance Interruption Warning"),
    "rebalance": ("aws.ec2", "EC2 Instance Rebalance Recommendation"),
    "state_change": ("aws.ec2", "EC2 Instance State-change Notification"),
    "capacity_reservation": ("aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"),
}
NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "karpenter"


def controller_statements(*, account: Account, cluster: str, cluster_arn: str,
                          queue_arn: str, node_role_arn: str) -> list[Statement]:
    """Karpenter v1 controller permissions as upstream grants them (karpenter-provider-aws
    v1.14 getting-started cloudformation.yaml), as one inline policy."""
    p, region, acct = account.partition, account.region, account.id
    ec2 = f"arn:{p}:ec2:{region}"
    owned = ("StringEquals", f"aws:ResourceTag/kubernetes.io/cluster/{cluster}", ["owned"])
    any_nodepool = ("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", ["*"])
    req_owned = ("StringEquals", f"aws:RequestTag/kubernetes.io/cluster/{cluster}", ["owned"])
    req_cluster = ("StringEquals", "aws:RequestTag/eks:eks-cluster-name", [cluster])
    req_nodepool = ("StringLike", "aws:RequestTag/karpenter.sh/nodepool", ["*"])
    launched = [f"{ec2}:*:{r}/*" for r in ("fleet", "instance", "volume", "network-interface",
                                            "launch-template", "spot-instances-request")]
    profile = f"arn:{p}:iam::{acct}:instance-profile/*"
    in_region = ("StringEquals", "aws:ResourceTag/topology.kubernetes.io/region", [region])
    req_region = ("StringEquals", "aws:RequestTag/topology.kubernetes.io/region", [region])
    any_nodeclass = ("StringLike", "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", ["*"])
    req_nodeclass = ("StringLike", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", ["*"])
    return [
        Statement(sid="AllowScopedEC2InstanceAccessActions",
                  actions=["ec2:RunInstances", "ec2:CreateFleet"],
                  resources=[f"{ec2}::image/*", f"{ec2}::snapshot/*", f"{ec2}:*:security-group/*",
                             f"{ec2}:*:subnet/*", f"{ec2}:*:capacity-reservation/*",
                             f"{ec2}:*:placement-group/*"]),
        Statement(sid="AllowScopedEC2LaunchTemplateAccessActions",
                  actions=["ec2:RunInstances", "ec2:CreateFleet"],
                  resources=[f"{ec2}:*:launch-template/*"], conditions=[owned, any_nodepool]),
        Statement(sid="AllowScopedEC2InstanceActionsWithTags",
                  actions=["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                  resources=launched, conditions=[req_owned, req_cluster, req_nodepool]),
        Statement(sid="AllowScopedResourceCreationTagging", actions=["ec2:CreateTags"],
                  resources=launched,
                  conditions=[req_owned, req_cluster, req_nodepool,
                              ("StringEquals", "ec2:CreateAction",
                               ["RunInstances", "CreateFleet", "CreateLaunchTemplate"])]),
        Statement(sid="AllowScopedResourceTagging", actions=["ec2:CreateTags"],
                  resources=[f"{ec2}:*:instance/*"],
                  conditions=[owned, any_nodepool,
                              ("StringEqualsIfExists", "aws:RequestTag/eks:eks-cluster-name", [cluster]),
                              ("ForAllValues:StringEquals", "aws:TagKeys",
                               ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"])]),
        Statement(sid="AllowScopedDeletion",
                  actions=["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                  resources=[f"{ec2}:*:instance/*", f"{ec2}:*:launch-template/*"],
                  conditions=[owned, any_nodepool]),
        Statement(sid="AllowRegionalReadActions",
                  actions=["ec2:DescribeAvailabilityZones", "ec2:DescribeCapacityReservations",
                           "ec2:DescribeImages", "ec2:DescribeInstances",
                           "ec2:DescribeInstanceStatus", "ec2:DescribeInstanceTypeOfferings",
                           "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates",
                           "ec2:DescribePlacementGroups", "ec2:DescribeSecurityGroups",
                           "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets"],
                  conditions=[("StringEquals", "aws:RequestedRegion", [region])]),
        Statement(sid="AllowSSMReadActions", actions=["ssm:GetParameter"],
                  resources=[f"arn:{p}:ssm:{region}::parameter/aws/service/*"]),
        Statement(sid="AllowPricingReadActions", actions=["pricing:GetProducts"]),
        Statement(sid="AllowInterruptionQueueActions",
                  actions=["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                  resources=[queue_arn]),
        Statement(sid="AllowPassingInstanceRole", actions=["iam:PassRole"],
                  resources=[node_role_arn],
                  conditions=[("StringEquals", "iam:PassedToService", ["ec2.amazonaws.com"])]),
        Statement(sid="AllowScopedInstanceProfileCreationActions",
                  actions=["iam:CreateInstanceProfile"], resources=[profile],
                  conditions=[req_owned, req_cluster, req_region, req_nodeclass]),
        Statement(sid="AllowScopedInstanceProfileTagActions", actions=["iam:TagInstanceProfile"],
                  resources=[profile],
                  conditions=[owned, in_region, any_nodeclass, req_owned, req_cluster, req_region,
                              req_nodeclass]),
        Statement(sid="AllowScopedInstanceProfileActions",
                  actions=["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile",
                           "iam:DeleteInstanceProfile"],
                  resources=[profile], conditions=[owned, in_region, any_nodeclass]),
        Statement(sid="AllowInstanceProfileReadActions", actions=["iam:GetInstanceProfile"],
                  resources=[profile]),
        Statement(sid="AllowUnscopedInstanceProfileListAction", actions=["iam:ListInstanceProfiles"]),
        Statement(sid="AllowAPIServerEndpointDiscovery", actions=["eks:DescribeCluster"],
                  resources=[cluster_arn]),
        Statement(sid="AllowZonalShiftReadActions", actions=["arc-zonal-shift:GetManagedResource"],
                  resources=[cluster_arn]),
    ]


class KarpenterAws(Construct):
    """Node role (+ EC2_LINUX access entry), controller role via Pod Identity
    (kube-system/karpenter), SQS interruption queue (SSE, 300 s retention, TLS-only, only
    EventBridge may send) and the five EventBridge rules that feed it."""

    def __init__(self, scope: Construct, id: str, *, cluster: Cluster, naming: Naming,
                 account: Account) -> None:
        super().__init__(scope, id)
        name = cluster.name
        self.node_role = Role(
            self, "node_role", name=naming.name("karpenter-node"),
            trust=Statement(actions=["sts:AssumeRole"], principals={"Service": ["ec2.amazonaws.com"]}),
            managed_policy_arns=[managed_policy(account.partition, p) for p in NODE_POLICIES],
        )
        # Nodes Karpenter launches join through an EC2_LINUX access entry for this role.
        EksAccessEntry(self, "node_access", cluster_name=cluster.cluster.name,
                       principal_arn=self.node_role.arn, type="EC2_LINUX")
        self.queue = SqsQueue(self, "queue", name=name, message_retention_seconds=300,
                              sqs_managed_sse_enabled=True)
        queue_policy = document(self, "queue_policy_document", [
            Statement(sid="EventBridgeSends", actions=["sqs:SendMessage"],
                      resources=[self.queue.arn],
                      principals={"Service": ["events.amazonaws.com", "sqs.amazonaws.com"]}),
            Statement(sid="DenyInsecureTransport", effect="Deny", actions=["sqs:*"],
                      resources=[self.queue.arn], principals={"AWS": ["*"]},
                      conditions=[("Bool", "aws:SecureTransport", ["false"])]),
        ])
        SqsQueuePolicy(self, "queue_policy", queue_url=self.queue.url, policy=queue_policy.json)
        for key, (source, detail_type) in INTERRUPTION_EVENTS.items():
            rule = CloudwatchEventRule(
                self, f"{key}_rule", name=naming.name("karpenter", key.replace("_", "-")),
                description=f"Karpenter interruption: {detail_type}",
                event_pattern=json.dumps({"source": [source], "detail-type": [detail_type]}),
            )
            CloudwatchEventTarget(self, f"{key}_target", rule=rule.name, arn=self.queue.arn,
                                  target_id="karpenter-interruption-queue")
        self.controller = PodIdentityRole(
            self, "controller", account=account, cluster_name=cluster.cluster.name,
            cluster_arn=cluster.arn, namespace=NAMESPACE, service_account=SERVICE_ACCOUNT,
            role_name=naming.name("karpenter-controller"),
            statements=controller_statements(
                account=account, cluster=name, cluster_arn=cluster.arn,
                queue_arn=self.queue.arn, node_role_arn=self.node_role.arn),
        )
