// The ISH Chat backend's metric contract (../shared/contract/ish-chat-metrics.json), as the simulator
// serves it; test/unit/simulator/metric-contract.test.ts scrapes the simulator and compares with the file.

/** The service of the backend that exposes a metric: one scrape job of the stack each. */
export type BackendRole = 'instance-manager' | 'intelligent-router' | 'load-balancer';

/** Every role, in the order of their ports (8001, 8002, 8003 in the stack). */
export const backendRoles: readonly BackendRole[] = ['instance-manager', 'intelligent-router', 'load-balancer'];

/** One metric of the contract: name, type, owning service, help, label names, histogram buckets. */
export interface ContractMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'info';
  role: BackendRole;
  help: string;
  labels: readonly string[];
  buckets?: readonly number[];
}

type Row = [string, ContractMetric['type'], BackendRole, string, string[], number[]?];

const rows: Row[] = [
  ['ish_chat_requests_total', 'counter', 'instance-manager', 'Total number of requests processed', ['provider_type', 'model_name', 'instance_id', 'status', 'user_type', 'feature']],
  ['ish_chat_request_duration_seconds', 'histogram', 'instance-manager', 'Request processing duration', ['provider_type', 'model_name', 'instance_id', 'user_type'], [0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0]],
  ['ish_chat_instances_total', 'gauge', 'instance-manager', 'Total number of registered instances', ['provider_type', 'status', 'region']],
  ['ish_chat_instances_healthy', 'gauge', 'instance-manager', 'Number of healthy instances', ['provider_type', 'region']],
  ['ish_chat_load_balancer_selections_total', 'counter', 'load-balancer', 'Total number of instance selections by load balancer', ['strategy', 'provider_type', 'model_name', 'region']],
  ['ish_chat_routing_decisions_total', 'counter', 'intelligent-router', 'Total routing decisions made', ['strategy', 'provider_type', 'decision_type', 'status']],
  ['ish_chat_routing_decision_duration_seconds', 'histogram', 'intelligent-router', 'Time taken to make routing decisions', ['strategy', 'provider_type'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0]],
  ['ish_chat_tokens_used_total', 'counter', 'instance-manager', 'Total tokens consumed', ['provider_type', 'model_name', 'direction']],
  ['ish_chat_cost_estimate_dollars', 'gauge', 'instance-manager', 'Estimated cost in dollars', ['provider_type', 'model_name', 'cost_type']],
  ['ish_chat_user_requests_total', 'counter', 'instance-manager', 'Total requests from users', ['user_type', 'provider_type', 'feature']],
  ['ish_chat_user_session_duration_seconds', 'histogram', 'instance-manager', 'User session duration', ['user_type', 'provider_type'], [60, 300, 600, 1800, 3600, 7200]],
  ['ish_chat_new_users_total', 'counter', 'instance-manager', 'Total new users', ['user_type', 'acquisition_channel']],
  ['ish_chat_user_satisfaction_score', 'gauge', 'instance-manager', 'User satisfaction score (0-1)', ['provider_type', 'model_name', 'rating_source']],
  ['ish_chat_user_feedback_total', 'counter', 'instance-manager', 'Total user feedback', ['provider_type', 'sentiment', 'category']],
  ['ish_chat_feature_usage_total', 'counter', 'instance-manager', 'Total feature usage', ['feature_name', 'provider_type', 'user_type']],
  ['ish_chat_user_retention_rate_7d', 'gauge', 'instance-manager', '7-day user retention rate', ['user_type', 'cohort']],
  ['ish_chat_user_churn_rate_7d', 'gauge', 'instance-manager', '7-day user churn rate', ['user_type', 'reason']],
  ['ish_chat_response_quality_score', 'gauge', 'instance-manager', 'Response quality score (0-1)', ['provider_type', 'model_name', 'quality_metric']],
  ['ish_chat_content_moderation_alerts_total', 'counter', 'instance-manager', 'Content moderation alerts', ['alert_type', 'provider_type', 'severity']],
  ['ish_chat_regional_user_requests_total', 'counter', 'instance-manager', 'Regional user requests', ['region', 'provider_type', 'user_type']],
  ['ish_chat_regional_response_time_seconds', 'histogram', 'instance-manager', 'Regional response times', ['region', 'provider_type'], [0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0]],
  ['ish_chat_max_capacity', 'gauge', 'instance-manager', 'Maximum system capacity', ['capacity_type']],
  ['ish_chat_storage_usage_bytes', 'gauge', 'instance-manager', 'Storage usage in bytes', ['storage_type']],
  ['ish_chat_storage_capacity_bytes', 'gauge', 'instance-manager', 'Storage capacity in bytes', ['storage_type']],
  ['ish_chat_daily_cost_dollars', 'gauge', 'instance-manager', 'Daily cost in dollars', ['provider_type', 'cost_category']],
  ['ish_chat_cost_per_user', 'gauge', 'instance-manager', 'Cost per user', ['provider_type', 'time_period']],
  ['ish_chat_api_quota_used', 'gauge', 'instance-manager', 'API quota used', ['provider_type', 'quota_type']],
  ['ish_chat_api_quota_limit', 'gauge', 'instance-manager', 'API quota limit', ['provider_type', 'quota_type']],
  ['ish_chat_slo_compliance', 'gauge', 'instance-manager', 'SLO compliance percentage', ['slo_name', 'service', 'time_window']],
  ['ish_chat_slo_budget_consumed', 'gauge', 'instance-manager', 'SLO budget consumed percentage', ['slo_name', 'service', 'time_window']],
  ['ish_chat_slo_error_budget_total', 'gauge', 'instance-manager', 'Total SLO error budget', ['slo_name', 'service', 'time_window']],
  ['ish_chat_slo_error_budget_remaining', 'gauge', 'instance-manager', 'Remaining SLO error budget', ['slo_name', 'service', 'time_window']],
  ['ish_chat_sli_availability', 'gauge', 'instance-manager', 'Service availability percentage', ['service', 'endpoint']],
  ['ish_chat_sli_latency_seconds', 'histogram', 'instance-manager', 'Service latency measurements', ['service', 'endpoint', 'percentile'], [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]],
  ['ish_chat_sli_error_rate', 'gauge', 'instance-manager', 'Service error rate percentage', ['service', 'endpoint', 'error_type']],
  ['ish_chat_revenue_per_user', 'gauge', 'instance-manager', 'Revenue per user', ['user_type', 'time_period']],
  ['ish_chat_customer_acquisition_cost', 'gauge', 'instance-manager', 'Customer acquisition cost', ['acquisition_channel', 'time_period']],
  ['ish_chat_customer_lifetime_value', 'gauge', 'instance-manager', 'Customer lifetime value', ['user_type', 'cohort']],
  ['ish_chat_provider_performance_rank', 'gauge', 'instance-manager', 'Provider performance ranking', ['provider_type', 'ranking_metric']],
  ['ish_chat_provider_health_score', 'gauge', 'instance-manager', 'Provider health score (0-1)', ['provider_type', 'health_dimension']],
  ['ish_chat_model_requests_total', 'counter', 'instance-manager', 'Total model requests', ['provider_type', 'model_name', 'user_type']],
  ['ish_chat_model_response_time_seconds', 'histogram', 'instance-manager', 'Model response times', ['provider_type', 'model_name'], [0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0]],
  ['ish_chat_request_queue_size', 'gauge', 'instance-manager', 'Request queue size', ['provider_type', 'priority_level']],
  ['ish_chat_queue_wait_time_seconds', 'histogram', 'instance-manager', 'Time spent in queue', ['provider_type', 'priority_level'], [1, 5, 10, 30, 60, 120, 300]],
  ['ish_chat_ml_predictions_total', 'counter', 'intelligent-router', 'Total ML routing predictions', ['model_name', 'prediction_type', 'status']],
  ['ish_chat_routing_model_accuracy', 'gauge', 'intelligent-router', 'Routing model accuracy', ['model_name', 'metric_type']],
  ['ish_chat_ai_provider_traffic_share', 'gauge', 'instance-manager', 'AI provider traffic share percentage', ['provider_type', 'region']],
  ['ish_chat_region_capacity_utilization', 'gauge', 'instance-manager', 'Region capacity utilization percentage', ['region', 'capacity_type']],
  ['instance_manager_requests_total', 'counter', 'instance-manager', 'Total number of requests processed', ['provider_type', 'model_name', 'instance_id', 'status']],
  ['instance_manager_request_duration_seconds', 'histogram', 'instance-manager', 'Request processing duration', ['provider_type', 'model_name', 'instance_id'], [0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0]],
  ['instance_manager_instances_total', 'gauge', 'instance-manager', 'Total number of registered instances', ['provider_type', 'status']],
  ['instance_manager_instances_healthy', 'gauge', 'instance-manager', 'Number of healthy instances', ['provider_type']],
  ['instance_manager_instance_load', 'gauge', 'instance-manager', 'Current load on instances', ['instance_id', 'provider_type']],
  ['instance_manager_instance_success_rate', 'gauge', 'instance-manager', 'Success rate for instances', ['instance_id', 'provider_type']],
  ['instance_manager_instance_response_time_seconds', 'gauge', 'instance-manager', 'Average response time for instances', ['instance_id', 'provider_type']],
  ['instance_manager_health_checks_total', 'counter', 'instance-manager', 'Total number of health checks performed', ['instance_id', 'check_type', 'status']],
  ['instance_manager_health_check_duration_seconds', 'histogram', 'instance-manager', 'Health check duration', ['instance_id', 'check_type'], [0.1, 0.5, 1.0, 2.0, 5.0, 10.0]],
  ['instance_manager_health_score', 'gauge', 'instance-manager', 'Health score for instances', ['instance_id', 'provider_type']],
  ['instance_manager_load_balancer_selections_total', 'counter', 'instance-manager', 'Total number of instance selections by load balancer', ['strategy', 'provider_type', 'model_name']],
  ['instance_manager_load_balancer_failovers_total', 'counter', 'instance-manager', 'Total number of failovers', ['provider_type', 'model_name', 'reason']],
  ['instance_manager_circuit_breaker_state', 'gauge', 'instance-manager', 'Circuit breaker state (0=closed, 1=open, 2=half_open)', ['instance_id']],
  ['instance_manager_scaling_events_total', 'counter', 'instance-manager', 'Total number of scaling events', ['provider_type', 'direction', 'reason']],
  ['instance_manager_instances_desired', 'gauge', 'instance-manager', 'Desired number of instances', ['provider_type']],
  ['instance_manager_instances_current', 'gauge', 'instance-manager', 'Current number of instances', ['provider_type']],
  ['instance_manager_tokens_used_total', 'counter', 'instance-manager', 'Total tokens consumed', ['provider_type', 'model_name']],
  ['instance_manager_cost_estimate_dollars', 'gauge', 'instance-manager', 'Estimated cost in dollars', ['provider_type', 'model_name']],
  ['instance_manager_cache_hits_total', 'counter', 'instance-manager', 'Total cache hits', ['cache_type']],
  ['instance_manager_cache_misses_total', 'counter', 'instance-manager', 'Total cache misses', ['cache_type']],
  ['instance_manager_database_connections_active', 'gauge', 'instance-manager', 'Active database connections', []],
  ['instance_manager_build_info', 'info', 'instance-manager', 'Build information', []],
  ['instance_manager_configuration_info', 'info', 'instance-manager', 'Configuration information', []],
];

/** The contract's metrics, in the contract's order. */
export const contractMetrics: readonly ContractMetric[] = rows.map(([name, type, role, help, labels, buckets]) => ({
  name,
  type,
  role,
  help,
  labels,
  ...(buckets ? { buckets } : {}),
}));
