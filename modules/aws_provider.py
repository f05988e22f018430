"""The AWS provider and the S3 backend of a stack, real or emulated.

Stacks call these; constructs never create providers or backends.
"""

from __future__ import annotations

from cdktf import LocalBackend, S3Backend, TerraformStack
from cdktf_cdktf_provider_aws.provider import (
    AwsProvider,
    AwsProviderAssumeRole,
    AwsProviderDefaultTags,
    AwsProviderEndpoints,
)

from environments.schema import EnvironmentConfig
from modules.naming import Naming

# Every service a stack may touch. One left out would be sent to real AWS by the provider.
EMULATED_SERVICES = (
    "acm", "autoscaling", "cloudfront", "cloudwatch", "dynamodb", "ec2", "ecr", "eks", "elbv2",
    "events", "iam", "kms", "logs", "rds", "route53", "s3", "secretsmanager", "sns", "sqs", "ssm",
    "sts", "wafv2",
)


def aws_provider(stack: TerraformStack, config: EnvironmentConfig, *, emulator_url: str | None,
                 region: str | None = None, alias: str | None = None) -> AwsProvider:
    """Provider with default tags; every endpoint at the emulator when the env is emulated.

    Credentials are never written here: real environments use the caller's credential chain
    (plus ``assume_role_arn``); the emulator takes any key, given through the environment.
    """
    naming = Naming.of(config)
    # Fully-qualified source so OpenTofu (and `cdktf synth --hcl` users) resolve the same provider.
    stack.add_override("terraform.required_providers.aws.source", "hashicorp/aws")
    construct_id = f"aws_{alias}" if alias else "aws"
    tags = [AwsProviderDefaultTags(tags=naming.default_tags(config.tags))]
    if config.is_emulated:
        if not emulator_url:
            raise ValueError(f"{config.name}: an emulated environment needs the emulator URL")
        return AwsProvider(
            stack, construct_id, region=region or config.region, alias=alias, default_tags=tags,
            endpoints=[AwsProviderEndpoints(**dict.fromkeys(EMULATED_SERVICES, emulator_url))],
            # The account id is requested (moto's STS answers): without it the provider
            # misreads same-account security group references as "<account>/sg-...".
            skip_credentials_validation=True,
            skip_metadata_api_check="true",
            s3_use_path_style=True,
            # Unimplemented emulator APIs answer 4xx/5xx; the default (25 retries) retries them
            # for 15+ minutes. 3 still fails fast, yet survives the emulator's dev HTTP server
            # dropping a kept-alive connection ("use of closed network connection").
            max_retries=3,
        )
    return AwsProvider(
        stack, construct_id, region=region or config.region, alias=alias, default_tags=tags,
        allowed_account_ids=[config.account_id] if config.account_id else None,
        assume_role=[AwsProviderAssumeRole(role_arn=config.assume_role_arn,
                                           session_name=f"cdktf-{config.name}")]
        if config.assume_role_arn else None,
    )


def bootstrap_backend(stack: TerraformStack) -> LocalBackend:
    """Local state for the state-bucket stack itself (it cannot live in the bucket it makes).

    The path is relative to the stack's directory in cdktf.out/stacks/<stack>/, so the file
    lands next to cdktf.out (``terraform.<stack>.tfstate``), wherever the outdir is.
    """
    return LocalBackend(stack, path=f"../../../terraform.{stack.node.id}.tfstate")


def state_backend(stack: TerraformStack, config: EnvironmentConfig, *, role: str,
                  emulator_url: str | None) -> S3Backend:
    """S3 backend in the environment's state bucket, one key per stack, S3-native locking."""
    naming = Naming.of(config)
    extra: dict[str, object] = {}
    if config.is_emulated:
        extra = {
            "endpoints": {"s3": emulator_url, "sts": emulator_url, "iam": emulator_url,
                          "dynamodb": emulator_url},
            "use_path_style": True,
            "skip_credentials_validation": True,
            "skip_requesting_account_id": True,
            "skip_metadata_api_check": True,
            "skip_region_validation": True,
        }
    elif config.assume_role_arn:
        extra = {"assume_role": {"role_arn": config.assume_role_arn,
                                 "session_name": f"cdktf-{config.name}-state"}}
    backend = S3Backend(
        stack,
        bucket=naming.state_bucket,
        key=naming.state_key(role),
        region=config.region,
        encrypt=True,
        **extra,  # type: ignore[arg-type]
    )
    # cdktf 0.21 has no field for S3-native locking (Terraform >= 1.10); set it directly.
    backend.add_override("use_lockfile", True)
    return backend
