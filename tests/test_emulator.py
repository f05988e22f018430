"""Emulator tier: deploy `local` to a moto server this test starts on a free loopback port,
through the same code path as ``make deploy`` (tools.deploy.Environment), then confirm with
boto3, re-plan clean, prove the state lock, and destroy.

Tests in this module run in order and share one deployment.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from environments.schema import NatStrategy
from modules.naming import Naming
from tests.conftest import CONFIGS, Synth, require_tool
from tools.deploy import Environment
from tools.emulator import Emulator

pytestmark = pytest.mark.emulator
LOCAL = CONFIGS["local"]
NAMING = Naming.of(LOCAL)


@pytest.fixture(scope="module")
def emulator(synth: Synth, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    require_tool("terraform", "the emulator tier applies the local environment")
    emulator = Emulator(tmp_path_factory.mktemp("emulator"), synth.emulator_port)
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def deployed(synth: Synth, emulator: Emulator) -> Iterator[dict[str, Any]]:
    env = Environment.prepare("local", synth.outdir, synth=False, emulator=emulator)
    started = time.monotonic()
    outputs = env.deploy()
    print(f"\nlocal deployed to the emulator in {time.monotonic() - started:.0f} s")
    yield {"env": env, "outputs": outputs, "destroyed": False}


def client(emulator: Emulator, service: str) -> Any:
    import boto3

    return boto3.client(service, endpoint_url=emulator.url, region_name=LOCAL.region,
                        aws_access_key_id="test", aws_secret_access_key="test")


def test_network_exists_as_declared(deployed: dict[str, Any], emulator: Emulator) -> None:
    ec2 = client(emulator, "ec2")
    outputs = deployed["outputs"]["local-network"]
    vpc_id = outputs["vpc_id"]
    (vpc,) = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
    assert vpc["CidrBlock"] == str(LOCAL.network.vpc_cidr)
    tags = {t["Key"]: t["Value"] for t in vpc.get("Tags", [])}
    assert tags["environment"] == "local" and tags["managed-by"] == "cdktf"
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    per_az: dict[str, set[str]] = {}
    for subnet in subnets:
        stags = {t["Key"]: t["Value"] for t in subnet.get("Tags", [])}
        per_az.setdefault(subnet["AvailabilityZone"], set()).add(stags["tier"])
    assert per_az == {f"{LOCAL.region}{az}": {"public", "private", "database"}
                      for az in LOCAL.network.az_letters}
    nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["NatGateways"]
    live = [n for n in nats if n["State"] == "available"]
    want = 1 if LOCAL.network.nat_strategy == NatStrategy.SINGLE else LOCAL.network.az_count
    assert len(live) == want, nats
    assert live[0]["SubnetId"] == outputs["public_subnet_ids"]["a"]
    flows = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    assert [f["TrafficType"] for f in flows] == ["ALL"], flows
    destination = flows[0].get("LogGroupName") or flows[0]["LogDestination"]
    assert destination.removesuffix(":*").endswith(outputs["flow_log_group"]), flows
    logs = client(emulator, "logs")
    (group,) = logs.describe_log_groups(logGroupNamePrefix=outputs["flow_log_group"])["logGroups"]
    assert group["retentionInDays"] == LOCAL.network.flow_log_retention_days
    assert group.get("kmsKeyId", "").startswith("arn:aws:kms:")


def test_network_state_lives_in_the_emulated_bucket(deployed: dict[str, Any],
                                                     emulator: Emulator) -> None:
    s3 = client(emulator, "s3")
    bucket = deployed["outputs"]["local-state"]["state_bucket"]
    assert bucket == NAMING.state_bucket
    head = s3.head_object(Bucket=bucket, Key=NAMING.state_key("network"))
    assert head["ContentLength"] > 1000
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert not [k for k in keys if k.endswith(".tflock")], f"lock left behind: {keys}"


def test_cluster_exists_as_declared(deployed: dict[str, Any], emulator: Emulator) -> None:
    eks = client(emulator, "eks")
    outputs = deployed["outputs"]["local-cluster"]
    name = outputs["cluster_name"]
    cluster = eks.describe_cluster(name=name)["cluster"]
    assert cluster["version"] == LOCAL.cluster.kubernetes_version
    assert cluster["resourcesVpcConfig"]["endpointPrivateAccess"] is True
    assert cluster["resourcesVpcConfig"]["endpointPublicAccess"] is LOCAL.cluster.public_endpoint
    assert sorted(cluster["resourcesVpcConfig"]["subnetIds"]) == sorted(
        deployed["outputs"]["local-network"]["private_subnet_ids"].values())
    assert cluster["accessConfig"]["authenticationMode"] == "API"
    assert cluster["encryptionConfig"][0]["resources"] == ["secrets"]
    logging = cluster["logging"]["clusterLogging"][0]
    assert logging["enabled"] is True and len(logging["types"]) == 5
    group = eks.describe_nodegroup(clusterName=name, nodegroupName="system")["nodegroup"]
    nodes = LOCAL.cluster.system_nodes
    assert group["scalingConfig"] == {"minSize": nodes.min_size, "maxSize": nodes.max_size,
                                      "desiredSize": nodes.desired_size}
    assert group["taints"] == [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NO_SCHEDULE"}]
    addons = {a: eks.describe_addon(clusterName=name, addonName=a)["addon"]["addonVersion"]
              for a in eks.list_addons(clusterName=name)["addons"]}
    assert addons == LOCAL.cluster.addons
    associations = eks.list_pod_identity_associations(clusterName=name)["associations"]
    assert {(a["namespace"], a["serviceAccount"]) for a in associations} == {
        ("kube-system", "ebs-csi-controller-sa"), ("kube-system", "aws-load-balancer-controller"),
        ("kube-system", "karpenter")}


def test_access_entries_follow_the_personas(deployed: dict[str, Any], emulator: Emulator) -> None:
    eks = client(emulator, "eks")
    name = deployed["outputs"]["local-cluster"]["cluster_name"]
    role = "arn:aws:iam::123456789012:role/"
    policies = {}
    for principal in eks.list_access_entries(clusterName=name)["accessEntries"]:
        found = eks.list_associated_access_policies(clusterName=name, principalArn=principal)
        policies[principal] = {(p["policyArn"].rsplit("/", 1)[1], p["accessScope"]["type"])
                               for p in found["associatedAccessPolicies"]}
    node_role = f"{role}{deployed['outputs']['local-cluster']['karpenter_node_role_name']}"
    assert policies == {
        f"{role}platform-devops": {("AmazonEKSClusterAdminPolicy", "cluster")},
        f"{role}platform-developer": {("AmazonEKSAdminPolicy", "cluster")},  # local: admin
        node_role: set(),
    }
    entry = eks.describe_access_entry(clusterName=name, principalArn=node_role)["accessEntry"]
    assert entry["type"] == "EC2_LINUX"


def test_karpenter_interruption_queue_and_rules(deployed: dict[str, Any], emulator: Emulator) -> None:
    sqs = client(emulator, "sqs")
    queue = deployed["outputs"]["local-cluster"]["karpenter_queue_name"]
    url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["MessageRetentionPeriod"] == "300"
    assert attributes["SqsManagedSseEnabled"] == "true"
    assert '"aws:SecureTransport"' in attributes["Policy"]
    events = client(emulator, "events")
    rules = events.list_rules(NamePrefix=f"{NAMING.prefix}-karpenter")["Rules"]
    patterns = {(json.loads(r["EventPattern"])["source"][0],
                 json.loads(r["EventPattern"])["detail-type"][0]) for r in rules}
    assert len(rules) == 5 and len(patterns) == 5
    for rule in rules:
        (target,) = events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
        assert target["Arn"] == attributes["QueueArn"]


def test_database_primary_replica_and_its_only_door(deployed: dict[str, Any],
                                                     emulator: Emulator) -> None:
    rds = client(emulator, "rds")
    (name, db), = LOCAL.databases.items()
    exported = deployed["outputs"]["local-data"][f"{name}_database"]
    identifier = NAMING.name(name)
    found = {i["DBInstanceIdentifier"]: i for i in rds.describe_db_instances()["DBInstances"]}
    replica_ids = [f"{identifier}-replica-{az}" for az in LOCAL.network.az_letters[1:db.read_replicas + 1]]
    assert set(found) == {identifier, *replica_ids}
    primary = found[identifier]
    assert primary["MultiAZ"] is db.multi_az and primary["StorageEncrypted"] is True
    assert primary["IAMDatabaseAuthenticationEnabled"] is True
    assert primary["PubliclyAccessible"] is False
    assert primary["Endpoint"]["Address"] == exported["writer"]
    for replica_id in replica_ids:
        replica = found[replica_id]
        assert replica["ReadReplicaSourceDBInstanceIdentifier"] == identifier
        assert replica["AvailabilityZone"] != primary["AvailabilityZone"]
    assert len({i["DbiResourceId"] for i in found.values()}) == len(found)
    secret = client(emulator, "secretsmanager").describe_secret(SecretId=exported["secret_arn"])
    assert secret["ARN"] == exported["secret_arn"]
    assert "password" not in json.dumps(deployed["outputs"]).lower()
    ec2 = client(emulator, "ec2")
    rules = ec2.describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [exported["security_group_id"]]}])["SecurityGroupRules"]
    node_sg = deployed["outputs"]["local-cluster"]["node_security_group_id"]
    assert [(r["IsEgress"], r["FromPort"], r.get("ReferencedGroupInfo", {}).get("GroupId"))
            for r in rules] == [(False, db.port, node_sg)]


def test_site_behind_cloudfront_oac_and_waf(deployed: dict[str, Any], emulator: Emulator) -> None:
    edge = deployed["outputs"]["local-edge"]
    cloudfront = client(emulator, "cloudfront")
    config = cloudfront.get_distribution(Id=edge["distribution_id"])["Distribution"]["DistributionConfig"]
    (origin,) = config["Origins"]["Items"]
    oac_id = origin["OriginAccessControlId"]
    oac = cloudfront.get_origin_access_control(Id=oac_id)["OriginAccessControl"]
    assert oac["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    assert config["WebACLId"] == edge["cloudfront_web_acl_arn"]
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    policy = json.loads(client(emulator, "s3").get_bucket_policy(Bucket=edge["site_bucket"])["Policy"])
    (grant,) = [s for s in policy["Statement"] if s.get("Sid") == "CloudFrontReadsThroughOac"]
    distribution_arn = cloudfront.get_distribution(Id=edge["distribution_id"])["Distribution"]["ARN"]
    assert grant["Condition"]["StringEquals"]["aws:SourceArn"] == distribution_arn
    block = client(emulator, "s3").get_public_access_block(Bucket=edge["site_bucket"])
    assert all(block["PublicAccessBlockConfiguration"].values())
    import boto3

    for scope, region, arn in (("CLOUDFRONT", "us-east-1", edge["cloudfront_web_acl_arn"]),
                               ("REGIONAL", LOCAL.region, edge["regional_web_acl_arn"])):
        waf = boto3.client("wafv2", endpoint_url=emulator.url, region_name=region,
                           aws_access_key_id="test", aws_secret_access_key="test")
        acls = {a["ARN"]: a for a in waf.list_web_acls(Scope=scope)["WebACLs"]}
        assert arn in acls, (scope, list(acls))
        acl = waf.get_web_acl(Name=acls[arn]["Name"], Scope=scope, Id=acls[arn]["Id"])["WebACL"]
        names = [r["Name"] for r in sorted(acl["Rules"], key=lambda r: r["Priority"])]
        assert names[:3] == ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                             "AWSManagedRulesAmazonIpReputationList"]
        (rate,) = [r for r in acl["Rules"] if "RateBasedStatement" in r["Statement"]]
        assert rate["Statement"]["RateBasedStatement"]["Limit"] == LOCAL.edge.rate_limit


def test_client_vpn_endpoint_and_authorization(deployed: dict[str, Any], emulator: Emulator) -> None:
    assert LOCAL.vpn is not None
    ec2 = client(emulator, "ec2")
    endpoint_id = deployed["outputs"]["local-network"]["vpn_endpoint_id"]
    (endpoint,) = ec2.describe_client_vpn_endpoints(ClientVpnEndpointIds=[endpoint_id])["ClientVpnEndpoints"]
    assert endpoint["ClientCidrBlock"] == str(LOCAL.vpn.client_cidr)
    assert endpoint["SplitTunnel"] is True
    assert endpoint["ConnectionLogOptions"]["Enabled"] is True
    associations = ec2.describe_client_vpn_target_networks(ClientVpnEndpointId=endpoint_id)
    assert {a["TargetNetworkId"] for a in associations["ClientVpnTargetNetworks"]} == set(
        deployed["outputs"]["local-network"]["private_subnet_ids"].values())
    rules = ec2.describe_client_vpn_authorization_rules(ClientVpnEndpointId=endpoint_id)
    # certificate authentication: one rule, every authenticated client (devops hold the certs)
    assert [(r["DestinationCidr"], r["AccessAll"]) for r in rules["AuthorizationRules"]] == [
        (str(LOCAL.network.vpc_cidr), True)]


def test_replan_right_after_apply_is_clean(deployed: dict[str, Any]) -> None:
    codes = deployed["env"].plan()
    assert codes == {"local-state": 0, "local-network": 0, "local-cluster": 0, "local-edge": 0,
                     "local-data": 0}, codes


def test_concurrent_applies_one_fails_on_the_lock(deployed: dict[str, Any],
                                                   emulator: Emulator) -> None:
    env: Environment = deployed["env"]
    (network,) = [s for s in env.stacks if s.name == "local-network"]
    s3 = client(emulator, "s3")
    before = s3.get_object(Bucket=NAMING.state_bucket, Key=NAMING.state_key("network"))["Body"].read()
    results: list[subprocess.CompletedProcess[str]] = []
    barrier = threading.Barrier(2)

    def apply() -> None:
        barrier.wait()
        results.append(env.runner.run(network, "apply", "-auto-approve", "-input=false",
                                      "-no-color", "-lock-timeout=0s", check=False, capture=True))

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 1], [(r.returncode, r.stderr[-800:]) for r in results]
    loser = next(r for r in results if r.returncode == 1)
    assert "Error acquiring the state lock" in loser.stderr, loser.stderr[-1500:]
    after = s3.get_object(Bucket=NAMING.state_bucket, Key=NAMING.state_key("network"))["Body"].read()
    assert after.count(b'"type": "aws_') == before.count(b'"type": "aws_') > 20
    assert env.plan([network]) == {"local-network": 0}


def test_destroy_leaves_no_vpc(deployed: dict[str, Any], emulator: Emulator) -> None:
    vpc_id = deployed["outputs"]["local-network"]["vpc_id"]
    deployed["env"].destroy()
    deployed["destroyed"] = True
    ec2 = client(emulator, "ec2")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "tag:project", "Values": [LOCAL.project]}])["Vpcs"]
    assert vpcs == [], vpcs
    assert vpc_id not in [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]]
    assert client(emulator, "eks").list_clusters()["clusters"] == []
    assert client(emulator, "rds").describe_db_instances()["DBInstances"] == []
    buckets = [b["Name"] for b in client(emulator, "s3").list_buckets()["Buckets"]]
    assert NAMING.state_bucket not in buckets
    assert not Path(deployed["env"].outdir.parent / "terraform.local-state.tfstate").read_text().count(
        '"type": "aws_s3_bucket"')
