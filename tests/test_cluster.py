"""Unit tier: the cluster stack of every environment (EKS, nodes, addons, access, autoscaler)."""

from __future__ import annotations

import json

import pytest

from environments.schema import EnvironmentConfig, NodeAutoscaler
from modules.naming import Naming
from tests.conftest import CONFIGS, Synth

pytestmark = pytest.mark.unit
LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
POLICY = "arn:${data.aws_partition.account_partition.partition}:eks::aws:cluster-access-policy/"
# The persona table written out independently of modules/personas.py:
# environment -> developer (policy, scope); devops is cluster admin everywhere.
DEVELOPER_ACCESS = {
    "local": ("AmazonEKSAdminPolicy", "cluster"),
    "dev": ("AmazonEKSEditPolicy", "namespace"),
    "staging": ("AmazonEKSEditPolicy", "namespace"),
    "preprod": ("AmazonEKSViewPolicy", "namespace"),
    "prod": None,
}
KARPENTER_EVENTS = {
    ("aws.health", "AWS Health Event"),
    ("aws.ec2", "EC2 Spot Instance Interruption Warning"),
    ("aws.ec2", "EC2 Instance Rebalance Recommendation"),
    ("aws.ec2", "EC2 Instance State-change Notification"),
    ("aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"),
}


def cluster(env: EnvironmentConfig) -> str:
    return f"{env.name}-cluster"


def test_cluster_address_is_pinned_and_private(synth: Synth, env: EnvironmentConfig) -> None:
    clusters = synth.resources(cluster(env), "aws_eks_cluster")
    assert list(clusters) == ["eks_cluster"], sorted(clusters)
    eks = clusters["eks_cluster"]
    assert eks["name"] == Naming.of(env).cluster
    assert eks["version"] == env.cluster.kubernetes_version
    vpc = eks["vpc_config"]
    assert vpc["endpoint_private_access"] is True
    assert vpc["endpoint_public_access"] is env.cluster.public_endpoint
    cidrs = vpc.get("public_access_cidrs", [])
    assert cidrs == [str(c) for c in env.cluster.public_access_cidrs]
    assert "0.0.0.0/0" not in cidrs
    if env.name in ("staging", "preprod", "prod"):
        assert not vpc["endpoint_public_access"] or cidrs, vpc
    assert len(vpc["subnet_ids"]) == env.network.az_count
    assert all("cross_stack_output_aws_subnet_network_private_" in s for s in vpc["subnet_ids"])
    protected = eks.get("lifecycle", {}).get("prevent_destroy", False)
    assert protected is env.deletion_protection


def test_secrets_encrypted_and_all_logs_kept(synth: Synth, env: EnvironmentConfig) -> None:
    eks = synth.resource(cluster(env), "aws_eks_cluster", "eks_cluster")
    assert eks["encryption_config"] == {"provider": {"key_arn": "${aws_kms_key.eks_key.arn}"},
                                        "resources": ["secrets"]}
    assert eks["enabled_cluster_log_types"] == LOG_TYPES
    assert eks["access_config"] == {"authentication_mode": "API",
                                    "bootstrap_cluster_creator_admin_permissions": False}
    key = synth.resource(cluster(env), "aws_kms_key", "eks_key")
    assert key["enable_key_rotation"] is True
    group = synth.resource(cluster(env), "aws_cloudwatch_log_group", "eks_logs")
    assert group["name"] == f"/aws/eks/{Naming.of(env).cluster}/cluster"
    assert group["retention_in_days"] == env.cluster.log_retention_days
    assert group["kms_key_id"] == "${aws_kms_key.eks_key.arn}"
    assert "aws_cloudwatch_log_group.eks_logs" in eks["depends_on"]


