"""Who may touch the databases: developers nothing (they ask devops), devops break-glass only."""

from __future__ import annotations

from collections.abc import Sequence

from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from environments.schema import AccessConfig
from modules.account import Account
from modules.database import Database
from modules.iam import Statement, document
from modules.naming import Naming
from modules.personas import role_name

# RDS control-plane changes developers may not make (read-only Describe/List stay allowed).
RDS_CHANGES = ["rds:Add*", "rds:Apply*", "rds:Authorize*", "rds:Copy*", "rds:Create*",
               "rds:Delete*", "rds:Disable*", "rds:Enable*", "rds:Failover*", "rds:Modify*",
               "rds:Promote*", "rds:Reboot*", "rds:Remove*", "rds:Reset*", "rds:Restore*",
               "rds:Revoke*", "rds:Start*", "rds:Stop*", "rds:Switchover*"]


class DatabaseAccess(Construct):
    """Two managed policies from the persona declaration:

    - ``<prefix>-developer-no-database``: explicit Deny of RDS control-plane changes, of
      ``rds-db:connect`` and of reading the master secrets; attached to every developer role;
    - ``<prefix>-devops-database-break-glass``: Allow ``rds-db:connect`` as each database's
      break-glass user on exactly these instances; attached to every devops role.
    """

    def __init__(self, scope: Construct, id: str, *, access: AccessConfig, naming: Naming,
                 account: Account, databases: Sequence[Database]) -> None:
        super().__init__(scope, id)
        secrets = [db.master_secret_arn for db in databases]
        deny = document(self, "developer_document", [
            Statement(sid="NoDatabaseChanges", effect="Deny", actions=RDS_CHANGES),
            Statement(sid="NoDatabaseConnections", effect="Deny", actions=["rds-db:connect"]),
            Statement(sid="NoMasterSecrets", effect="Deny",
                      actions=["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                               "secretsmanager:UpdateSecret"], resources=secrets),
        ])
        self.developer_policy = IamPolicy(
            self, "developer", name=naming.name("developer-no-database"),
            description="Developers ask devops for database access", policy=deny.json)
        users = [
            account.arn("rds-db", f"dbuser:{instance.resource_id}/{db.config.break_glass_user}")
            for db in databases for instance in [db.primary, *db.replicas.values()]
        ]
        allow = document(self, "devops_document", [
            Statement(sid="BreakGlassConnect", actions=["rds-db:connect"], resources=users),
        ])
        self.devops_policy = IamPolicy(
            self, "devops", name=naming.name("devops-database-break-glass"),
            description="Break-glass IAM authentication to the databases", policy=allow.json)
        for persona, roles, policy in (("developer", access.developer.roles, self.developer_policy),
                                       ("devops", access.devops.roles, self.devops_policy)):
            for role in roles:
                IamRolePolicyAttachment(self, f"{persona}_{role_name(role).replace('-', '_')}",
                                        role=role_name(role), policy_arn=policy.arn)
