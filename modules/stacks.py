"""Stacks per environment. Stacks only choose backends/providers and compose constructs."""

from __future__ import annotations

from cdktf import TerraformOutput
from constructs import Construct

from environments.schema import EnvironmentConfig, NodeAutoscaler
from modules.account import Account
from modules.aws_provider import aws_provider, bootstrap_backend, state_backend
from modules.checkov import skip_checks
from modules.cluster import Cluster
from modules.cluster_autoscaler import ClusterAutoscalerAws
from modules.database import Database
from modules.database_access import DatabaseAccess
from modules.iam import Role, Statement, managed_policy
from modules.karpenter import KarpenterAws
from modules.kms import Key, ServiceGrant
from modules.lb_controller import LoadBalancerControllerAws
from modules.naming import Naming
from modules.network import Network
from modules.persona_roles import PersonaRoles
from modules.secure_bucket import SecureBucket
from modules.stack import PlatformStack

STATE_BUCKET_SKIPS = {
    "CKV_AWS_18": "Access to state is audited by CloudTrail S3 data events at the organisation "
                  "level; a log bucket per state bucket would need its own state home.",
    "CKV_AWS_144": "Cross-region replication is an organisation DR choice; versioning keeps "
                   "every state version recoverable in-region.",
    "CKV2_AWS_62": "Nothing consumes events from the state bucket; notifications add no value.",
    "CKV2_AWS_61": "Every state version is kept on purpose (they are the recovery path); "
                   "no lifecycle expiry.",
}


class StateStack(PlatformStack):
    """``<env>-state``: the bucket every other stack of the environment keeps its state in.

    Its own state is local (``terraform.<env>-state.tfstate`` beside cdktf.out/).
    """

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None) -> None:
        naming = Naming.of(config)
        super().__init__(scope, naming.stack("state"))
        bootstrap_backend(self)
        aws_provider(self, config, emulator_url=emulator_url)
        account = Account(self, "account", region=config.region)
        key = Key(self, "state_key", account=account, alias=naming.name("tfstate"),
                  description=f"Terraform state of {naming.prefix}",
                  short_deletion_window=not config.deletion_protection)
        self.bucket = SecureBucket(
            self, "state", name=naming.state_bucket, kms_key_arn=key.arn,
            protect=config.deletion_protection, force_destroy=config.is_emulated)
        skip_checks(self.bucket.bucket, STATE_BUCKET_SKIPS)
        if config.access.create_roles:
            PersonaRoles(self, "personas", access=config.access, account=account)
        TerraformOutput(self, "state_bucket", value=self.bucket.name,
                        description="S3 bucket holding this environment's Terraform state")
        TerraformOutput(self, "state_kms_key_arn", value=key.arn,
                        description="KMS key encrypting the state bucket")


class NetworkStack(PlatformStack):
    """``<env>-network``: the VPC (see modules/network.py); state in the env's state bucket."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, state: StateStack) -> None:
        naming = Naming.of(config)
        super().__init__(scope, naming.stack("network"))
        self.add_dependency(state)
        state_backend(self, config, role="network", emulator_url=emulator_url)
        aws_provider(self, config, emulator_url=emulator_url)
        account = Account(self, "account", region=config.region)
        self.network = Network(self, "network", config=config.network, naming=naming,
                               account=account, short_lived=not config.deletion_protection)
        TerraformOutput(self, "vpc_id", value=self.network.vpc.id, description="VPC id")
        TerraformOutput(self, "vpc_cidr", value=self.network.vpc.cidr_block,
                        description="VPC CIDR block")
        for tier, subnets in (("public", self.network.public_subnets),
                              ("private", self.network.private_subnets),
                              ("database", self.network.database_subnets)):
            TerraformOutput(self, f"{tier}_subnet_ids",
                            value={az: subnet.id for az, subnet in subnets.items()},
                            description=f"{tier.capitalize()} subnet ids keyed by AZ letter")
        TerraformOutput(self, "nat_gateway_ids",
                        value={az: nat.id for az, nat in self.network.nat_gateways.items()},
                        description="NAT gateway ids keyed by the AZ they live in")
        TerraformOutput(self, "flow_log_group", value=self.network.flow_log_group.name,
                        description="CloudWatch log group receiving VPC flow logs")


class ClusterStack(PlatformStack):
    """``<env>-cluster``: EKS and the AWS side of its controllers (see modules/cluster.py)."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, network: NetworkStack) -> None:
        naming = Naming.of(config)
        super().__init__(scope, naming.stack("cluster"))
        self.add_dependency(network)
        state_backend(self, config, role="cluster", emulator_url=emulator_url)
        aws_provider(self, config, emulator_url=emulator_url)
        account = Account(self, "account", region=config.region)
        self.cluster = Cluster(self, "eks", config=config.cluster, access=config.access,
                               naming=naming, account=account, network=network.network,
                               protect=config.deletion_protection)
        eks = self.cluster.cluster
        self.lb_controller = LoadBalancerControllerAws(
            self, "lb_controller", account=account, cluster_name=eks.name, cluster_arn=eks.arn,
            role_name=naming.name("aws-lb-controller"))
        self.karpenter: KarpenterAws | None = None
        self.autoscaler: ClusterAutoscalerAws | None = None
        if config.cluster.node_autoscaler == NodeAutoscaler.KARPENTER:
            self.karpenter = KarpenterAws(self, "karpenter", cluster=self.cluster, naming=naming,
                                          account=account)
        else:
            self.autoscaler = ClusterAutoscalerAws(self, "cluster_autoscaler",
                                                   cluster=self.cluster, naming=naming,
                                                   account=account)
        outputs: dict[str, tuple[object, str]] = {
            "cluster_name": (eks.name, "EKS cluster name"),
            "cluster_arn": (eks.arn, "EKS cluster ARN"),
            "cluster_endpoint": (eks.endpoint, "Kubernetes API endpoint"),
            "cluster_ca_data": (eks.certificate_authority.get(0).data,
                                "Base64 certificate authority of the API endpoint"),
            "oidc_issuer": (eks.identity.get(0).oidc.get(0).issuer,
                            "OIDC issuer URL (for IRSA consumers; this platform uses Pod Identity)"),
            "node_security_group_id": (self.cluster.node_sg.id,
                                       "Security group of every node (and pod): the source "
                                       "databases admit"),
            "cluster_security_group_id": (self.cluster.cluster_security_group_id,
                                          "EKS-managed cluster security group"),
            "lb_controller_role_arn": (self.lb_controller.controller.arn,
                                       "Role of kube-system/aws-load-balancer-controller"),
            "ebs_csi_role_arn": (self.cluster.ebs_csi.arn, "Role of kube-system/ebs-csi-controller-sa"),
        }
        if self.karpenter:
            outputs |= {
                "karpenter_controller_role_arn": (self.karpenter.controller.arn,
                                                  "Role of kube-system/karpenter"),
                "karpenter_node_role_name": (self.karpenter.node_role.name,
                                             "Role for EC2NodeClass.spec.role"),
                "karpenter_queue_name": (self.karpenter.queue.name,
                                         "settings.interruptionQueue of the Karpenter chart"),
            }
        if self.autoscaler:
            outputs["cluster_autoscaler_role_arn"] = (self.autoscaler.controller.arn,
                                                      "Role of kube-system/cluster-autoscaler")
        for name, (value, description) in outputs.items():
            TerraformOutput(self, name, value=value, description=description)


