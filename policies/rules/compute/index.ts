import { ec2EbsEncrypted } from "./ec2-ebs-encrypted";
import { ec2Imdsv2Required } from "./ec2-imdsv2-required";
import { ec2NoPublicIp } from "./ec2-no-public-ip";
import { eksControlPlaneLogging } from "./eks-control-plane-logging";
import { eksEndpointPrivate } from "./eks-endpoint-private";
import { eksSecretsEncryption } from "./eks-secrets-encryption";

export const computePolicies = [
  ec2Imdsv2Required,
  ec2EbsEncrypted,
  ec2NoPublicIp,
  eksEndpointPrivate,
  eksControlPlaneLogging,
  eksSecretsEncryption,
];
