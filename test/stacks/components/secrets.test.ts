import {
  POSTGRES_MULTI_USER_ROTATION_APP,
  secretJsonKeyReference,
  secretNames,
} from "../../../stacks/components/secrets";

test("secret names are fixed per stack, so task definitions know them before deploy", () => {
  expect(secretNames("production")).toEqual({
    djangoSecretKey: "prodready/production/django-secret-key",
    nextauthSecret: "prodready/production/nextauth-secret",
    appDatabaseCredentials: "prodready/production/app-db-credentials",
    migratorDatabaseCredentials: "prodready/production/migrator-db-credentials",
    sentryDsnDjango: "prodready/production/sentry-dsn-django",
    sentryDsnNextjs: "prodready/production/sentry-dsn-nextjs",
  });
});

test("a JSON key reference is the partial-ARN form ECS resolves", () => {
  expect(
    secretJsonKeyReference("eu-west-1", "123456789012", "prodready/dev/app-db-credentials", "password"),
  ).toBe("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prodready/dev/app-db-credentials:password::");
});

test("rotation uses the AWS multi-user PostgreSQL application", () => {
  expect(POSTGRES_MULTI_USER_ROTATION_APP.applicationId).toMatch(
    /applications\/SecretsManagerRDSPostgreSQLRotationMultiUser$/,
  );
});
