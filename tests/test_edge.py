"""Unit tier: the edge stack (private S3 + CloudFront OAC + WAF, regional WAF) of every env."""

from __future__ import annotations

import pytest

from environments.schema import EnvironmentConfig
from modules.waf import BASELINE_RULE_GROUPS
from tests.conftest import Synth

pytestmark = pytest.mark.unit


def edge(env: EnvironmentConfig) -> str:
    return f"{env.name}-edge"


def test_site_bucket_is_private_and_only_cloudfront_reads_it(synth: Synth, env: EnvironmentConfig) -> None:
    stack = edge(env)
    pab = synth.resource(stack, "aws_s3_bucket_public_access_block", "site_site_public_access")
    assert all(pab[k] is True for k in ("block_public_acls", "block_public_policy",
                                        "ignore_public_acls", "restrict_public_buckets"))
    ownership = synth.resource(stack, "aws_s3_bucket_ownership_controls", "site_site_ownership")
    assert ownership["rule"]["object_ownership"] == "BucketOwnerEnforced"
    sse = synth.resource(stack, "aws_s3_bucket_server_side_encryption_configuration",
                         "site_site_encryption")
    assert sse["rule"][0]["apply_server_side_encryption_by_default"]["sse_algorithm"] == "aws:kms"
    policy = synth.data(stack, "aws_iam_policy_document", "site_site_policy_document")
    by_sid = {s["sid"]: s for s in policy["statement"]}
    assert set(by_sid) == {"DenyInsecureTransport", "CloudFrontReadsThroughOac"}
    grant = by_sid["CloudFrontReadsThroughOac"]
    assert grant["actions"] == ["s3:GetObject"]
    assert grant["principals"] == [{"identifiers": ["cloudfront.amazonaws.com"], "type": "Service"}]
    assert grant["condition"] == [{"test": "StringEquals", "variable": "aws:SourceArn",
                                   "values": ["${aws_cloudfront_distribution.site_distribution.arn}"]}]
    lifecycle = synth.resource(stack, "aws_s3_bucket_lifecycle_configuration", "site_site_lifecycle")
    (rule,) = lifecycle["rule"]
    assert rule["noncurrent_version_expiration"] == [{"noncurrent_days": env.edge.noncurrent_version_days}]
    logging = synth.resource(stack, "aws_s3_bucket_logging", "site_site_access_logs")
    assert logging["target_bucket"] == "${aws_s3_bucket.site_logs_bucket.id}"


def test_distribution_uses_oac_https_headers_and_logging(synth: Synth, env: EnvironmentConfig) -> None:
    stack = edge(env)
    oac = synth.resource(stack, "aws_cloudfront_origin_access_control", "site_oac")
    assert (oac["signing_behavior"], oac["signing_protocol"], oac["origin_access_control_origin_type"]) \
        == ("always", "sigv4", "s3")
    dist = synth.resource(stack, "aws_cloudfront_distribution", "site_distribution")
    (origin,) = dist["origin"]
    assert origin["origin_access_control_id"] == "${aws_cloudfront_origin_access_control.site_oac.id}"
    assert origin["domain_name"] == "${aws_s3_bucket.site_site_bucket.bucket_regional_domain_name}"
    behaviour = dist["default_cache_behavior"]
    assert behaviour["viewer_protocol_policy"] == "redirect-to-https"
    assert behaviour["response_headers_policy_id"] == \
        "${aws_cloudfront_response_headers_policy.site_headers.id}"
    assert dist["default_root_object"] == "index.html"
    assert dist["http_version"] == "http2and3" and dist["is_ipv6_enabled"] is True
    assert dist["price_class"] == env.edge.price_class
    assert dist["web_acl_id"] == "${aws_wafv2_web_acl.site_waf.arn}"
    assert dist["logging_config"]["bucket"] == "${aws_s3_bucket.site_logs_bucket.bucket_domain_name}"
    geo = dist["restrictions"]["geo_restriction"]
    assert geo["restriction_type"] == env.edge.geo_restriction
    assert geo.get("locations", []) == list(env.edge.geo_locations)
    errors = {e["error_code"]: e["response_page_path"] for e in dist.get("custom_error_response", [])}
    assert errors == ({403: "/index.html", 404: "/index.html"} if env.edge.spa_fallback else {})
    headers = synth.resource(stack, "aws_cloudfront_response_headers_policy", "site_headers")
    security = headers["security_headers_config"]
    assert security["strict_transport_security"]["access_control_max_age_sec"] >= 31536000
    assert security["frame_options"]["frame_option"] == "DENY"
    assert security["content_type_options"]["override"] is True
    assert security["content_security_policy"]["content_security_policy"] == \
        env.edge.content_security_policy


