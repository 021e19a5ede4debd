// The shared core (region, errors, client options). Each service's client has
// its own entry point, `@mlship/aws-kit/ecr`, `/lambda` and `/cloudwatch`, so a
// bundle carries only the SDK clients its action calls.
export * from './client-config';
export * from './errors';
export * from './region';
export * from './transient';
