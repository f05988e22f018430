"""Who and where a stack deploys to, as Terraform data (never hard-coded account ids)."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from constructs import Construct


class Account(Construct):
    """The caller's account id, partition and region, for ARNs in policies."""

    def __init__(self, scope: Construct, id: str, *, region: str) -> None:
        super().__init__(scope, id)
        self.region = region
        self.id = DataAwsCallerIdentity(self, "caller").account_id
        self.partition = DataAwsPartition(self, "partition").partition

    @property
    def root_arn(self) -> str:
        return f"arn:{self.partition}:iam::{self.id}:root"

    def arn(self, service: str, resource: str, *, regional: bool = True) -> str:
        region = self.region if regional else ""
        return f"arn:{self.partition}:{service}:{region}:{self.id}:{resource}"
