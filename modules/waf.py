"""WAFv2 web ACLs: one rule model for the CloudFront (us-east-1) and the regional (ALB) scope."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.wafv2_web_acl import (
    Wafv2WebAcl,
    Wafv2WebAclDefaultAction,
    Wafv2WebAclDefaultActionAllow,
    Wafv2WebAclRule,
    Wafv2WebAclRuleAction,
    Wafv2WebAclRuleActionBlock,
    Wafv2WebAclRuleOverrideAction,
    Wafv2WebAclRuleOverrideActionNone,
    Wafv2WebAclRuleVisibilityConfig,
    Wafv2WebAclVisibilityConfig,
)
from cdktf_cdktf_provider_aws.wafv2_web_acl_logging_configuration import (
    Wafv2WebAclLoggingConfiguration,
)
from constructs import Construct

from environments.schema import EdgeConfig
from modules.checkov import skip_checks
from modules.network import ONE_YEAR

# Always on: OWASP-style common rules, known bad inputs (Log4j among them), IP reputation.
BASELINE_RULE_GROUPS = ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                        "AWSManagedRulesAmazonIpReputationList")


def visibility(metric: str) -> Wafv2WebAclRuleVisibilityConfig:
    return Wafv2WebAclRuleVisibilityConfig(cloudwatch_metrics_enabled=True, metric_name=metric,
                                           sampled_requests_enabled=True)


def rules(config: EdgeConfig) -> list[Wafv2WebAclRule]:
    """Managed groups in order (baseline, then extras), then the per-IP rate limit."""
    groups = [*BASELINE_RULE_GROUPS, *config.extra_managed_rules]
    out = [
        Wafv2WebAclRule(
            name=group, priority=priority,
            override_action=Wafv2WebAclRuleOverrideAction(none=Wafv2WebAclRuleOverrideActionNone()),
            # Nested blocks as lists: the JSON shape Terraform and checkov both read as blocks.
            statement=[{"managed_rule_group_statement": [{"name": group, "vendor_name": "AWS"}]}],
            visibility_config=visibility(group))
        for priority, group in enumerate(groups)
    ]
    out.append(Wafv2WebAclRule(
        name="RatePerIp", priority=len(groups),
        action=Wafv2WebAclRuleAction(block=Wafv2WebAclRuleActionBlock()),
        statement=[{"rate_based_statement": [{"limit": config.rate_limit,
                                              "aggregate_key_type": "IP"}]}],
        visibility_config=visibility("RatePerIp")))
    return out


class WebAcl(Construct):
    """A web ACL (default allow, rules above) logging to an ``aws-waf-logs-*`` group.

    ``scope``: CLOUDFRONT (the provider must be us-east-1) or REGIONAL.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, acl_scope: str, config: EdgeConfig,
                 kms_key_arn: str, provider: AwsProvider | None = None) -> None:
        super().__init__(scope, id)
        self.acl = Wafv2WebAcl(
            self, "this", name=name, scope=acl_scope, provider=provider,
            description=f"{acl_scope.lower()} web ACL {name}",
            default_action=Wafv2WebAclDefaultAction(allow=Wafv2WebAclDefaultActionAllow()),
            rule=rules(config),
            visibility_config=Wafv2WebAclVisibilityConfig(
                cloudwatch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True),
        )
        self.log_group = CloudwatchLogGroup(
            self, "logs", name=f"aws-waf-logs-{name}", provider=provider, kms_key_id=kms_key_arn,
            retention_in_days=config.log_retention_days)
        if config.log_retention_days < ONE_YEAR:
            skip_checks(self.log_group, {"CKV_AWS_338": (
                f"WAF logs are kept {config.log_retention_days} days in this environment; "
                "prod keeps them a year.")})
        Wafv2WebAclLoggingConfiguration(
            self, "logging", provider=provider, resource_arn=self.acl.arn,
            log_destination_configs=[self.log_group.arn])
        self.arn = self.acl.arn
