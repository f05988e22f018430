"""preprod: production's shape (three AZs, a NAT gateway per AZ) with shorter retention."""

SETTINGS = {
    "name": "preprod",
    "region": "eu-west-1",
    "deletion_protection": True,
    "network": {
        "vpc_cidr": "10.40.0.0/16",
        "az_count": 3,
        "nat_strategy": "per_az",
        "flow_log_retention_days": 30,
        "interface_endpoints": True,
    },
    "tags": {"cost-center": "platform-preprod"},
}
