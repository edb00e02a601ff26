import { resourcePolicy } from "../../lib/define";
import { tokensOf } from "../../lib/types";
import {
  containersOrSkip,
  envValue,
  MALFORMED_DEFINITIONS,
  setting,
  Setting,
} from "../../lib/aws/ecs-container";
import { DJANGO_IMAGE_PATTERNS, falsy, isDjango, listItems, truthy } from "../../lib/app/frameworks";
import { compilePatterns } from "../../lib/patterns";
import { BLOCK, BlockFaults } from "../../lib/findings";

interface Config {
  djangoImagePatterns: string[];
  requireExplicitDebug: boolean;
  allowHttpOrigins: boolean;
}

/** Each setting under its Django name and the DJANGO_-prefixed name many projects (cookiecutter-django) use. */
const names = (setting: string, ...aliases: string[]) => [setting, `DJANGO_${setting}`, ...aliases];

/** Reports a setting that is set from `secrets`: its value cannot be checked, and it is not a secret. */
function visibleValue(found: Setting, violation: (message: string) => void): string | undefined {
  if (found?.source === "secrets") {
    violation(
      `Set ${found.name} in the environment of ${BLOCK}, not in secrets, so its value can be checked; it is not a secret.`,
    );
    return undefined;
  }
  return found?.value;
}