def test_system_node_group(synth: Synth, env: EnvironmentConfig) -> None:
    stack = cluster(env)
    group = synth.resource(stack, "aws_eks_node_group", "eks_system_nodes")
    nodes = env.cluster.system_nodes
    assert group["scaling_config"] == {"desired_size": nodes.desired_size,
                                       "max_size": nodes.max_size, "min_size": nodes.min_size}
    assert group["instance_types"] == list(nodes.instance_types)
    assert len(group["subnet_ids"]) == env.network.az_count
    assert group["taint"] == [{"effect": "NO_SCHEDULE", "key": "CriticalAddonsOnly", "value": "true"}]
    assert group["labels"] == {"platform/node-pool": "system"}
    assert group["update_config"] == {"max_unavailable": 1}
    assert group["launch_template"]["id"] == "${aws_launch_template.eks_system_nodes_template.id}"
    template = synth.resource(stack, "aws_launch_template", "eks_system_nodes_template")
    assert template["metadata_options"]["http_tokens"] == "required"
    assert template["metadata_options"]["http_put_response_hop_limit"] == 1
    (disk,) = template["block_device_mappings"]
    assert disk["ebs"]["encrypted"] == "true" and disk["ebs"]["volume_type"] == "gp3"
    assert template["vpc_security_group_ids"] == ["${aws_security_group.eks_node_sg.id}"]


def test_addons_pinned_per_config(synth: Synth, env: EnvironmentConfig) -> None:
    addons = synth.resources(cluster(env), "aws_eks_addon")
    assert {a["addon_name"]: a["addon_version"] for a in addons.values()} == env.cluster.addons
    for addon in addons.values():
        assert addon["resolve_conflicts_on_update"] == "OVERWRITE"
    assert addons["eks_addon_coredns"]["depends_on"] == ["aws_eks_node_group.eks_system_nodes"]


def test_access_entries_match_the_persona_table(synth: Synth, env: EnvironmentConfig) -> None:
    stack = cluster(env)
    entries = synth.resources(stack, "aws_eks_access_entry")
    associations = synth.resources(stack, "aws_eks_access_policy_association")
    role = ("arn:${data.aws_partition.account_partition.partition}:iam::"
            "${data.aws_caller_identity.account_caller.account_id}:role/")
    expected: set[tuple[str, str, str, tuple[str, ...]]] = {
        (f"{role}{r}", "AmazonEKSClusterAdminPolicy", "cluster", ()) for r in env.access.devops.roles}
    developer = DEVELOPER_ACCESS[env.name]
    if developer:
        policy, scope = developer
        namespaces = tuple(env.access.app_namespaces) if scope == "namespace" else ()
        expected |= {(f"{role}{r}", policy, scope, namespaces) for r in env.access.developer.roles}
    entry_principal = {f"${{aws_eks_access_entry.{k}.principal_arn}}": v["principal_arn"]
                       for k, v in entries.items()}
    found = {(entry_principal[a["principal_arn"]], a["policy_arn"].removeprefix(POLICY),
              a["access_scope"]["type"], tuple(a["access_scope"].get("namespaces", ())))
             for a in associations.values()}
    assert found == expected
    standard = [e for e in entries.values() if e["type"] == "STANDARD"]
    assert len(standard) == len(expected)


def test_node_security_group_admits_the_control_plane_webhooks(synth: Synth,
                                                                env: EnvironmentConfig) -> None:
    rules = synth.resources(cluster(env), "aws_vpc_security_group_ingress_rule")
    from_plane = {r["from_port"] for r in rules.values()
                  if r.get("referenced_security_group_id", "").endswith("cluster_security_group_id}")}
    want = {10250, 9443, 15017}
    if env.cluster.node_autoscaler == NodeAutoscaler.KARPENTER:
        want.add(8443)
    assert from_plane == want
    egress = synth.resources(cluster(env), "aws_vpc_security_group_egress_rule")
    open_egress = [r for r in egress.values() if r.get("cidr_ipv4") == "0.0.0.0/0"]
    assert [(r["ip_protocol"], r["from_port"], r["to_port"]) for r in open_egress] == [("tcp", 443, 443)]


def test_pod_identity_associations(synth: Synth, env: EnvironmentConfig) -> None:
    found = {(a["namespace"], a["service_account"])
             for a in synth.resources(cluster(env), "aws_eks_pod_identity_association").values()}
    autoscaler = ("kube-system", "karpenter") \
        if env.cluster.node_autoscaler == NodeAutoscaler.KARPENTER \
        else ("kube-system", "cluster-autoscaler")
    assert found == {("kube-system", "ebs-csi-controller-sa"),
                     ("kube-system", "aws-load-balancer-controller"), autoscaler}
    for name in synth.resources(cluster(env), "aws_iam_role"):
        if "pods.eks.amazonaws.com" in json.dumps(synth.data(
                cluster(env), "aws_iam_policy_document", f"{name}_trust")):
            trust = synth.data(cluster(env), "aws_iam_policy_document", f"{name}_trust")
            variables = {c["variable"] for c in trust["statement"][0]["condition"]}
            assert variables == {"aws:SourceAccount", "aws:SourceArn"}, name