def test_tls_minimum_follows_the_certificate(synth: Synth, env: EnvironmentConfig) -> None:
    stack = edge(env)
    viewer = synth.resource(stack, "aws_cloudfront_distribution", "site_distribution")["viewer_certificate"]
    if env.edge.domain:
        assert viewer["minimum_protocol_version"] == "TLSv1.2_2021"
        assert viewer["ssl_support_method"] == "sni-only"
        cert = synth.resource(stack, "aws_acm_certificate", "site_certificate")
        assert cert["provider"] == "aws.us_east_1" and cert["validation_method"] == "DNS"
        aliases = synth.resources(stack, "aws_route53_record")
        assert {"site_alias_a", "site_alias_aaaa", "site_certificate_validation_record"} == set(aliases)
    else:
        assert viewer == {"cloudfront_default_certificate": True}
        assert not synth.resources(stack, "aws_acm_certificate")


def test_waf_scopes_regions_rules_and_rate_limit(synth: Synth, env: EnvironmentConfig) -> None:
    stack = edge(env)
    acls = synth.resources(stack, "aws_wafv2_web_acl")
    assert set(acls) == {"site_waf", "alb_waf"}
    cloudfront, regional = acls["site_waf"], acls["alb_waf"]
    assert (cloudfront["scope"], cloudfront["provider"]) == ("CLOUDFRONT", "aws.us_east_1")
    assert regional["scope"] == "REGIONAL" and "provider" not in regional
    for acl in acls.values():
        groups = [r["statement"][0]["managed_rule_group_statement"][0]["name"]
                  for r in acl["rule"] if "managed_rule_group_statement" in r["statement"][0]]
        assert groups == [*BASELINE_RULE_GROUPS, *env.edge.extra_managed_rules]
        (rate,) = [r for r in acl["rule"] if "rate_based_statement" in r["statement"][0]]
        assert rate["statement"][0]["rate_based_statement"][0]["limit"] == env.edge.rate_limit
        assert rate["action"] == {"block": {}}
        assert all(r["visibility_config"]["cloudwatch_metrics_enabled"] for r in acl["rule"])
    log_groups = synth.resources(stack, "aws_cloudwatch_log_group")
    assert all(g["name"].startswith("aws-waf-logs-") for g in log_groups.values()), log_groups
    assert log_groups["site_waf_logs"]["provider"] == "aws.us_east_1"
    (provider_us,) = [p for p in synth.stack(stack)["provider"]["aws"] if p.get("alias") == "us_east_1"]
    assert provider_us["region"] == "us-east-1"
    logging = synth.resources(stack, "aws_wafv2_web_acl_logging_configuration")
    assert {v["resource_arn"] for v in logging.values()} == {
        "${aws_wafv2_web_acl.site_waf.arn}", "${aws_wafv2_web_acl.alb_waf.arn}"}
    outputs = synth.stack(stack)["output"]
    assert outputs["regional_web_acl_arn"]["value"] == "${aws_wafv2_web_acl.alb_waf.arn}"


def test_rate_limits_are_set_per_environment(synth: Synth) -> None:
    limits = {name: synth.resource(f"{name}-edge", "aws_wafv2_web_acl", "alb_waf")["rule"][-1]
              ["statement"][0]["rate_based_statement"][0]["limit"]
              for name in ("local", "dev", "staging", "preprod", "prod")}
    assert len(set(limits.values())) > 1, limits
