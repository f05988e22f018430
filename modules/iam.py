"""IAM as data: statements are plain values, rendered once into a policy document.

Policies go through ``aws_iam_policy_document`` so that checkov evaluates every statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cdktf_cdktf_provider_aws.data_aws_iam_policy_document import (
    DataAwsIamPolicyDocument,
    DataAwsIamPolicyDocumentStatement,
    DataAwsIamPolicyDocumentStatementCondition,
    DataAwsIamPolicyDocumentStatementPrincipals,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

# (test, variable, values), e.g. ("StringEquals", "aws:SourceAccount", ["123456789012"])
Condition = tuple[str, str, Sequence[str]]


@dataclass(frozen=True)
class Statement:
    actions: Sequence[str]
    resources: Sequence[str] = ("*",)
    sid: str | None = None
    effect: str = "Allow"
    conditions: Sequence[Condition] = ()
    principals: Mapping[str, Sequence[str]] = field(default_factory=dict)  # type -> identifiers

    def render(self) -> DataAwsIamPolicyDocumentStatement:
        return DataAwsIamPolicyDocumentStatement(
            sid=self.sid,
            effect=self.effect,
            actions=list(self.actions),
            resources=list(self.resources) if not self.principals else None,
            principals=[DataAwsIamPolicyDocumentStatementPrincipals(type=t, identifiers=list(ids))
                        for t, ids in self.principals.items()] or None,
            condition=[DataAwsIamPolicyDocumentStatementCondition(
                test=test, variable=variable, values=list(values))
                for test, variable, values in self.conditions] or None,
        )


def document(scope: Construct, id: str, statements: Sequence[Statement]) -> DataAwsIamPolicyDocument:
    return DataAwsIamPolicyDocument(scope, id, statement=[s.render() for s in statements])


def managed_policy(partition: str, name: str) -> str:
    return f"arn:{partition}:iam::aws:policy/{name}"


class Role(Construct):
    """An IAM role: a trust statement, managed policies by ARN, and one inline policy."""

    def __init__(self, scope: Construct, id: str, *, name: str, trust: Statement,
                 managed_policy_arns: Sequence[str] = (),
                 statements: Sequence[Statement] = ()) -> None:
        super().__init__(scope, id)
        assume = document(self, "trust", [trust])
        self.role = IamRole(self, "this", name=name, assume_role_policy=assume.json)
        self.arn = self.role.arn
        self.name = self.role.name
        self.attachments = [
            IamRolePolicyAttachment(self, f"attach_{arn.rsplit('/', 1)[-1]}", role=self.role.name,
                                    policy_arn=arn)
            for arn in managed_policy_arns
        ]
        self.policy_document: DataAwsIamPolicyDocument | None = None
        if statements:
            self.policy_document = document(self, "permissions", statements)
            IamRolePolicy(self, "policy", name=name, role=self.role.id,
                          policy=self.policy_document.json)
