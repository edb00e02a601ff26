/**
 * A stack as stack policies see it: plain resources indexed by URN and type, and the joins the
 * policies need ("which proxy targets this database?") over propertyDependencies, with a fallback
 * to matching known identifiers for stacks whose dependencies were not recorded. Indexes are
 * built lazily and the view is shared by every stack policy of one AnalyzeStack call, so joins
 * stay linear in the size of the stack.
 */
import type { PolicyResource } from "@pulumi/policy";
import { isType, TypeGroup } from "./types";
import { Props, knownString, unwrapProxy } from "./values";

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

function identifiersOf(resource: StackResource): Set<string> {
  const ids = new Set<string>();
  for (const key of IDENTIFIER_KEYS) {
    const value = knownString(resource.props[key]);
    if (value) ids.add(value);
  }
  return ids;
}

function stringsIn(value: unknown): string[] {
  const candidates = Array.isArray(value) ? value : [value];
  return candidates.map(knownString).filter((c): c is string => c !== undefined);
}

export class StackView {
  private readonly urnIndex = new Map<string, StackResource>();
  private readonly groupIndex = new Map<TypeGroup, StackResource[]>();
  private readonly identifierCache = new Map<StackResource, Set<string>>();
  /** target URN → (property → resources whose property depends on the target) */
  private reverseDependencies?: Map<string, Map<string, StackResource[]>>;
  /** identifier value → resources that have it */
  private identifierIndex?: Map<string, StackResource[]>;

  constructor(public readonly resources: readonly StackResource[]) {
    for (const resource of resources) this.urnIndex.set(resource.urn, resource);
  }

  private static shared = new WeakMap<object, StackView>();

  /** One view per AnalyzeStack request: the SDK hands every stack policy the same (frozen) props objects. */
  static fromSdk(resources: readonly PolicyResource[]): StackView {
    const key = resources.length > 0 ? unwrapProxy(resources[0].props) : undefined;
    const cached = key && typeof key === "object" ? StackView.shared.get(key) : undefined;
    if (
      cached &&
      cached.resources.length === resources.length &&
      cached.resources.every((r, i) => r.urn === resources[i].urn)
    ) {
      return cached;
    }
    const view = new StackView(
      resources.map((r) => {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [prop, deps] of Object.entries(r.propertyDependencies ?? {})) {
          propertyDependencies[prop] = deps.map((d) => d.urn);
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
    if (key && typeof key === "object") StackView.shared.set(key, view);
    return view;
  }

  byUrn(urn: string): StackResource | undefined {
    return this.urnIndex.get(urn);
  }

  ofType(...groups: TypeGroup[]): StackResource[] {
    if (groups.length === 1) return this.group(groups[0]);
    return groups.flatMap((g) => this.group(g));
  }

  private group(group: TypeGroup): StackResource[] {
    let list = this.groupIndex.get(group);
    if (!list) {
      list = this.resources.filter((r) => isType(r.type, group));
      this.groupIndex.set(group, list);
    }
    return list;
  }

  private identifiers(resource: StackResource): Set<string> {
    let ids = this.identifierCache.get(resource);
    if (!ids) {
      ids = identifiersOf(resource);
      this.identifierCache.set(resource, ids);
    }
    return ids;
  }

  private dependents(targetUrn: string, property: string): StackResource[] {
    if (!this.reverseDependencies) {
      this.reverseDependencies = new Map();
      for (const from of this.resources) {
        for (const [prop, urns] of Object.entries(from.propertyDependencies)) {
          for (const urn of urns) {
            let byProp = this.reverseDependencies.get(urn);
            if (!byProp) this.reverseDependencies.set(urn, (byProp = new Map()));
            const list = byProp.get(prop);
            if (list) list.push(from);
            else byProp.set(prop, [from]);
          }
        }
      }
    }
    return this.reverseDependencies.get(targetUrn)?.get(property) ?? [];
  }

  private withIdentifier(value: string): StackResource[] {
    if (!this.identifierIndex) {
      this.identifierIndex = new Map();
      for (const resource of this.resources) {
        for (const id of this.identifiers(resource)) {
          const list = this.identifierIndex.get(id);
          if (list) list.push(resource);
          else this.identifierIndex.set(id, [resource]);
        }
      }
    }
    return this.identifierIndex.get(value) ?? [];
  }

  /**
   * True when `from.props[property]` refers to `target`: the engine recorded the dependency, or
   * the property holds one of the target's known identifiers.
   */
  refersTo(from: StackResource, property: string, target: StackResource): boolean {
    if (from.propertyDependencies[property]?.includes(target.urn)) return true;
    const identifiers = this.identifiers(target);
    return identifiers.size > 0 && stringsIn(from.props[property]).some((c) => identifiers.has(c));
  }

  /** Resources of the given groups whose `property` refers to `target`. */
  referrers(target: StackResource, property: string, ...groups: TypeGroup[]): StackResource[] {
    const inGroups = (r: StackResource) => groups.some((g) => isType(r.type, g));
    const found = new Set(this.dependents(target.urn, property).filter(inGroups));
    const identifiers = this.identifiers(target);
    if (identifiers.size > 0) {
      const byValue = this.valueIndex(property, groups);
      for (const id of identifiers) for (const candidate of byValue.get(id) ?? []) found.add(candidate);
    }
    return [...found];
  }

  private readonly valueIndexes = new Map<string, Map<string, StackResource[]>>();

  /** For resources of `groups`: each string value of `property` → the resources holding it. */
  private valueIndex(property: string, groups: TypeGroup[]): Map<string, StackResource[]> {
    const key = `${property}\u0000${groups.join(",")}`;
    let index = this.valueIndexes.get(key);
    if (!index) {
      index = new Map();
      for (const resource of this.ofType(...groups)) {
        for (const value of stringsIn(resource.props[property])) {
          const list = index.get(value);
          if (list) list.push(resource);
          else index.set(value, [resource]);
        }
      }
      this.valueIndexes.set(key, index);
    }
    return index;
  }

  /** The resources of the given groups that `from.props[property]` refers to. */
  referenced(from: StackResource, property: string, ...groups: TypeGroup[]): StackResource[] {
    const inGroups = (r: StackResource) => groups.some((g) => isType(r.type, g));
    const found = new Set<StackResource>();
    for (const urn of from.propertyDependencies[property] ?? []) {
      const target = this.urnIndex.get(urn);
      if (target && inGroups(target)) found.add(target);
    }
    for (const value of stringsIn(from.props[property])) {
      for (const target of this.withIdentifier(value)) if (inGroups(target)) found.add(target);
    }
    return [...found];
  }
}
