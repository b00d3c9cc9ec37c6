import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INSECURE_HINT, formatRegistryErrors, isHttpFallbackError, networkError } from '../../../../src/image/registry/errors';

const err = (code: string, message = 'boom', name = 'Error'): Error => Object.assign(new Error(message), { code, name });

describe('registry error bodies', () => {
  const cases: Array<[string, string | undefined]> = [
    ['{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}', 'manifest unknown'],
    ['{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}', 'name unknown: repository name not known to registry'],
    ['{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"},{"code":"UNAUTHORIZED","message":""}]}',
      'denied: requested access to the resource is denied; unauthorized'],
    ['{"errors":[{"message":"only a message"}]}', 'only a message'],
    ['{"details":"incorrect username or password"}', 'incorrect username or password'],
    ['{"error":"invalid_grant","error_description":"bad refresh token"}', 'bad refresh token'],
    ['{"errors":[]}', undefined],
    ['<html>503</html>', undefined],
    ['null', undefined],
  ];
  for (const [body, want] of cases) test(body.slice(0, 50), () => assert.equal(formatRegistryErrors(body), want));
});

describe('network errors', () => {
  const cases: Array<[Error, string, string, RegExp?]> = [
    [err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5999'), 'unavailable', 'registry 127.0.0.1:5999 unreachable: connection refused', /listening at 127.0.0.1:5999/],
    [err('ENOTFOUND', 'getaddrinfo ENOTFOUND x'), 'unavailable', 'registry 127.0.0.1:5999 unreachable: no such host', /DNS/],
    [err('EAI_AGAIN'), 'unavailable', 'registry 127.0.0.1:5999 unreachable: temporary failure in name resolution', /DNS/],
    [err('ECONNRESET'), 'unavailable', 'registry 127.0.0.1:5999 unreachable: connection reset by peer'],
    [err('ETIMEDOUT', 'connect timed out'), 'deadline-exceeded', 'registry 127.0.0.1:5999 unreachable: connect timed out'],
    [err('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number'), 'unavailable', 'registry 127.0.0.1:5999: server gave HTTP response to HTTPS client'],
    [err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'unavailable', 'registry 127.0.0.1:5999: TLS certificate verification failed: self-signed certificate'],
    [err('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames\nmore"), 'unavailable',
      "registry 127.0.0.1:5999: TLS certificate verification failed: Hostname/IP does not match certificate's altnames"],
    [err('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure'), 'unavailable', 'registry 127.0.0.1:5999: TLS handshake failed: sslv3 alert handshake failure'],
    [err('ABORT_ERR', 'The operation was aborted', 'AbortError'), 'canceled', 'request to 127.0.0.1:5999 canceled'],
  ];
  for (const [e, code, message, hint] of cases) {
    test(`${(e as NodeJS.ErrnoException).code}`, () => {
      const mapped = networkError('127.0.0.1:5999', e);
      assert.equal(mapped.code, code);
      assert.equal(mapped.message, message);
      if (hint) assert.match(mapped.hint ?? '', hint);
      if (/TLS|HTTPS/.test(message)) assert.equal(mapped.hint, INSECURE_HINT);
      assert.equal(mapped.cause, e);
    });
  }

  test('only "not TLS here" errors allow the HTTP fallback', () => {
    assert.equal(isHttpFallbackError(err('ECONNREFUSED')), true);
    assert.equal(isHttpFallbackError(err('ERR_SSL_WRONG_VERSION_NUMBER')), true);
    assert.equal(isHttpFallbackError(err('EPROTO', 'error:0A00010B:SSL routines::wrong version number')), true);
    assert.equal(isHttpFallbackError(err('DEPTH_ZERO_SELF_SIGNED_CERT')), false);
    assert.equal(isHttpFallbackError(err('ENOTFOUND')), false);
  });
});
