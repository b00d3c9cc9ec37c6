#!/usr/bin/env bash
# `npm test`: builds, starts what the tests need (containerd if it is not answering, local
# registries with the offline test images), then runs unit and integration tests in one runner.
set -euo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS
node scripts/build.mjs --tests
bash test/fixtures/services.sh start
trap 'bash test/fixtures/services.sh stop' EXIT
node scripts/run-tests.mjs all "$@"
