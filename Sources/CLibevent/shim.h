#ifndef SWARMCAST_CLIBEVENT_SHIM_H
#define SWARMCAST_CLIBEVENT_SHIM_H
// The parts of libevent 2.1 that SwarmcastLoop wraps: the event base, raw events (sockets, timers,
// signals) and evhttp for the metrics endpoint. Nothing else in Swarmcast imports this module.
//
// System headers come first, on purpose: event2/event-config.h defines _GNU_SOURCE, and if glibc's
// features.h were first read after that, fd_set and friends would be declared differently here
// than in Swift's Glibc module, and a clean build fails with "'__fds_bits' ... is not present in
// definition of 'fd_set' in module 'CLibevent'".
#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdarg.h>

#include <event2/event.h>
#include <event2/http.h>
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>

// accept4 is a GNU extension that glibc only declares under _GNU_SOURCE, which this module must
// not set before the system headers (see above): declared here, called through a wrapper.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
static inline int swarmcast_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags) {
    return accept4(fd, addr, addrlen, flags);
}

// prctl is variadic, which Swift cannot call: agents and edges die with their parent through this.
static inline int swarmcast_set_parent_death_signal(int sig) { return prctl(PR_SET_PDEATHSIG, (unsigned long)sig); }

// Also GNU extensions (see above). Children must inherit only the descriptors they are given: a
// pipe end held open by a stray child keeps its reader from ever seeing end-of-file.
extern int pipe2(int fds[2], int flags);
static inline int swarmcast_pipe_cloexec(int fds[2]) { return pipe2(fds, 02000000 /* O_CLOEXEC */); }
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
static inline int swarmcast_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

// CPU affinity (`run --server-cores/--swarm-cores`), GNU extensions too: the mask is passed as
// raw bytes (glibc's cpu_set_t: `size` bytes, bit N for core N), which Swift's Glibc does declare.
extern int sched_setaffinity(pid_t pid, size_t size, const void *mask);
extern int sched_getaffinity(pid_t pid, size_t size, void *mask);
static inline int swarmcast_set_affinity(const void *mask, size_t size) { return sched_setaffinity(0, size, mask); }
static inline int swarmcast_get_affinity(void *mask, size_t size) { return sched_getaffinity(0, size, mask); }
#endif
