"""Persona roles for environments that have nobody else to create them (the emulator)."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.iam_role import IamRole
from constructs import Construct

from environments.schema import AccessConfig
from modules.account import Account
from modules.iam import Statement, document
from modules.personas import role_name


class PersonaRoles(Construct):
    """One IAM role per declared persona role, assumable by the account's own principals."""

    def __init__(self, scope: Construct, id: str, *, access: AccessConfig, account: Account) -> None:
        super().__init__(scope, id)
        trust = document(self, "trust", [Statement(
            actions=["sts:AssumeRole"], principals={"AWS": [account.root_arn]})])
        self.roles = {
            role_name(role): IamRole(self, role_name(role).replace("-", "_"), name=role_name(role),
                                     assume_role_policy=trust.json)
            for role in (*access.devops.roles, *access.developer.roles)
        }
