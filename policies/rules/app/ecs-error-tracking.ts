import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import { BLOCK, BlockFaults } from "../../lib/findings";
import { containersOrSkip, MALFORMED_DEFINITIONS, setting } from "../../lib/aws/ecs-container";
import { DJANGO_IMAGE_PATTERNS, isDjango, isNextjs, NEXTJS_IMAGE_PATTERNS } from "../../lib/app/frameworks";
import { compilePatterns } from "../../lib/patterns";

interface Config {
  dsnVariableNames: string[];
  nextjsDsnVariableNames: string[];
  djangoImagePatterns: string[];
  nextjsImagePatterns: string[];
}

export const ecsErrorTracking = resourcePolicy<Config>({
  name: "ecs-error-tracking",
  description:
    "Checks that Django and Next.js containers report errors to an error tracker: each gets a Sentry DSN (SENTRY_DSN, or NEXT_PUBLIC_SENTRY_DSN for Next.js) from secrets or environment.",
  severity: "medium",
  checklist: [
    "backend.logging.error-tracking",
    "devops.monitoring.error-tracking",
    "frontend.errors.client-error-tracking",
  ],
  remediationSteps:
    "Create a Sentry project per application, store its DSN in Secrets Manager and list SENTRY_DSN under the container's `secrets` (Next.js: also NEXT_PUBLIC_SENTRY_DSN at build time for the browser SDK); initialise sentry-sdk / @sentry/nextjs from it.",
  config: {
    dsnVariableNames: {
      type: "array",
      items: { type: "string" },
      default: ["SENTRY_DSN"],
      description:
        "Variable names (environment or secrets) that carry the error tracker's DSN for any application container.",
    },
    nextjsDsnVariableNames: {
      type: "array",
      items: { type: "string" },
      default: ["NEXT_PUBLIC_SENTRY_DSN"],
      description: "Further variable names accepted for Next.js containers (the browser SDK's public DSN).",
    },
    djangoImagePatterns: DJANGO_IMAGE_PATTERNS,
    nextjsImagePatterns: NEXTJS_IMAGE_PATTERNS,
  },
  judgesContainerDefinitions: true,
  appliesTo: tokensOf("taskDefinition"),
  validate({ props }, { config, violation, check }) {
    const list = containersOrSkip(props);
    if (!list) return;
    if (!list.ok) return violation(MALFORMED_DEFINITIONS);
    const djangoPatterns = compilePatterns(config.djangoImagePatterns);
    const nextjsPatterns = compilePatterns(config.nextjsImagePatterns);
    const faults = new BlockFaults(["container", "containers"]);
    for (const container of list.containers) {
      const nextjs = isNextjs(container, nextjsPatterns);
      if (!nextjs && !isDjango(container, djangoPatterns)) continue;
      const fail = faults.for(container.label);
      const accepted = [...config.dsnVariableNames, ...(nextjs ? config.nextjsDsnVariableNames : [])];
      check(() => {
        const found = setting(container, ...accepted);
        const wanted = accepted.length > 0 ? accepted.join(" or ") : "a Sentry DSN variable";
        if (found === undefined) {
          fail(
            `Set ${wanted} (in secrets) on ${nextjs ? "Next.js" : "Django"} ${BLOCK}; it has no error tracking DSN.`,
          );
        } else if (found.source === "environment" && !found.value?.trim()) {
          fail(`Set ${found.name} on ${BLOCK} to the error tracker's DSN; it is empty.`);
        }
      });
    }
    faults.report(violation);
  },
});
