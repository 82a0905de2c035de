/** Typed panel builders shared by the dashboards: every panel gets a unit, a description and its queries. */
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VisibilityMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  MappingType,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Threshold,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { alertThresholds, recordedConstant } from './rule-thresholds.js';
import { datasourceRef } from './template-variables.js';

/** An alert whose threshold a panel shows: the panel's values are what the alert compares. */
export interface AlertRef {
  alert: string;
  severity: 'critical' | 'warning' | 'info';
}

/** A recorded objective (slo.yml) a panel shows as its threshold. */
export interface ObjectiveRef {
  record: string;
  labels: Record<string, string>;
}

/** What a panel is about; the dashboards describe panels with this and the kit builds them. */
export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id (s, reqps, percentunit, currencyUSD, short, ...). */
  unit: string;
  queries: Array<{ expr: string; legend: string }>;
  /** Alert thresholds, coloured from `above` (alerts fire above them) or below. */
  alerts?: AlertRef[];
  objective?: ObjectiveRef;
  /** True when the alerts fire below their threshold (healthy share, scores, SLIs). */
  below?: boolean;
  min?: number;
  max?: number;
  decimals?: number;
  mappings?: ValueMapping[];
  width?: number;
  height?: number;
  stacked?: boolean;
}

const severityColour: Record<AlertRef['severity'], string> = { info: 'blue', warning: 'orange', critical: 'red' };

/** Threshold steps and the sentence naming where they come from (tests read it back to compare with the rules). */
function thresholdsOf(spec: PanelSpec): { steps: Threshold[]; origin: string } {
  if (spec.objective) {
    const value = recordedConstant(spec.objective.record, spec.objective.labels);
    const labels = Object.entries(spec.objective.labels).map(([k, v]) => `${k}="${v}"`).join(', ');
    return {
      steps: [{ value: null, color: 'red' }, { value, color: 'green' }],
      origin: ` Threshold from the recording rule ${spec.objective.record}{${labels}}.`,
    };
  }
  if (!spec.alerts?.length) return { steps: [{ value: null, color: 'green' }], origin: '' };
  const levels = spec.alerts.flatMap((ref) =>
    alertThresholds(ref.alert, ref.severity).map((value) => ({ value, color: severityColour[ref.severity] })),
  );
  levels.sort((a, b) => a.value - b.value);
  const steps: Threshold[] = spec.below
    ? [...levels.map((level, i) => ({ value: i === 0 ? null : levels[i - 1]!.value, color: level.color })), { value: levels.at(-1)!.value, color: 'green' }]
    : [{ value: null, color: 'green' }, ...levels];
  const cited = spec.alerts.map((ref) => `${ref.alert} (${ref.severity})`).join(', ');
  return { steps, origin: ` Thresholds from the alert rules: ${cited}.` };
}

/** Prometheus queries, lettered A, B, ... */
function targets(spec: PanelSpec): DataqueryBuilder[] {
  return spec.queries.map((query, i) =>
    new DataqueryBuilder()
      .datasource(datasourceRef)
      .expr(query.expr)
      .legendFormat(query.legend)
      .refId(String.fromCharCode(65 + i)),
  );
}

/** A time series panel; alert thresholds are drawn as dashed lines. */
export function timeseries(spec: PanelSpec): TimeseriesBuilder {
  const panel = describePanel(new TimeseriesBuilder(), spec, 12, 8);
  const dashed = thresholdsOf(spec).steps.length > 1;
  return panel
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(dashed ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off))
    .fillOpacity(spec.stacked ? 30 : 10)
    .showPoints(VisibilityMode.Never)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .stacking(new StackingConfigBuilder().mode(spec.stacked ? StackingMode.Normal : StackingMode.None));
}

/** A stat panel with the latest value, coloured by the thresholds. */
export function stat(spec: PanelSpec): StatBuilder {
  return describePanel(new StatBuilder(), spec, 6, 4).reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** What every panel has: title, description (with the thresholds' origin), unit, size, thresholds, queries, options. */
function describePanel<T extends TimeseriesBuilder | StatBuilder>(panel: T, spec: PanelSpec, width: number, height: number): T {
  const { steps, origin } = thresholdsOf(spec);
  panel
    .title(spec.title)
    .description(spec.description + origin)
    .datasource(datasourceRef)
    .unit(spec.unit)
    .gridPos({ x: 0, y: 0, w: spec.width ?? width, h: spec.height ?? height })
    .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps));
  for (const target of targets(spec)) panel.withTarget(target);
  if (spec.mappings) panel.mappings(spec.mappings);
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  return panel;
}

/** Value mappings from numbers to text and colour, e.g. up 0/1 or a circuit breaker's state. */
export function valueTexts(texts: Record<number, { text: string; color: string }>): ValueMapping[] {
  const options: Record<string, { text: string; color: string; index: number }> = {};
  Object.entries(texts).forEach(([value, display], index) => {
    options[value] = { ...display, index };
  });
  return [{ type: MappingType.ValueToText, options }];
}
