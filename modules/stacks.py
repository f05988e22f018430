"""Stacks per environment. Stacks only choose backends/providers and compose constructs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cdktf import Fn, TerraformOutput, TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
from constructs import Construct

from environments.schema import EnvironmentConfig, NodeAutoscaler
from modules.account import Account
from modules.aws_provider import aws_provider, bootstrap_backend, state_backend
from modules.checkov import skip_checks
from modules.cluster import Cluster
from modules.cluster_autoscaler import ClusterAutoscalerAws
from modules.database import Database
from modules.database_access import DatabaseAccess
from modules.edge import StaticSite
from modules.iam import Role, Statement, managed_policy
from modules.karpenter import KarpenterAws
from modules.kms import Key, ServiceGrant
from modules.lb_controller import LoadBalancerControllerAws
from modules.naming import Naming
from modules.network import Network
from modules.persona_roles import PersonaRoles
from modules.secure_bucket import SecureBucket
from modules.stack import PlatformStack
from modules.vpn import ClientVpn
from modules.waf import WebAcl

EMULATED_PKI_DIR = ".pki"  # beside cdktf.out/, ignored by git

STATE_BUCKET_SKIPS = {
    "CKV_AWS_18": "Access to state is audited by CloudTrail S3 data events at the organisation "
                  "level; a log bucket per state bucket would need its own state home.",
    "CKV_AWS_144": "Cross-region replication is an organisation DR choice; versioning keeps "
                   "every state version recoverable in-region.",
    "CKV2_AWS_62": "Nothing consumes events from the state bucket; notifications add no value.",
    "CKV2_AWS_61": "Every state version is kept on purpose (they are the recovery path); "
                   "no lifecycle expiry.",
}


class EnvironmentStack(PlatformStack):
    """``<env>-<role>`` with what every stack of an environment has: its state backend (the
    env's bucket; local for the state stack itself), the AWS provider, the caller's account,
    and its dependencies on earlier stacks."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *, role: str,
                 emulator_url: str | None, after: Sequence[PlatformStack] = ()) -> None:
        self.config = config
        self.naming = Naming.of(config)
        super().__init__(scope, self.naming.stack(role))
        for stack in after:
            self.add_dependency(stack)
        if role == "state":
            bootstrap_backend(self)
        else:
            state_backend(self, config, role=role, emulator_url=emulator_url)
        self.provider = aws_provider(self, config, emulator_url=emulator_url)
        self.account = Account(self, "account", region=config.region)

    def outputs(self, values: Mapping[str, tuple[object, str]]) -> None:
        """Terraform outputs from ``{name: (value, description)}``."""
        for name, (value, description) in values.items():
            TerraformOutput(self, name, value=value, description=description)


class StateStack(EnvironmentStack):
    """``<env>-state``: the bucket every other stack of the environment keeps its state in.

    Its own state is local (``terraform.<env>-state.tfstate`` beside cdktf.out/).
    """

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None) -> None:
        super().__init__(scope, config, role="state", emulator_url=emulator_url)
        naming, account = self.naming, self.account
        key = Key(self, "state_key", account=account, alias=naming.name("tfstate"),
                  description=f"Terraform state of {naming.prefix}",
                  short_deletion_window=not config.deletion_protection)
        self.bucket = SecureBucket(
            self, "state", name=naming.state_bucket, kms_key_arn=key.arn,
            protect=config.deletion_protection, force_destroy=config.is_emulated)
        skip_checks(self.bucket.bucket, STATE_BUCKET_SKIPS)
        if config.access.create_roles:
            PersonaRoles(self, "personas", access=config.access, account=account)
        self.outputs({
            "state_bucket": (self.bucket.name, "S3 bucket holding this environment's Terraform state"),
            "state_kms_key_arn": (key.arn, "KMS key encrypting the state bucket"),
        })


class NetworkStack(EnvironmentStack):
    """``<env>-network``: the VPC (see modules/network.py); state in the env's state bucket."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, state: StateStack) -> None:
        super().__init__(scope, config, role="network", emulator_url=emulator_url, after=[state])
        naming, account = self.naming, self.account
        self.network = Network(self, "network", config=config.network, naming=naming,
                               account=account, short_lived=not config.deletion_protection)
        network = self.network
        values: dict[str, tuple[object, str]] = {
            "vpc_id": (network.vpc.id, "VPC id"),
            "vpc_cidr": (network.vpc.cidr_block, "VPC CIDR block"),
            "nat_gateway_ids": ({az: nat.id for az, nat in network.nat_gateways.items()},
                                "NAT gateway ids keyed by the AZ they live in"),
            "flow_log_group": (network.flow_log_group.name, "Log group receiving VPC flow logs"),
        }
        for tier, subnets in (("public", network.public_subnets), ("private", network.private_subnets),
                              ("database", network.database_subnets)):
            values[f"{tier}_subnet_ids"] = ({az: subnet.id for az, subnet in subnets.items()},
                                            f"{tier.capitalize()} subnet ids keyed by AZ letter")
        self.vpn: ClientVpn | None = None
        if config.vpn is not None:
            imported = None
            if config.is_emulated:  # a self-signed pair made at synth time (main.py), imported
                pki = f"../../../{EMULATED_PKI_DIR}/{config.name}"
                imported = AcmCertificate(
                    self, "vpn_server_certificate",
                    certificate_body=Fn.file(f"{pki}/server.crt"),
                    private_key=Fn.file(f"{pki}/server.key"),
                    certificate_chain=Fn.file(f"{pki}/ca.crt"),
                    lifecycle=TerraformResourceLifecycle(create_before_destroy=True)).arn
            self.vpn = ClientVpn(self, "vpn", config=config.vpn, access=config.access,
                                 naming=naming, account=account, network=self.network,
                                 server_certificate_arn=imported,
                                 short_lived=not config.deletion_protection)
            values |= {
                "vpn_endpoint_id": (self.vpn.endpoint.id, "Client VPN endpoint"),
                "vpn_client_cidr": (str(config.vpn.client_cidr), "Addresses VPN clients get"),
                "vpn_clients_https_security_group_id": (
                    self.vpn.https_from_clients.id,
                    "Admits HTTPS from VPN clients only (internal ingress LB)"),
            }
        self.outputs(values)


class ClusterStack(EnvironmentStack):
    """``<env>-cluster``: EKS and the AWS side of its controllers (see modules/cluster.py)."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, network: NetworkStack) -> None:
        super().__init__(scope, config, role="cluster", emulator_url=emulator_url, after=[network])
        naming, account = self.naming, self.account
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
        self.outputs(outputs)


