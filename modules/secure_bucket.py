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
    SSE-KMS with the given key (bucket key on), and a policy denying any non-TLS request.

    ``protect`` adds ``prevent_destroy``; ``force_destroy`` is for emulated environments only.
    ``extra_statements`` are appended to the bucket policy (e.g. a CloudFront grant).
    """

    def __init__(self, scope: Construct, id: str, *, name: str, kms_key_arn: str, protect: bool,
                 force_destroy: bool = False,
                 extra_statements: Sequence[DataAwsIamPolicyDocumentStatement] = ()) -> None:
        super().__init__(scope, id)
        self.bucket = S3Bucket(
            self, "bucket", bucket=name, force_destroy=force_destroy,
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True) if protect else None,
        )
        S3BucketOwnershipControls(
            self, "ownership", bucket=self.bucket.id,
            rule=S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced"),
        )
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
                bucket_key_enabled=True,
                apply_server_side_encryption_by_default=(
                    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=kms_key_arn)),
            )],
        )
        deny_plain_http = DataAwsIamPolicyDocumentStatement(
            sid="DenyInsecureTransport",
            effect="Deny",
            actions=["s3:*"],
            resources=[self.bucket.arn, f"{self.bucket.arn}/*"],
            principals=[DataAwsIamPolicyDocumentStatementPrincipals(type="*", identifiers=["*"])],
            condition=[DataAwsIamPolicyDocumentStatementCondition(
                test="Bool", variable="aws:SecureTransport", values=["false"])],
        )
        policy = DataAwsIamPolicyDocument(
            self, "policy_document", statement=[deny_plain_http, *extra_statements])
        S3BucketPolicy(self, "policy", bucket=self.bucket.id, policy=policy.json)
        self.name = self.bucket.bucket
        self.arn = self.bucket.arn
