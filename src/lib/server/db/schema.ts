// Every feature's tables, gathered for drizzle-kit (drizzle.config.ts); the app imports each
// feature's own schema module.
export * from '../reference/schema';
export * from '../auth/schema';
export * from '../audit/schema';
export * from '../files/schema';
export * from '../outbox/schema';
export * from '../scheduler/schema';
export * from '../rate-limit/schema';
export * from '../calendar/schema';
export * from '../sorting/schema';
export * from '../points/schema';
export * from '../reports/schema';
export * from '../indicators/schema';
export * from '../notices/schema';
export * from '../privacy/schema';
export * from '../cells/schema';
export * from '../surveys/schema';
export * from '../security/schema';
