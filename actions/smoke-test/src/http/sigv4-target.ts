/**
 * Which service and region an `aws-sigv4` check signs for. Kept apart from
 * the signer so the inputs can be validated without loading the SDK.
 */
import type { SigV4Service } from '../types';

export interface SigV4Target {
  service: SigV4Service;
  region: string;
}

/** The region in an AWS endpoint's host name: function URLs and execute-api endpoints carry it. */
export function regionFromHost(service: SigV4Service, host: string): string | undefined {
  const pattern =
    service === 'lambda'
      ? /\.lambda-url\.([a-z]{2}(?:-[a-z]+)+-\d)\.on\.aws$/
      : /\.execute-api\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
  return pattern.exec(host.toLowerCase())?.[1];
}
