import { at, filesUnder, readRepositoryFile, readYaml, YamlObject } from './deployment-files';

/** Metric names the code registers (prom-client `name: 'lgsp_…'` or a constant holding one). */
function metricsTheCodeExports(): Set<string> {
  const sources = ['libs', 'apps', 'adapters']
    .flatMap((folder) => filesUnder(folder, /\.ts$/))
    .filter((file) => !file.endsWith('.spec.ts'))
    .map((file) => readRepositoryFile(file));
  return new Set(
    sources.flatMap((text) => text.match(/'lgsp_[a-z_]+[a-z]'/g) ?? []).map((name) => name.slice(1, -1)),
  );
}

describe('deployment: Prometheus and Grafana', () => {
  const compose = readYaml('docker/compose.yaml');
  const prometheus = readYaml('docker/prometheus/prometheus.yml');
  const jobs = prometheus.scrape_configs as YamlObject[];
  const job = (name: string) => jobs.find((entry) => entry.job_name === name);
  const dashboard = JSON.parse(readRepositoryFile('docker/grafana/dashboards/lgsp-connectors.json')) as {
    panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
  };
  const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));

  it('scrapes each gateway’s metrics listener (GATEWAY_METRICS_PORT) and every worker replica (WORKER_PORT)', () => {
    const services = compose.services as Record<string, YamlObject>;
    const gateways = Object.keys(services).filter((name) => /^gateway-\d+$/.test(name));
    expect(at(job('gateway'), 'static_configs', 0, 'targets')).toEqual(
      gateways.map((name) => `${name}:3002`),
    );
    expect(at(job('worker'), 'dns_sd_configs', 0)).toEqual({ names: ['worker'], type: 'A', port: 3001 });
    const exporter = String(at(job('kafka'), 'static_configs', 0, 'targets', 0)).split(':')[0];
    expect(Object.keys(services)).toContain(exporter);
  });

  it('charts only metrics the code exports, and covers breakers, call rates, lag and dead letters', () => {
    const exported = metricsTheCodeExports();
    const charted = new Set(expressions.flatMap((expr) => expr.match(/\blgsp_[a-z_]+\b/g) ?? []));
    expect([...charted].filter((name) => !exported.has(name))).toEqual([]);
    const all = expressions.join('\n');
    expect(all).toContain('lgsp_connector_breaker_state');
    expect(all).toContain('lgsp_connector_calls_total');
    expect(all).toContain('kafka_consumergroup_lag');
    expect(all).toMatch(/dead-letter/);
    expect(all).toContain('lgsp_outbox_oldest_pending_age_seconds');
  });

  it('reads the provisioned datasource', () => {
    const datasources = readYaml('docker/grafana/provisioning/datasources/prometheus.yaml');
    const uid = at(datasources, 'datasources', 0, 'uid');
    expect(new Set(dashboard.panels.map((panel) => panel.datasource.uid))).toEqual(new Set([uid]));
    const provider = readYaml('docker/grafana/provisioning/dashboards/lgsp.yaml');
    expect(at(provider, 'providers', 0, 'options', 'path')).toBe('/var/lib/grafana/dashboards');
  });
});
