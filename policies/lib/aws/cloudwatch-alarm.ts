/**
 * What a CloudWatch metric alarm watches, and so which alarms watch which resources. An alarm
 * watches a metric directly (namespace, metricName, dimensions) or through metric-math queries
 * (metricQueries[].metric); a dimension
 * refers to a resource when the engine recorded the dependency or its value is one of the
 * resource's identifiers. An alarm counts only if it can tell someone (alarmNotifies); an unknown
 * part that could decide the answer leaves it open (an UnknownInput), never a pass or a miss.
 */
import { StackResource, StackView } from "../stack";
import { asProps, isUnknown, knownString, Props, UnknownInput } from "../values";

export interface AlarmMetric {
  namespace?: string;
  metricName?: string;
  dimensions: Props;
  /** The alarm property whose propertyDependencies cover these dimensions. */
  dependencyKey: "dimensions" | "metricQueries";
}

export function metricsOf(alarm: StackResource): AlarmMetric[] {
  const own: AlarmMetric = {
    namespace: knownString(alarm.props.namespace),
    metricName: knownString(alarm.props.metricName),
    dimensions: asProps(alarm.props.dimensions) ?? {},
    dependencyKey: "dimensions",
  };
  const queries = Array.isArray(alarm.props.metricQueries) ? alarm.props.metricQueries : [];
  const math = queries.flatMap((query): AlarmMetric[] => {
    const metric = asProps(asProps(query)?.metric);
    if (!metric) return [];
    return [
      {
        namespace: knownString(metric.namespace),
        metricName: knownString(metric.metricName),
        dimensions: asProps(metric.dimensions) ?? {},
        dependencyKey: "metricQueries",
      },
    ];
  });
  return [own, ...math].filter((metric) => metric.metricName !== undefined);
}

/** A dimension the wanted metric must carry, and the resource (with the properties that name it) it must refer to. */
export interface DimensionTarget {
  name: string;
  target: StackResource;
  identifierKeys: readonly string[];
}

function dimensionRefersTo(alarm: StackResource, metric: AlarmMetric, wanted: DimensionTarget): boolean {
  if (!(wanted.name in metric.dimensions)) return false;
  if (alarm.propertyDependencies[metric.dependencyKey]?.includes(wanted.target.urn)) return true;
  const value = knownString(metric.dimensions[wanted.name]);
  return (
    value !== undefined &&
    wanted.identifierKeys.some((key) => knownString(wanted.target.props[key]) === value)
  );
}

export interface AlarmQuery {
  namespace: string;
  metricNames: readonly string[];
  dimensions: readonly DimensionTarget[];
  /** Extra condition on the alarm itself (e.g. its region). */
  alarmFilter?: (alarm: StackResource) => boolean;
}

/**
 * Alarm actions that act on an alarm: an SNS topic, Auto Scaling, EC2 actions (`arn:aws:automate:`),
 * Systems Manager OpsItems and Incident Manager, a Lambda function.
 */
const ACTION_ARN = /^arn:aws[a-z-]*:(sns|autoscaling|automate|ssm|ssm-incidents|lambda):/;

/** A three-way answer: yes, no, or not known until deploy (the input that keeps it open). */
export type Answer = boolean | UnknownInput;

/**
 * Whether an alarm can tell someone: actionsEnabled is not false and alarmActions holds at least one
 * action (a recorded reference to another resource, or an action ARN).
 */
export function alarmNotifies(alarm: StackResource): Answer {
  const enabled = alarm.props.actionsEnabled;
  if (isUnknown(enabled)) return new UnknownInput(`${alarm.name}.actionsEnabled`);
  if (enabled === false || enabled === "false") return false;
  if ((alarm.propertyDependencies.alarmActions ?? []).length > 0) return true;
  const actions = alarm.props.alarmActions;
  if (isUnknown(actions)) return new UnknownInput(`${alarm.name}.alarmActions`);
  const list = Array.isArray(actions) ? actions : [];
  if (list.some((action) => ACTION_ARN.test(knownString(action) ?? ""))) return true;
  const open = list.findIndex(isUnknown);
  return open >= 0 ? new UnknownInput(`${alarm.name}.alarmActions[${open}]`) : false;
}

/**
 * Whether an alarm watches one of the query's metrics with every wanted dimension: yes when a metric
 * (its own, or one a metric-math query reads) matches; not known when a part that could match is
 * unknown at preview (namespace, metric name, the queries, a dimension with no recorded dependency).
 */
export function alarmWatches(alarm: StackResource, query: AlarmQuery): Answer {
  if (query.alarmFilter && !query.alarmFilter(alarm)) return false;
  const metrics = metricsOf(alarm);
  const matches = (metric: AlarmMetric) =>
    metric.namespace === query.namespace &&
    query.metricNames.includes(metric.metricName!) &&
    query.dimensions.every((wanted) => dimensionRefersTo(alarm, metric, wanted));
  if (metrics.some(matches)) return true;
  const candidates: Array<{ metric: Props; path: string; key: AlarmMetric["dependencyKey"] }> = [
    { metric: alarm.props, path: alarm.name, key: "dimensions" },
  ];
  if (isUnknown(alarm.props.metricQueries)) return new UnknownInput(`${alarm.name}.metricQueries`);
  const queries = Array.isArray(alarm.props.metricQueries) ? alarm.props.metricQueries : [];
  queries.forEach((entry, i) => {
    const metric = asProps(asProps(entry)?.metric);
    if (metric)
      candidates.push({ metric, path: `${alarm.name}.metricQueries[${i}].metric`, key: "metricQueries" });
  });
  for (const { metric, path, key } of candidates) {
    const open = (field: string, wanted: (value: string) => boolean): "yes" | "no" | "open" => {
      const value = metric[field];
      if (isUnknown(value)) return "open";
      return typeof value === "string" && wanted(value) ? "yes" : "no";
    };
    const namespace = open("namespace", (value) => value === query.namespace);
    const name = open("metricName", (value) => query.metricNames.includes(value));
    if (namespace === "no" || name === "no") continue;
    const recorded = (alarm.propertyDependencies[key] ?? []).length > 0;
    const dimensions = metric.dimensions;
    const dimensionsOpen =
      !recorded &&
      (isUnknown(dimensions) ||
        query.dimensions.some((wanted) => isUnknown(asProps(dimensions)?.[wanted.name])));
    if (namespace === "open") return new UnknownInput(`${path}.namespace`);
    if (name === "open") return new UnknownInput(`${path}.metricName`);
    if (dimensionsOpen) return new UnknownInput(`${path}.dimensions`);
  }
  return false;
}

/**
 * Whether some alarm in the stack watches the metric and can tell someone: true, false, or the
 * unknown input that keeps the best candidate open.
 */
export function notifyingAlarmWatches(stack: StackView, query: AlarmQuery): Answer {
  let open: UnknownInput | undefined;
  for (const alarm of stack.ofType("metricAlarm")) {
    const watches = alarmWatches(alarm, query);
    if (watches === false) continue;
    const notifies = alarmNotifies(alarm);
    if (notifies === false) continue;
    if (watches === true && notifies === true) return true;
    open ??= watches instanceof UnknownInput ? watches : (notifies as UnknownInput);
  }
  return open ?? false;
}
