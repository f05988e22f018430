"""EKS: control plane, system node group, managed addons, access entries, node security group."""

from __future__ import annotations

import re

from cdktf import TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.eks_access_entry import EksAccessEntry
from cdktf_cdktf_provider_aws.eks_access_policy_association import (
    EksAccessPolicyAssociation,
    EksAccessPolicyAssociationAccessScope,
)
from cdktf_cdktf_provider_aws.eks_addon import EksAddon
from cdktf_cdktf_provider_aws.eks_cluster import (
    EksCluster,
    EksClusterAccessConfig,
    EksClusterEncryptionConfig,
    EksClusterEncryptionConfigProvider,
    EksClusterVpcConfig,
)
from cdktf_cdktf_provider_aws.eks_node_group import (
    EksNodeGroup,
    EksNodeGroupLaunchTemplate,
    EksNodeGroupScalingConfig,
    EksNodeGroupTaint,
    EksNodeGroupUpdateConfig,
)
from cdktf_cdktf_provider_aws.launch_template import (
    LaunchTemplate,
    LaunchTemplateBlockDeviceMappings,
    LaunchTemplateBlockDeviceMappingsEbs,
    LaunchTemplateMetadataOptions,
    LaunchTemplateTagSpecifications,
)
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from environments.schema import AccessConfig, ClusterConfig, NodeAutoscaler
from modules.account import Account
from modules.checkov import skip_checks
from modules.iam import Role, Statement, managed_policy
from modules.kms import Key, ServiceGrant
from modules.naming import Naming
from modules.network import ONE_YEAR, Network
from modules.personas import grants
from modules.pod_identity import PodIdentityRole

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
# Ports the control plane calls on nodes: kubelet, and the admission webhooks of the platform
# controllers (metrics-server 10250 via kubelet port, LB controller 9443, Istio 15017,
# Karpenter 8443 only where Karpenter runs).
WEBHOOK_PORTS = {"kubelet": 10250, "lb_controller_webhook": 9443, "istiod_webhook": 15017}
KARPENTER_WEBHOOK = 8443
SYSTEM_TAINT = EksNodeGroupTaint(key="CriticalAddonsOnly", value="true", effect="NO_SCHEDULE")
SYSTEM_LABELS = {"platform/node-pool": "system"}
NODE_POLICIES = ("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy",
                 "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore")
# CoreDNS and the EBS CSI controller are Deployments: they need nodes before they turn healthy.
ADDONS_NEEDING_NODES = ("coredns", "aws-ebs-csi-driver")


def logical(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.rsplit("/", 1)[-1].lower()).strip("_")


