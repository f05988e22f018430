"""The VPC of an environment: three subnet tiers per AZ, NAT, endpoints, flow logs."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.default_security_group import DefaultSecurityGroup
from cdktf_cdktf_provider_aws.eip import Eip
from cdktf_cdktf_provider_aws.flow_log import FlowLog
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.internet_gateway import InternetGateway
from cdktf_cdktf_provider_aws.nat_gateway import NatGateway
from cdktf_cdktf_provider_aws.route import Route
from cdktf_cdktf_provider_aws.route_table import RouteTable
from cdktf_cdktf_provider_aws.route_table_association import RouteTableAssociation
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.subnet import Subnet
from cdktf_cdktf_provider_aws.vpc import Vpc
from cdktf_cdktf_provider_aws.vpc_endpoint import VpcEndpoint
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from environments.schema import NatStrategy, NetworkConfig
from modules.account import Account
from modules.checkov import skip_checks
from modules.kms import Key, ServiceGrant
from modules.naming import Naming

# Interface endpoints that let private nodes pull images, get tokens and ship logs without NAT.
INTERFACE_ENDPOINTS = {"ecr_api": "ecr.api", "ecr_dkr": "ecr.dkr", "sts": "sts", "logs": "logs"}
ANYWHERE = "0.0.0.0/0"  # the public route table's default route: public by design
ONE_YEAR = 365


@dataclass(frozen=True)
class SubnetPlan:
    """Static CIDRs per tier and AZ letter; see environments/schema.py for the layout."""

    private: dict[str, IPv4Network]
    public: dict[str, IPv4Network]
    database: dict[str, IPv4Network]

    @classmethod
    def of(cls, config: NetworkConfig) -> SubnetPlan:
        blocks = list(config.vpc_cidr.subnets(new_prefix=config.vpc_cidr.prefixlen + 3))
        public_block = list(blocks[6].subnets(prefixlen_diff=3))
        database_block = list(blocks[7].subnets(prefixlen_diff=3))
        index = {letter: "abcdef".index(letter) for letter in config.az_letters}
        return cls(
            private={az: blocks[i] for az, i in index.items()},
            public={az: public_block[i] for az, i in index.items()},
            database={az: database_block[i] for az, i in index.items()},
        )


class Network(Construct):
    """VPC over ``config.az_count`` AZs with public, private and database subnets per AZ.

    - public: default route to the internet gateway; no public IPs on launch; tagged for
      internet-facing load balancers.
    - private: default route to a NAT gateway (own AZ with ``per_az``, AZ a with ``single``);
      tagged for internal load balancers and Karpenter discovery.
    - database: no route out of the VPC.
    Always: S3 gateway endpoint, default security group stripped of rules, flow logs (ALL
    traffic) to a KMS-encrypted log group. Optional: interface endpoints (ecr.api, ecr.dkr,
    sts, logs) in the private subnets behind their own security group (HTTPS from the VPC).
    """

    def __init__(self, scope: Construct, id: str, *, config: NetworkConfig, naming: Naming,
                 account: Account, short_lived: bool) -> None:
        super().__init__(scope, id)
        self.config = config
        self.plan = SubnetPlan.of(config)
        region = naming.region
        self.vpc = Vpc(
            self, "vpc", cidr_block=str(config.vpc_cidr), enable_dns_hostnames=True,
            enable_dns_support=True, tags={"Name": naming.name("vpc")},
        )
        DefaultSecurityGroup(self, "default_sg", vpc_id=self.vpc.id, ingress=[], egress=[],
                             tags={"Name": naming.name("default-deny-all")})
        igw = InternetGateway(self, "igw", vpc_id=self.vpc.id, tags={"Name": naming.name("igw")})

        self.public_subnets = self._tier("public", self.plan.public, naming,
                                         {"kubernetes.io/role/elb": "1"})
        self.private_subnets = self._tier("private", self.plan.private, naming, {
            "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": naming.cluster})
        self.database_subnets = self._tier("database", self.plan.database, naming, {})

        public_rt = RouteTable(self, "public_rt", vpc_id=self.vpc.id,
                               tags={"Name": naming.name("public")})
        Route(self, "public_default_route", route_table_id=public_rt.id,
              destination_cidr_block=ANYWHERE, gateway_id=igw.id)
        for az, subnet in self.public_subnets.items():
            RouteTableAssociation(self, f"public_{az}_rt", subnet_id=subnet.id,
                                  route_table_id=public_rt.id)

        nat_azs = config.az_letters if config.nat_strategy == NatStrategy.PER_AZ else ("a",)
        self.nat_gateways = {}
        for az in nat_azs:
            eip = Eip(self, f"nat_{az}_eip", domain="vpc", tags={"Name": naming.name("nat", az)},
                      depends_on=[igw])
            self.nat_gateways[az] = NatGateway(
                self, f"nat_{az}", allocation_id=eip.allocation_id,
                subnet_id=self.public_subnets[az].id, tags={"Name": naming.name("nat", az)})

        private_rts = []
        for az, subnet in self.private_subnets.items():
            rt = RouteTable(self, f"private_{az}_rt", vpc_id=self.vpc.id,
                            tags={"Name": naming.name("private", az)})
            nat = self.nat_gateways.get(az, self.nat_gateways["a"])
            Route(self, f"private_{az}_default_route", route_table_id=rt.id,
                  destination_cidr_block=ANYWHERE, nat_gateway_id=nat.id)
            RouteTableAssociation(self, f"private_{az}_rt_assoc", subnet_id=subnet.id,
                                  route_table_id=rt.id)
            private_rts.append(rt)

        database_rt = RouteTable(self, "database_rt", vpc_id=self.vpc.id,
                                 tags={"Name": naming.name("database")})
        for az, subnet in self.database_subnets.items():
            RouteTableAssociation(self, f"database_{az}_rt", subnet_id=subnet.id,
                                  route_table_id=database_rt.id)

        VpcEndpoint(
            self, "s3_endpoint", vpc_id=self.vpc.id, service_name=f"com.amazonaws.{region}.s3",
            vpc_endpoint_type="Gateway",
            route_table_ids=[rt.id for rt in [*private_rts, database_rt]],
            tags={"Name": naming.name("s3")},
        )
        if config.interface_endpoints:
            self._interface_endpoints(naming, region)
        self._flow_logs(naming, account, short_lived)

    def _tier(self, tier: str, cidrs: dict[str, IPv4Network], naming: Naming,
              tags: dict[str, str]) -> dict[str, Subnet]:
        return {
            az: Subnet(
                self, f"{tier}_{az}", vpc_id=self.vpc.id, cidr_block=str(cidr),
                availability_zone=f"{naming.region}{az}", map_public_ip_on_launch=False,
                tags={"Name": naming.name(tier, az), "tier": tier, **tags},
            )
            for az, cidr in cidrs.items()
        }

    def _interface_endpoints(self, naming: Naming, region: str) -> None:
        sg = SecurityGroup(
            self, "endpoints_sg", name=naming.name("vpc-endpoints"), vpc_id=self.vpc.id,
            description="HTTPS from inside the VPC to the interface endpoints",
            tags={"Name": naming.name("vpc-endpoints")},
        )
        VpcSecurityGroupIngressRule(
            self, "endpoints_https_in", security_group_id=sg.id, ip_protocol="tcp",
            from_port=443, to_port=443, cidr_ipv4=str(self.config.vpc_cidr),
            description="HTTPS from the VPC",
        )
        for key, service in INTERFACE_ENDPOINTS.items():
            VpcEndpoint(
                self, f"{key}_endpoint", vpc_id=self.vpc.id,
                service_name=f"com.amazonaws.{region}.{service}", vpc_endpoint_type="Interface",
                private_dns_enabled=True, security_group_ids=[sg.id],
                subnet_ids=[s.id for s in self.private_subnets.values()],
                tags={"Name": naming.name(service.replace(".", "-"))},
            )

    def _flow_logs(self, naming: Naming, account: Account, short_lived: bool) -> None:
        group_name = f"/aws/vpc/{naming.prefix}/flow-logs"
        group_arn = account.arn("logs", f"log-group:{group_name}")
        key = Key(
            self, "flow_logs_key", account=account, alias=naming.name("flow-logs"),
            description=f"VPC flow logs of {naming.prefix}", short_deletion_window=short_lived,
            services=[ServiceGrant(
                principal=f"logs.{naming.region}.amazonaws.com",
                conditions=[("ArnEquals", "kms:EncryptionContext:aws:logs:arn", [group_arn])],
            )],
        )
        retention = self.config.flow_log_retention_days
        self.flow_log_group = CloudwatchLogGroup(
            self, "flow_logs", name=group_name, kms_key_id=key.arn, retention_in_days=retention,
        )
        if retention < ONE_YEAR:
            skip_checks(self.flow_log_group, {"CKV_AWS_338": (
                f"Retention is set per environment ({retention} days here): short-lived "
                "environments keep flow logs briefly by design; prod keeps them a year or more.")})
        assume = DataAwsIamPolicyDocument(self, "flow_logs_assume", statement=[
            DataAwsIamPolicyDocumentStatement(
                actions=["sts:AssumeRole"],
                principals=[DataAwsIamPolicyDocumentStatementPrincipals(
                    type="Service", identifiers=["vpc-flow-logs.amazonaws.com"])],
                condition=[DataAwsIamPolicyDocumentStatementCondition(
                    test="StringEquals", variable="aws:SourceAccount", values=[account.id])],
            )])
        role = IamRole(self, "flow_logs_role", name=naming.name("flow-logs"),
                       assume_role_policy=assume.json)
        write = DataAwsIamPolicyDocument(self, "flow_logs_write", statement=[
            DataAwsIamPolicyDocumentStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                resources=[self.flow_log_group.arn, f"{self.flow_log_group.arn}:*"],
            )])
        IamRolePolicy(self, "flow_logs_policy", role=role.id, policy=write.json)
        self.flow_log = FlowLog(
            self, "flow_log", vpc_id=self.vpc.id, traffic_type="ALL",
            log_destination_type="cloud-watch-logs", log_destination=self.flow_log_group.arn,
            iam_role_arn=role.arn, max_aggregation_interval=60,
            tags={"Name": naming.name("flow-log")},
        )
