// One HTTP(S) GET for ADD <URL>, in its own module so that the build chunk loads Node's HTTP and TLS
// code only when a Dockerfile downloads something.
import { get as getHttp } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { get as getHttps } from 'node:https';

/** Sends a GET and resolves with the response head; fails when nothing answers within `timeoutMs`. */
export function httpGet(url: URL, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? getHttps : getHttp)(url, { headers: { 'user-agent': 'nerdts' } }, resolve);
    req.once('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
  });
}
