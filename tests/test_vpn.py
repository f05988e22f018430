"""Unit tier: Client VPN per environment; authorization rules follow the persona table."""

from __future__ import annotations

from ipaddress import IPv4Network

import pytest

from environments.schema import EnvironmentConfig
from modules.network import SubnetPlan
from tests.conftest import CONFIGS, Synth

pytestmark = pytest.mark.unit
VPN_ENVS = [name for name, c in CONFIGS.items() if c.vpn is not None]
# Developer reach, written out independently of modules/personas.py.
DEVELOPER_TIERS = {"admin": {"public", "private"}, "edit": {"private"}, "view": {"private"},
                   "none": set()}


def rules(synth: Synth, env: EnvironmentConfig) -> list[dict[str, object]]:
    return list(synth.resources(f"{env.name}-network", "aws_ec2_client_vpn_authorization_rule").values())


def reach(synth: Synth, name: str, group: str) -> set[IPv4Network]:
    return {IPv4Network(str(r["target_network_cidr"])) for r in rules(synth, CONFIGS[name])
            if r.get("access_group_id") == group}


def test_every_real_environment_has_a_vpn() -> None:
    assert set(VPN_ENVS) >= {"dev", "staging", "preprod", "prod"}


@pytest.mark.parametrize("name", VPN_ENVS)
def test_endpoint_is_split_tunnel_logged_and_associated_per_az(synth: Synth, name: str) -> None:
    env = CONFIGS[name]
    assert env.vpn is not None
    stack = f"{name}-network"
    endpoint = synth.resource(stack, "aws_ec2_client_vpn_endpoint", "vpn_endpoint")
    assert endpoint["split_tunnel"] is True
    assert endpoint["client_cidr_block"] == str(env.vpn.client_cidr)
    assert endpoint["connection_log_options"]["enabled"] is True
    assert endpoint["security_group_ids"] == ["${aws_security_group.vpn_sg.id}"]
    (auth,) = endpoint["authentication_options"]
    assert auth["type"] == ("federated-authentication" if env.vpn.authentication == "saml"
                            else "certificate-authentication")
    associations = synth.resources(stack, "aws_ec2_client_vpn_network_association")
    assert {a["subnet_id"] for a in associations.values()} == {
        f"${{aws_subnet.network_private_{az}.id}}" for az in env.network.az_letters}
    https = synth.resource(stack, "aws_vpc_security_group_ingress_rule", "vpn_clients_https_in")
    assert (https["from_port"], https["to_port"]) == (443, 443)
    assert https["referenced_security_group_id"] == "${aws_security_group.vpn_sg.id}"
    outputs = synth.stack(stack)["output"]
    assert outputs["vpn_client_cidr"]["value"] == str(env.vpn.client_cidr)
    assert "vpn_clients_https_security_group_id" in outputs


@pytest.mark.parametrize("name", VPN_ENVS)
def test_authorization_rules_match_the_persona_table(synth: Synth, name: str) -> None:
    env = CONFIGS[name]
    assert env.vpn is not None
    if env.vpn.authentication == "certificate":  # no groups: one rule for certificate holders
        assert [(r["target_network_cidr"], r["authorize_all_groups"]) for r in rules(synth, env)] \
            == [(str(env.network.vpc_cidr), True)]
        return
    plan = SubnetPlan.of(env.network)
    assert reach(synth, name, env.vpn.devops_group) == {env.network.vpc_cidr}
    want = {cidr for tier in DEVELOPER_TIERS[env.access.developer_level]
            for cidr in getattr(plan, tier).values()}
    assert reach(synth, name, env.vpn.developer_group) == want
    assert not {c for c in reach(synth, name, env.vpn.developer_group)
                if any(c.overlaps(d) for d in plan.database.values())}


def test_staging_grants_more_than_preprod_and_prod_none(synth: Synth) -> None:
    def developer_access(name: str) -> tuple[int, str]:
        env = CONFIGS[name]
        assert env.vpn is not None
        return len(reach(synth, name, env.vpn.developer_group)), env.access.developer_level

    staging, preprod, prod = (developer_access(n) for n in ("staging", "preprod", "prod"))
    assert staging[0] >= preprod[0] > prod[0] == 0
    # the network reach of edit and view is the same; EKS makes the difference
    assert (staging[1], preprod[1], prod[1]) == ("edit", "view", "none")


def test_no_environment_without_a_vpn_synthesizes_one(synth: Synth, env: EnvironmentConfig) -> None:
    endpoints = synth.resources(f"{env.name}-network", "aws_ec2_client_vpn_endpoint")
    assert bool(endpoints) is (env.vpn is not None)
