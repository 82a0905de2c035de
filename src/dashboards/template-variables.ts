/** Template variables of the dashboards: the Prometheus data source and label filters read from contract metrics. */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';

/** Every query goes to the data source picked in the `datasource` variable (Prometheus, or Thanos). */
export const datasourceRef: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** The data source picker: any Prometheus-API data source, provisioned Prometheus first. */
export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Data source')
    .type('prometheus')
    .current({ selected: true, text: 'Prometheus', value: 'prometheus' });
}

/** A label filter: `label_values(source, label)`, multi-valued, All matching every value (`.*`). */
export interface LabelVariable {
  name: string;
  label: string;
  /** A metric selector, possibly filtered by earlier variables, e.g. ish_chat_requests_total{provider_type=~"$provider"}. */
  source: string;
  /** The label whose values are offered. */
  labelName: string;
}

/** Builds the query variable of `variable`. */
export function labelVariable(variable: LabelVariable): QueryVariableBuilder {
  const query = `label_values(${variable.source}, ${variable.labelName})`;
  return new QueryVariableBuilder(variable.name)
    .label(variable.label)
    .datasource(datasourceRef)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** Provider: every provider_type that serves requests. */
export const providerVariable: LabelVariable = {
  name: 'provider',
  label: 'Provider',
  source: 'ish_chat_requests_total',
  labelName: 'provider_type',
};

/** Model: the models of the selected providers. */
export const modelVariable: LabelVariable = {
  name: 'model',
  label: 'Model',
  source: 'ish_chat_requests_total{provider_type=~"$provider"}',
  labelName: 'model_name',
};

/** Region: the regions instances run in. */
export const regionVariable: LabelVariable = {
  name: 'region',
  label: 'Region',
  source: 'ish_chat_instances_total{provider_type=~"$provider"}',
  labelName: 'region',
};

/** Instance: the instance manager's instances of the selected providers. */
export const instanceVariable: LabelVariable = {
  name: 'instance_id',
  label: 'Instance',
  source: 'instance_manager_instance_load{provider_type=~"$provider"}',
  labelName: 'instance_id',
};

/** Service: the scrape jobs of the ISH Chat services, as the SLO recording rules name them. */
export const serviceVariable: LabelVariable = {
  name: 'service',
  label: 'Service',
  source: 'ish_chat_requests_total',
  labelName: 'job',
};
