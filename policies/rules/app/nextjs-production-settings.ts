import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { BLOCK, BlockFaults } from "../../lib/findings";
import { containersOrSkip, MALFORMED_DEFINITIONS, setting } from "../../lib/aws/ecs-container";
import { isNextjs, NEXTJS_IMAGE_PATTERNS } from "../../lib/app/frameworks";
import { compilePatterns } from "../../lib/patterns";

interface Config {
  nextjsImagePatterns: string[];
}

/** The URL settings a production Next.js frontend needs, with the Auth.js v5 name where there is one. */
const URL_SETTINGS: ReadonlyArray<readonly [string, string[], string]> = [
  ["NEXT_PUBLIC_APP_URL", [], "the production frontend URL"],
  ["NEXT_PUBLIC_DJANGO_API", [], "the production API URL"],
  ["NEXTAUTH_URL", ["AUTH_URL"], "the production frontend URL"],
];

/** Hosts that only mean something on a developer's machine. */
function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".local") ||
    host === "0.0.0.0" ||
    host === "::1" ||
    host === "::" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

export const nextjsProductionSettings = resourcePolicy<Config>({
  name: "nextjs-production-settings",
  description:
    "Checks that Next.js containers run with production settings: NEXT_PUBLIC_APP_URL, NEXT_PUBLIC_DJANGO_API and NEXTAUTH_URL set to public https:// URLs, NEXTAUTH_SECRET injected from secrets, and NODE_ENV=production.",
  severity: "high",
  checklist: [
    "frontend.environment.app-url",
    "frontend.environment.django-api-url",
    "frontend.environment.nextauth-url",
    "frontend.environment.nextauth-secret",
    "frontend.security.https-api-calls",
  ],
  remediationSteps:
    "In the Next.js container's environment set NODE_ENV=production and NEXT_PUBLIC_APP_URL, NEXT_PUBLIC_DJANGO_API and NEXTAUTH_URL to the production https:// URLs; store a random NEXTAUTH_SECRET (openssl rand -base64 32) in Secrets Manager and list it under the container's `secrets`.",
  config: {
    nextjsImagePatterns: NEXTJS_IMAGE_PATTERNS,
  },
  judgesContainerDefinitions: true,
  appliesTo: tokensOf("taskDefinition"),
  validate({ props }, { config, violation, check }) {
    const list = containersOrSkip(props);
    if (!list) return;
    if (!list.ok) return violation(MALFORMED_DEFINITIONS);
    const imagePatterns = compilePatterns(config.nextjsImagePatterns);
    const faults = new BlockFaults(["container", "containers"]);
    for (const container of list.containers.filter((c) => isNextjs(c, imagePatterns))) {
      const where = BLOCK;
      const fail = faults.for(container.label);
      for (const [name, aliases, meaning] of URL_SETTINGS) {
        check(() => {
          const found = setting(container, name, ...aliases);
          if (found === undefined)
            return fail(`Set ${name} in ${where} to ${meaning} (https://); it is unset.`);
          if (found.source === "secrets") {
            return fail(
              `Set ${name} in the environment of ${where}, not in secrets, so its value can be checked; it is not a secret.`,
            );
          }
          const url = parseUrl(found.value ?? "");
          if (!url)
            fail(`Set ${name} in ${where} to ${meaning} as an absolute https:// URL; it is not a URL.`);
          else if (url.protocol !== "https:")
            fail(`Use an https:// URL for ${name} in ${where}; it is not https.`);
          else if (isLocalHost(url.hostname))
            fail(`Point ${name} in ${where} at ${meaning}; it names a local host.`);
        });
      }
      check(() => {
        const found = setting(container, "NEXTAUTH_SECRET", "AUTH_SECRET");
        if (found === undefined) {
          fail(
            `Set NEXTAUTH_SECRET in the secrets of ${where} (valueFrom a Secrets Manager secret); it is unset.`,
          );
        } else if (found.source === "environment") {
          fail(
            `Move ${found.name} of ${where} from environment to secrets (valueFrom a Secrets Manager secret).`,
          );
        }
      });
      check(() => {
        const found = setting(container, "NODE_ENV");
        if (found?.source === "secrets") {
          fail(
            `Set NODE_ENV in the environment of ${where}, not in secrets, so its value can be checked; it is not a secret.`,
          );
        } else if (found?.value?.trim() !== "production") {
          fail(`Set NODE_ENV=production in ${where}; it is ${found ? "not production" : "unset"}.`);
        }
      });
    }
    faults.report(violation);
  },
});
