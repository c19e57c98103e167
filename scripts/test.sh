#!/usr/bin/env bash
# The one command that checks everything: system packages the real-process tests need, then
# type-check, lint, format and the whole jest suite. `npm test` runs this; so does CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests run for real: nginx (gateway), docker-registry (two registries behind
# it), skopeo (pushes and pulls through it), openssl (certificates, TLS handshake checks), curl.
packages=(nginx docker-registry skopeo openssl curl)
# Alerting (ops): promtool checks and unit-tests the alert rules; the blackbox exporter runs the
# probe modules against a Harbor-like endpoint.
packages+=(prometheus prometheus-blackbox-exporter)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test: installing missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Keep the packages' own services from starting: the tests start their own processes on their
    # own ports. A policy-rc.d answering 101 is Debian's switch for that; one already there stays.
    own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
      own_policy=1
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ -z "$own_policy" ] || rm -f /usr/sbin/policy-rc.d
  else
    echo "test: missing Debian packages: ${missing[*]}" >&2
    echo "test: install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
# A machine that installed the packages earlier may run them as services; the tests start their own.
for service in nginx docker-registry prometheus prometheus-blackbox-exporter; do
  if command -v systemctl >/dev/null 2>&1; then systemctl stop "$service" >/dev/null 2>&1 || true; fi
  if [ -x "/etc/init.d/$service" ]; then "/etc/init.d/$service" stop >/dev/null 2>&1 || true; fi
done

if ! command -v terraform >/dev/null 2>&1; then
  echo "test: terraform CLI not found on PATH; the Terraform-backed tests need it (>= 1.5)" >&2
  exit 1
fi

export CHECKPOINT_DISABLE=1
echo "test: typecheck" && npx tsc --noEmit -p .
echo "test: lint" && npx eslint . --cache --cache-location .cache/eslint/
echo "test: format" && npx prettier --check . --log-level warn --cache --cache-location .cache/prettier
echo "test: jest" && npx jest "$@"
