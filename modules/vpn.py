"""Client VPN for people: who reaches which CIDRs comes from the persona declaration."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.cloudwatch_log_stream import CloudwatchLogStream
from cdktf_cdktf_provider_aws.data_aws_acm_certificate import DataAwsAcmCertificate
from cdktf_cdktf_provider_aws.ec2_client_vpn_authorization_rule import (
    Ec2ClientVpnAuthorizationRule,
)
from cdktf_cdktf_provider_aws.ec2_client_vpn_endpoint import (
    Ec2ClientVpnEndpoint,
    Ec2ClientVpnEndpointAuthenticationOptions,
    Ec2ClientVpnEndpointConnectionLogOptions,
)
from cdktf_cdktf_provider_aws.ec2_client_vpn_network_association import (
    Ec2ClientVpnNetworkAssociation,
)
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from environments.schema import AccessConfig, VpnConfig
from modules.account import Account
from modules.checkov import skip_checks
from modules.kms import Key, ServiceGrant
from modules.naming import Naming
from modules.network import ONE_YEAR, Network
from modules.personas import vpn_reach


class ClientVpn(Construct):
    """Client VPN endpoint: split tunnel, connection logs (KMS-encrypted), its own security
    group, one association per AZ (private subnets), and authorization rules from
    ``modules.personas.vpn_reach``. Exports the client CIDR and a security group that admits
    HTTPS only from VPN clients (for the internal ingress load balancer)."""

    def __init__(self, scope: Construct, id: str, *, config: VpnConfig, access: AccessConfig,
                 naming: Naming, account: Account, network: Network,
                 server_certificate_arn: str | None = None, short_lived: bool = False) -> None:
        super().__init__(scope, id)
        group_name = f"/aws/vpn/{naming.prefix}/connections"
        key = Key(self, "key", account=account, alias=naming.name("vpn-logs"),
                  description=f"Client VPN connection logs of {naming.prefix}",
                  short_deletion_window=short_lived,
                  services=[ServiceGrant(
                      principal=f"logs.{naming.region}.amazonaws.com",
                      conditions=[("ArnEquals", "kms:EncryptionContext:aws:logs:arn",
                                   [account.arn("logs", f"log-group:{group_name}")])])])
        logs = CloudwatchLogGroup(self, "logs", name=group_name, kms_key_id=key.arn,
                                  retention_in_days=config.log_retention_days)
        if config.log_retention_days < ONE_YEAR:
            skip_checks(logs, {"CKV_AWS_338": (
                f"VPN connection logs are kept {config.log_retention_days} days here; prod "
                "keeps them a year.")})
        stream = CloudwatchLogStream(self, "log_stream", name="connections", log_group_name=logs.name)
        self.security_group = SecurityGroup(
            self, "sg", name=naming.name("client-vpn"), vpc_id=network.vpc.id,
            description="Client VPN endpoint: forwards clients into the VPC only",
            tags={"Name": naming.name("client-vpn")})
        VpcSecurityGroupEgressRule(
            self, "sg_to_vpc", security_group_id=self.security_group.id, ip_protocol="-1",
            cidr_ipv4=network.vpc.cidr_block, description="VPN clients into the VPC")
        self.https_from_clients = SecurityGroup(
            self, "clients_https", name=naming.name("from-vpn-clients"), vpc_id=network.vpc.id,
            description="HTTPS from VPN clients only (internal ingress load balancer)",
            tags={"Name": naming.name("from-vpn-clients")})
        skip_checks(self.https_from_clients, {"CKV2_AWS_5": (
            "Exported for the internal ingress load balancer, which the AWS Load Balancer "
            "Controller creates from the platform stack and attaches this group to.")})
        VpcSecurityGroupIngressRule(
            self, "clients_https_in", security_group_id=self.https_from_clients.id,
            ip_protocol="tcp", from_port=443, to_port=443,
            referenced_security_group_id=self.security_group.id, description="VPN clients")

        certificate = server_certificate_arn or config.server_certificate or ""
        if server_certificate_arn is None and not certificate.startswith("arn:"):
            certificate = DataAwsAcmCertificate(  # a domain: the newest issued certificate
                self, "server_certificate", domain=certificate, statuses=["ISSUED"],
                most_recent=True).arn
        if config.authentication == "saml":
            provider = config.saml_provider or ""
            saml_arn = provider if provider.startswith("arn:") else \
                f"arn:{account.partition}:iam::{account.id}:saml-provider/{provider}"
            auth = Ec2ClientVpnEndpointAuthenticationOptions(
                type="federated-authentication", saml_provider_arn=saml_arn)
        else:
            auth = Ec2ClientVpnEndpointAuthenticationOptions(
                type="certificate-authentication",
                root_certificate_chain_arn=config.client_root_certificate_arn or certificate)
        self.endpoint = Ec2ClientVpnEndpoint(
            self, "endpoint", description=f"{naming.prefix} developer access",
            client_cidr_block=str(config.client_cidr), server_certificate_arn=certificate,
            authentication_options=[auth], split_tunnel=True, transport_protocol="udp",
            session_timeout_hours=8, vpc_id=network.vpc.id,
            security_group_ids=[self.security_group.id],
            dns_servers=[str(network.config.vpc_cidr.network_address + 2)],
            connection_log_options=Ec2ClientVpnEndpointConnectionLogOptions(
                enabled=True, cloudwatch_log_group=logs.name,
                cloudwatch_log_stream=stream.name),
            tags={"Name": naming.name("client-vpn")})
        for az, subnet in network.private_subnets.items():
            Ec2ClientVpnNetworkAssociation(
                self, f"association_{az}", client_vpn_endpoint_id=self.endpoint.id,
                subnet_id=subnet.id)
        self.rules = vpn_reach(access, config, network.config.vpc_cidr, network.plan)
        for rule in self.rules:
            Ec2ClientVpnAuthorizationRule(
                self, f"allow_{rule.key}", client_vpn_endpoint_id=self.endpoint.id,
                target_network_cidr=rule.cidr, access_group_id=rule.group,
                authorize_all_groups=True if rule.group is None else None,
                description=rule.description)
