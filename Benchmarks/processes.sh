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

# nginx_conf WORK PORT [WORKERS] [EXTRA]: an nginx.conf for serving WORK/www on 127.0.0.1:PORT
# with keep-alive for load (daemon off, its own pid and error log under WORK, no access log);
# EXTRA lines go into the http block. Prints it; the caller writes it where it wants.
nginx_conf() {
  local work=$1 port=$2 workers=${3:-1} extra=${4:-}
  cat <<CONF
daemon off;
worker_processes $workers;
worker_rlimit_nofile 20000;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 19000; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000000;
  keepalive_timeout 120s;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
$extra
  server {
    listen 127.0.0.1:$port backlog=16384;
    root $work/www;
    location ~ \.m3u8\$ { add_header Cache-Control "max-age=1"; }
  }
}
CONF
}
