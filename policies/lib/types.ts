/**
 * Type routing: every Pulumi type token that stands for the same AWS (or PostgreSQL) object, so a
 * policy written once covers `aws.lb` and `aws.alb`, `Bucket` and `BucketV2`, instances and clusters.
 */
export const TYPES = {
  rdsInstance: ["aws:rds/instance:Instance"],
  rdsCluster: ["aws:rds/cluster:Cluster"],
  rdsClusterInstance: ["aws:rds/clusterInstance:ClusterInstance"],
  rdsParameterGroup: ["aws:rds/parameterGroup:ParameterGroup"],
  rdsClusterParameterGroup: ["aws:rds/clusterParameterGroup:ClusterParameterGroup"],
  rdsProxy: ["aws:rds/proxy:Proxy"],
  rdsProxyTarget: ["aws:rds/proxyTarget:ProxyTarget"],
  backupVault: ["aws:backup/vault:Vault"],
  backupPlan: ["aws:backup/plan:Plan"],
  backupSelection: ["aws:backup/selection:Selection"],
  restoreTestingPlan: ["aws:backup/restoreTestingPlan:RestoreTestingPlan"],
  restoreTestingSelection: ["aws:backup/restoreTestingSelection:RestoreTestingSelection"],
  loadBalancer: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
  distribution: ["aws:cloudfront/distribution:Distribution"],
  responseHeadersPolicy: ["aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"],
  webAcl: ["aws:wafv2/webAcl:WebAcl"],
  webAclAssociation: ["aws:wafv2/webAclAssociation:WebAclAssociation"],
  securityGroup: ["aws:ec2/securityGroup:SecurityGroup"],
  securityGroupRule: ["aws:ec2/securityGroupRule:SecurityGroupRule"],
  securityGroupIngressRule: ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
  taskDefinition: ["aws:ecs/taskDefinition:TaskDefinition"],
  ecsService: ["aws:ecs/service:Service"],
  logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
  metricAlarm: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
  snsTopic: ["aws:sns/topic:Topic"],
  route53HealthCheck: ["aws:route53/healthCheck:HealthCheck"],
  syntheticsCanary: ["aws:synthetics/canary:Canary"],
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  bucketPublicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  bucketVersioning: [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
  ],
  bucketEncryption: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  bucketAcl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
  bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
  secret: ["aws:secretsmanager/secret:Secret"],
  secretRotation: ["aws:secretsmanager/secretRotation:SecretRotation"],
  pgProvider: ["pulumi:providers:postgresql"],
  pgRole: ["postgresql:index/role:Role"],
  pgGrant: ["postgresql:index/grant:Grant"],
  pgDefaultPrivileges: [
    "postgresql:index/defaultPrivileges:DefaultPrivileges",
    "postgresql:index/defaultPrivileg:DefaultPrivileg",
  ],
  pgExtension: ["postgresql:index/extension:Extension"],
  listenerRule: ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"],
  webAclRule: ["aws:wafv2/webAclRule:WebAclRule"],
  webAclRuleGroupAssociation: ["aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation"],
  defaultSecurityGroup: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
  scalingPolicy: ["aws:appautoscaling/policy:Policy", "aws:autoscaling/policy:Policy"],
  ec2Instance: ["aws:ec2/instance:Instance"],
  launchTemplate: ["aws:ec2/launchTemplate:LaunchTemplate"],
  ebsVolume: ["aws:ebs/volume:Volume"],
  ebsEncryptionByDefault: ["aws:ebs/encryptionByDefault:EncryptionByDefault"],
  subnet: ["aws:ec2/subnet:Subnet"],
  eksCluster: ["aws:eks/cluster:Cluster"],
  dynamodbTable: ["aws:dynamodb/table:Table"],
  iamRole: ["aws:iam/role:Role"],
  iamRolePolicy: ["aws:iam/rolePolicy:RolePolicy"],
  iamPolicy: ["aws:iam/policy:Policy"],
  iamUserPolicy: ["aws:iam/userPolicy:UserPolicy"],
  iamGroupPolicy: ["aws:iam/groupPolicy:GroupPolicy"],
  iamRolePolicyAttachment: ["aws:iam/rolePolicyAttachment:RolePolicyAttachment"],
  iamPolicyAttachment: ["aws:iam/policyAttachment:PolicyAttachment"],
  iamRolePolicyAttachmentsExclusive: [
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
  ],
  lambdaFunction: ["aws:lambda/function:Function"],
  lambdaFunctionUrl: ["aws:lambda/functionUrl:FunctionUrl"],
  lambdaPermission: ["aws:lambda/permission:Permission"],
  restApiStage: ["aws:apigateway/stage:Stage"],
  restApiMethodSettings: ["aws:apigateway/methodSettings:MethodSettings"],
  usagePlan: ["aws:apigateway/usagePlan:UsagePlan"],
  httpApiStage: ["aws:apigatewayv2/stage:Stage"],
  route53Record: ["aws:route53/record:Record"],
  secretVersion: ["aws:secretsmanager/secretVersion:SecretVersion"],
  ssmParameter: ["aws:ssm/parameter:Parameter"],
} as const satisfies Record<string, readonly string[]>;

export type TypeGroup = keyof typeof TYPES;

const groupSets = new Map<TypeGroup, ReadonlySet<string>>(
  (Object.keys(TYPES) as TypeGroup[]).map((group) => [group, new Set<string>(TYPES[group])]),
);

/** True when `type` is one of the tokens of `group`. */
export function isType(type: string, group: TypeGroup): boolean {
  return groupSets.get(group)!.has(type);
}

/** All tokens of the given groups, for a policy's `appliesTo`. */
export function tokensOf(...groups: TypeGroup[]): string[] {
  return groups.flatMap((group) => [...TYPES[group]]);
}
