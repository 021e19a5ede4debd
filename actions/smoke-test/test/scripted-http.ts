/** An HttpClient for the core's tests: each request is answered by a script, and what was sent (and when) is kept. */
import type { HttpClient, HttpRequest, HttpResponse } from '../src/http/client';
import { TransportError } from '../src/types';

export type Script = (req: HttpRequest, now: number) => HttpResponse | TransportError | Promise<HttpResponse | TransportError>;

export function scriptedHttp(script: Script, now: () => number): HttpClient & { sent: number[]; requests: HttpRequest[] } {
  const sent: number[] = [];
  const requests: HttpRequest[] = [];
  return {
    sent,
    requests,
    async request(req) {
      sent.push(now());
      requests.push(req);
      const answer = await script(req, now());
      if (answer instanceof TransportError) throw answer;
      return answer;
    },
    close: () => undefined,
  };
}
