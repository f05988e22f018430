"""Unit tier: state bucket, backends, providers per environment, stack dependencies."""

from __future__ import annotations

import re

import pytest

from environments.schema import EnvironmentConfig
from modules.aws_provider import EMULATED_SERVICES
from modules.naming import Naming
from tests.conftest import Synth

pytestmark = pytest.mark.unit
SECRET_LIKE = re.compile(r'"(access_key|secret_key|password|master_password|token)"\s*:')


def test_state_bucket_address_is_pinned_and_hardened(synth: Synth, env: EnvironmentConfig) -> None:
    stack = f"{env.name}-state"
    buckets = synth.resources(stack, "aws_s3_bucket")
    assert list(buckets) == ["state_bucket"], sorted(buckets)
    bucket = buckets["state_bucket"]
    assert bucket["bucket"] == Naming.of(env).state_bucket
    protected = bucket.get("lifecycle", {}).get("prevent_destroy", False)
    assert protected is env.deletion_protection
    assert bucket["force_destroy"] is env.is_emulated
    versioning = synth.resource(stack, "aws_s3_bucket_versioning", "state_versioning")
    assert versioning["versioning_configuration"]["status"] == "Enabled"
    sse = synth.resource(stack, "aws_s3_bucket_server_side_encryption_configuration",
                         "state_encryption")
    default = sse["rule"][0]["apply_server_side_encryption_by_default"]
    assert default == {"kms_master_key_id": "${aws_kms_key.state_key.arn}",
                       "sse_algorithm": "aws:kms"}
    pab = synth.resource(stack, "aws_s3_bucket_public_access_block", "state_public_access")
    assert all(pab[k] is True for k in ("block_public_acls", "block_public_policy",
                                        "ignore_public_acls", "restrict_public_buckets"))
    own = synth.resource(stack, "aws_s3_bucket_ownership_controls", "state_ownership")
    assert own["rule"]["object_ownership"] == "BucketOwnerEnforced"


def test_state_bucket_denies_plain_http(synth: Synth, env: EnvironmentConfig) -> None:
    doc = synth.data(f"{env.name}-state", "aws_iam_policy_document", "state_policy_document")
    deny = [s for s in doc["statement"] if s.get("effect") == "Deny"]
    assert len(deny) == 1, doc
    (statement,) = deny
    assert statement["actions"] == ["s3:*"]
    assert statement["condition"] == [{"test": "Bool", "variable": "aws:SecureTransport",
                                       "values": ["false"]}]
    assert set(statement["resources"]) == {"${aws_s3_bucket.state_bucket.arn}",
                                           "${aws_s3_bucket.state_bucket.arn}/*"}


def test_state_stack_keeps_its_own_state_locally(synth: Synth, env: EnvironmentConfig) -> None:
    backend = synth.stack(f"{env.name}-state")["terraform"]["backend"]
    assert backend == {"local": {"path": f"../../../terraform.{env.name}-state.tfstate"}}


def test_network_state_in_the_env_bucket_with_lockfile(synth: Synth, env: EnvironmentConfig) -> None:
    (kind, backend), = synth.stack(f"{env.name}-network")["terraform"]["backend"].items()
    assert kind == "s3"
    assert backend["bucket"] == Naming.of(env).state_bucket
    assert backend["key"] == f"{env.name}/network.tfstate"
    assert backend["region"] == env.region
    assert backend["use_lockfile"] is True and backend["encrypt"] is True
    if env.is_emulated:
        assert backend["endpoints"]["s3"] == synth.emulator_url
        assert backend["use_path_style"] is True
    else:
        assert "endpoints" not in backend and "use_path_style" not in backend


def test_state_keys_are_unique_per_stack(synth: Synth) -> None:
    keys = [(b["bucket"], b["key"]) for name in synth.stack_names()
            for kind, b in synth.stack(name)["terraform"]["backend"].items() if kind == "s3"]
    assert len(keys) == len(set(keys)), keys


def test_emulated_provider_points_every_service_at_the_emulator(synth: Synth,
                                                                env: EnvironmentConfig) -> None:
    (provider,) = synth.stack(f"{env.name}-network")["provider"]["aws"]
    if env.is_emulated:
        (endpoints,) = provider["endpoints"]
        assert endpoints == dict.fromkeys(EMULATED_SERVICES, synth.emulator_url)
        assert provider["skip_credentials_validation"] is True
        assert provider["max_retries"] == 3
    else:
        assert "endpoints" not in provider and "skip_credentials_validation" not in provider
        if env.assume_role_arn:
            assert provider["assume_role"][0]["role_arn"] == env.assume_role_arn


def test_network_waits_for_state(synth: Synth, env: EnvironmentConfig) -> None:
    stacks = synth.manifest["stacks"]
    assert stacks[f"{env.name}-network"]["dependencies"] == [f"{env.name}-state"]
    assert stacks[f"{env.name}-state"]["dependencies"] == []


def test_no_credentials_or_secrets_in_any_synthesized_file(synth: Synth) -> None:
    offenders = []
    for path in synth.outdir.rglob("*.json"):
        offenders += [f"{path}: {m.group(0)}" for m in SECRET_LIKE.finditer(path.read_text())]
    assert not offenders, offenders
