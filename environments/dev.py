"""dev: the first real AWS environment; two AZs, one NAT gateway, short retention."""

SETTINGS = {
    "name": "dev",
    "region": "eu-west-1",
    "deletion_protection": False,
    "network": {
        "vpc_cidr": "10.20.0.0/16",
        "az_count": 2,
        "nat_strategy": "single",
        "flow_log_retention_days": 7,
        "interface_endpoints": False,
    },
    "tags": {"cost-center": "platform-dev"},
}
