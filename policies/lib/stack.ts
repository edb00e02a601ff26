/**
 * A stack as stack policies see it: plain resources indexed by URN and type, and the joins the
 * policies need ("which proxy targets this database?") over propertyDependencies, with a fallback
 * to matching known identifiers for stacks whose dependencies were not recorded.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isType, TypeGroup } from "./types";
import { Props, isUnknown, unwrapProxy } from "./values";

export interface StackResource {
  type: string;
  urn: string;
  name: string;
  props: Props;
  parent?: string;
  dependencies: readonly string[];
  propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** Output properties that identify a resource when another resource refers to it by value. */
const IDENTIFIER_KEYS = ["id", "arn", "name", "identifier", "bucket", "clusterIdentifier", "arnSuffix"];

export class StackView {
  private readonly urnIndex = new Map<string, StackResource>();

  constructor(public readonly resources: readonly StackResource[]) {
    for (const resource of resources) this.urnIndex.set(resource.urn, resource);
  }

  static fromSdk(resources: readonly PolicyResource[]): StackView {
    return new StackView(
      resources.map((r) => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
          propertyDependencies[key] = deps.map((d) => d.urn);
        }
        return {
          type: r.type,
          urn: r.urn,
          name: r.name,
          props: unwrapProxy(r.props) ?? {},
          parent: r.parent?.urn,
          dependencies: (r.dependencies ?? []).map((d) => d.urn),
          propertyDependencies,
        };
      }),
    );
  }

  byUrn(urn: string): StackResource | undefined {
    return this.urnIndex.get(urn);
  }

  ofType(...groups: TypeGroup[]): StackResource[] {
    return this.resources.filter((r) => groups.some((g) => isType(r.type, g)));
  }

  /**
   * True when `from.props[property]` refers to `target`: the engine recorded the dependency, or
   * the property holds one of the target's known identifiers.
   */
  refersTo(from: StackResource, property: string, target: StackResource): boolean {
    if (from.propertyDependencies[property]?.includes(target.urn)) return true;
    const value = from.props[property];
    const candidates = Array.isArray(value) ? value : [value];
    const identifiers = identifiersOf(target);
    return candidates.some((c) => typeof c === "string" && !isUnknown(c) && identifiers.has(c));
  }

  /** Resources of the given groups whose `property` refers to `target`. */
  referrers(target: StackResource, property: string, ...groups: TypeGroup[]): StackResource[] {
    return this.ofType(...groups).filter((r) => this.refersTo(r, property, target));
  }

  /** The resources of the given groups that `from.props[property]` refers to. */
  referenced(from: StackResource, property: string, ...groups: TypeGroup[]): StackResource[] {
    return this.ofType(...groups).filter((target) => this.refersTo(from, property, target));
  }
}

function identifiersOf(resource: StackResource): Set<string> {
  const ids = new Set<string>();
  for (const key of IDENTIFIER_KEYS) {
    const value = resource.props[key];
    if (typeof value === "string" && value.length > 0 && !isUnknown(value)) ids.add(value);
  }
  return ids;
}
