// Prometheus metrics: process metrics plus vigil's own counters, in a registry per app.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The bot's own instruments; later capabilities add theirs here. */
export interface VigilMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'status'>;
  databaseUp: Gauge;
  migrationsApplied: Counter;
  demoSeedSeconds: Gauge;
}

/** A fresh registry (one per app, so tests and replicas do not share state). */
export function createMetrics(): VigilMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'vigil_http_requests_total',
      help: 'HTTP requests served, by route and status code',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    databaseUp: new Gauge({
      name: 'vigil_database_up',
      help: '1 when the last database check answered, else 0',
      registers: [registry],
    }),
    migrationsApplied: new Counter({
      name: 'vigil_migrations_applied_total',
      help: 'Migrations applied by this process',
      registers: [registry],
    }),
    demoSeedSeconds: new Gauge({
      name: 'vigil_demo_seed_seconds',
      help: 'Duration of the last demo seed run',
      registers: [registry],
    }),
  };
}
