# Sourced by the benchmark scripts that start servers: stopping what they started, and ports.
#   . Benchmarks/processes.sh

# stop_pid PID: SIGTERM, then SIGKILL after 2 s. A parent that blocks SIGTERM (some test runners
# do) passes the blocked mask on, and a child such as ffmpeg would then never see the TERM.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# free_port: a loopback TCP port nobody listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
