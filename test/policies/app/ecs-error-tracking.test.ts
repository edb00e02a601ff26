import { analyze, findingsOf, UNKNOWN } from "../../helpers/pack";
import {
  ContainerDefinition,
  djangoContainer,
  nextjsContainer,
  task,
  withEnv,
  withSecrets,
} from "./fixtures";

const POLICY = "ecs-error-tracking";
const fails = (message: string) => ["violation", "mandatory", "app", message];
const run = async (containers: ContainerDefinition[], config?: Record<string, unknown>) =>
  findingsOf(
    await analyze([task(containers)], config ? { config: { all: "mandatory", [POLICY]: config } } : {}),
    POLICY,
  );
const DJANGO_MISSING =
  "Set SENTRY_DSN (in secrets) on Django container django; it has no error tracking DSN.";

describe(POLICY, () => {
  it("passes Django and Next.js containers with a Sentry DSN from secrets", async () => {
    expect(await run([djangoContainer(), nextjsContainer()])).toEqual([]);
  });

  it("fails a Django container without a DSN", async () => {
    expect(await run([withSecrets(djangoContainer(), "-SENTRY_DSN")])).toEqual([fails(DJANGO_MISSING)]);
  });

  it("fails a Next.js container without a DSN", async () => {
    expect(await run([withSecrets(nextjsContainer(), "-SENTRY_DSN")])).toEqual([
      fails(
        "Set SENTRY_DSN or NEXT_PUBLIC_SENTRY_DSN (in secrets) on Next.js container nextjs; it has no error tracking DSN.",
      ),
    ]);
  });

  it("accepts NEXT_PUBLIC_SENTRY_DSN for Next.js", async () => {
    const nextjs = withEnv(withSecrets(nextjsContainer(), "-SENTRY_DSN"), {
      NEXT_PUBLIC_SENTRY_DSN: "https://abc@o1.ingest.sentry.io/2",
    });
    expect(await run([nextjs])).toEqual([]);
  });

  it("accepts nextjsDsnVariableNames for Next.js containers only", async () => {
    const config = { nextjsDsnVariableNames: ["BROWSER_SENTRY_DSN"] };
    const nextjs = withSecrets(nextjsContainer(), "-SENTRY_DSN", "BROWSER_SENTRY_DSN");
    const django = withSecrets(djangoContainer(), "-SENTRY_DSN", "BROWSER_SENTRY_DSN");
    expect(await run([nextjs, django], config)).toEqual([fails(DJANGO_MISSING)]);
  });

  it("accepts a DSN in environment but not an empty one", async () => {
    const withDsn = (value: string) =>
      withEnv(withSecrets(djangoContainer(), "-SENTRY_DSN"), { SENTRY_DSN: value });
    expect(await run([withDsn("https://abc@o1.ingest.sentry.io/1")])).toEqual([]);
    expect(await run([withDsn(" ")])).toEqual([
      fails("Set SENTRY_DSN on container django to the error tracker's DSN; it is empty."),
    ]);
  });

  it("ignores containers that are neither Django nor Next.js", async () => {
    expect(await run([{ name: "nginx", image: "nginx:1.27" }])).toEqual([]);
  });

  it("honours dsnVariableNames", async () => {
    const container = withSecrets(djangoContainer(), "-SENTRY_DSN", "ROLLBAR_ACCESS_TOKEN");
    expect(await run([container], { dsnVariableNames: ["ROLLBAR_ACCESS_TOKEN"] })).toEqual([]);
    expect(
      await run([withSecrets(djangoContainer(), "-SENTRY_DSN")], {
        dsnVariableNames: ["ROLLBAR_ACCESS_TOKEN"],
      }),
    ).toEqual([
      fails(
        "Set ROLLBAR_ACCESS_TOKEN (in secrets) on Django container django; it has no error tracking DSN.",
      ),
    ]);
  });

  it("reports an unknown DSN value and unknown definitions as unverified", async () => {
    const container = withEnv(withSecrets(djangoContainer(), "-SENTRY_DSN"), { SENTRY_DSN: UNKNOWN });
    expect(await run([container])).toEqual([
      [
        "unverified",
        "advisory",
        "app",
        "[unverified at preview] containerDefinitions[0].environment[10].value is not known until deploy; enforced at deploy.",
      ],
    ]);
    expect(findingsOf(await analyze([task(UNKNOWN)]), POLICY)).toEqual([]);
  });
});
