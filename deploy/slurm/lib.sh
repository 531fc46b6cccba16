# deploy/slurm/lib.sh: what run-local.sh and run-cluster.sh share. Source it after setting
# `work` (the run's private directory) and `say` (how to print a message).
#
# slurm_install: Debian's slurm-wlm and munge when missing. slurm_munged: one munged with its own
# key and socket in $work (a path socket, so every network namespace reaches it). slurm_conf_head:
# the cluster-wide part of a slurm.conf. slurm_stop_pid: stops one process id, bounded.
# slurm_wait_job JOB SECONDS: waits for a job to end, prints its state and exit code.

slurm_install() {
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null \
      || { say "apt-get install slurm-wlm munge failed"; return 3; }
  fi
}

# slurm_stop_pid PID NAME: SIGTERM, up to 5 s, then SIGKILL; only that process id.
slurm_stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  say "$2 ($pid) did not stop in 5 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null
  return 0
}

# slurm_munged: sets munged_pid; the key, socket, pid, seed and log all live in $work.
slurm_munged() {
  local key="$work/munge.key" i
  dd if=/dev/urandom of="$key" bs=1024 count=1 status=none && chmod 600 "$key"
  munged -F --force --socket="$work/munge.socket" --key-file="$key" --pid-file="$work/munged.pid" \
    --log-file="$work/munged.log" --seed-file="$work/munged.seed" >"$work/munged.out" 2>&1 &
  munged_pid=$!
  for i in $(seq 1 50); do [ -S "$work/munge.socket" ] && return 0; sleep 0.1; done
  say "munged did not start: $(cat "$work/munged.out" "$work/munged.log" 2>/dev/null | tail -n 3)"
  return 3
}

# slurm_conf_head CTLD_NAME CTLD_ADDR CTLD_PORT SLURMD_PORT: everything but the nodes and the
# partition. Per-node files use %n (the node's name), so several slurmd share one configuration.
slurm_conf_head() {
  cat <<EOF
ClusterName=swarmcast
SlurmctldHost=$1($2)
SlurmctldPort=$3
SlurmdPort=$4
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool-%n
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd-%n.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
KillWait=10
MinJobAge=600
EOF
}

# slurm_wait_job JOB SECONDS: bounded wait for JOB to end; sets job_state and job_exit.
slurm_wait_job() {
  local job=$1 deadline=$(( $(date +%s) + $2 ))
  job_state=""
  while [ "$(date +%s)" -lt "$deadline" ]; do
    job_state=$(scontrol show job "$job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)
    case "$job_state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED) break ;; esac
    sleep 1
  done
  job_exit=$(scontrol show job "$job" 2>/dev/null | sed -n 's/.*[^a-zA-Z]ExitCode=\([0-9:]*\).*/\1/p' | head -n 1)
}

# slurm_cancel_all: cancels every job of our slurmctld (it knows only ours), bounded.
slurm_cancel_all() {
  local jobs i
  jobs=$(squeue -h -o %i 2>/dev/null)
  [ -n "$jobs" ] || return 0
  scancel $jobs 2>/dev/null
  for i in $(seq 1 50); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.2; done
}
