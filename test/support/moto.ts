// Typed entry for the jest suites; the code lives in moto.mjs so plain-node
// benches share it.
export { AWS_TEST_ENV, TEST_CREDENTIALS, configureMoto, createLambdaRole, freePort, startMoto } from './moto.mjs';

export interface Moto {
  endpoint: string;
  port: number;
  /** Env for an action or SDK client talking to this moto. */
  env: Record<string, string>;
  stop(): Promise<void>;
}