def test_exactly_one_node_autoscaler(synth: Synth, env: EnvironmentConfig) -> None:
    stack = cluster(env)
    queues = synth.resources(stack, "aws_sqs_queue")
    rules = synth.resources(stack, "aws_cloudwatch_event_rule")
    asg_tags = synth.resources(stack, "aws_autoscaling_group_tag")
    outputs = synth.stack(stack)["output"]
    if env.cluster.node_autoscaler == NodeAutoscaler.KARPENTER:
        assert not asg_tags and "cluster_autoscaler_role_arn" not in outputs
        (queue,) = queues.values()
        assert queue["message_retention_seconds"] == 300 and queue["sqs_managed_sse_enabled"] is True
        assert queue["name"] == Naming.of(env).cluster
        patterns = set()
        for rule in rules.values():
            pattern = json.loads(rule["event_pattern"])
            patterns.add((pattern["source"][0], pattern["detail-type"][0]))
        assert patterns == KARPENTER_EVENTS
        targets = synth.resources(stack, "aws_cloudwatch_event_target")
        assert {t["arn"] for t in targets.values()} == {"${aws_sqs_queue.karpenter_queue.arn}"}
        ec2_entries = [e for e in synth.resources(stack, "aws_eks_access_entry").values()
                       if e["type"] == "EC2_LINUX"]
        assert [e["principal_arn"] for e in ec2_entries] == ["${aws_iam_role.karpenter_node_role.arn}"]
        assert {"karpenter_controller_role_arn", "karpenter_node_role_name",
                "karpenter_queue_name"} <= set(outputs)
    else:
        assert not queues and not rules and "karpenter_queue_name" not in outputs
        tags = {t["tag"]["key"]: t["tag"]["value"] for t in asg_tags.values()}
        assert tags == {"k8s.io/cluster-autoscaler/enabled": "true",
                        f"k8s.io/cluster-autoscaler/{Naming.of(env).cluster}": "owned"}
        assert "cluster_autoscaler_role_arn" in outputs


KARPENTER_ENVS = [n for n, c in CONFIGS.items() if c.cluster.node_autoscaler == NodeAutoscaler.KARPENTER]


def test_both_node_autoscalers_are_exercised() -> None:
    kinds = {c.cluster.node_autoscaler for c in CONFIGS.values()}
    assert kinds == set(NodeAutoscaler), kinds


@pytest.mark.parametrize("name", KARPENTER_ENVS)
def test_karpenter_queue_policy_and_controller_scope(synth: Synth, name: str) -> None:
    env = CONFIGS[name]
    stack = cluster(env)
    queue_doc = synth.data(stack, "aws_iam_policy_document", "karpenter_queue_policy_document")
    effects = {s["sid"]: s for s in queue_doc["statement"]}
    assert effects["EventBridgeSends"]["principals"][0]["identifiers"] == [
        "events.amazonaws.com", "sqs.amazonaws.com"]
    assert effects["DenyInsecureTransport"]["effect"] == "Deny"
    controller = synth.data(stack, "aws_iam_policy_document", "karpenter_controller_role_permissions")
    by_sid = {s["sid"]: s for s in controller["statement"]}
    assert by_sid["AllowPassingInstanceRole"]["resources"] == ["${aws_iam_role.karpenter_node_role.arn}"]
    assert by_sid["AllowInterruptionQueueActions"]["resources"] == ["${aws_sqs_queue.karpenter_queue.arn}"]
    assert by_sid["AllowScopedDeletion"]["condition"][0]["variable"] == \
        f"aws:ResourceTag/kubernetes.io/cluster/{Naming.of(env).cluster}"


def test_cluster_exports(synth: Synth, env: EnvironmentConfig) -> None:
    outputs = synth.stack(cluster(env))["output"]
    assert {"cluster_name", "cluster_endpoint", "cluster_ca_data", "oidc_issuer",
            "node_security_group_id", "lb_controller_role_arn", "ebs_csi_role_arn"} <= set(outputs)
    ours = {k: o for k, o in outputs.items() if not k.startswith("cross_stack_output_")}
    assert all(o.get("description") for o in ours.values()), ours
    assert synth.manifest["stacks"][cluster(env)]["dependencies"] == [f"{env.name}-network"]
