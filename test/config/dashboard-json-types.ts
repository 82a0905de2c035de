/**
 * The Grafana dashboard JSON model, as the foundation SDK's types describe it, for JSON files: enums become
 * the strings (or numbers) they stand for, methods go, and each panel type gets its own options, field
 * config and Prometheus queries. test/config/dashboard-schema.ts type-checks the committed JSON against it.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** `T` as it reads in JSON. */
export type Json<T> = T extends string
  ? `${T}`
  : T extends number
    ? number
    : T extends boolean | null | undefined
      ? T
      : T extends Array<infer U>
        ? Array<Json<U>>
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Json<T[K]> }
          : T;

/** Field defaults whose `custom` part is the panel type's own field config. */
type FieldConfigSourceOf<Custom> = Omit<Json<dashboard.FieldConfigSource>, 'defaults'> & {
  defaults: Omit<Json<dashboard.FieldConfig>, 'custom'> & { custom?: Json<Custom> };
};

/** A panel of type `Type` with its options and field config. */
type PanelOf<Type extends string, Options, Custom> = Omit<Json<dashboard.Panel>, 'type' | 'targets' | 'options' | 'fieldConfig'> & {
  type: Type;
  targets: Array<Json<prometheus.Dataquery>>;
  options: Json<Options>;
  fieldConfig: FieldConfigSourceOf<Custom>;
};

/** Every panel type the generated dashboards use. */
export type PanelJson =
  | PanelOf<'timeseries', timeseries.Options, timeseries.FieldConfig>
  | PanelOf<'stat', stat.Options, Record<string, never>>
  | Json<dashboard.RowPanel>;

/** A dashboard JSON file. */
export type DashboardJson = Omit<Json<dashboard.Dashboard>, 'panels'> & { panels: PanelJson[] };
