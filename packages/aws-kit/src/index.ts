export * from './clients';
export * from './errors';
export * from './region';
export * from './transient';
