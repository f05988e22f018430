"""local: the default environment, deployed to the moto AWS emulator on loopback.

Small and cheap by design; nothing here is protected because the emulator forgets everything
when it stops.
"""

from environments._shared import (
    ADDONS_1_33,
    APP_NAMESPACES,
    DEVELOPER_ROLES,
    DEVOPS_ROLES,
    KUBERNETES_VERSION,
)

SETTINGS = {
    "name": "local",
    "region": "eu-west-1",
    "deletion_protection": False,
    "emulator": {},
    "network": {
        "vpc_cidr": "10.10.0.0/16",
        "az_count": 2,
        "nat_strategy": "single",
        "flow_log_retention_days": 1,
        "interface_endpoints": False,
    },
    "cluster": {
        "kubernetes_version": KUBERNETES_VERSION,
        "public_endpoint": False,
        "public_access_cidrs": (),
        "system_nodes": {
            "instance_types": ("t3.medium",), "min_size": 1, "desired_size": 1, "max_size": 2,
            "disk_size_gib": 20,
        },
        "addons": ADDONS_1_33,
        "log_retention_days": 1,
        "node_autoscaler": "karpenter",
    },
    "access": {
        "devops": {"roles": DEVOPS_ROLES},
        "developer": {"roles": DEVELOPER_ROLES},
        "developer_level": "admin",
        "app_namespaces": APP_NAMESPACES,
        "create_roles": True,  # the emulator has no SSO roles
    },
    "databases": {
        "orders": {
            "engine": "postgres", "engine_version": "16.6", "instance_class": "db.t4g.medium",
            "multi_az": False, "read_replicas": 1, "backup_retention_days": 1,
            "deletion_protection": False, "log_retention_days": 1,
        },
    },
    "edge": {"rate_limit": 10000, "log_retention_days": 1, "noncurrent_version_days": 1},
    # Mutual TLS with a server certificate generated at synth time (tools/pki.py).
    "vpn": {"client_cidr": "172.16.16.0/22", "authentication": "certificate", "log_retention_days": 1},
    "tags": {"cost-center": "platform-local"},
}
