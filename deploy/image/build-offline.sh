#!/usr/bin/env bash
# deploy/image/build-offline.sh: builds the container image swarmcast:VERSION offline (no
# registry): FROM scratch with this machine's release binary and what it needs at run time
# (see Dockerfile.offline), with a real engine, checks that it runs `serve` and answers /health
# in a container, and prints its size. VERSION is BuildInfo.version (Sources/SwarmcastBuildInfo).
#
#   deploy/image/build-offline.sh [--binary PATH] [--tag NAME:TAG] [--save FILE.tar] [--no-check]
#
# The engine: the Docker daemon DOCKER_HOST (or /var/run/docker.sock) names when one answers;
# otherwise a private one (deploy/image/engine.sh, Debian's docker.io, installed when missing)
# whose state stays in ${SWARMCAST_ENGINE_DIR:-/var/lib/swarmcast-engine} so the image outlives
# the script: the script stops that daemon again before it exits. Use the image there with
# DOCKER_HOST=unix://$SWARMCAST_ENGINE_DIR/docker.sock after `deploy/image/engine.sh start
# $SWARMCAST_ENGINE_DIR`, or take it elsewhere with --save (docker load -i FILE.tar).
# Exit 0 built (and checked), 1 build or check failed, 2 bad arguments, 3 no engine.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { echo "build-offline: $*" >&2; }
binary="" tag="" save="" check=1
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --save) save=$2; shift 2 ;;
    --no-check) check=""; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) say "unknown argument '$1'"; exit 2 ;;
  esac
done
version=$(sed -n 's/^ *public static let version = "\(.*\)"$/\1/p' "$root/Sources/SwarmcastBuildInfo/BuildInfo.swift")
[ -n "$version" ] || { say "no BuildInfo.version in Sources/SwarmcastBuildInfo/BuildInfo.swift"; exit 2; }
tag=${tag:-swarmcast:$version}
if [ -z "$binary" ]; then
  (cd "$root" && swift build -c release --product swarmcast) >&2 || { say "swift build -c release failed"; exit 1; }
  binary="$root/.build/release/swarmcast"
fi
[ -x "$binary" ] || { say "no binary at $binary"; exit 2; }
command -v busybox >/dev/null || [ -x /bin/busybox ] || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static; } >/dev/null 2>&1 \
    || { say "cannot install busybox-static"; exit 1; }
}
busybox_bin=$(command -v busybox || echo /bin/busybox)
file -L "$busybox_bin" 2>/dev/null | grep -q "statically linked" || ldd "$busybox_bin" 2>&1 | grep -q "not a dynamic" \
  || say "warning: $busybox_bin is not static (install busybox-static); its libraries are copied too"

ctx=$(mktemp -d /tmp/swarmcast-image.XXXXXX)
started_engine="" engine_dir=${SWARMCAST_ENGINE_DIR:-/var/lib/swarmcast-engine} check_name="swarmcast-image-check-$$"
D() { "$docker" "$@"; }
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "${docker:-}" ] && D rm -f "$check_name" >/dev/null 2>&1
  rm -rf "$ctx"
  [ -n "$started_engine" ] && "$here/engine.sh" stop "$engine_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The root file system: each library at the path ldd resolved (the binary's RUNPATH names
# /opt/swift/usr/lib/swift/linux), symlinks followed (the file itself is copied).
rootfs="$ctx/rootfs"
mkdir -p "$rootfs"/{usr/local/bin,bin,usr/bin,etc,tmp,proc,dev,sys,usr/share/swarmcast} "$ctx/results"
chmod 1777 "$rootfs/tmp"
install -m 0755 "$binary" "$rootfs/usr/local/bin/swarmcast"
strip --strip-unneeded "$rootfs/usr/local/bin/swarmcast" 2>/dev/null || true
install -m 0755 /usr/bin/getent "$rootfs/usr/bin/getent"
install -m 0755 "$busybox_bin" "$rootfs/bin/busybox"
copy_libs() {   # copy_libs ELF: every library ldd resolves for it, and its loader
  ldd "$1" 2>/dev/null | awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]+ \(/ {print $1}' | while read -r lib; do
    [ -e "$rootfs$lib" ] && continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}
copy_libs "$binary"
copy_libs /usr/bin/getent
ldd "$binary" | grep -q "not found" && { say "ldd: a library is missing: $(ldd "$binary" | grep 'not found')"; exit 1; }
# /lib64/ld-linux-x86-64.so.2 is the interpreter the binary names: it must exist at that path.
interp=$(readelf -l "$binary" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[ -e "$rootfs$interp" ] || { mkdir -p "$rootfs$(dirname "$interp")"; cp -L "$interp" "$rootfs$interp"; }
for applet in $("$busybox_bin" --list); do
  [ "$applet" = busybox ] || [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
cp -r "$root/Configs" "$rootfs/usr/share/swarmcast/Configs"
printf 'swarmcast %s\nbuilt %s from %s\n' "$version" "$(date -u +%FT%TZ)" "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  >"$rootfs/usr/share/swarmcast/BUILD"
cp "$here/Dockerfile.offline" "$ctx/Dockerfile"
say "root file system: $(du -sh "$rootfs" | cut -f1) in $(find "$rootfs" -type f | wc -l) files"

# The engine.
docker=/usr/bin/docker; [ -x "$docker" ] || docker=$(command -v docker || true)
if [ -n "$docker" ] && "$docker" version >/dev/null 2>&1; then
  say "engine: ${DOCKER_HOST:-/var/run/docker.sock}"
else
  line=$("$here/engine.sh" start "$engine_dir") || { say "no container engine could start (see above)"; exit 3; }
  started_engine=1
  export "${line?}"
  docker=/usr/bin/docker
  say "engine: private dockerd, $DOCKER_HOST"
fi

start=$(date +%s.%N)
DOCKER_BUILDKIT=0 D build -q -t "$tag" "$ctx" >/dev/null || { say "docker build failed"; exit 1; }
say "built $tag in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s"

if [ -n "$check" ]; then
  # serve in a container (--network none: its own loopback only), /health through busybox nc
  # (busybox-static's wget crashes in a scratch image: static glibc's resolver).
  D run -d --name "$check_name" --network none "$tag" swarmcast serve --listen 127.0.0.1:7400 --metrics 127.0.0.1:9400 >/dev/null \
    || { say "docker run failed"; exit 1; }
  health=""
  for _ in $(seq 1 40); do
    health=$(D exec "$check_name" sh -c 'printf "GET /health HTTP/1.0\r\n\r\n" | nc -w 2 127.0.0.1 9400' 2>/dev/null | tail -1)
    [ "$health" = ok ] && break
    health=""
    sleep 0.25
  done
  if [ -z "$health" ]; then say "serve in the image did not answer /health:"; D logs "$check_name" 2>&1 | tail -5 >&2; exit 1; fi
  say "serve in the image answers /health: $health"
  D rm -f "$check_name" >/dev/null
fi
if [ -n "$save" ]; then
  D save -o "$save" "$tag" || { say "docker save failed"; exit 1; }
  say "saved $save ($(du -h "$save" | cut -f1)): docker load -i $save"
fi
size=$(D image inspect -f '{{.Size}}' "$tag")
echo "$tag $(awk -v b="$size" 'BEGIN {printf "%.1f MB", b / 1e6}') ($size bytes)"
