/**
 * The one place where a rule becomes a CrossGuard policy. Rules are plain functions over plain
 * values; this module adds what every policy must do the same way: type routing, config defaults,
 * unknown-at-preview reporting, exemptions, secret-safe messages, and failing closed on a bug.
 */
import type {
  EnforcementLevel,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  CHECKLIST_TAG_PREFIX,
  EXEMPT_PREFIX,
  INTERNAL_ERROR_PREFIX,
  TYPE_TAG_PREFIX,
  UNVERIFIED_PREFIX,
} from "./markers";
import { EXEMPTIONS_SCHEMA, Exemption, findExemption, todayUtc } from "./exemptions";
import { asProps, Props, UnknownInput, unwrapProxy } from "./values";
import { StackResource, StackView } from "./stack";
import { tokensOf, TypeGroup } from "./types";

/**
 * A JSON schema for one config property; `default` is required so every threshold is explicit.
 * `extendsDefault` (not served in the schema): a configured value is added to the default (list items
 * appended, object entries merged key by key) instead of replacing it, so a profile that adds one
 * item cannot drop the defaults by accident; its description must say so.
 */
export type ConfigProperty = { default: unknown; description: string; extendsDefault?: boolean } & Record<
  string,
  unknown
>;

export interface PolicyMeta<C> {
  /** Public name, kebab-case `<subject>-<requirement>`. */
  name: string;
  /** Full sentence, "Checks that ...". */
  description: string;
  severity: Severity;
  /** Checklist item ids (docs/checklist.md) this policy enforces. */
  checklist: readonly string[];
  remediationSteps: string;
  /** Level when no config says otherwise; profiles in policies/config set it per environment. */
  enforcementLevel?: EnforcementLevel;
  /** Thresholds, each with a default; `exemptions` is added to every policy. */
  config?: { [K in keyof C]: ConfigProperty };
  /**
   * The policy judges ECS container definitions. When a task's definitions are unknown at preview it
   * skips the task silently, and the one policy that owns that finding (aws/ecs-container.ts) names it.
   */
  judgesContainerDefinitions?: boolean;
}

const containerDefinitionJudges: string[] = [];

/** The policies whose metadata says they judge ECS container definitions, by name. */
export function containerDefinitionPolicies(): readonly string[] {
  return [...containerDefinitionJudges].sort();
}

function register<C>(meta: PolicyMeta<C>): void {
  if (meta.judgesContainerDefinitions && !containerDefinitionJudges.includes(meta.name))
    containerDefinitionJudges.push(meta.name);
}

export interface ResourceView {
  type: string;
  urn: string;
  name: string;
  props: Props;
}

export interface RuleContext<C> {
  /** The policy's config with schema defaults applied. */
  config: C;
  /** Reports a violation on the resource being checked (or the given URN, for stack policies). */
  violation(message: string, urn?: string): void;
  /**
   * Runs one independent check: an unknown value inside it is reported as unverified and the
   * remaining checks still run.
   */
  check(fn: () => void, urn?: string): void;
  /**
   * Runs one read as `check` does and says whether it completed: `{ok: false}` when an unknown value
   * (reported as unverified) or an error (reported as a policy error) stopped it.
   */
  read<T>(fn: () => T, urn?: string): { ok: true; value: T } | { ok: false };
  /** Reports as unverified an unknown input that `attempt` (values.ts) held back while the rule weighed other answers. */
  unverified(input: UnknownInput, urn?: string): void;
  /**
   * Reports, advisory whatever the policy's level, what the rule cannot judge from known values (`reason`,
   * a sentence) or, with `notice`, a warning ahead of a violation; never blocks.
   */
  advise(message: string, urn?: string, kind?: "unverified" | "notice"): void;
}

export interface ResourceRule<C> extends PolicyMeta<C> {
  /** The type tokens the rule applies to (see types.ts), or `"*"` for every resource type. */
  appliesTo: readonly string[] | "*";
  validate(resource: ResourceView, ctx: RuleContext<C>): void;
  /** Returns the corrected properties, or undefined to leave the resource alone. */
  remediate?(resource: ResourceView, config: C): Props | undefined;
}

