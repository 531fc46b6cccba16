# deploy/netns/lib.sh: "hosts" on one machine as network namespaces on a bridge, for
# Benchmarks/netns-shards.sh and the end-to-end tests. Source it; needs root and iproute2.
#
# Everything is named with NETNS_PREFIX (default swc): namespaces PREFIX-NAME, host-side veths
# PREFIX-NAME-h (moved peer renamed eth0 inside), the bridge PREFIX-br. netns_destroy_all removes
# every one of them and the processes inside, so a crashed run's leftovers go on the next start.
# Addresses are from 198.18.0.0/15 only (NETNS_NET, default 198.18: a /16 inside it). The bridge
# has no address: the namespaces talk to each other, the host's own routes are left alone.

NETNS_PREFIX=${NETNS_PREFIX:-swc}
NETNS_NET=${NETNS_NET:-198.18}

netns_log() { echo "netns: $*" >&2; }

netns_check_net() {
  case "$NETNS_NET" in
    198.18|198.19) ;;
    *) netns_log "NETNS_NET must be 198.18 or 198.19 (198.18.0.0/15), got '$NETNS_NET'"; return 2 ;;
  esac
}

netns_bridge() { echo "${NETNS_PREFIX}-br"; }

# netns_create_bridge: the bridge every namespace's veth joins.
netns_create_bridge() {
  netns_check_net || return
  local br; br=$(netns_bridge)
  ip link add "$br" type bridge || return
  ip link set "$br" up
}

# netns_add NAME ADDRESS: namespace PREFIX-NAME with eth0 at ADDRESS/16 on the bridge, lo up,
# and the sysctls a load generator or server needs, set inside the namespace.
netns_add() {
  local name=$1 addr=$2
  local ns="${NETNS_PREFIX}-${name}" host="${NETNS_PREFIX}-${name}-h" peer="${NETNS_PREFIX}-${name}-n"
  if [ ${#host} -gt 15 ]; then netns_log "interface name '$host' is longer than 15 characters"; return 2; fi
  case "$addr" in "$NETNS_NET".*) ;; *) netns_log "address $addr is outside $NETNS_NET.0.0/16"; return 2 ;; esac
  ip netns add "$ns" || return
  ip link add "$host" type veth peer name "$peer" || return
  ip link set "$peer" netns "$ns" || return
  ip -n "$ns" link set "$peer" name eth0 || return
  ip -n "$ns" addr add "$addr/16" dev eth0 || return
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip link set "$host" master "$(netns_bridge)" || return
  ip link set "$host" up
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="1024 65000" net.core.somaxconn=4096 || return
}

# netns_link NAME up|down: the namespace's link to the bridge (to cut a "host" off).
netns_link() { ip link set "${NETNS_PREFIX}-$1-h" "$2"; }

# netns_exec NAME CMD...: runs CMD inside PREFIX-NAME.
netns_exec() { local name=$1; shift; ip netns exec "${NETNS_PREFIX}-${name}" "$@"; }

# netns_kill NAME [SIGNAL]: signals every process inside PREFIX-NAME.
netns_kill() {
  local pids
  pids=$(ip netns pids "${NETNS_PREFIX}-$1" 2>/dev/null) || return 0
  [ -n "$pids" ] && kill "-${2:-TERM}" $pids 2>/dev/null
  return 0
}

# netns_destroy_all: every namespace (and the processes in it), veth and bridge of NETNS_PREFIX.
netns_destroy_all() {
  local ns pids link i
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NETNS_PREFIX}-" || true); do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
  done
  for i in 1 2 3 4 5 6 7 8 9 10; do        # up to 2 s for a graceful stop, then SIGKILL
    pids=""
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NETNS_PREFIX}-" || true); do
      pids="$pids $(ip netns pids "$ns" 2>/dev/null || true)"
    done
    [ -z "${pids// /}" ] && break
    [ "$i" -eq 10 ] && kill -KILL $pids 2>/dev/null
    sleep 0.2
  done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NETNS_PREFIX}-" || true); do
    ip netns del "$ns" 2>/dev/null || netns_log "could not delete namespace $ns"
  done
  for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${NETNS_PREFIX}-" || true); do
    ip link del "$link" 2>/dev/null || true
  done
  return 0
}

# netns_leftovers: prints what of NETNS_PREFIX still exists (empty when clean).
netns_leftovers() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NETNS_PREFIX}-" || true
  ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^${NETNS_PREFIX}-" || true
}
