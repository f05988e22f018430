"""RDS for one application: a primary, read replicas in other AZs, reachable only from the cluster."""

from __future__ import annotations

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.db_instance import DbInstance
from cdktf_cdktf_provider_aws.db_option_group import (
    DbOptionGroup,
    DbOptionGroupOption,
    DbOptionGroupOptionOptionSettings,
)
from cdktf_cdktf_provider_aws.db_parameter_group import DbParameterGroup, DbParameterGroupParameter
from cdktf_cdktf_provider_aws.db_subnet_group import DbSubnetGroup
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from environments.schema import DatabaseConfig, Engine
from modules.checkov import skip_checks
from modules.naming import Naming
from modules.network import ONE_YEAR, Network

# Force TLS, log connections and slow statements (and DDL) per engine.
PARAMETERS = {
    Engine.POSTGRES: {"rds.force_ssl": "1", "log_connections": "1", "log_disconnections": "1",
                      "log_min_duration_statement": "500", "log_statement": "ddl"},
    Engine.MYSQL: {"require_secure_transport": "1", "slow_query_log": "1",
                   "long_query_time": "1", "log_output": "FILE"},
}
LOG_EXPORTS = {Engine.POSTGRES: ("postgresql", "upgrade"), Engine.MYSQL: ("audit", "error", "slowquery")}
CA = "rds-ca-rsa2048-g1"


