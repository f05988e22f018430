"""Values several environments share. Not an environment (the leading underscore)."""

# EKS managed addons pinned for Kubernetes 1.33 (check `aws eks describe-addon-versions
# --kubernetes-version 1.33` before moving a pin).
KUBERNETES_VERSION = "1.33"
ADDONS_1_33 = {
    "vpc-cni": "v1.20.1-eksbuild.3",
    "coredns": "v1.12.4-eksbuild.1",
    "kube-proxy": "v1.33.5-eksbuild.2",
    "aws-ebs-csi-driver": "v1.48.0-eksbuild.1",
    "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
}

# Personas: IAM role names in each environment's account (ARNs are accepted too).
DEVOPS_ROLES = ("platform-devops",)
DEVELOPER_ROLES = ("platform-developer",)
APP_NAMESPACES = ("apps",)

# Where people reach public cluster endpoints from (office / VPN egress). TEST-NET-3 here:
# replace with your own ranges.
OPERATOR_CIDRS = ("203.0.113.0/24",)

# The public site of prod: a placeholder domain and zone (replace with yours). Without a
# domain an environment serves on its *.cloudfront.net name.
PROD_SITE_DOMAIN = "static.example.com"
PROD_HOSTED_ZONE_ID = "Z0EXAMPLE00000000000"

# Client VPN: the IAM SAML provider of your IdP (its groups "devops" / "developers" map to the
# personas) and, per environment, the domain of an issued ACM server certificate.
VPN_SAML_PROVIDER = "platform-idp"