export const djangoProductionSettings = resourcePolicy<Config>({
  name: "django-production-settings",
  description:
    "Checks that Django containers run with production settings: DEBUG off, ALLOWED_HOSTS and CORS origins restricted to https domains, SSL redirect and secure cookies on, PostgreSQL rather than SQLite, a production server rather than runserver, and no DEBUG log level.",
  severity: "high",
  checklist: [
    "backend.security.debug-off",
    "backend.security.allowed-hosts-restricted",
    "backend.security.cors-origins-restricted",
    "backend.security.ssl-redirect",
    "backend.security.csrf-secure-cookies",
    "backend.security.session-cookies-secure",
    "backend.database.postgresql",
    "backend.dependencies.gunicorn",
    "backend.logging.log-levels",
    "api.cors.not-overly-permissive",
    "api.cors.frontend-origin-allowed",
  ],
  remediationSteps:
    "In the Django container's environment set DEBUG=False, ALLOWED_HOSTS to the API's domain names, CORS_ALLOWED_ORIGINS and CSRF_TRUSTED_ORIGINS to the frontend's https:// origin, SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE to True and LOG_LEVEL to INFO or higher; point DATABASE_URL (in secrets) at PostgreSQL; start the app with gunicorn (or uvicorn) instead of manage.py runserver.",
  config: {
    djangoImagePatterns: DJANGO_IMAGE_PATTERNS,
    requireExplicitDebug: {
      type: "boolean",
      default: true,
      description:
        "Require DEBUG to be set explicitly to a false value; when false, an unset DEBUG passes (Django's default is False).",
    },
    allowHttpOrigins: {
      type: "boolean",
      default: false,
      description:
        "Accept http:// origins in CORS_ALLOWED_ORIGINS and CSRF_TRUSTED_ORIGINS (only for environments without TLS).",
    },
  },
  judgesContainerDefinitions: true,
  appliesTo: tokensOf("taskDefinition"),
  validate({ props }, { config, violation, check }) {
    const list = containersOrSkip(props);
    if (!list) return;
    if (!list.ok) return violation(MALFORMED_DEFINITIONS);
    const imagePatterns = compilePatterns(config.djangoImagePatterns);
    const faults = new BlockFaults(["container", "containers"]);
    for (const container of list.containers.filter((c) => isDjango(c, imagePatterns))) {
      const where = BLOCK;
      const fail = faults.for(container.label);
      const requireTrue = (name: string, why: string) =>
        check(() => {
          const found = setting(container, ...names(name));
          if (found?.source === "secrets") return void visibleValue(found, fail);
          if (!truthy(found?.value))
            fail(`Set ${name}=True in ${where}; it is ${found ? "not true" : "unset"}, so ${why}.`);
        });
      const requireOrigins = (name: string, found: Setting) => {
        const origins = listItems(visibleValue(found, fail));
        if (origins.includes("*"))
          fail(`Remove "*" from ${name} in ${where}; list the frontend's origins instead.`);
        const scheme = config.allowHttpOrigins ? /^https?:\/\//i : /^https:\/\//i;
        const insecure = origins.filter((origin) => origin !== "*" && !scheme.test(origin)).length;
        if (insecure > 0) {
          const wanted = config.allowHttpOrigins ? "http(s)://" : "https://";
          fail(
            `Use only ${wanted} origins in ${name} of ${where}; ${insecure} of ${origins.length} are not.`,
          );
        }
      };

      check(() => {
        const found = setting(container, ...names("DEBUG"));
        const value = visibleValue(found, fail);
        if (found === undefined) {
          if (config.requireExplicitDebug) fail(`Set DEBUG=False explicitly in ${where}; it is unset.`);
        } else if (truthy(value)) {
          fail(`Set DEBUG=False in ${where}; it is on, which shows stack traces and settings to visitors.`);
        } else if (found.source === "environment" && !falsy(value)) {
          fail(`Set DEBUG=False in ${where}; its value is not one of False, false, 0, no, off.`);
        }
      });
      check(() => {
        const found = setting(container, ...names("ALLOWED_HOSTS"));
        const hosts = listItems(visibleValue(found, fail));
        if (found?.source === "secrets") return;
        if (hosts.length === 0)
          fail(
            `Set ALLOWED_HOSTS in ${where} to the domain names the API serves; it is ${found ? "empty" : "unset"}.`,
          );
        else if (hosts.includes("*"))
          fail(`Remove "*" from ALLOWED_HOSTS in ${where}; list the domain names the API serves.`);
      });
      check(() => {
        const found = setting(container, ...names("CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST"));
        if (found === undefined)
          fail(`Set CORS_ALLOWED_ORIGINS in ${where} to the frontend's https:// origin; it is unset.`);
        else if (found.source === "environment" && listItems(found.value).length === 0) {
          fail(`Set CORS_ALLOWED_ORIGINS in ${where} to the frontend's https:// origin; it is empty.`);
        } else requireOrigins("CORS_ALLOWED_ORIGINS", found);
      });
      for (const name of ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"]) {
        check(() => {
          const found = setting(container, ...names(name));
          if (found?.source === "environment" && truthy(found.value)) {
            fail(`Set ${name}=False (or remove it) in ${where}; it lets every website call the API.`);
          }
        });
      }
      check(() => {
        const found = setting(container, ...names("CSRF_TRUSTED_ORIGINS"));
        if (found !== undefined) requireOrigins("CSRF_TRUSTED_ORIGINS", found);
      });
      requireTrue("SECURE_SSL_REDIRECT", "plain http requests are served");
      requireTrue("SESSION_COOKIE_SECURE", "session cookies travel over plain http");
      requireTrue("CSRF_COOKIE_SECURE", "the CSRF cookie travels over plain http");
      for (const entry of container.environment) {
        if (!/DATABASE|(^|_)DB(_|$)|ENGINE|SQL/i.test(entry.name)) continue;
        check(() => {
          if (/sqlite/i.test(envValue(entry) ?? "")) {
            fail(
              `Point ${/^[A-Za-z0-9_]{1,128}$/.test(entry.name) ? entry.name : "the database setting"} in ${where} at PostgreSQL; it names SQLite.`,
            );
          }
        });
      }
      if (container.commandWords.some((word) => /^runserver(_plus)?$/.test(word))) {
        fail(
          `Start ${where} with gunicorn (or uvicorn) instead of manage.py runserver, the development server.`,
        );
      }
      for (const name of ["LOG_LEVEL", "DJANGO_LOG_LEVEL"]) {
        check(() => {
          const found = setting(container, name);
          if (found?.source === "environment" && found.value?.trim().toUpperCase() === "DEBUG") {
            fail(`Set ${name} to INFO or higher in ${where}; it is DEBUG.`);
          }
        });
      }
    }
    faults.report(violation);
  },
});