class Database(Construct):
    """One entry of ``databases``: primary + ``read_replicas`` replicas (AZ b, c, ...).

    - storage, Performance Insights and the managed master secret encrypted with ``kms_key_arn``;
      the master password is created and rotated by RDS in Secrets Manager, never seen here;
    - not publicly accessible; its security group admits only ``client_security_group_id``
      on the engine port and has no egress;
    - parameters force TLS and log connections and slow statements; logs exported to
      KMS-encrypted log groups created first (so retention and encryption are ours);
    - IAM database authentication on; copy tags to snapshots; with ``protect``: deletion
      protection is taken from config, a final snapshot is kept and Terraform refuses to destroy.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, config: DatabaseConfig,
                 naming: Naming, network: Network, client_security_group_id: str,
                 kms_key_arn: str, monitoring_role_arn: str | None, protect: bool) -> None:
        super().__init__(scope, id)
        self.config = config
        identifier = naming.name(name.replace("_", "-"))
        self.identifier = identifier
        self.subnet_group = DbSubnetGroup(
            self, "subnets", name=identifier,
            subnet_ids=[s.id for s in network.database_subnets.values()],
            description=f"Database subnets for {identifier}")
        self.security_group = SecurityGroup(
            self, "sg", name=f"{identifier}-db", vpc_id=network.vpc.id,
            description=f"{config.engine} {identifier}: from the cluster only",
            tags={"Name": f"{identifier}-db"})
        VpcSecurityGroupIngressRule(
            self, "from_cluster", security_group_id=self.security_group.id, ip_protocol="tcp",
            from_port=config.port, to_port=config.port,
            referenced_security_group_id=client_security_group_id,
            description="cluster nodes and pods")
        self.parameter_group = DbParameterGroup(
            self, "parameters", name=identifier, family=config.family,
            description=f"TLS only and connection/slow-query logging for {identifier}",
            parameter=[DbParameterGroupParameter(name=k, value=v)
                       for k, v in sorted(PARAMETERS[config.engine].items())])
        option_group = None
        if config.engine == Engine.MYSQL:  # MySQL logs connections through the audit plugin
            option_group = DbOptionGroup(
                self, "options", name=identifier, engine_name="mysql",
                major_engine_version=".".join(config.engine_version.split(".")[:2]),
                option_group_description=f"Connection auditing for {identifier}",
                option=[DbOptionGroupOption(
                    option_name="MARIADB_AUDIT_PLUGIN",
                    option_settings=[DbOptionGroupOptionOptionSettings(
                        name="SERVER_AUDIT_EVENTS", value="CONNECT")])])
        common = {
            "instance_class": config.instance_class,
            "vpc_security_group_ids": [self.security_group.id],
            "parameter_group_name": self.parameter_group.name,
            "publicly_accessible": False,
            "storage_encrypted": True,
            "kms_key_id": kms_key_arn,
            "iam_database_authentication_enabled": True,
            "copy_tags_to_snapshot": True,
            "auto_minor_version_upgrade": True,
            "ca_cert_identifier": CA,
            "deletion_protection": config.deletion_protection,
            "enabled_cloudwatch_logs_exports": list(LOG_EXPORTS[config.engine]),
            "performance_insights_enabled": config.performance_insights,
            "performance_insights_kms_key_id": kms_key_arn if config.performance_insights else None,
            "performance_insights_retention_period": 7 if config.performance_insights else None,
            "monitoring_interval": config.monitoring_interval,
            "monitoring_role_arn": monitoring_role_arn if config.monitoring_interval else None,
            "option_group_name": option_group.name if option_group else None,
        }
        primary_logs = self._log_groups("primary", identifier, kms_key_arn)
        self.primary = DbInstance(
            self, "primary", identifier=identifier, engine=str(config.engine),
            engine_version=config.engine_version, db_name=name, username=config.master_username,
            manage_master_user_password=True, master_user_secret_kms_key_id=kms_key_arn,
            allocated_storage=config.allocated_storage_gib,
            max_allocated_storage=config.max_allocated_storage_gib, storage_type="gp3",
            db_subnet_group_name=self.subnet_group.name, multi_az=config.multi_az,
            availability_zone=None if config.multi_az else f"{naming.region}a",
            backup_retention_period=config.backup_retention_days,
            backup_window=config.backup_window, maintenance_window=config.maintenance_window,
            skip_final_snapshot=not protect,
            final_snapshot_identifier=f"{identifier}-final" if protect else None,
            lifecycle=TerraformResourceLifecycle(prevent_destroy=True) if protect else None,
            depends_on=primary_logs,
            **common,  # type: ignore[arg-type]
        )
        self._skips(self.primary, replica=False)
        self.replicas: dict[str, DbInstance] = {}
        for az in network.config.az_letters[1:config.read_replicas + 1]:
            replica_id = f"{identifier}-replica-{az}"
            self.replicas[az] = DbInstance(
                self, f"replica_{az}", identifier=replica_id,
                replicate_source_db=self.primary.identifier,
                availability_zone=f"{naming.region}{az}", skip_final_snapshot=True,
                depends_on=self._log_groups(f"replica_{az}", replica_id, kms_key_arn),
                **common,  # type: ignore[arg-type]
            )
            self._skips(self.replicas[az], replica=True)
        self.master_secret_arn = self.primary.master_user_secret.get(0).secret_arn

    def _log_groups(self, key: str, identifier: str, kms_key_arn: str) -> list[CloudwatchLogGroup]:
        groups = []
        for export in LOG_EXPORTS[self.config.engine]:
            group = CloudwatchLogGroup(
                self, f"{key}_{export}_logs", name=f"/aws/rds/instance/{identifier}/{export}",
                kms_key_id=kms_key_arn, retention_in_days=self.config.log_retention_days)
            if self.config.log_retention_days < ONE_YEAR:
                skip_checks(group, {"CKV_AWS_338": (
                    f"Retention is set per environment ({self.config.log_retention_days} days "
                    "here); prod keeps database logs a year.")})
            groups.append(group)
        return groups

    def _skips(self, instance: DbInstance, *, replica: bool) -> None:
        reasons = {}
        if replica:
            reasons["CKV_AWS_157"] = ("A read replica is single-AZ by design: it sits in another "
                                      "AZ than the primary, which is Multi-AZ where configured.")
        elif not self.config.multi_az:
            reasons["CKV_AWS_157"] = ("Multi-AZ is off in this short-lived environment by "
                                      "configuration; staging, preprod and prod run Multi-AZ.")
        if not self.config.deletion_protection:
            reasons["CKV_AWS_293"] = ("Deletion protection is off where the environment is "
                                      "disposable (local, dev); protected environments refuse it.")
        if reasons:
            skip_checks(instance, reasons)
