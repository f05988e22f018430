"""The static frontend: private S3 origin, CloudFront with OAC, WAF, security headers."""

from __future__ import annotations

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.acm_certificate import AcmCertificate
from cdktf_cdktf_provider_aws.acm_certificate_validation import AcmCertificateValidation
from cdktf_cdktf_provider_aws.cloudfront_distribution import (
    CloudfrontDistribution,
    CloudfrontDistributionCustomErrorResponse,
    CloudfrontDistributionDefaultCacheBehavior,
    CloudfrontDistributionLoggingConfig,
    CloudfrontDistributionOrigin,
    CloudfrontDistributionRestrictions,
    CloudfrontDistributionRestrictionsGeoRestriction,
    CloudfrontDistributionViewerCertificate,
)
from cdktf_cdktf_provider_aws.cloudfront_origin_access_control import (
    CloudfrontOriginAccessControl,
)
from cdktf_cdktf_provider_aws.cloudfront_response_headers_policy import (
    CloudfrontResponseHeadersPolicy,
    CloudfrontResponseHeadersPolicySecurityHeadersConfig,
    CloudfrontResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicy,
    CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions,
    CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions,
    CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy,
    CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity,
)
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.route53_record import Route53Record, Route53RecordAlias
from constructs import Construct

from environments.schema import EdgeConfig
from modules.checkov import skip_checks
from modules.naming import Naming
from modules.secure_bucket import SecureBucket
from modules.waf import WebAcl

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"  # AWS managed cache policy
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"  # the hosted zone of every *.cloudfront.net name
LOG_DAYS = 90


