"""RDS DB instance behaviours of moto corrected for the emulator."""

from __future__ import annotations

import functools
import string
from collections.abc import Callable
from typing import Any

from tools.moto_patches import patch

_DBI_ALPHABET = string.ascii_uppercase + "234567"  # DbiResourceIds are "db-" + 26 base32 characters


def _wrap(owner: Any, name: str, marker: str, make: Callable[[Any], Callable[..., Any]]) -> None:
    """Replace ``owner.name`` by ``make(original)`` once; ``marker`` survives further wrapping."""
    original = getattr(owner, name)
    applied: frozenset[str] = getattr(original, "_platform_patches", frozenset())
    if marker in applied:
        return
    wrapper = functools.wraps(original)(make(original))
    wrapper._platform_patches = applied | {marker}  # type: ignore[attr-defined]
    setattr(owner, name, wrapper)


def _new_dbi_resource_id() -> str:
    from moto.moto_api._internal import mock_random

    return "db-" + "".join(mock_random.choice(_DBI_ALPHABET) for _ in range(26))


def _set_performance_insights(instance: Any, request: Any) -> None:
    enabled = bool(request.get("enable_performance_insights"))
    instance.enable_performance_insights = enabled
    instance.performance_insights_kms_key_id = (
        request.get("performance_insights_kms_key_id") if enabled else None)
    instance.performance_insights_retention_period = (
        request.get("performance_insights_retention_period") or 7) if enabled else None


@patch
def rds_unique_dbi_resource_id() -> None:
    """moto 5.2.x gives every DB instance the same hard-coded DbiResourceId
    (``db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U``). The AWS provider uses it as the resource id and reads
    back with the ``dbi-resource-id`` filter, so a second instance or a read replica matches two
    instances and its create fails with "couldn't find resource". Give each instance its own."""
    from moto.rds.models import DBInstance

    def make(original: Any) -> Any:
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            self.dbi_resource_id = _new_dbi_resource_id()
        return __init__

    _wrap(DBInstance, "__init__", "rds_unique_dbi_resource_id", make)


@patch
def rds_performance_insights_stored() -> None:
    """moto 5.2.x drops EnablePerformanceInsights, PerformanceInsightsKMSKeyId and
    PerformanceInsightsRetentionPeriod of CreateDBInstance and never returns them, so an
    instance created with Performance Insights re-plans as ``false -> true`` forever. Store them
    (retention defaults to 7 days when enabled, as in RDS); ModifyDBInstance already sets the
    same attribute names, which ``PerformanceInsightsEnabled`` now reads."""
    from moto.rds.models import DBInstance

    def make(original: Any) -> Any:
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            _set_performance_insights(self, kwargs)
        return __init__

    _wrap(DBInstance, "__init__", "rds_performance_insights_stored", make)
    if not isinstance(getattr(DBInstance, "performance_insights_enabled", None), property):
        DBInstance.performance_insights_enabled = property(  # type: ignore[attr-defined]
            lambda self: bool(getattr(self, "enable_performance_insights", False)))


@patch
def rds_read_replica_own_settings() -> None:
    """moto 5.2.x creates a read replica as a shallow copy of its primary and only overlays the
    request, so the replica inherits what RDS does not give a replica: the primary's
    DbiResourceId, log exports, storage autoscaling limit, Multi-AZ, Performance Insights,
    enhanced monitoring, IAM authentication, tags, backup retention and even the primary's
    managed master-user secret (deleting the replica then deletes the primary's secret). Give
    the replica its own values: what the request asks for, else the RDS default."""
    from moto.rds.models import RDSBackend

    def make(original: Any) -> Any:
        def create_db_instance_read_replica(self: Any, db_kwargs: dict[str, Any]) -> Any:
            replica = original(self, db_kwargs)
            replica.dbi_resource_id = _new_dbi_resource_id()
            replica.enabled_cloudwatch_logs_exports = list(
                db_kwargs.get("enable_cloudwatch_logs_exports") or [])
            replica.max_allocated_storage = (
                db_kwargs.get("max_allocated_storage") or replica.allocated_storage)
            replica.multi_az = bool(db_kwargs.get("multi_az"))
            _set_performance_insights(replica, db_kwargs)
            replica.monitoring_interval = db_kwargs.get("monitoring_interval") or 0
            replica.monitoring_role_arn = db_kwargs.get("monitoring_role_arn")
            replica.enable_iam_database_authentication = bool(
                db_kwargs.get("enable_iam_database_authentication"))
            replica.tags = list(db_kwargs.get("tags") or [])
            replica.backup_retention_period = 0
            replica._associated_roles = []
            replica.manage_master_user_password = False
            replica.__dict__.pop("master_user_secret", None)
            return replica
        return create_db_instance_read_replica

    _wrap(RDSBackend, "create_db_instance_read_replica", "rds_read_replica_own_settings", make)


@patch
def rds_parameter_source_user() -> None:
    """moto 5.2.x stores the parameters of ModifyDBParameterGroup without ``Source``. RDS marks
    them ``Source=user``, and the AWS provider keeps only such parameters when it reads a DB
    parameter group back, so every configured parameter re-plans as added. Mark them user."""
    from moto.rds.models import DBParameterGroup

    def make(original: Any) -> Any:
        def update_parameters(self: Any, new_parameters: Any) -> None:
            new_parameters = list(new_parameters)
            original(self, new_parameters)
            for new_parameter in new_parameters:
                self.parameters[new_parameter["ParameterName"]].setdefault("Source", "user")
        return update_parameters

    _wrap(DBParameterGroup, "update_parameters", "rds_parameter_source_user", make)
