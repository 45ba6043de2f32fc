#!/usr/bin/env bash
# Installs, starts, stops and reports a real Chroma server on loopback, for Vectorguard's tests,
# CI and benchmarks (see the project's notes on the Chroma server).
#
#   scripts/chroma-server.sh start    # installs on first use, starts, prints CHROMA_URL=http://127.0.0.1:<port>
#   scripts/chroma-server.sh status   # prints CHROMA_URL=... and exits 0 when running, else exits 1
#   scripts/chroma-server.sh stop     # SIGINT, then SIGKILL after 10 s; CHROMA_WIPE=1 also deletes the data
#
# Environment:
#   CHROMA_HOME             install folder (npm/, npm-legacy/, glibc/, apt/); default ${TMPDIR:-/tmp}/vectorguard-chroma
#   CHROMA_RUN_DIR          where chroma.pid, chroma.log and chroma-config.yaml go; default $CHROMA_HOME
#   CHROMA_PORT             default 8765
#   CHROMA_DATA             default $CHROMA_RUN_DIR/chroma-data
#   CHROMA_MODE             auto (default) | glibc | legacy
#   CHROMA_NPM_VERSION      default 3.5.0
#   CHROMA_LEGACY_BINDINGS  default 1.0.5
#   CHROMA_START_TIMEOUT_S  default 60
#   DEBIAN_MIRROR           default: the machine's own Debian mirror, from its apt sources
#
# Idempotent: "start" with a live server on the same run folder prints its URL and exits 0; installs
# are remembered by a marker file and shared (under a lock) by every run folder using one CHROMA_HOME.
# The server runs detached (setsid) so a Ctrl-C in the caller's terminal does not reach it; it is
# stopped with SIGINT because the Rust server spins on SIGTERM instead of exiting.
set -euo pipefail

CHROMA_HOME="${CHROMA_HOME:-${TMPDIR:-/tmp}/vectorguard-chroma}"
CHROMA_RUN_DIR="${CHROMA_RUN_DIR:-$CHROMA_HOME}"
CHROMA_PORT="${CHROMA_PORT:-8765}"
CHROMA_DATA="${CHROMA_DATA:-$CHROMA_RUN_DIR/chroma-data}"
CHROMA_MODE="${CHROMA_MODE:-auto}"
CHROMA_NPM_VERSION="${CHROMA_NPM_VERSION:-3.5.0}"
CHROMA_LEGACY_BINDINGS="${CHROMA_LEGACY_BINDINGS:-1.0.5}"
CHROMA_START_TIMEOUT_S="${CHROMA_START_TIMEOUT_S:-60}"

PIDFILE="$CHROMA_RUN_DIR/chroma.pid"
LOGFILE="$CHROMA_RUN_DIR/chroma.log"
CONFIG="$CHROMA_RUN_DIR/chroma-config.yaml"
MODEFILE="$CHROMA_RUN_DIR/chroma.mode"
URL="http://127.0.0.1:$CHROMA_PORT"
GLIBC_LIB="$CHROMA_HOME/glibc/usr/lib/x86_64-linux-gnu"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log() { echo "chroma-server: $*" >&2; }
die() { log "error: $*"; exit 1; }

heartbeat() { curl -fsS --max-time 1 "$URL/api/v2/heartbeat" >/dev/null 2>&1; }

server_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$CHROMA_PORT") 2>/dev/null
}

# --- installation ---------------------------------------------------------------------------------

npm_install() { # $1 folder, $2 package.json content
  local dir="$1" manifest="$2" marker="$1/.vectorguard-installed"
  if [[ -f "$marker" && "$(cat "$marker")" == "$manifest" && -f "$dir/node_modules/chromadb/dist/cli.mjs" ]]; then
    return 0
  fi
  log "installing chromadb $CHROMA_NPM_VERSION into $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s\n' "$manifest" >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2) || return 1
  printf '%s' "$manifest" >"$marker"
}

addon_loads() { # $1 npm folder, $2.. launcher prefix
  local dir="$1"; shift
  (cd "$dir" && "$@" "$(command -v node)" -e "require('chromadb-js-bindings-linux-x64-gnu')" >/dev/null 2>&1)
}

debian_mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}' "$f" | grep -v security | head -n1 || true)"
    [[ -n "$uri" ]] && { echo "$uri"; return; }
  done
  if [[ -f /etc/apt/sources.list ]]; then
    uri="$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}' /etc/apt/sources.list \
      | grep -v security | head -n1 || true)"
    [[ -n "$uri" ]] && { echo "$uri"; return; }
  fi
  return 1
}

