"""Unit tier: the network stack of every environment, read from the session's one synth."""

from __future__ import annotations

import json
from ipaddress import IPv4Network, ip_network

import pytest

from environments.schema import EnvironmentConfig, NatStrategy
from modules.naming import Naming
from tests.conftest import Synth

pytestmark = pytest.mark.unit
TIERS = ("public", "private", "database")
INTERFACE_SERVICES = {"ecr.api", "ecr.dkr", "sts", "logs"}


def network(env: EnvironmentConfig) -> str:
    return f"{env.name}-network"


def test_vpc_address_is_pinned(synth: Synth, env: EnvironmentConfig) -> None:
    # Renaming this address would make Terraform destroy and recreate the VPC: keep it.
    vpcs = synth.resources(network(env), "aws_vpc")
    assert list(vpcs) == ["network_vpc"], f"VPC addresses: {sorted(vpcs)}"
    vpc = vpcs["network_vpc"]
    assert vpc["cidr_block"] == str(env.network.vpc_cidr)
    assert vpc["enable_dns_hostnames"] is True and vpc["enable_dns_support"] is True


def test_three_subnet_tiers_per_az_keyed_by_letter(synth: Synth, env: EnvironmentConfig) -> None:
    subnets = synth.resources(network(env), "aws_subnet")
    expected = {f"network_{tier}_{az}" for tier in TIERS for az in env.network.az_letters}
    assert set(subnets) == expected
    vpc = env.network.vpc_cidr
    cidrs = [IPv4Network(s["cidr_block"]) for s in subnets.values()]
    assert all(c.subnet_of(vpc) for c in cidrs), cidrs
    for i, a in enumerate(cidrs):
        for b in cidrs[i + 1:]:
            assert not a.overlaps(b), f"{a} overlaps {b}"
    for name, subnet in subnets.items():
        az = name.rsplit("_", 1)[1]
        assert subnet["availability_zone"] == f"{env.region}{az}"
        assert subnet["map_public_ip_on_launch"] is False, name
        assert ip_network(subnet["cidr_block"]).prefixlen <= 28, name


def test_subnet_tags_for_load_balancers_and_karpenter(synth: Synth, env: EnvironmentConfig) -> None:
    subnets = synth.resources(network(env), "aws_subnet")
    cluster = Naming.of(env).cluster
    for az in env.network.az_letters:
        public, private, db = (subnets[f"network_{t}_{az}"]["tags"] for t in TIERS)
        assert public.get("kubernetes.io/role/elb") == "1", public
        assert private.get("kubernetes.io/role/internal-elb") == "1", private
        assert private.get("karpenter.sh/discovery") == cluster, private
        assert "kubernetes.io/role/elb" not in private and "karpenter.sh/discovery" not in public
        assert not {"kubernetes.io/role/elb", "kubernetes.io/role/internal-elb"} & set(db)


def test_nat_gateways_follow_the_strategy(synth: Synth, env: EnvironmentConfig) -> None:
    stack = network(env)
    nats = synth.resources(stack, "aws_nat_gateway")
    want = env.network.az_letters if env.network.nat_strategy == NatStrategy.PER_AZ else ("a",)
    assert set(nats) == {f"network_nat_{az}" for az in want}
    assert len(synth.resources(stack, "aws_eip")) == len(want)
    for az, nat in ((n.rsplit("_", 1)[1], v) for n, v in nats.items()):
        assert nat["subnet_id"] == f"${{aws_subnet.network_public_{az}.id}}"
    routes = synth.resources(stack, "aws_route")
    for az in env.network.az_letters:
        route = routes[f"network_private_{az}_default_route"]
        nat_az = az if env.network.nat_strategy == NatStrategy.PER_AZ else "a"
        assert route["nat_gateway_id"] == f"${{aws_nat_gateway.network_nat_{nat_az}.id}}"
        assert route["route_table_id"] == f"${{aws_route_table.network_private_{az}_rt.id}}"


def test_only_public_and_nat_routes_leave_the_vpc(synth: Synth, env: EnvironmentConfig) -> None:
    routes = synth.resources(network(env), "aws_route")
    public = routes.pop("network_public_default_route")
    assert public["gateway_id"] == "${aws_internet_gateway.network_igw.id}"
    assert all("nat_gateway_id" in r for r in routes.values()), routes
    # database subnets have a route table with no default route at all
    assert not [n for n in routes if "database" in n]