export interface StackRule<C> extends PolicyMeta<C> {
  /**
   * The resource types the rule reports findings on (its violations and unverified checks name
   * resources of these groups); carried as `type:` tags, as a resource rule's `appliesTo` is.
   */
  judges: readonly TypeGroup[];
  validateStack(stack: StackView, ctx: RuleContext<C>): void;
}

/** What a policy object carries beyond the SDK's fields, for the pack's own tooling (docs, report). */
export interface PolicyExtras {
  checklist: readonly string[];
}

type Reporter = (message: string, urn?: string, level?: EnforcementLevel) => void;

function configSchemaOf<C>(meta: PolicyMeta<C>) {
  const properties: Record<string, any> = {};
  for (const [key, schema] of Object.entries(meta.config ?? {})) {
    const { extendsDefault: _extends, ...served } = schema as ConfigProperty;
    properties[key] = served;
  }
  return { properties: { ...properties, exemptions: EXEMPTIONS_SCHEMA } as Record<string, any> };
}

/** A configured value added to its default: lists appended (without repeats), objects merged key by key. */
function extendDefault(defaultValue: unknown, value: unknown): unknown {
  if (Array.isArray(defaultValue) && Array.isArray(value))
    return [...defaultValue, ...value.filter((item) => !defaultValue.includes(item))];
  const defaults = asProps(defaultValue);
  const configured = asProps(value);
  if (defaults && configured) {
    const merged: Props = { ...defaults };
    for (const [key, item] of Object.entries(configured))
      merged[key] = key in defaults ? extendDefault(defaults[key], item) : item;
    return merged;
  }
  return value;
}

/** A policy's config as its rule reads it: the schema defaults, then the configured values (extended where the schema says). */
function configReader<C>(
  meta: PolicyMeta<C>,
): (raw: Record<string, unknown>) => C & { exemptions?: Exemption[] } {
  const defaults: Record<string, unknown> = {};
  const extended: string[] = [];
  for (const [key, schema] of Object.entries(meta.config ?? {})) {
    defaults[key] = (schema as ConfigProperty).default;
    if ((schema as ConfigProperty).extendsDefault) extended.push(key);
  }
  return (raw) => {
    const config: Record<string, unknown> = { ...defaults, ...raw };
    for (const key of extended) if (key in raw) config[key] = extendDefault(defaults[key], raw[key]);
    return config as C & { exemptions?: Exemption[] };
  };
}

