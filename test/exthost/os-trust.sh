#!/usr/bin/env bash
# Puts a throwaway test CA into the operating system's certificate store (Debian/Ubuntu), for the
# extension-host test of certificates trusted only there (test/exthost/suite/network.test.ts).
#   bash test/exthost/os-trust.sh install   as root, before the extension host starts (VS Code reads
#                                           the store once per extension host); idempotent
#   bash test/exthost/os-trust.sh remove    as root, afterwards: the CA leaves the store again
# The CA is made here, signs one server certificate (campfire.test, 127.0.0.2) and its key is then
# deleted: nothing checked in is trusted, and once installed nobody can sign another certificate
# the machine trusts. The server's key and certificate stay in $DIR for the test to serve.
set -euo pipefail

DIR="${CAMPFIRE_OS_TRUST_DIR:-/var/tmp/campfire-exthost-os-trust}"
STORE_FILE=/usr/local/share/ca-certificates/campfire-exthost-test-ca.crt

say() { printf '[os-trust] %s\n' "$*" >&2; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    say "needs root (it changes the system's certificate store): sudo bash $0 $1"
    exit 1
  fi
  command -v update-ca-certificates >/dev/null || { say "update-ca-certificates is missing: apt-get install -y ca-certificates"; exit 1; }
}

installed() {
  [ -f "$STORE_FILE" ] && [ -f "$DIR/ca.pem" ] && [ -f "$DIR/server.pem" ] && [ -f "$DIR/server.key" ] &&
    cmp -s "$STORE_FILE" "$DIR/ca.pem" &&
    openssl verify -CAfile "$DIR/ca.pem" "$DIR/server.pem" >/dev/null 2>&1 &&
    # Still valid for the next day: a run that starts now finishes well within it.
    openssl x509 -checkend 86400 -noout -in "$DIR/server.pem" >/dev/null
}

case "${1:-}" in
  install)
    need_root install
    if installed; then
      say "test CA already in the store ($STORE_FILE)"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -m 700 -p "$DIR"
    cd "$DIR"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3 -subj "/CN=Campfire exthost test CA $(date -u +%Y%m%dT%H%M%S)" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=campfire.test 2>/dev/null
    printf 'subjectAltName=DNS:campfire.test,IP:127.0.0.2\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >ext.cnf
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 3 -extfile ext.cnf 2>/dev/null
    rm -f ca.key ca.srl server.csr ext.cnf
    install -m 644 ca.pem "$STORE_FILE"
    update-ca-certificates >/dev/null
    say "test CA added to the store ($STORE_FILE); its key is already gone"
    ;;
  remove)
    need_root remove
    if [ -f "$STORE_FILE" ]; then
      rm -f "$STORE_FILE"
      update-ca-certificates --fresh >/dev/null
      say "test CA removed from the store"
    fi
    rm -rf "$DIR"
    ;;
  *)
    say "usage: bash $0 install|remove"
    exit 2
    ;;
esac
