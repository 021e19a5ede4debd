// The shared core (region, errors, client options). Each service's client has
// its own entry point, `@mlship/aws-kit/ecr` and `@mlship/aws-kit/lambda`, so a
// bundle carries only the SDK clients its action calls.
export * from './client-config';
export * from './errors';
export * from './region';
export * from './transient';