/** The fields the SDK serves as PolicyInfo; `types` are the type tokens the policy judges (`*` for all). */
function sdkFields<C>(meta: PolicyMeta<C>, types: readonly string[]) {
  return {
    name: meta.name,
    description: meta.description,
    severity: meta.severity,
    enforcementLevel: meta.enforcementLevel,
    remediationSteps: meta.remediationSteps,
    tags: [
      ...meta.checklist.map((id) => `${CHECKLIST_TAG_PREFIX}${id}`),
      ...[...new Set(types)].map((token) => `${TYPE_TAG_PREFIX}${token}`),
    ],
    configSchema: configSchemaOf(meta),
    checklist: meta.checklist,
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Builds the context a rule runs in. Violations are routed through exemptions; unknowns become
 * advisory "unverified" findings that name the property; any other exception is reported at the
 * policy's own level (fail closed) without its message, which could quote an input value.
 */
function makeContext<C>(
  config: C & { exemptions?: Exemption[] },
  report: ReportViolation,
  resolveResource: (urn: string | undefined) => { urn: string; name: string; type: string } | undefined,
): { ctx: RuleContext<C>; guard: (fn: () => void, urn?: string) => boolean } {
  // The SDK's object form keeps the message as written (the string form prefixes the description).
  const emit: Reporter = (message, urn, level) =>
    (report as unknown as (info: object) => void)({ message, urn, enforcementLevel: level });
  const violation = (message: string, urn?: string) => {
    const resource = resolveResource(urn);
    // Most policies run without exemptions: look up the date only when one could apply.
    const match =
      resource && config.exemptions?.length
        ? findExemption(config.exemptions, resource, todayUtc())
        : { kind: "none" as const };
    if (match.kind === "active") {
      emit(
        `${EXEMPT_PREFIX} until ${match.exemption.expires} (${match.exemption.reason}): ${message}`,
        urn,
        "advisory",
      );
    } else if (match.kind === "expired") {
      emit(
        `${message} (Its exemption expired on ${match.exemption.expires}: fix the resource or renew the exemption.)`,
        urn,
      );
    } else {
      emit(message, urn);
    }
  };
  const unverified = (input: UnknownInput, urn?: string) =>
    emit(
      `${UNVERIFIED_PREFIX} ${input.path} is not known until deploy; enforced at deploy.`,
      urn,
      "advisory",
    );
  /** Runs `fn`; true when it completed. */
  const guard = (fn: () => void, urn?: string): boolean => {
    try {
      fn();
      return true;
    } catch (error) {
      if (error instanceof UnknownInput) {
        unverified(error, urn);
      } else {
        emit(
          `${INTERNAL_ERROR_PREFIX} could not evaluate this resource (${errorName(error)}); treat it as failing and report it to the platform team.`,
          urn,
        );
      }
      return false;
    }
  };
  const read = <T>(fn: () => T, urn?: string): { ok: true; value: T } | { ok: false } => {
    let value: T | undefined;
    return guard(() => void (value = fn()), urn) ? { ok: true, value: value as T } : { ok: false };
  };
  const check = (fn: () => void, urn?: string) => void guard(fn, urn);
  const advise = (message: string, urn?: string, kind: "unverified" | "notice" = "notice") =>
    emit(kind === "unverified" ? `${UNVERIFIED_PREFIX} ${message}` : message, urn, "advisory");
  return { ctx: { config, violation, check, read, unverified, advise }, guard };
}

export function resourcePolicy<C = Record<string, never>>(
  rule: ResourceRule<C>,
): ResourceValidationPolicy & PolicyExtras {
  register(rule);
  const applies = rule.appliesTo === "*" ? { has: (_type: string) => true } : new Set(rule.appliesTo);
  const configOf = configReader(rule);
  const validateResource = (args: ResourceValidationArgs, report: ReportViolation) => {
    if (!applies.has(args.type)) return;
    const resource: ResourceView = {
      type: args.type,
      urn: args.urn,
      name: args.name,
      props: unwrapProxy(args.props) ?? {},
    };
    const identity = { urn: args.urn, name: args.name, type: args.type };
    const { ctx, guard } = makeContext<C>(configOf(args.getConfig()), report, () => identity);
    guard(() => rule.validate(resource, ctx));
  };
  // A single token lets the SDK skip other types before deserializing their properties.
  if (rule.appliesTo !== "*" && rule.appliesTo.length === 1)
    (validateResource as unknown as { __pulumiType: string }).__pulumiType = rule.appliesTo[0];
  const policy: ResourceValidationPolicy & PolicyExtras = {
    ...sdkFields(rule, rule.appliesTo === "*" ? ["*"] : rule.appliesTo),
    validateResource,
  };
  if (rule.remediate) {
    const remediate = rule.remediate;
    policy.remediateResource = (args: ResourceValidationArgs) => {
      if (!applies.has(args.type)) return undefined;
      const props = unwrapProxy(args.props) ?? {};
      const config = configOf(args.getConfig());
      try {
        return remediate({ type: args.type, urn: args.urn, name: args.name, props }, config);
      } catch {
        return undefined; // an unknown or odd value: leave the resource as it is; validation still reports it
      }
    };
  }
  return policy;
}

export function stackPolicy<C = Record<string, never>>(
  rule: StackRule<C>,
): StackValidationPolicy & PolicyExtras {
  register(rule);
  const configOf = configReader(rule);
  const validateStack = (args: StackValidationArgs, report: ReportViolation) => {
    const stack = StackView.fromSdk(args.resources);
    const resolve = (urn: string | undefined) =>
      urn ? (stack.byUrn(urn) as StackResource | undefined) : undefined;
    const { ctx, guard } = makeContext<C>(configOf(args.getConfig()), report, resolve);
    guard(() => rule.validateStack(stack, ctx));
  };
  return { ...sdkFields(rule, tokensOf(...rule.judges)), validateStack };
}
