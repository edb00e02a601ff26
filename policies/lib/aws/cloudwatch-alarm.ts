/**
 * What a CloudWatch metric alarm watches, and so which alarms watch which resources. An alarm
 * watches a metric directly (namespace, metricName, dimensions) or through metric-math queries
 * (metricQueries[].metric); a dimension
 * refers to a resource when the engine recorded the dependency or its value is one of the
 * resource's identifiers. Reads are lenient: an unknown value simply does not match, so a missing
 * alarm is reported rather than assumed.
 */
import { StackResource, StackView } from "../stack";
import { asProps, knownString, Props } from "../values";

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

/** The alarms in the stack that watch one of the metrics with every wanted dimension. */
export function alarmsWatching(stack: StackView, query: AlarmQuery): StackResource[] {
  return stack
    .ofType("metricAlarm")
    .filter(
      (alarm) =>
        (query.alarmFilter?.(alarm) ?? true) &&
        metricsOf(alarm).some(
          (metric) =>
            metric.namespace === query.namespace &&
            query.metricNames.includes(metric.metricName!) &&
            query.dimensions.every((wanted) => dimensionRefersTo(alarm, metric, wanted)),
        ),
    );
}
