"""The AWS Load Balancer Controller's IAM permissions (upstream docs/install/iam_policy.json,
unchanged from v2.14 to v3.5), granted through Pod Identity to kube-system/aws-load-balancer-controller.

Writes that can be scoped are limited by the ``elbv2.k8s.aws/cluster`` tag the controller puts
on everything it creates; it includes the WAFv2 association the external ALB needs.
"""

from __future__ import annotations

from constructs import Construct

from modules.account import Account
from modules.checkov import skip_checks
from modules.iam import Statement
from modules.pod_identity import PodIdentityRole

NAMESPACE = "kube-system"
SERVICE_ACCOUNT = "aws-load-balancer-controller"
TAG = "elbv2.k8s.aws/cluster"


def controller_statements(partition: str) -> list[Statement]:
    elb = f"arn:{partition}:elasticloadbalancing:*:*"
    sg = f"arn:{partition}:ec2:*:*:security-group/*"
    balancers = [f"{elb}:targetgroup/*/*", f"{elb}:loadbalancer/net/*/*", f"{elb}:loadbalancer/app/*/*"]
    request_tagged = ("Null", f"aws:RequestTag/{TAG}", ["false"])
    request_untagged = ("Null", f"aws:RequestTag/{TAG}", ["true"])
    resource_tagged = ("Null", f"aws:ResourceTag/{TAG}", ["false"])
    return [
        Statement(sid="CreateElbServiceLinkedRole", actions=["iam:CreateServiceLinkedRole"],
                  conditions=[("StringEquals", "iam:AWSServiceName",
                               ["elasticloadbalancing.amazonaws.com"])]),
        Statement(sid="Describe", actions=[
            "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses",
            "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways", "ec2:DescribeVpcs",
            "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups", "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage",
            "ec2:DescribeCoipPools", "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools",
            "ec2:DescribeRouteTables",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeListenerCertificates",
            "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
            "elasticloadbalancing:DescribeTrustStores",
            "elasticloadbalancing:DescribeListenerAttributes",
            "elasticloadbalancing:DescribeCapacityReservation"]),
        Statement(sid="CertificatesWafShield", actions=[
            "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate",
            "iam:ListServerCertificates", "iam:GetServerCertificate", "waf-regional:GetWebACL",
            "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL",
            "waf-regional:DisassociateWebACL", "wafv2:GetWebACL", "wafv2:GetWebACLForResource",
            "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "shield:GetSubscriptionState",
            "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection"]),
        Statement(sid="SecurityGroupIngress",
                  actions=["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]),
        Statement(sid="CreateSecurityGroup", actions=["ec2:CreateSecurityGroup"]),
        Statement(sid="TagNewSecurityGroup", actions=["ec2:CreateTags"], resources=[sg],
                  conditions=[("StringEquals", "ec2:CreateAction", ["CreateSecurityGroup"]),
                              request_tagged]),
        Statement(sid="RetagOwnSecurityGroup", actions=["ec2:CreateTags", "ec2:DeleteTags"],
                  resources=[sg], conditions=[request_untagged, resource_tagged]),
        Statement(sid="ManageOwnSecurityGroup", actions=[
            "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
            "ec2:DeleteSecurityGroup"], conditions=[resource_tagged]),
        Statement(sid="CreateTaggedBalancers", actions=[
            "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
            conditions=[request_tagged]),
        Statement(sid="ListenersAndRules", actions=[
            "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
            "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"]),
        Statement(sid="RetagOwnBalancers", actions=[
            "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            resources=balancers, conditions=[request_untagged, resource_tagged]),
        Statement(sid="TagListenersAndRules", actions=[
            "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            resources=[f"{elb}:listener/net/*/*/*", f"{elb}:listener/app/*/*/*",
                       f"{elb}:listener-rule/net/*/*/*", f"{elb}:listener-rule/app/*/*/*"]),
        Statement(sid="ManageOwnBalancers", actions=[
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
            "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:ModifyTargetGroup",
            "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:ModifyListenerAttributes",
            "elasticloadbalancing:ModifyCapacityReservation",
            "elasticloadbalancing:ModifyIpPools"], conditions=[resource_tagged]),
        Statement(sid="TagOnCreate", actions=["elasticloadbalancing:AddTags"], resources=balancers,
                  conditions=[("StringEquals", "elasticloadbalancing:CreateAction",
                               ["CreateTargetGroup", "CreateLoadBalancer"]), request_tagged]),
        Statement(sid="RegisterTargets", actions=[
            "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
            resources=[f"{elb}:targetgroup/*/*"]),
        Statement(sid="ListenerSettings", actions=[
            "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
            "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:SetRulePriorities"]),
    ]


class LoadBalancerControllerAws(Construct):
    def __init__(self, scope: Construct, id: str, *, account: Account, cluster_name: str,
                 cluster_arn: str, role_name: str) -> None:
        super().__init__(scope, id)
        self.controller = PodIdentityRole(
            self, "this", account=account, cluster_name=cluster_name, cluster_arn=cluster_arn,
            namespace=NAMESPACE, service_account=SERVICE_ACCOUNT, role_name=role_name,
            statements=controller_statements(account.partition),
        )
        if self.controller.role.policy_document is not None:
            skip_checks(self.controller.role.policy_document, {
                "CKV_AWS_111": "Upstream controller policy: it creates load balancers and "
                               "security groups whose ARNs are unknown in advance; ownership is "
                               "enforced by the elbv2.k8s.aws/cluster tag conditions.",
                "CKV_AWS_356": "Same upstream policy: Describe*/Create* cannot name resources "
                               "that do not exist yet; tag conditions scope the writes.",
            })
