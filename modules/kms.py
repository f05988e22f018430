"""Customer managed KMS keys with an explicit key policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cdktf import Fn
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from modules.account import Account

USE_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*",
               "kms:Describe*"]


@dataclass(frozen=True)
class ServiceGrant:
    """Lets an AWS service principal use the key, limited by ``conditions`` (test, variable, values)."""

    principal: str
    conditions: Sequence[tuple[str, str, Sequence[str]]] = field(default_factory=tuple)
    actions: Sequence[str] = tuple(USE_ACTIONS)


class Key(Construct):
    """A symmetric key with rotation on and a policy: the account administers it through IAM,
    and only the listed services may use it directly.

    Default: 30-day deletion window (7 when ``short_deletion_window``).
    """

    def __init__(self, scope: Construct, id: str, *, account: Account, alias: str,
                 description: str, services: Sequence[ServiceGrant] = (),
                 short_deletion_window: bool = False, provider: AwsProvider | None = None) -> None:
        super().__init__(scope, id)
        # The key policy is written inline, not as an aws_iam_policy_document: in a key policy
        # "Resource": "*" means "this key", and IAM-policy linters would misread it.
        statements: list[dict[str, object]] = [{
            "Sid": "AccountAdministersThroughIam",
            "Effect": "Allow",
            "Principal": {"AWS": account.root_arn},
            "Action": "kms:*",
            "Resource": "*",
        }]
        for grant in services:
            statement: dict[str, object] = {
                "Sid": "Use" + grant.principal.split(".")[0].capitalize(),
                "Effect": "Allow",
                "Principal": {"Service": grant.principal},
                "Action": list(grant.actions),
                "Resource": "*",
            }
            conditions: dict[str, dict[str, list[str]]] = {}
            for test, variable, values in grant.conditions:
                conditions.setdefault(test, {})[variable] = list(values)
            if conditions:
                statement["Condition"] = conditions
            statements.append(statement)
        self.key = KmsKey(
            self, "this",
            description=description,
            enable_key_rotation=True,
            provider=provider,
            deletion_window_in_days=7 if short_deletion_window else 30,
            policy=Fn.jsonencode({"Version": "2012-10-17", "Statement": statements}),
        )
        KmsAlias(self, "alias", name=f"alias/{alias}", target_key_id=self.key.key_id,
                 provider=provider)
        self.arn = self.key.arn
