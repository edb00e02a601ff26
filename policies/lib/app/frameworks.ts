/**
 * Which application a container runs, by signals any program would show, not by the names our own
 * program uses, and how those applications read their settings. The image patterns are config of each
 * policy that classifies (docs/policies.md lists them).
 * - Django: an environment or secrets entry named DJANGO_SETTINGS_MODULE; or a command/entryPoint word
 *   gunicorn, uvicorn, daphne, manage.py or django-admin; or an image matching `djangoImagePatterns`.
 * - Next.js: an environment or secrets entry named NEXT_PUBLIC_* or NEXTAUTH_*; or a command/entryPoint
 *   word `next` (`next start`, `npx next start`, `node_modules/.bin/next`); or `server.js` (the
 *   standalone output's server) with both NODE_ENV and HOSTNAME set, which is how the standalone server
 *   is started (a bare `node server.js` alone is too common to mean Next.js); or an image matching
 *   `nextjsImagePatterns`.
 */
import type { ConfigProperty } from "../define";
import { Container, variableNames } from "../aws/ecs-container";

const basename = (word: string) => word.slice(word.lastIndexOf("/") + 1);

const DJANGO_COMMANDS = new Set([
  "gunicorn",
  "uvicorn",
  "daphne",
  "manage.py",
  "django-admin",
  "django-admin.py",
]);

export function isDjango(container: Container, imagePatterns: readonly RegExp[]): boolean {
  return (
    variableNames(container).includes("DJANGO_SETTINGS_MODULE") ||
    container.commandWords.some((word) => DJANGO_COMMANDS.has(basename(word))) ||
    imagePatterns.some((pattern) => pattern.test(container.image))
  );
}

export function isNextjs(container: Container, imagePatterns: readonly RegExp[]): boolean {
  const names = variableNames(container);
  const commands = container.commandWords.map(basename);
  return (
    names.some((name) => name.startsWith("NEXT_PUBLIC_") || name.startsWith("NEXTAUTH_")) ||
    commands.includes("next") ||
    (commands.includes("server.js") && names.includes("NODE_ENV") && names.includes("HOSTNAME")) ||
    imagePatterns.some((pattern) => pattern.test(container.image))
  );
}

/** Config schema entries shared by the policies that classify containers. */
export const DJANGO_IMAGE_PATTERNS: ConfigProperty = {
  type: "array",
  items: { type: "string" },
  default: ["django"],
  description:
    "Regular expressions (case-insensitive) over a container's image that mark it as a Django application, in addition to DJANGO_SETTINGS_MODULE and a gunicorn/uvicorn/daphne/manage.py/django-admin command.",
};

export const NEXTJS_IMAGE_PATTERNS: ConfigProperty = {
  type: "array",
  items: { type: "string" },
  // `next` as a word of the image name (acme/next, web-nextjs:1), not any image containing the letters (nextcloud).
  default: ["(^|[/_.-])next(js)?([/_.:@-]|$)"],
  description:
    "Regular expressions (case-insensitive) over a container's image that mark it as a Next.js application, in addition to NEXT_PUBLIC_*/NEXTAUTH_* variables and a `next` command.",
};

/** Values Django settings helpers (django-environ, `== "True"`, strtobool) read as true or false. */
const TRUE_VALUES = new Set(["true", "1", "yes", "on"]);
const FALSE_VALUES = new Set(["false", "0", "no", "off"]);

export function truthy(value: string | undefined): boolean {
  return value !== undefined && TRUE_VALUES.has(value.trim().toLowerCase());
}

export function falsy(value: string | undefined): boolean {
  return value !== undefined && FALSE_VALUES.has(value.trim().toLowerCase());
}

/** A list setting (`a.com,b.com`, `a.com b.com`, or a JSON list) as its items. */
export function listItems(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,;[\]"']+/).filter((item) => item.length > 0);
}
