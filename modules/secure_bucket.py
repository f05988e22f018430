"""A private, versioned, KMS-encrypted, TLS-only S3 bucket: the one bucket shape we use."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_acl import S3BucketAcl
from cdktf_cdktf_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
)
from cdktf_cdktf_provider_aws.s3_bucket_logging import S3BucketLoggingA
from cdktf_cdktf_provider_aws.s3_bucket_ownership_controls import (
    S3BucketOwnershipControls,
    S3BucketOwnershipControlsRule,
)
from cdktf_cdktf_provider_aws.s3_bucket_policy import S3BucketPolicy
from cdktf_cdktf_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktf_cdktf_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA,
)
from cdktf_cdktf_provider_aws.s3_bucket_versioning import (
    S3BucketVersioningA,
    S3BucketVersioningVersioningConfiguration,
)
from constructs import Construct


class SecureBucket(Construct):
    """Bucket with: owner-enforced objects, all public access blocked, versioning on,
    SSE-KMS with the given key (bucket key on; SSE-S3 when no key), and a policy denying any
    non-TLS request. Optional: lifecycle expiry, server access logging, log-delivery ACLs.

    ``protect`` adds ``prevent_destroy``; ``force_destroy`` is for emulated environments only.
    ``extra_statements`` are appended to the bucket policy (e.g. a CloudFront grant).
    """

    def __init__(self, scope: Construct, id: str, *, name: str, kms_key_arn: str | None,
                 protect: bool, force_destroy: bool = False,
                 extra_statements: Sequence[DataAwsIamPolicyDocumentStatement] = (),
                 log_delivery: bool = False, expire_noncurrent_days: int | None = None,
                 expire_days: int | None = None, access_logs: SecureBucket | None = None) -> None:
        super().__init__(scope, id)
        self.bucket = S3Bucket(
            self, "bucket", bucket=name, force_destroy=force_destroy,
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True) if protect else None,
        )
        # log_delivery: CloudFront standard logs are written with an ACL grant, so this bucket
        # keeps ACLs (owner preferred, log-delivery-write) and SSE-S3 (CloudFront cannot use KMS).
        self.ownership = ownership = S3BucketOwnershipControls(
            self, "ownership", bucket=self.bucket.id,
            rule=S3BucketOwnershipControlsRule(
                object_ownership="BucketOwnerPreferred" if log_delivery else "BucketOwnerEnforced"),
        )
        self.acl: S3BucketAcl | None = None
        if log_delivery:
            self.acl = S3BucketAcl(self, "acl", bucket=self.bucket.id, acl="log-delivery-write",
                                   depends_on=[ownership])
        S3BucketPublicAccessBlock(
            self, "public_access", bucket=self.bucket.id, block_public_acls=True,
            block_public_policy=True, ignore_public_acls=True, restrict_public_buckets=True,
        )
        S3BucketVersioningA(
            self, "versioning", bucket=self.bucket.id,
            versioning_configuration=S3BucketVersioningVersioningConfiguration(status="Enabled"),
        )
        S3BucketServerSideEncryptionConfigurationA(
            self, "encryption", bucket=self.bucket.id,
            rule=[S3BucketServerSideEncryptionConfigurationRuleA(
                bucket_key_enabled=bool(kms_key_arn),
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms" if kms_key_arn else "AES256",
                        kms_master_key_id=kms_key_arn)),
            )],
        )
        if expire_noncurrent_days or expire_days:
            S3BucketLifecycleConfiguration(
                self, "lifecycle", bucket=self.bucket.id,
                rule=[S3BucketLifecycleConfigurationRule(
                    id="expire", status="Enabled",
                    filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                    noncurrent_version_expiration=[
                        S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(
                            noncurrent_days=expire_noncurrent_days)] if expire_noncurrent_days else None,
                    expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=expire_days)]
                    if expire_days else None,
                    abort_incomplete_multipart_upload=[
                        S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
                            days_after_initiation=7)],
                )],
            )
        if access_logs:
            # S3 checks the target's log-delivery grant when logging is switched on.
            S3BucketLoggingA(self, "access_logs", bucket=self.bucket.id,
                             target_bucket=access_logs.bucket.id, target_prefix=f"s3/{name}/",
                             depends_on=[access_logs.acl] if access_logs.acl else None)
        deny_plain_http = DataAwsIamPolicyDocumentStatement(
            sid="DenyInsecureTransport",
            effect="Deny",
            actions=["s3:*"],
            resources=[self.bucket.arn, f"{self.bucket.arn}/*"],
            principals=[DataAwsIamPolicyDocumentStatementPrincipals(type="*", identifiers=["*"])],
            condition=[DataAwsIamPolicyDocumentStatementCondition(
                test="Bool", variable="aws:SecureTransport", values=["false"])],
        )
        self._statements = [deny_plain_http, *extra_statements]
        self.policy_document = DataAwsIamPolicyDocument(
            self, "policy_document", statement=self._statements)
        S3BucketPolicy(self, "policy", bucket=self.bucket.id, policy=self.policy_document.json)
        self.name = self.bucket.bucket
        self.arn = self.bucket.arn

    def add_statements(self, *statements: DataAwsIamPolicyDocumentStatement) -> None:
        """Extend the bucket policy once the principals exist (e.g. a distribution's ARN)."""
        self._statements.extend(statements)
        self.policy_document.put_statement(self._statements)
