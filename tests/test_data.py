"""Unit tier: the data stack of every environment (RDS, replicas, access, no secrets)."""

from __future__ import annotations

import json
import re

import pytest

from environments.schema import EnvironmentConfig
from modules.naming import Naming
from tests.conftest import CONFIGS, Synth

pytestmark = pytest.mark.unit
ENVS = list(CONFIGS)


def data(env: EnvironmentConfig) -> str:
    return f"{env.name}-data"


def instances(synth: Synth, env: EnvironmentConfig) -> dict[str, dict[str, object]]:
    return synth.resources(data(env), "aws_db_instance")


def test_every_environment_has_a_data_stack_with_its_databases(synth: Synth,
                                                                env: EnvironmentConfig) -> None:
    found = instances(synth, env)
    want = {f"{name}_primary" for name in env.databases} | {
        f"{name}_replica_{az}" for name, db in env.databases.items()
        for az in env.network.az_letters[1:db.read_replicas + 1]}
    assert set(found) == want
    deps = set(synth.manifest["stacks"][data(env)]["dependencies"])
    assert deps == {f"{env.name}-cluster", f"{env.name}-network"}


def test_multi_az_and_replicas_rise_with_the_environment() -> None:
    orders = {name: CONFIGS[name].databases["orders"] for name in ("dev", "staging", "preprod", "prod")}
    assert [db.multi_az for db in orders.values()] == [False, True, True, True]
    replicas = [db.read_replicas for db in orders.values()]
    assert replicas == sorted(replicas) and replicas[-1] >= 2, replicas
    assert all(CONFIGS[n].databases["orders"].deletion_protection for n in ("staging", "preprod", "prod"))


def test_primary_settings(synth: Synth, env: EnvironmentConfig) -> None:
    for name, db in env.databases.items():
        primary = synth.resource(data(env), "aws_db_instance", f"{name}_primary")
        assert primary["identifier"] == Naming.of(env).name(name.replace("_", "-"))
        assert (primary["engine"], primary["engine_version"]) == (db.engine, db.engine_version)
        assert primary["multi_az"] is db.multi_az
        assert primary["deletion_protection"] is db.deletion_protection
        assert primary["storage_encrypted"] is True
        assert primary["kms_key_id"] == "${aws_kms_key.key.arn}"
        assert primary["manage_master_user_password"] is True
        assert primary["master_user_secret_kms_key_id"] == "${aws_kms_key.key.arn}"
        assert primary["publicly_accessible"] is False
        assert primary["iam_database_authentication_enabled"] is True
        assert primary["copy_tags_to_snapshot"] is True
        assert primary["backup_retention_period"] == db.backup_retention_days
        assert primary["performance_insights_enabled"] is db.performance_insights
        assert primary["monitoring_interval"] == db.monitoring_interval
        assert primary["enabled_cloudwatch_logs_exports"]
        assert primary["db_subnet_group_name"] == f"${{aws_db_subnet_group.{name}_subnets.name}}"
        protected = primary.get("lifecycle", {}).get("prevent_destroy", False)
        assert protected is env.deletion_protection
        assert primary["skip_final_snapshot"] is not env.deletion_protection
        if env.deletion_protection:
            assert primary["final_snapshot_identifier"].endswith("-final")


def test_replicas_live_in_other_azs(synth: Synth, env: EnvironmentConfig) -> None:
    for name, db in env.databases.items():
        primary = synth.resource(data(env), "aws_db_instance", f"{name}_primary")
        primary_az = primary.get("availability_zone")
        for az in env.network.az_letters[1:db.read_replicas + 1]:
            replica = synth.resource(data(env), "aws_db_instance", f"{name}_replica_{az}")
            assert replica["replicate_source_db"] == f"${{aws_db_instance.{name}_primary.identifier}}"
            assert replica["availability_zone"] == f"{env.region}{az}"
            assert replica["availability_zone"] != primary_az
            assert replica["publicly_accessible"] is False and replica["storage_encrypted"] is True


def test_only_the_cluster_may_connect(synth: Synth, env: EnvironmentConfig) -> None:
    stack = data(env)
    rules = synth.resources(stack, "aws_vpc_security_group_ingress_rule")
    assert set(rules) == {f"{name}_from_cluster" for name in env.databases}
    for name, db in env.databases.items():
        rule = rules[f"{name}_from_cluster"]
        assert rule["referenced_security_group_id"].endswith("node_sg_id}"), rule
        assert "cross_stack_reference_input" in rule["referenced_security_group_id"]
        assert (rule["from_port"], rule["to_port"]) == (db.port, db.port)
        assert "cidr_ipv4" not in rule
    assert not synth.resources(stack, "aws_vpc_security_group_egress_rule")
    for sg in synth.resources(stack, "aws_security_group").values():
        assert "ingress" not in sg and "egress" not in sg


def test_parameters_force_tls_and_log(synth: Synth, env: EnvironmentConfig) -> None:
    for name, db in env.databases.items():
        group = synth.resource(data(env), "aws_db_parameter_group", f"{name}_parameters")
        params = {p["name"]: p["value"] for p in group["parameter"]}
        if db.engine == "postgres":
            assert params["rds.force_ssl"] == "1" and params["log_connections"] == "1"
            assert "log_min_duration_statement" in params
        else:
            assert params["require_secure_transport"] == "1" and params["slow_query_log"] == "1"
        assert group["family"] == db.family


def test_developers_are_denied_and_devops_has_break_glass(synth: Synth, env: EnvironmentConfig) -> None:
    stack = data(env)
    deny = synth.data(stack, "aws_iam_policy_document", "access_developer_document")
    by_sid = {s["sid"]: s for s in deny["statement"]}
    assert all(s["effect"] == "Deny" for s in deny["statement"])
    assert by_sid["NoDatabaseConnections"]["actions"] == ["rds-db:connect"]
    assert "rds:Modify*" in by_sid["NoDatabaseChanges"]["actions"]
    allow = synth.data(stack, "aws_iam_policy_document", "access_devops_document")
    (statement,) = allow["statement"]
    assert statement["actions"] == ["rds-db:connect"]
    assert all(":dbuser:${aws_db_instance." in r for r in statement["resources"])
    attachments = synth.resources(stack, "aws_iam_role_policy_attachment")
    attached = {(a["role"], a["policy_arn"]) for a in attachments.values()
                if a["policy_arn"].startswith("${aws_iam_policy.access_")}
    assert attached == {(r, "${aws_iam_policy.access_developer.arn}") for r in env.access.developer.roles} \
        | {(r, "${aws_iam_policy.access_devops.arn}") for r in env.access.devops.roles}


def test_exports_carry_no_password(synth: Synth, env: EnvironmentConfig) -> None:
    outputs = synth.stack(data(env))["output"]
    for name in env.databases:
        value = outputs[f"{name}_database"]["value"]
        assert set(value) == {"writer", "readers", "port", "secret_arn", "security_group_id"}
        assert "secret_arn" in value and "master_user_secret" in value["secret_arn"]
    assert not re.search(r"password", json.dumps(outputs), re.IGNORECASE)


def test_no_password_value_anywhere(synth: Synth) -> None:
    for path in synth.outdir.rglob("cdk.tf.json"):
        text = path.read_text()
        keys = set(re.findall(r'"([a-z_]*password[a-z_]*)"\s*:', text))
        assert keys <= {"manage_master_user_password"}, (path, keys)