def test_default_security_group_has_no_rules(synth: Synth, env: EnvironmentConfig) -> None:
    sg = synth.resource(network(env), "aws_default_security_group", "network_default_sg")
    assert sg["ingress"] == [] and sg["egress"] == []


def test_no_security_group_is_open_to_the_world(synth: Synth, env: EnvironmentConfig) -> None:
    stack = synth.stack(network(env))["resource"]
    for rtype in ("aws_security_group", "aws_vpc_security_group_ingress_rule"):
        text = json.dumps(stack.get(rtype, {}))
        assert "0.0.0.0/0" not in text and "::/0" not in text, text


def test_flow_logs_encrypted_with_env_retention(synth: Synth, env: EnvironmentConfig) -> None:
    stack = network(env)
    flow = synth.resource(stack, "aws_flow_log", "network_flow_log")
    assert flow["traffic_type"] == "ALL"
    assert flow["vpc_id"] == "${aws_vpc.network_vpc.id}"
    assert flow["log_destination"] == "${aws_cloudwatch_log_group.network_flow_logs.arn}"
    group = synth.resource(stack, "aws_cloudwatch_log_group", "network_flow_logs")
    assert group["retention_in_days"] == env.network.flow_log_retention_days
    assert group["kms_key_id"] == "${aws_kms_key.network_flow_logs_key.arn}"
    key = synth.resource(stack, "aws_kms_key", "network_flow_logs_key")
    assert key["enable_key_rotation"] is True
    assert f"logs.{env.region}.amazonaws.com" in key["policy"]


def test_flow_log_role_is_scoped_to_its_log_group(synth: Synth, env: EnvironmentConfig) -> None:
    doc = synth.data(network(env), "aws_iam_policy_document", "network_flow_logs_write")
    (statement,) = doc["statement"]
    assert statement["resources"] == ["${aws_cloudwatch_log_group.network_flow_logs.arn}",
                                      "${aws_cloudwatch_log_group.network_flow_logs.arn}:*"]
    assert not any(r == "*" for r in statement["resources"])


def test_endpoints(synth: Synth, env: EnvironmentConfig) -> None:
    endpoints = synth.resources(network(env), "aws_vpc_endpoint")
    s3 = endpoints.pop("network_s3_endpoint")
    assert s3["vpc_endpoint_type"] == "Gateway"
    assert s3["service_name"] == f"com.amazonaws.{env.region}.s3"
    tables = set(s3["route_table_ids"])
    assert "${aws_route_table.network_database_rt.id}" in tables
    assert {f"${{aws_route_table.network_private_{az}_rt.id}}" for az in env.network.az_letters} <= tables
    services = {e["service_name"].removeprefix(f"com.amazonaws.{env.region}.") for e in endpoints.values()}
    if env.network.interface_endpoints:
        assert services == INTERFACE_SERVICES
        assert all(e["private_dns_enabled"] for e in endpoints.values())
        assert all(e["security_group_ids"] == ["${aws_security_group.network_endpoints_sg.id}"]
                   for e in endpoints.values())
        rule = synth.resource(network(env), "aws_vpc_security_group_ingress_rule",
                              "network_endpoints_https_in")
        assert (rule["from_port"], rule["to_port"], rule["cidr_ipv4"]) == (
            443, 443, str(env.network.vpc_cidr))
    else:
        assert services == set(), services
        assert "network_endpoints_sg" not in synth.resources(network(env), "aws_security_group")


def test_default_tags_and_provider(synth: Synth, env: EnvironmentConfig) -> None:
    for role in ("state", "network"):
        config = synth.stack(f"{env.name}-{role}")
        assert config["terraform"]["required_providers"]["aws"] == {
            "source": "hashicorp/aws", "version": "5.100.0"}
        (provider,) = config["provider"]["aws"]
        tags = provider["default_tags"][0]["tags"]
        assert tags["project"] == env.project and tags["environment"] == env.name
        assert tags["managed-by"] == "cdktf"
        assert provider["region"] == env.region
