"""prod: three AZs, a NAT gateway per AZ (no cross-AZ dependency), long retention."""

SETTINGS = {
    "name": "prod",
    "region": "eu-west-1",
    "deletion_protection": True,
    "network": {
        "vpc_cidr": "10.50.0.0/16",
        "az_count": 3,
        "nat_strategy": "per_az",
        "flow_log_retention_days": 365,
        "interface_endpoints": True,
    },
    "tags": {"cost-center": "platform-prod"},
}