class DataStack(PlatformStack):
    """``<env>-data``: one RDS primary (+ replicas) per configured database, reachable only
    from the cluster's node security group; the persona database policies."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, network: NetworkStack, cluster: ClusterStack) -> None:
        naming = Naming.of(config)
        super().__init__(scope, naming.stack("data"))
        self.add_dependency(cluster)
        state_backend(self, config, role="data", emulator_url=emulator_url)
        aws_provider(self, config, emulator_url=emulator_url)
        account = Account(self, "account", region=config.region)
        key = Key(self, "key", account=account, alias=naming.name("data"),
                  description=f"Databases, their secrets, insights and logs of {naming.prefix}",
                  short_deletion_window=not config.deletion_protection,
                  services=[ServiceGrant(
                      principal=f"logs.{config.region}.amazonaws.com",
                      conditions=[("ArnLike", "kms:EncryptionContext:aws:logs:arn", [account.arn(
                          "logs", f"log-group:/aws/rds/instance/{naming.prefix}-*")])])])
        monitoring = None
        if any(db.monitoring_interval for db in config.databases.values()):
            monitoring = Role(
                self, "monitoring", name=naming.name("rds-monitoring"),
                trust=Statement(actions=["sts:AssumeRole"],
                                principals={"Service": ["monitoring.rds.amazonaws.com"]}),
                managed_policy_arns=[managed_policy(
                    account.partition, "service-role/AmazonRDSEnhancedMonitoringRole")])
        self.databases = {
            name: Database(self, name, name=name, config=db, naming=naming,
                           network=network.network,
                           client_security_group_id=cluster.cluster.node_sg.id,
                           kms_key_arn=key.arn,
                           monitoring_role_arn=monitoring.arn if monitoring else None,
                           protect=config.deletion_protection)
            for name, db in config.databases.items()
        }
        DatabaseAccess(self, "access", access=config.access, naming=naming, account=account,
                       databases=list(self.databases.values()))
        for name, db in self.databases.items():
            TerraformOutput(self, f"{name}_database", description=f"{name}: endpoints, port, "
                            "master secret ARN", value={
                "writer": db.primary.address,
                "readers": {az: r.address for az, r in db.replicas.items()},
                "port": db.config.port,
                "secret_arn": db.master_secret_arn,
                "security_group_id": db.security_group.id,
            })


def build_environment(app: Construct, config: EnvironmentConfig, *,
                      emulator_url: str | None) -> list[PlatformStack]:
    """Every stack of one environment, dependencies encoded for ``cdktf deploy '<env>-*'``."""
    state = StateStack(app, config, emulator_url=emulator_url)
    network = NetworkStack(app, config, emulator_url=emulator_url, state=state)
    cluster = ClusterStack(app, config, emulator_url=emulator_url, network=network)
    stacks: list[PlatformStack] = [state, network, cluster]
    if config.databases:
        stacks.append(DataStack(app, config, emulator_url=emulator_url, network=network,
                                cluster=cluster))
    return stacks