class DataStack(EnvironmentStack):
    """``<env>-data``: one RDS primary (+ replicas) per configured database, reachable only
    from the cluster's node security group; the persona database policies."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, network: NetworkStack, cluster: ClusterStack) -> None:
        super().__init__(scope, config, role="data", emulator_url=emulator_url, after=[cluster])
        naming, account = self.naming, self.account
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
        self.outputs({
            f"{name}_database": ({
                "writer": db.primary.address,
                "readers": {az: r.address for az, r in db.replicas.items()},
                "port": db.config.port,
                "secret_arn": db.master_secret_arn,
                "security_group_id": db.security_group.id,
            }, f"{name}: endpoints, port, master secret ARN, security group")
            for name, db in self.databases.items()
        })


class EdgeStack(EnvironmentStack):
    """``<env>-edge``: the static site behind CloudFront and WAF (CLOUDFRONT scope, through a
    us-east-1 provider) and the REGIONAL web ACL the platform's external ALB attaches to."""

    def __init__(self, scope: Construct, config: EnvironmentConfig, *,
                 emulator_url: str | None, state: StateStack) -> None:
        super().__init__(scope, config, role="edge", emulator_url=emulator_url, after=[state])
        naming, account = self.naming, self.account
        us_east_1 = aws_provider(self, config, emulator_url=emulator_url, region="us-east-1",
                                 alias="us_east_1")
        short = not config.deletion_protection
        key = Key(self, "key", account=account, alias=naming.name("edge"),
                  description=f"Static site and regional WAF logs of {naming.prefix}",
                  short_deletion_window=short, services=[
                      ServiceGrant(principal=f"logs.{config.region}.amazonaws.com", conditions=[(
                          "ArnLike", "kms:EncryptionContext:aws:logs:arn",
                          [account.arn("logs", "log-group:aws-waf-logs-*")])]),
                      ServiceGrant(principal="cloudfront.amazonaws.com", actions=["kms:Decrypt"],
                                   conditions=[("ArnLike", "aws:SourceArn", [
                                       f"arn:{account.partition}:cloudfront::{account.id}:distribution/*"])]),
                  ])
        global_key = Key(self, "global_key", account=account, alias=naming.name("edge-global"),
                         description=f"CloudFront WAF logs of {naming.prefix} (us-east-1)",
                         short_deletion_window=short, provider=us_east_1, services=[
                             ServiceGrant(principal="logs.us-east-1.amazonaws.com", conditions=[(
                                 "ArnLike", "kms:EncryptionContext:aws:logs:arn",
                                 [f"arn:{account.partition}:logs:us-east-1:{account.id}:"
                                  "log-group:aws-waf-logs-*"])])])
        self.site = StaticSite(self, "site", config=config.edge, naming=naming, kms_key_arn=key.arn,
                               global_kms_key_arn=global_key.arn, us_east_1=us_east_1,
                               protect=config.deletion_protection, force_destroy=config.is_emulated)
        self.regional_waf = WebAcl(self, "alb_waf", name=naming.name("alb"), acl_scope="REGIONAL",
                                   config=config.edge, kms_key_arn=key.arn)
        outputs = {
            "site_bucket": (self.site.site.name, "Bucket the static site is uploaded to"),
            "distribution_id": (self.site.distribution.id, "CloudFront distribution id"),
            "distribution_domain": (self.site.distribution.domain_name, "CloudFront domain name"),
            "cloudfront_web_acl_arn": (self.site.waf.arn, "WebACL (CLOUDFRONT) on the site"),
            "regional_web_acl_arn": (self.regional_waf.arn,
                                     "WebACL (REGIONAL) for the external ALB (wafv2-acl-arn)"),
        }
        self.outputs(outputs)


def build_environment(app: Construct, config: EnvironmentConfig, *,
                      emulator_url: str | None) -> list[PlatformStack]:
    """Every stack of one environment, dependencies encoded for ``cdktf deploy '<env>-*'``."""
    state = StateStack(app, config, emulator_url=emulator_url)
    network = NetworkStack(app, config, emulator_url=emulator_url, state=state)
    cluster = ClusterStack(app, config, emulator_url=emulator_url, network=network)
    stacks: list[PlatformStack] = [state, network, cluster,
                                   EdgeStack(app, config, emulator_url=emulator_url, state=state)]
    if config.databases:
        stacks.append(DataStack(app, config, emulator_url=emulator_url, network=network,
                                cluster=cluster))
    return stacks