class Cluster(Construct):
    """An EKS cluster that is private by default.

    - endpoint: private always; public only when ``config.public_endpoint``, limited to
      ``config.public_access_cidrs``;
    - secrets envelope-encrypted with a customer KMS key (rotation on); all five control-plane
      log types to a KMS-encrypted log group with ``config.log_retention_days``;
    - authentication mode API, no implicit admin for the creator: access comes only from the
      persona table (``modules.personas``);
    - a system managed node group in every AZ's private subnet (IMDSv2 only, encrypted gp3,
      tainted CriticalAddonsOnly) with its own node security group;
    - managed addons pinned per config; Pod Identity roles for the EBS CSI driver and the AWS
      Load Balancer Controller.
    """

    def __init__(self, scope: Construct, id: str, *, config: ClusterConfig, access: AccessConfig,
                 naming: Naming, account: Account, network: Network, protect: bool) -> None:
        super().__init__(scope, id)
        self.name = naming.cluster
        self.account = account
        partition = account.partition
        log_group_name = f"/aws/eks/{self.name}/cluster"
        self.key = Key(
            self, "key", account=account, alias=naming.name("eks"),
            description=f"EKS secrets and control-plane logs of {self.name}",
            short_deletion_window=not protect,
            services=[ServiceGrant(
                principal=f"logs.{naming.region}.amazonaws.com",
                conditions=[("ArnEquals", "kms:EncryptionContext:aws:logs:arn",
                             [account.arn("logs", f"log-group:{log_group_name}")])],
            )],
        )
        self.log_group = CloudwatchLogGroup(
            self, "logs", name=log_group_name, kms_key_id=self.key.arn,
            retention_in_days=config.log_retention_days,
        )
        if config.log_retention_days < ONE_YEAR:
            skip_checks(self.log_group, {"CKV_AWS_338": (
                f"Retention is set per environment ({config.log_retention_days} days here); "
                "prod keeps control-plane logs a year.")})

        self.cluster_role = Role(
            self, "cluster_role", name=naming.name("eks-cluster"),
            trust=Statement(actions=["sts:AssumeRole", "sts:TagSession"],
                            principals={"Service": ["eks.amazonaws.com"]}),
            managed_policy_arns=[managed_policy(partition, "AmazonEKSClusterPolicy")],
            statements=[Statement(
                sid="EnvelopeEncryption",
                actions=["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                resources=[self.key.arn])],
        )
        self.cluster = EksCluster(
            self, "cluster", name=self.name, role_arn=self.cluster_role.arn,
            version=config.kubernetes_version,
            vpc_config=EksClusterVpcConfig(
                subnet_ids=[s.id for s in network.private_subnets.values()],
                endpoint_private_access=True,
                endpoint_public_access=config.public_endpoint,
                public_access_cidrs=[str(c) for c in config.public_access_cidrs] or None,
            ),
            encryption_config=EksClusterEncryptionConfig(
                resources=["secrets"],
                provider=EksClusterEncryptionConfigProvider(key_arn=self.key.arn)),
            enabled_cluster_log_types=list(LOG_TYPES),
            access_config=EksClusterAccessConfig(
                authentication_mode="API", bootstrap_cluster_creator_admin_permissions=False),
            depends_on=[self.log_group, *self.cluster_role.attachments],
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True) if protect else None,
        )
        if config.public_endpoint:
            skip_checks(self.cluster, {
                "CKV_AWS_39": "Public endpoint on by design in this environment, limited to "
                              f"the operator CIDRs {', '.join(map(str, config.public_access_cidrs))}.",
            })
        self.arn = self.cluster.arn
        self.cluster_security_group_id = self.cluster.vpc_config.cluster_security_group_id

        self.node_sg = self._node_security_group(naming, network, config)
        self.node_role = Role(
            self, "node_role", name=naming.name("eks-node"),
            trust=Statement(actions=["sts:AssumeRole"], principals={"Service": ["ec2.amazonaws.com"]}),
            managed_policy_arns=[managed_policy(partition, p) for p in NODE_POLICIES],
        )
        self.node_group = self._system_nodes(naming, network, config)
        self.addons = self._addons(config)
        self.ebs_csi = PodIdentityRole(
            self, "ebs_csi", account=account, cluster_name=self.cluster.name,
            cluster_arn=self.arn, namespace="kube-system", service_account="ebs-csi-controller-sa",
            role_name=naming.name("ebs-csi"),
            # V2 scopes writes to volumes tagged by the driver; AWS publishes it at the root path.
            managed_policy_arns=[managed_policy(partition, "AmazonEBSCSIDriverPolicyV2")],
        )
        self._access_entries(access)

    def _node_security_group(self, naming: Naming, network: Network,
                             config: ClusterConfig) -> SecurityGroup:
        sg = SecurityGroup(
            self, "node_sg", name=naming.name("eks-nodes"), vpc_id=network.vpc.id,
            description=f"EKS nodes of {self.name}",
            tags={"Name": naming.name("eks-nodes"), "karpenter.sh/discovery": self.name},
        )
        ports = dict(WEBHOOK_PORTS)
        if config.node_autoscaler == NodeAutoscaler.KARPENTER:
            ports["karpenter_webhook"] = KARPENTER_WEBHOOK
        for label, port in ports.items():
            VpcSecurityGroupIngressRule(
                self, f"node_sg_{label}_in", security_group_id=sg.id, ip_protocol="tcp",
                from_port=port, to_port=port,
                referenced_security_group_id=self.cluster_security_group_id,
                description=f"control plane to {label.replace('_', ' ')}",
            )
        VpcSecurityGroupIngressRule(
            self, "node_sg_nodes_in", security_group_id=sg.id, ip_protocol="-1",
            referenced_security_group_id=sg.id, description="node to node (pods, DNS, mesh)",
        )
        VpcSecurityGroupIngressRule(
            self, "cluster_sg_api_from_nodes", security_group_id=self.cluster_security_group_id,
            ip_protocol="tcp", from_port=443, to_port=443, referenced_security_group_id=sg.id,
            description="nodes to the Kubernetes API",
        )
        VpcSecurityGroupEgressRule(
            self, "node_sg_vpc_out", security_group_id=sg.id, ip_protocol="-1",
            cidr_ipv4=network.vpc.cidr_block, description="anything inside the VPC",
        )
        # Public HTTPS egress is the design: private subnets reach registries and AWS APIs via NAT.
        VpcSecurityGroupEgressRule(
            self, "node_sg_https_out", security_group_id=sg.id, ip_protocol="tcp",
            from_port=443, to_port=443, cidr_ipv4="0.0.0.0/0",
            description="HTTPS out through NAT: image registries and AWS APIs",
        )
        return sg

    def _system_nodes(self, naming: Naming, network: Network, config: ClusterConfig) -> EksNodeGroup:
        nodes = config.system_nodes
        template = LaunchTemplate(
            self, "system_nodes_template", name=naming.name("eks-system"),
            update_default_version=True,
            vpc_security_group_ids=[self.node_sg.id],
            metadata_options=LaunchTemplateMetadataOptions(
                http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1),
            block_device_mappings=[LaunchTemplateBlockDeviceMappings(
                device_name="/dev/xvda",
                ebs=LaunchTemplateBlockDeviceMappingsEbs(
                    volume_size=nodes.disk_size_gib, volume_type="gp3", encrypted="true",
                    delete_on_termination="true"),
            )],
            tag_specifications=[LaunchTemplateTagSpecifications(
                resource_type="instance", tags={"Name": naming.name("eks-system")})],
        )
        return EksNodeGroup(
            self, "system_nodes", cluster_name=self.cluster.name, node_group_name="system",
            node_role_arn=self.node_role.arn,
            subnet_ids=[s.id for s in network.private_subnets.values()],
            ami_type="AL2023_x86_64_STANDARD", capacity_type="ON_DEMAND",
            instance_types=list(nodes.instance_types),
            scaling_config=EksNodeGroupScalingConfig(
                min_size=nodes.min_size, desired_size=nodes.desired_size, max_size=nodes.max_size),
            update_config=EksNodeGroupUpdateConfig(max_unavailable=1),
            launch_template=EksNodeGroupLaunchTemplate(
                id=template.id, version=Token.as_string(template.latest_version)),
            labels=SYSTEM_LABELS, taint=[SYSTEM_TAINT],
            depends_on=self.node_role.attachments,
        )

    def _addons(self, config: ClusterConfig) -> dict[str, EksAddon]:
        return {
            name: EksAddon(
                self, f"addon_{logical(name)}", cluster_name=self.cluster.name, addon_name=name,
                addon_version=version, resolve_conflicts_on_create="OVERWRITE",
                resolve_conflicts_on_update="OVERWRITE",
                depends_on=[self.node_group] if name in ADDONS_NEEDING_NODES else None,
            )
            for name, version in config.addons.items()
        }

    def _access_entries(self, access: AccessConfig) -> None:
        for grant in grants(access):
            key = f"{grant.persona}_{logical(grant.role)}"
            principal = grant.role if grant.role.startswith("arn:") else \
                f"arn:{self.account.partition}:iam::{self.account.id}:role/{grant.role}"
            entry = EksAccessEntry(self, f"access_{key}", cluster_name=self.cluster.name,
                                   principal_arn=principal, type="STANDARD")
            EksAccessPolicyAssociation(
                self, f"access_{key}_{logical(grant.policy)}", cluster_name=self.cluster.name,
                principal_arn=entry.principal_arn,
                policy_arn=f"arn:{self.account.partition}:eks::aws:cluster-access-policy/{grant.policy}",
                access_scope=EksAccessPolicyAssociationAccessScope(
                    type="namespace" if grant.namespaces else "cluster",
                    namespaces=list(grant.namespaces) or None),
            )

