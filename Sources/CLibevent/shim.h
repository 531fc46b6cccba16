#ifndef SWARMCAST_CLIBEVENT_SHIM_H
#define SWARMCAST_CLIBEVENT_SHIM_H
// The parts of libevent 2.1 that SwarmcastLoop wraps: the event base, raw events (sockets, timers,
// signals) and evhttp for the metrics endpoint. Nothing else in Swarmcast imports this module.
#include <event2/event.h>
#include <event2/http.h>
#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>
// prctl(PR_SET_PDEATHSIG): agents die with their coordinator.
#include <sys/prctl.h>
static inline int swarmcast_set_parent_death_signal(int sig) { return prctl(PR_SET_PDEATHSIG, (unsigned long)sig); }
#endif
