/**
 * What an ECS container definition is, as the app policies read it: parsed from the task definition's
 * JSON string, with environment values read lazily through the unknown-aware readers (so one unknown
 * value only makes the check that needs it unverified). Which application a container runs is
 * ../app/frameworks.ts.
 */
import { arr, bool, isUnknown, json, known, obj, Props, str, UnknownInput } from "../values";
import { looksSecret } from "../secrets/secret-formats";
import { containerDefinitionPolicies } from "../define";

export interface EnvEntry {
  /** The variable's name as written. */
  name: string;
  /** Where its value sits, for unknown reports: `containerDefinitions[0].environment[2].value`. */
  path: string;
  raw: unknown;
}

export interface Container {
  /** A label safe to put in a message: the container's name, or `#<index>` when the name is odd. */
  label: string;
  /** `containerDefinitions[<index>]`. */
  path: string;
  props: Props;
  image: string;
  /** ECS treats a container without `essential` as essential. */
  essential: boolean;
  environment: EnvEntry[];
  /** Names of the variables injected from Secrets Manager or SSM (`secrets[].name`). */
  secretNames: string[];
  /** The words of command and entryPoint together, shell strings split into words. */
  commandWords: string[];
}

export type ContainerList = { ok: true; containers: Container[] } | { ok: false };

export const CONTAINER_DEFINITIONS = "containerDefinitions";

/** The message every container policy gives for a definition list that cannot be read, so it fails closed. */
export const MALFORMED_DEFINITIONS =
  "Set containerDefinitions to a JSON array of container definitions; it does not parse as one, so this policy cannot check it.";

/** Names ECS accepts for containers and that are plainly identifiers; anything else is not echoed. */
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/** A name fit for a message: identifier-like and not itself shaped like a secret. */
export function safeName(name: string | undefined): string | undefined {
  return name !== undefined && SAFE_NAME.test(name) && !looksSecret(name) ? name : undefined;
}

function words(value: unknown, path: string): string[] {
  const parts =
    typeof value === "string"
      ? [str(value, path)!]
      : arr(value, path).map((item, i) => str(item, `${path}[${i}]`) ?? "");
  return parts.flatMap((part) => part.split(/[\s;&|'"()=]+/)).filter((word) => word.length > 0);
}

function parseContainer(value: unknown, index: number): Container {
  const path = `${CONTAINER_DEFINITIONS}[${index}]`;
  const props = obj(value, path)!;
  const name = str(props.name, `${path}.name`);
  const environment = arr(props.environment, `${path}.environment`).flatMap((entry, i) => {
    const entryPath = `${path}.environment[${i}]`;
    const variable = obj(entry, entryPath);
    const variableName = variable ? str(variable.name, `${entryPath}.name`) : undefined;
    return variableName === undefined
      ? []
      : [{ name: variableName, path: `${entryPath}.value`, raw: variable!.value }];
  });
  const secretNames = arr(props.secrets, `${path}.secrets`).flatMap((entry, i) => {
    const reference = obj(entry, `${path}.secrets[${i}]`);
    const secretName = reference ? str(reference.name, `${path}.secrets[${i}].name`) : undefined;
    return secretName === undefined ? [] : [secretName];
  });
  return {
    label: safeName(name) ?? `#${index}`,
    path,
    props,
    image: str(props.image, `${path}.image`) ?? "",
    essential: bool(props.essential, `${path}.essential`) !== false,
    environment,
    secretNames,
    commandWords: [
      ...words(props.entryPoint, `${path}.entryPoint`),
      ...words(props.command, `${path}.command`),
    ],
  };
}

/**
 * The containers of a task definition. Throws UnknownInput when the definitions (or a name the
 * classification needs) are unknown at preview; `{ok:false}` when they are not a JSON array.
 */
export function containersOf(props: Props): ContainerList {
  const definitions = props[CONTAINER_DEFINITIONS];
  if (known(definitions, CONTAINER_DEFINITIONS) === undefined || definitions === null)
    return { ok: true, containers: [] };
  const parsed = json(definitions, CONTAINER_DEFINITIONS);
  if (!parsed.ok || !Array.isArray(parsed.value)) return { ok: false };
  if (!parsed.value.every((item) => item !== null && typeof item === "object" && !Array.isArray(item)))
    return { ok: false };
  return { ok: true, containers: parsed.value.map(parseContainer) };
}

/**
 * The one policy that reports a task definition whose containerDefinitions are unknown at preview,
 * once for every policy that judges containers (their metadata says `judgesContainerDefinitions`).
 * ecs-logging: it is app-neutral and mandatory in every profile, so the finding is never switched off
 * while a policy it speaks for is on.
 */
export const CONTAINER_DEFINITIONS_REPORTER = "ecs-logging";

/**
 * The containers of a task definition for a policy that judges them, or undefined when the
 * definitions are unknown at preview: the task is then skipped silently, and the reporter policy
 * gives the one unverified finding (`unknownContainerDefinitions`).
 */
export function containersOrSkip(props: Props): ContainerList | undefined {
  return isUnknown(props[CONTAINER_DEFINITIONS]) ? undefined : containersOf(props);
}

/** The reporter's unknown input: the definitions, naming every policy they hold up (from metadata, so it cannot drift). */
export function unknownContainerDefinitions(): UnknownInput {
  return new UnknownInput(`${CONTAINER_DEFINITIONS} (judged by ${containerDefinitionPolicies().join(", ")})`);
}

/** An environment value as a string (ECS wants strings; numbers and booleans from JSON count as their text). */
export function envValue(entry: EnvEntry): string | undefined {
  const value = known(entry.raw, entry.path);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return str(value, entry.path);
}

/** Where a variable is set: in `environment` (with its value), in `secrets` (value not visible), or nowhere. */
export type Setting =
  | { source: "environment"; name: string; value: string | undefined; path: string }
  | { source: "secrets"; name: string }
  | undefined;

/** The first of `names` the container sets; an environment entry wins over a secret (the last duplicate wins, as in ECS). */
export function setting(container: Container, ...names: string[]): Setting {
  for (const name of names) {
    const entries = container.environment.filter((entry) => entry.name === name);
    if (entries.length > 0) {
      const entry = entries[entries.length - 1];
      return { source: "environment", name, value: envValue(entry), path: entry.path };
    }
    if (container.secretNames.includes(name)) return { source: "secrets", name };
  }
  return undefined;
}

/** Every variable name the container gets, from environment and secrets. */
export function variableNames(container: Container): string[] {
  return [...container.environment.map((entry) => entry.name), ...container.secretNames];
}