class StaticSite(Construct):
    """S3 (private: owner-enforced, public access blocked, versioned, SSE-KMS, TLS-only, old
    versions expire) served only through CloudFront with Origin Access Control (sigv4,
    always): the bucket policy admits ``cloudfront.amazonaws.com`` only with ``aws:SourceArn``
    equal to this distribution. HTTPS redirect, HTTP/2+3, IPv6, managed CachingOptimized
    policy, a security-headers policy (HSTS, nosniff, frame DENY, referrer policy, CSP), SPA
    fallback, logging to a log bucket, and the CLOUDFRONT-scope web ACL.

    With ``config.domain``: a DNS-validated ACM certificate in us-east-1, the alias, TLSv1.2_2021
    and alias records; without it, CloudFront's own certificate.
    """

    def __init__(self, scope: Construct, id: str, *, config: EdgeConfig, naming: Naming,
                 kms_key_arn: str, global_kms_key_arn: str, us_east_1: AwsProvider,
                 protect: bool, force_destroy: bool) -> None:
        super().__init__(scope, id)
        self.logs = SecureBucket(
            self, "logs", name=naming.name("edge-logs", naming.region), kms_key_arn=None,
            protect=protect, force_destroy=force_destroy, log_delivery=True,
            expire_days=LOG_DAYS, expire_noncurrent_days=7)
        skip_checks(self.logs.bucket, {
            "CKV_AWS_145": "CloudFront standard logging cannot write to SSE-KMS buckets; SSE-S3 "
                           "encrypts these logs at rest.",
            "CKV_AWS_144": "Access logs are not replicated across regions; they expire after "
                           f"{LOG_DAYS} days.",
            "CKV2_AWS_62": "Nothing consumes events from the log bucket.",
        })
        skip_checks(self.logs.ownership, {
            "CKV2_AWS_65": "CloudFront standard logging writes through an ACL grant "
                           "(log-delivery-write), so this one bucket keeps ACLs enabled.",
        })
        self.waf = WebAcl(self, "waf", name=naming.name("cloudfront"), acl_scope="CLOUDFRONT",
                          config=config, kms_key_arn=global_kms_key_arn, provider=us_east_1)
        self.oac = CloudfrontOriginAccessControl(
            self, "oac", name=naming.name("site"), origin_access_control_origin_type="s3",
            signing_behavior="always", signing_protocol="sigv4",
            description="CloudFront reads the site bucket with SigV4")
        self.headers = CloudfrontResponseHeadersPolicy(
            self, "headers", name=naming.name("security-headers"),
            security_headers_config=CloudfrontResponseHeadersPolicySecurityHeadersConfig(
                strict_transport_security=(
                    CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity(
                        access_control_max_age_sec=63072000, include_subdomains=True,
                        preload=True, override=True)),
                content_type_options=(
                    CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions(
                        override=True)),
                frame_options=CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions(
                    frame_option="DENY", override=True),
                referrer_policy=CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy(
                    referrer_policy="strict-origin-when-cross-origin", override=True),
                content_security_policy=(
                    CloudfrontResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicy(
                        content_security_policy=config.content_security_policy, override=True)),
            ))
        self.site = SecureBucket(
            self, "site", name=naming.name("site", naming.region), kms_key_arn=kms_key_arn,
            protect=protect, force_destroy=force_destroy,
            expire_noncurrent_days=config.noncurrent_version_days,
            access_logs=self.logs)
        skip_checks(self.site.bucket, {
            "CKV_AWS_144": "The site is rebuilt from CI artefacts; cross-region replication "
                           "adds cost without a recovery need.",
            "CKV2_AWS_62": "Deployments upload the site; nothing consumes bucket events.",
        })
        certificate = self._certificate(config, us_east_1) if config.domain else None
        origin_id = "site"
        self.distribution = CloudfrontDistribution(
            self, "distribution", enabled=True, comment=f"{naming.prefix} static site",
            default_root_object="index.html", http_version="http2and3", is_ipv6_enabled=True,
            price_class=config.price_class, web_acl_id=self.waf.arn, wait_for_deployment=False,
            aliases=[config.domain] if config.domain else None,
            origin=[CloudfrontDistributionOrigin(
                origin_id=origin_id, origin_access_control_id=self.oac.id,
                domain_name=self.site.bucket.bucket_regional_domain_name)],
            default_cache_behavior=CloudfrontDistributionDefaultCacheBehavior(
                target_origin_id=origin_id, viewer_protocol_policy="redirect-to-https",
                allowed_methods=["GET", "HEAD"], cached_methods=["GET", "HEAD"], compress=True,
                cache_policy_id=CACHING_OPTIMIZED, response_headers_policy_id=self.headers.id),
            custom_error_response=[
                CloudfrontDistributionCustomErrorResponse(
                    error_code=code, response_code=200, response_page_path="/index.html",
                    error_caching_min_ttl=10)
                for code in (403, 404)] if config.spa_fallback else None,
            restrictions=CloudfrontDistributionRestrictions(
                geo_restriction=CloudfrontDistributionRestrictionsGeoRestriction(
                    restriction_type=config.geo_restriction,
                    locations=list(config.geo_locations) or None)),
            viewer_certificate=CloudfrontDistributionViewerCertificate(
                acm_certificate_arn=certificate.certificate_arn, ssl_support_method="sni-only",
                minimum_protocol_version="TLSv1.2_2021")
            if certificate else CloudfrontDistributionViewerCertificate(
                cloudfront_default_certificate=True),
            logging_config=CloudfrontDistributionLoggingConfig(
                bucket=self.logs.bucket.bucket_domain_name, prefix="cloudfront/",
                include_cookies=False),
        )
        reasons = {"CKV_AWS_310": "One S3 origin in one region; origin failover needs a second "
                                  "copy of the site, which this design does not keep."}
        if "AWSManagedRulesAnonymousIpList" not in config.extra_managed_rules:
            reasons["CKV2_AWS_47"] = (
                "Log4j is blocked by AWSManagedRulesKnownBadInputsRuleSet (always on); the check "
                "also wants AWSManagedRulesAnonymousIpList, which blocks VPN and hosting-provider "
                "users, so it is opt-in per environment (prod has it).")
        if config.geo_restriction == "none":
            reasons["CKV_AWS_374"] = ("The site serves every country by configuration; "
                                      "edge.geo_restriction narrows it (preprod does).")
        if certificate is None:
            reasons |= {
                "CKV_AWS_174": "No custom domain here: the default *.cloudfront.net certificate "
                               "has a fixed TLS policy; set edge.domain for TLSv1.2_2021.",
                "CKV2_AWS_42": "No custom domain here, so no custom certificate to attach.",
            }
        skip_checks(self.distribution, reasons)
        self.site.add_statements(DataAwsIamPolicyDocumentStatement(
            sid="CloudFrontReadsThroughOac", actions=["s3:GetObject"],
            resources=[f"{self.site.arn}/*"],
            principals=[DataAwsIamPolicyDocumentStatementPrincipals(
                type="Service", identifiers=["cloudfront.amazonaws.com"])],
            condition=[DataAwsIamPolicyDocumentStatementCondition(
                test="StringEquals", variable="aws:SourceArn", values=[self.distribution.arn])],
        ))
        if certificate and config.hosted_zone_id and config.domain:
            for record_type in ("A", "AAAA"):
                Route53Record(
                    self, f"alias_{record_type.lower()}", zone_id=config.hosted_zone_id,
                    name=config.domain, type=record_type,
                    alias=Route53RecordAlias(name=self.distribution.domain_name,
                                             zone_id=CLOUDFRONT_ZONE_ID,
                                             evaluate_target_health=False))

    def _certificate(self, config: EdgeConfig, us_east_1: AwsProvider) -> AcmCertificateValidation:
        if not (config.domain and config.hosted_zone_id):
            raise ValueError("edge.domain needs edge.hosted_zone_id (EdgeConfig validates this)")
        certificate = AcmCertificate(
            self, "certificate", provider=us_east_1, domain_name=config.domain,
            validation_method="DNS",
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True))
        option = certificate.domain_validation_options.get(0)
        record = Route53Record(
            self, "certificate_validation_record", zone_id=config.hosted_zone_id,
            name=option.resource_record_name, type=option.resource_record_type,
            records=[option.resource_record_value], ttl=300, allow_overwrite=True)
        return AcmCertificateValidation(
            self, "certificate_validation", provider=us_east_1,
            certificate_arn=certificate.arn, validation_record_fqdns=[record.fqdn])