install_glibc() {
  [[ -x "$GLIBC_LIB/ld-linux-x86-64.so.2" ]] && return 0
  local mirror apt="$CHROMA_HOME/apt" tmp
  mirror="$(debian_mirror)" || { log "no Debian mirror found in the apt sources; set DEBIAN_MIRROR"; return 1; }
  log "fetching a private trixie glibc (libc6, libgcc-s1, libstdc++6) into $CHROMA_HOME/glibc"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
  echo "deb [signed-by=$KEYRING] $mirror trixie main" >"$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root" -q)
  apt-get "${opts[@]}" update >&2 || return 1
  compgen -G "$apt/lists/*trixie*Packages*" >/dev/null || { log "no trixie package list arrived"; return 1; }
  rm -f "$apt/debs/"*.deb
  (cd "$apt/debs" && apt-get "${opts[@]}" -t trixie download libc6 libgcc-s1 libstdc++6 >&2) || return 1
  tmp="$(mktemp -d "$CHROMA_HOME/glibc.tmp.XXXXXX")"
  local deb
  for deb in "$apt/debs/"*.deb; do dpkg -x "$deb" "$tmp" || { rm -rf "$tmp"; return 1; }; done
  [[ -x "$tmp/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]] || { rm -rf "$tmp"; log "the loader is missing"; return 1; }
  rm -rf "$CHROMA_HOME/glibc"
  mv "$tmp" "$CHROMA_HOME/glibc"
}

# Prints the mode that works: plain | glibc | legacy.
install() {
  local main="{\"dependencies\":{\"chromadb\":\"$CHROMA_NPM_VERSION\"}}"
  local legacy="{\"dependencies\":{\"chromadb\":\"$CHROMA_NPM_VERSION\"},\"overrides\":{\"chromadb-js-bindings-linux-x64-gnu\":\"$CHROMA_LEGACY_BINDINGS\"}}"
  if [[ "$CHROMA_MODE" != legacy ]]; then
    if npm_install "$CHROMA_HOME/npm" "$main"; then
      if addon_loads "$CHROMA_HOME/npm"; then echo plain; return 0; fi
      if install_glibc && addon_loads "$CHROMA_HOME/npm" "$GLIBC_LIB/ld-linux-x86-64.so.2" --library-path "$GLIBC_LIB"; then
        echo glibc; return 0
      fi
      log "the add-on does not load with a private glibc"
    else
      log "npm install of chromadb $CHROMA_NPM_VERSION failed"
    fi
    [[ "$CHROMA_MODE" == auto ]] || return 1
    log "falling back to the legacy bindings $CHROMA_LEGACY_BINDINGS"
  fi
  npm_install "$CHROMA_HOME/npm-legacy" "$legacy" || { log "npm install of the legacy bindings failed"; return 1; }
  addon_loads "$CHROMA_HOME/npm-legacy" || { log "the legacy add-on does not load"; return 1; }
  echo legacy
}

# --- start / stop ---------------------------------------------------------------------------------

start() {
  mkdir -p "$CHROMA_HOME" "$CHROMA_RUN_DIR"
  if server_pid >/dev/null && heartbeat; then
    echo "CHROMA_URL=$URL"
    return 0
  fi
  [[ -f "$PIDFILE" ]] && { server_pid >/dev/null || rm -f "$PIDFILE"; }
  server_pid >/dev/null && die "process $(cat "$PIDFILE") from $PIDFILE is alive but $URL does not answer; run stop first"
  port_in_use && die "port $CHROMA_PORT is already in use by another process; set CHROMA_PORT"

  local mode
  mode="$(
    exec 9>"$CHROMA_HOME/.install.lock"
    flock 9
    install
  )" || die "Chroma could not be installed (see the messages above)"

  mkdir -p "$CHROMA_DATA"
  cat >"$CONFIG" <<EOF
port: $CHROMA_PORT
listen_address: "127.0.0.1"
persist_path: "$CHROMA_DATA"
allow_reset: true
EOF
  local dir launcher=()
  case "$mode" in
    plain) dir="$CHROMA_HOME/npm" ;;
    glibc) dir="$CHROMA_HOME/npm"; launcher=("$GLIBC_LIB/ld-linux-x86-64.so.2" --library-path "$GLIBC_LIB") ;;
    legacy) dir="$CHROMA_HOME/npm-legacy" ;;
  esac
  echo "$mode" >"$MODEFILE"
  local began=$SECONDS
  # The whole subshell is redirected and replaced by setsid, so nothing keeps the caller's
  # stdout open (a caller reading our output through a pipe would otherwise never see EOF).
  (
    cd "$dir" || exit 1
    exec setsid bash -c 'echo $$ > "$0"; exec "$@"' "$PIDFILE" \
      "${launcher[@]}" "$(command -v node)" node_modules/chromadb/dist/cli.mjs run "$CONFIG"
  ) </dev/null >"$LOGFILE" 2>&1 &

  local deadline=$((SECONDS + CHROMA_START_TIMEOUT_S)) pid=""
  while ((SECONDS < deadline)); do
    pid="$(cat "$PIDFILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
      if ! kill -0 "$pid" 2>/dev/null; then
        tail -n 30 "$LOGFILE" >&2 || true
        rm -f "$PIDFILE"
        die "the server exited during start ($mode mode); log: $LOGFILE"
      fi
      if heartbeat; then
        log "Chroma $(curl -fsS --max-time 2 "$URL/api/v2/version" || echo '?') up in $((SECONDS - began)) s ($mode mode, pid $pid, data $CHROMA_DATA)"
        echo "CHROMA_URL=$URL"
        return 0
      fi
    fi
    sleep 0.05
  done
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
  tail -n 30 "$LOGFILE" >&2 || true
  die "no heartbeat from $URL within $CHROMA_START_TIMEOUT_S s; killed it; log: $LOGFILE"
}

stop() {
  local pid i
  if pid="$(server_pid)"; then
    kill -INT "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "no exit 10 s after SIGINT; sending SIGKILL to $pid"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && die "process $pid survived SIGKILL"
    fi
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$PIDFILE"
  if [[ "${CHROMA_WIPE:-0}" == 1 ]]; then
    rm -rf "$CHROMA_DATA"
    log "deleted $CHROMA_DATA"
  fi
}

status() {
  if server_pid >/dev/null && heartbeat; then
    echo "CHROMA_URL=$URL"
    return 0
  fi
  log "not running at $URL"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
